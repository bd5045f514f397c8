import { createHash } from 'node:crypto';
import type MsgReaderModule from '@kenjiuno/msgreader';
import { desc, eq, inArray } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import type * as MailParser from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { z } from 'zod';
import type { ImapConfig } from '../../../config.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { phishingCampaigns, phishingMailReports, phishingRecipients } from '../db/tables.ts';
import { recordInteraction } from './track.ts';

/**
 * Reports from staff through the reporting mailbox (research §7.7): a forwarded message carries its
 * token in its links, inline or in an attached .eml or Outlook .msg, and often rewritten by Safe
 * Links (`?url=https%3A%2F%2F...%2Fc%2F<token>`). A match marks that recipient reported; a message
 * with no token is a real report, kept (sender and subject only) for IT to review. Each message
 * is counted once however often it is polled.
 */

const TOKEN_IN_URL = /(?:\/|%2f)(?:c|o|h|r|b)(?:\/|%2f)([A-Za-z0-9_-]{22,64})/gi;
const MAX_DEPTH = 3;

function decodeRepeatedly(s: string): string[] {
  const out = [s];
  let cur = s;
  for (let i = 0; i < 2; i++) {
    try {
      const next = decodeURIComponent(cur);
      if (next === cur) break;
      out.push(next);
      cur = next;
    } catch {
      break;
    }
  }
  return out;
}

export function tokensInText(text: string): string[] {
  const found = new Set<string>();
  for (const variant of decodeRepeatedly(text.replace(/=\r?\n/g, '').replace(/&amp;/g, '&')))
    for (const m of variant.matchAll(TOKEN_IN_URL)) found.add((m[1] as string).replace(/\.gif$/, ''));
  return [...found];
}

// Mail parsing, .msg files and IMAP load when a report first arrives, not when Belfry starts.
const loadMsgReader = lazyRequire<typeof MsgReaderModule>('@kenjiuno/msgreader');
const loadMailParser = lazyRequire<typeof MailParser>('mailparser');
const loadImap = lazyRequire<{ ImapFlow: typeof ImapFlow }>('imapflow');
const simpleParser = (raw: Buffer) => loadMailParser().simpleParser(raw);

function msgText(content: Buffer): string {
  try {
    // The package is CommonJS with its class on `default`.
    const mod = loadMsgReader();
    const MsgReader = ((mod as unknown as { default?: typeof MsgReaderModule }).default ?? mod) as typeof MsgReaderModule;
    const reader = new MsgReader(new Uint8Array(content).buffer);
    const info = reader.getFileData() as { body?: string; bodyHtml?: string; html?: Uint8Array; subject?: string };
    const html = info.bodyHtml ?? (info.html ? Buffer.from(info.html).toString('utf8') : '');
    return `${info.subject ?? ''}\n${info.body ?? ''}\n${html}`;
  } catch {
    return '';
  }
}

/** Every candidate token in a message, its .eml and .msg attachments included. */
export async function tokensInMail(raw: Buffer | ParsedMail, depth = 0): Promise<string[]> {
  const mail = Buffer.isBuffer(raw) ? await simpleParser(raw) : raw;
  const texts = [mail.text ?? '', typeof mail.html === 'string' ? mail.html : '', mail.subject ?? ''];
  const found = new Set(tokensInText(texts.join('\n')));
  if (depth < MAX_DEPTH) {
    for (const a of mail.attachments ?? []) {
      const name = (a.filename ?? '').toLowerCase();
      if (a.contentType === 'message/rfc822' || name.endsWith('.eml')) {
        for (const t of await tokensInMail(a.content, depth + 1)) found.add(t);
      } else if (a.contentType === 'application/vnd.ms-outlook' || name.endsWith('.msg')) {
        for (const t of tokensInText(msgText(a.content))) found.add(t);
      }
    }
  }
  return [...found];
}

export type ReceivedReport = { disposition: 'matched' | 'review' | 'duplicate'; recipientId?: string };

