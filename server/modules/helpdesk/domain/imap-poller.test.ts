import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImapConfig } from '../../../config.ts';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type FakeImap, startFakeImap } from '../../../lib/test-imap.ts';
import { pollMailbox } from './imap-poller.ts';

const mail = (id: string, subject: string) =>
  `From: Marcus Bennett <m.bennett@oakfield.example>\nTo: itservices@oakfield.example\nSubject: ${subject}\nMessage-ID: <${id}@client.example>\nDate: Mon, 16 Nov 2026 08:50:00 +0000\n\nPlease help with ${subject.toLowerCase()}.\n`;

describeEachDatabase('help desk mailbox polling over IMAP on loopback', (t) => {
  let imap: FakeImap;
  let config: ImapConfig;
  beforeAll(async () => {
    imap = await startFakeImap({ user: 'itservices@oakfield.example', password: 's3cret-pass' });
    config = {
      host: '127.0.0.1',
      port: imap.port,
      secure: false,
      user: 'itservices@oakfield.example',
      password: 's3cret-pass',
      mailbox: 'INBOX',
    };
  });
  afterAll(async () => imap.close());

  it('fetches unread mail into tickets and marks it read; a message fetched twice is stored once (AT-6)', async () => {
    imap.add(mail('imap-1', 'Interactive whiteboard'));
    imap.add(mail('imap-2', 'Visitor Wi-Fi code'));
    expect(await pollMailbox(t.ctx(), config)).toEqual({ fetched: 2, stored: 2, duplicates: 0 });
    expect(imap.messages.map((m) => m.seen)).toEqual([true, true]);
    // Another client marked one unread again: an overlapping run fetches it a second time.
    (imap.messages[0] as { seen: boolean }).seen = false;
    imap.add(mail('imap-3', 'Sixth form printer'));
    expect(await pollMailbox(t.ctx(), config)).toEqual({ fetched: 2, stored: 1, duplicates: 1 });
    const subjects = await queryRows<{ subject: string }>(
      t.database().db,
      sql`SELECT subject FROM helpdesk_tickets ORDER BY number`,
    );
    expect(subjects.map((s) => s.subject)).toEqual(['Interactive whiteboard', 'Visitor Wi-Fi code', 'Sixth form printer']);
    expect(imap.log).toContain('LOGIN ***');
  });

  it('a refused password raises one alert for Today instead of failing quietly', async () => {
    await expect(pollMailbox(t.ctx(), { ...config, password: 'wrong' })).rejects.toThrow();
    await expect(pollMailbox(t.ctx(), { ...config, password: 'wrong' })).rejects.toThrow();
    const alerts = await queryRows<{ kind: string; message: string }>(
      t.database().db,
      sql`SELECT kind, message FROM helpdesk_alerts WHERE cleared_at IS NULL`,
    );
    expect(alerts).toEqual([{ kind: 'mailbox', message: expect.stringContaining('the user name or password was refused') }]);
    expect(alerts[0]?.message).not.toContain('wrong');
    // Reading works again: the alert clears.
    await pollMailbox(t.ctx(), config);
    expect(await queryRows(t.database().db, sql`SELECT 1 FROM helpdesk_alerts WHERE cleared_at IS NULL`)).toEqual([]);
  });
});
