import type Nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';
import { Invalid } from './errors.ts';
import { lazyRequire } from './lazy.ts';
import type { Logger } from './logger.ts';

/**
 * Outgoing mail through the school's SMTP relay (nodemailer, pooled). Modules send through
 * `ctx.mail`; tests pass `captureMailer()` or a real mailer pointed at a loopback SMTP server.
 */

export type MailMessage = {
  to: string | string[];
  cc?: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Sets Message-ID so replies can be threaded. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
  /** Extra headers, e.g. Auto-Submitted: auto-replied on automatic notifications. */
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer | string; contentType?: string }[];
};

/** What a person is told when mail is off: plain words and where to look, never configuration names. */
export const MAIL_NOT_SET_UP =
  'Mail is not set up in Belfry, so nothing was sent. Settings, General, Mail says how to set it up.';

export type Mailer = {
  readonly isConfigured: boolean;
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
};

export function createMailer(config: MailConfig | undefined, log: Logger): Mailer {
  if (!config) {
    return {
      isConfigured: false,
      send: async () => {
        throw new Invalid(MAIL_NOT_SET_UP);
      },
      close: () => {},
    };
  }
  // nodemailer loads when mail is set up, not for every command.
  const transport = lazyRequire<typeof Nodemailer>('nodemailer')().createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    pool: true,
    maxConnections: 3,
  });
  return {
    isConfigured: true,
    send: async (m) => {
      const info = await transport.sendMail({ from: config.from, ...m });
      // Who and what about stay out of the log (a pupil's address, a ticket's subject): the id and how many.
      const recipients = [m.to, m.cc ?? []].flat().length;
      log.info({ messageId: info.messageId, recipients }, 'mail sent');
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/** Keeps messages in memory instead of sending them. */
export function captureMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  let n = 0;
  return {
    isConfigured: true,
    sent,
    send: async (m) => {
      sent.push(m);
      return { messageId: m.messageId ?? `<captured-${++n}@belfry.test>` };
    },
    close: () => {},
  };
}