export async function receiveReport(ctx: Ctx, raw: Buffer, meta: { receivedAt?: Date } = {}): Promise<ReceivedReport> {
  const mail = await simpleParser(raw);
  const dedupeKey = mail.messageId ? `mid:${mail.messageId}` : `sha:${createHash('sha256').update(raw).digest('hex')}`;
  const now = ctx.clock.now();
  const at = meta.receivedAt && meta.receivedAt <= now ? meta.receivedAt : now;
  const tokens = await tokensInMail(mail);
  let recipient: { id: string; campaignId: string; token: string } | undefined;
  if (tokens.length) {
    const rows = await ctx.db
      .select({ id: phishingRecipients.id, campaignId: phishingRecipients.campaignId, token: phishingRecipients.token })
      .from(phishingRecipients)
      .where(inArray(phishingRecipients.token, tokens.slice(0, 50)));
    recipient = rows[0];
  }
  const inserted = await ctx.db
    .insert(phishingMailReports)
    .values({
      id: newId(),
      dedupeKey,
      receivedAt: at,
      fromAddress: (mail.from?.value[0]?.address ?? '').slice(0, 200),
      subject: (mail.subject ?? '(no subject)').slice(0, 300),
      recipientId: recipient?.id ?? null,
      campaignId: recipient?.campaignId ?? null,
      matchedBy: recipient ? 'token' : null,
      status: recipient ? 'matched' : 'review',
    })
    .onConflictDoNothing()
    .returning({ id: phishingMailReports.id });
  if (!inserted.length) return { disposition: 'duplicate' };
  if (!recipient) return { disposition: 'review' };
  await recordInteraction(ctx, {
    kind: 'report',
    token: recipient.token,
    method: 'MAIL',
    ip: undefined,
    userAgent: undefined,
    source: 'mailbox',
    at,
  });
  return { disposition: 'matched', recipientId: recipient.id };
}

export type PollResult = { fetched: number; matched: number; review: number; duplicates: number };

export async function pollReportingMailbox(ctx: Ctx, config: ImapConfig): Promise<PollResult> {
  const client = new (loadImap().ImapFlow)({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    logger: false,
    disableAutoIdle: true,
  });
  const result: PollResult = { fetched: 0, matched: 0, review: 0, duplicates: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailbox);
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      const messages: { uid: number; source: Buffer; internalDate?: Date }[] = [];
      if (uids.length)
        for await (const m of client.fetch(uids, { uid: true, source: true, internalDate: true }, { uid: true }))
          if (m.source)
            messages.push({ uid: m.uid, source: m.source, internalDate: m.internalDate ? new Date(m.internalDate) : undefined });
      result.fetched = messages.length;
      for (const m of messages) {
        const r = await receiveReport(ctx, m.source, { receivedAt: m.internalDate });
        if (r.disposition === 'matched') result.matched++;
        else if (r.disposition === 'review') result.review++;
        else result.duplicates++;
        await client.messageFlagsAdd(String(m.uid), ['\\Seen'], { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

export type MailReportView = {
  id: string;
  receivedAt: string;
  fromAddress: string;
  subject: string;
  status: string;
  campaignId: string | null;
  campaignName: string | null;
  reviewNote: string | null;
  reviewedBy: string | null;
};

export async function listMailReports(ctx: Ctx, filter: { status?: string } = {}): Promise<MailReportView[]> {
  requireRole(ctx, ...IT_ROLES);
  const rows = await ctx.db
    .select({ r: phishingMailReports, campaignName: phishingCampaigns.name })
    .from(phishingMailReports)
    .leftJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingMailReports.campaignId))
    .where(filter.status ? eq(phishingMailReports.status, filter.status) : undefined)
    .orderBy(desc(phishingMailReports.receivedAt))
    .limit(200);
  return rows.map(({ r, campaignName }) => ({
    id: r.id,
    receivedAt: r.receivedAt.toISOString(),
    fromAddress: r.fromAddress,
    subject: r.subject,
    status: r.status,
    campaignId: r.campaignId,
    campaignName,
    reviewNote: r.reviewNote,
    reviewedBy: r.reviewedBy,
  }));
}

export const ReviewInput = z.object({
  status: z.enum(['dismissed', 'actioned']),
  note: z.string().trim().min(1, 'say what you found').max(1000),
});

/** A real report looked at: harmless (dismissed) or acted on (blocked, incident raised...). */
export async function reviewMailReport(ctx: Ctx, id: string, raw: unknown): Promise<void> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const input = parseInput(ReviewInput, raw);
  const rows = await ctx.db
    .update(phishingMailReports)
    .set({ status: input.status, reviewNote: input.note, reviewedBy: actor.kind === 'user' ? actor.email : actor.name })
    .where(eq(phishingMailReports.id, id))
    .returning();
  if (!rows.length) throw new NotFound('No such report');
  await recordAudit(ctx, {
    action: 'phishing.report_reviewed',
    summary: `A reported email was reviewed (${input.status})`,
    targetType: 'phishing_mail_report',
    targetId: id,
  });
}
