import net from 'node:net';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.ts';
import { queryRows } from '../../db/rows.ts';
import { fixedClock } from '../../lib/clock.ts';
import { type Ctx, systemActor } from '../../lib/context.ts';
import { silentLogger } from '../../lib/logger.ts';
import { captureMailer } from '../../lib/mailer.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../lib/test-db.ts';
import { sendSmtp } from './domain/test-mail.ts';
import { helpdeskModule } from './index.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

it('BELFRY_SMTP_PORT turns the listener on (off by default); the IMAP settings go together', () => {
  expect(parseConfig({}, '/srv').inboundSmtp).toBeUndefined();
  expect(parseConfig({ BELFRY_SMTP_PORT: '2525' }, '/srv').inboundSmtp).toEqual({ host: '127.0.0.1', port: 2525 });
  expect(parseConfig({ BELFRY_SMTP_PORT: '2525', BELFRY_SMTP_HOST: '0.0.0.0' }, '/srv').inboundSmtp).toEqual({
    host: '0.0.0.0',
    port: 2525,
  });
  expect(() => parseConfig({ BELFRY_SMTP_PORT: 'twenty-five' }, '/srv')).toThrow(
    new ConfigError('Invalid setting BELFRY_SMTP_PORT: must be a port number (1-65535) (got "twenty-five")'),
  );
  expect(() => parseConfig({ BELFRY_IMAP_HOST: 'outlook.office365.com' }, '/srv')).toThrow(/BELFRY_IMAP_USER: required/);
  const imap = parseConfig(
    { BELFRY_IMAP_HOST: 'imap.example', BELFRY_IMAP_USER: 'desk', BELFRY_IMAP_PASSWORD: 'secret-value' },
    '/srv',
  ).imap;
  expect(imap).toEqual({
    host: 'imap.example',
    port: 993,
    secure: true,
    user: 'desk',
    password: 'secret-value',
    mailbox: 'INBOX',
  });
});

describeEachDatabase('the help desk as the server runs it', (t) => {
  it('starts its SMTP listener with the server when a port is configured, and stops it', async () => {
    const port = await freePort();
    const config = { ...TEST_CONFIG, inboundSmtp: { host: '127.0.0.1', port } };
    const makeCtx = (): Ctx => ({
      db: t.database().db,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      config,
      log: silentLogger,
      mail: captureMailer(),
      actor: systemActor('server'),
    });
    const service = helpdeskModule.services?.[0];
    expect(await service?.start(() => ({ ...makeCtx(), config: TEST_CONFIG }))).toBeUndefined();
    const stop = await service?.start(makeCtx);
    await sendSmtp(port, { from: 'd.cooper@oakfield.example', subject: 'Through the real port', text: 'Hello' });
    const rows = await queryRows<{ subject: string }>(t.database().db, sql`SELECT subject FROM helpdesk_tickets`);
    expect(rows).toEqual([{ subject: 'Through the real port' }]);
    await stop?.();
    await expect(sendSmtp(port, { from: 'd.cooper@oakfield.example', subject: 'After stopping', text: 'x' })).rejects.toThrow();
  });
});
