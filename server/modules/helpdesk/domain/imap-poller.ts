import type { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../../config.ts';
import type { Ctx } from '../../../lib/context.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { clearAlertsOfKind } from '../db/mail-queries.ts';
import { receiveMail } from './mail-intake.ts';
import { raiseAlert } from './outbound-mail.ts';

/**
 * Polls the help desk mailbox over IMAP (imapflow) for schools whose mail cannot be forwarded to
 * the SMTP listener. Unread messages are fetched, stored through the same intake (so a message
 * fetched twice by overlapping runs is stored once, AT-6) and only then marked read. A mailbox
 * that cannot be read raises an alert on Today instead of failing quietly (research §5.3).
 */

const loadImap = lazyRequire<{ ImapFlow: typeof ImapFlow }>('imapflow');

export type PollResult = { fetched: number; stored: number; duplicates: number };

export async function pollMailbox(ctx: Ctx, config: ImapConfig): Promise<PollResult> {
  const client = new (loadImap().ImapFlow)({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    logger: false,
    disableAutoIdle: true,
  });
  const result: PollResult = { fetched: 0, stored: 0, duplicates: 0 };
  try {
    await client.connect();
  } catch (err) {
    const reason = (err as { authenticationFailed?: boolean }).authenticationFailed
      ? 'the user name or password was refused'
      : (err as Error).message;
    await raiseAlert(ctx, {
      key: `mailbox:${localDate(ctx.clock.now(), ctx.config.timeZone)}`,
      kind: 'mailbox',
      message: `The help desk mailbox ${config.user}@${config.host} could not be read: ${reason}`,
    });
    throw err;
  }
  try {
    const lock = await client.getMailboxLock(config.mailbox);
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      const messages: { uid: number; source: Buffer }[] = [];
      if (uids.length) {
        for await (const m of client.fetch(uids, { uid: true, source: true }, { uid: true })) {
          if (m.source) messages.push({ uid: m.uid, source: m.source });
        }
      }
      result.fetched = messages.length;
      for (const m of messages) {
        const r = await receiveMail(ctx, m.source, {}, 'imap');
        if (r.disposition === 'duplicate') result.duplicates++;
        else result.stored++;
        await client.messageFlagsAdd(String(m.uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
    await clearAlertsOfKind(ctx.db, 'mailbox', ctx.clock.now());
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}
