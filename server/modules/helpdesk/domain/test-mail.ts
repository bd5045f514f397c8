import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../../config.ts';
import { type Clock, fixedClock } from '../../../lib/clock.ts';
import { type Ctx, systemActor } from '../../../lib/context.ts';
import { type Logger, silentLogger } from '../../../lib/logger.ts';
import { createMailer } from '../../../lib/mailer.ts';
import type { TestDb } from '../../../lib/test-db.ts';
import { TEST_CONFIG } from '../../../lib/test-db.ts';
import { setSetting } from '../../settings/index.ts';
import { addressesSetting, HELPDESK_SETTINGS } from './helpdesk-settings.ts';
import { startSmtpListener } from './smtp-listener.ts';

/**
 * Mail tests on loopback (research §9 conventions): a "world" SMTP server that receives what the
 * help desk sends, Belfry's own SMTP listener receiving what people send, and nodemailer between.
 */

export const DESK = 'itservices@oakfield.example';

export type Received = { from: string; to: string[]; raw: string; mail: ParsedMail };

export type World = {
  port: number;
  received: Received[];
  onMail: (fn: (m: Received) => void | Promise<void>) => void;
  close: () => Promise<void>;
};

/** Every other mail server in the world, as far as the help desk can tell. */
export async function startWorld(): Promise<World> {
  const received: Received[] = [];
  let hook: (m: Received) => void | Promise<void> = () => {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const m: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          mail: await simpleParser(raw),
        };
        received.push(m);
        callback();
        await hook(m);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    onMail: (fn) => {
      hook = fn;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type SendOptions = {
  from: string;
  to?: string | string[];
  cc?: string | string[];
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string | Buffer; contentType: string }[];
  /** The SMTP envelope sender; '' sends the null sender `<>`. */
  envelopeFrom?: string;
  raw?: string;
};

/** Sends one mail over SMTP on loopback. */
export async function sendSmtp(port: number, o: SendOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const to = o.to ?? DESK;
  await transport.sendMail({
    from: o.from,
    to,
    cc: o.cc,
    subject: o.subject,
    text: o.text,
    html: o.html,
    messageId: o.messageId,
    inReplyTo: o.inReplyTo,
    references: o.references,
    headers: o.headers,
    attachments: o.attachments,
    raw: o.raw,
    envelope: o.envelopeFrom !== undefined ? { from: o.envelopeFrom || '', to: [to, o.cc ?? []].flat() } : undefined,
  });
  transport.close();
}

export type MailRig = {
  world: World;
  port: number;
  clock: Clock & { set(t: Date | string): void; advance(ms: number): void };
  ctx: () => Ctx;
  send: (o: SendOptions) => Promise<void>;
  close: () => Promise<void>;
};

/** The help desk listening on loopback, mailing out to the world, with a clock the test moves. */
export async function startMailRig(t: TestDb, start = '2026-11-16T09:00:00Z', log: Logger = silentLogger): Promise<MailRig> {
  const world = await startWorld();
  const config: Config = {
    ...TEST_CONFIG,
    mail: { host: '127.0.0.1', port: world.port, secure: false, from: `IT Services <${DESK}>` },
  };
  const mail = createMailer(config.mail, silentLogger);
  const clock = fixedClock(start);
  const ctx = (): Ctx => ({ db: t.database().db, clock, config, log, mail, actor: systemActor('mail test') });
  await setSetting(ctx(), HELPDESK_SETTINGS, addressesSetting.key, { value: [DESK] });
  const listener = await startSmtpListener({ host: '127.0.0.1', port: 0, ctx });
  return {
    world,
    port: listener.port,
    clock,
    ctx,
    send: (o) => sendSmtp(listener.port, o),
    close: async () => {
      await listener.close();
      mail.close();
      await world.close();
    },
  };
}

/** Waits until `check` passes (mail is delivered asynchronously). */
export async function eventually<T>(check: () => Promise<T> | T, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
