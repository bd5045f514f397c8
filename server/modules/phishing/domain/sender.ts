import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type Nodemailer from 'nodemailer';
import type { Ctx } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { seededRng } from '../../../lib/random.ts';
import { localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingProfiles, phishingRecipients } from '../db/tables.ts';
import { inSlot, loadGuardCalendars, nextSlotStart, type SendSlot, sendSlots } from './calendar-guard.ts';
import { countRecipients, findCampaignRow } from './campaigns.ts';
import { findLureRows } from './lures.ts';
import { buildMessage, type MessageLure } from './message.ts';
import { profilePassword } from './profiles.ts';

/**
 * Drains a campaign's outbox (research §7.8): one sender per campaign at a time (a lease on the
 * campaign row), recipients claimed from the durable outbox in their random order, a pooled SMTP
 * connection closed when the run ends, a token bucket of one message (so no minute ever holds more
 * than the limit) with jitter, retries with doubling back-off on 4xx and connection failures, and
 * one attempt on a 5xx. Each acceptance is written before the next claim, so a restart resumes
 * with nothing lost; a message cut off in flight is re-sent with the same Message-ID.
 */

export type SendProgress = {
  total: number;
  accepted: number;
  failed: number;
  excluded: number;
  cancelled: number;
  pending: number;
  state: string;
  /** Another sender holds the campaign. */
  busy?: boolean;
};

export type SenderOptions = {
  sleep?: (ms: number) => Promise<void>;
  /** Wait for the window and for retries (the CLI); else return when nothing is due now (the server loop). */
  waitForWindow?: boolean;
  onProgress?: (p: SendProgress) => void;
  shouldStop?: () => boolean;
  senderId?: string;
};

const LEASE_MS = 2 * 60_000;
const PENDING = ['queued', 'sending', 'retrying'];
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Claimed = typeof phishingRecipients.$inferSelect;

async function progressOf(ctx: Ctx, campaignId: string, state: string): Promise<SendProgress> {
  const c = (await countRecipients(ctx, [campaignId])).get(campaignId);
  const n = (k: keyof NonNullable<typeof c>) => c?.[k] ?? 0;
  return {
    total: n('total'),
    accepted: n('accepted'),
    failed: n('failed'),
    excluded: n('excluded'),
    cancelled: n('cancelled'),
    pending: n('queued') + n('sending') + n('retrying'),
    state,
  };
}

async function takeLease(ctx: Ctx, campaignId: string, senderId: string): Promise<boolean> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .update(phishingCampaigns)
    .set({ senderId, senderLeaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(
      and(
        eq(phishingCampaigns.id, campaignId),
        or(
          isNull(phishingCampaigns.senderLeaseUntil),
          lt(phishingCampaigns.senderLeaseUntil, now),
          eq(phishingCampaigns.senderId, senderId),
        ),
      ),
    )
    .returning({ id: phishingCampaigns.id });
  return rows.length > 0;
}

async function claim(ctx: Ctx, campaignId: string, limit: number): Promise<Claimed[]> {
  const now = ctx.clock.now();
  const at = sql`${now.toISOString()}::timestamptz`;
  // Rows still 'sending' belong to a sender that died: this one holds the campaign's lease.
  return ctx.db
    .update(phishingRecipients)
    .set({ status: 'sending', leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${phishingRecipients.attempts} + 1` })
    .where(
      inArray(
        phishingRecipients.id,
        sql`(SELECT id FROM phishing_recipients WHERE campaign_id = ${campaignId} AND (
              (status = 'queued' AND (not_before IS NULL OR not_before <= ${at}))
              OR (status = 'retrying' AND next_attempt_at <= ${at})
              OR status = 'sending')
            ORDER BY send_order LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
      ),
    )
    .returning();
}

async function earliestPending(ctx: Ctx, campaignId: string): Promise<Date | undefined | null> {
  const [row] = await ctx.db
    .select({
      n: sql<number>`count(*)::int`,
      at: sql<Date | null>`min(case when ${phishingRecipients.status} = 'retrying' then ${phishingRecipients.nextAttemptAt} else ${phishingRecipients.notBefore} end)`,
    })
    .from(phishingRecipients)
    .where(and(eq(phishingRecipients.campaignId, campaignId), inArray(phishingRecipients.status, PENDING)));
  if (!row || Number(row.n) === 0) return undefined;
  return row.at ? new Date(row.at) : null;
}

function isTemporary(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  if (typeof code === 'number') return code >= 400 && code < 500;
  return true; // a connection failure: the relay may be back in a moment
}

function describe(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; message?: string };
  return (e.response ?? e.message ?? String(err)).slice(0, 300);
}

export async function runSender(ctx: Ctx, campaignId: string, options: SenderOptions = {}): Promise<SendProgress> {
  const sleep = options.sleep ?? realSleep;
  const senderId = options.senderId ?? newId();
  let c = await findCampaignRow(ctx, campaignId);
  if (!['scheduled', 'sending'].includes(c.state)) return progressOf(ctx, campaignId, c.state);
  if (!(await takeLease(ctx, campaignId, senderId))) return { ...(await progressOf(ctx, campaignId, c.state)), busy: true };
  const baseUrl = ctx.config.phishing?.baseUrl;
  if (!baseUrl) throw new Invalid('Tracking is not set up: set BELFRY_PHISHING_BASE_URL');
  const [profile] = await ctx.db
    .select()
    .from(phishingProfiles)
    .where(eq(phishingProfiles.id, c.profileId ?? ''));
  if (!profile) throw new Invalid('The campaign has no sending profile');
  const lures = new Map<string, MessageLure>((await findLureRows(ctx, c.lureIds)).map((l) => [l.id, l]));
  const schoolName = await getSetting(ctx, schoolNameSetting);
  const slots: SendSlot[] =
    c.windowStart && c.windowEnd
      ? sendSlots(await loadGuardCalendars(ctx), {
          windowStart: c.windowStart,
          windowEnd: c.windowEnd,
          sendFrom: c.sendFrom,
          sendUntil: c.sendUntil,
        }).slots
      : [];
  const password = profilePassword(ctx, profile);
  const transport = lazyRequire<typeof Nodemailer>('nodemailer')().createTransport({
    host: profile.host,
    port: profile.port,
    secure: profile.secure,
    auth: profile.username ? { user: profile.username, pass: password ?? '' } : undefined,
    pool: true,
    maxConnections: profile.maxConnections,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const rng = seededRng(c.seed + 1);
  const paced = profile.perMinute > 0;
  const interval = paced ? 60_000 / profile.perMinute : 0;
  let nextAllowed = 0;
  let leaseRenewed = ctx.clock.now().getTime();
  let sentToday = await countSentToday(ctx, profile.id);
  const report = async () => options.onProgress?.(await progressOf(ctx, campaignId, c.state));

  const sendOne = async (r: Claimed): Promise<void> => {
    // Let waiting requests (the tracking listener shares this process) in between messages.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const lure = lures.get(r.lureId);
    if (!lure) throw new Error(`lure ${r.lureId} is missing`);
    const message = await buildMessage({
      lure,
      token: r.token,
      email: r.email,
      firstName: r.firstName,
      messageId: r.messageId,
      campaignId,
      baseUrl,
      schoolName,
      envelopeFrom: profile.envelopeFrom,
      headerName: profile.headerName,
      date: ctx.clock.now(),
      timeZone: ctx.config.timeZone,
    });
    try {
      await transport.sendMail(message);
      const at = ctx.clock.now();
      await ctx.db
        .update(phishingRecipients)
        .set({ status: 'accepted', smtpAcceptedAt: at, leaseUntil: null, lastError: null })
        .where(eq(phishingRecipients.id, r.id));
      sentToday++;
      if (!c.startedAt) {
        await ctx.db
          .update(phishingCampaigns)
          .set({ startedAt: sql`coalesce(${phishingCampaigns.startedAt}, ${at.toISOString()}::timestamptz)`, state: 'sending' })
          .where(eq(phishingCampaigns.id, campaignId));
        c = { ...c, startedAt: at, state: 'sending' };
      }
    } catch (err) {
      const temporary = isTemporary(err);
      const giveUp = !temporary || r.attempts >= profile.maxAttempts;
      const delay = profile.retryMinSeconds * 2 ** (r.attempts - 1) * (1 + rng.next() * 0.2);
      await ctx.db
        .update(phishingRecipients)
        .set(
          giveUp
            ? { status: 'failed', leaseUntil: null, lastError: describe(err) }
            : {
                status: 'retrying',
                leaseUntil: null,
                lastError: describe(err),
                nextAttemptAt: new Date(ctx.clock.now().getTime() + delay * 1000),
                backoffs: [...r.backoffs, Math.round(delay)],
              },
        )
        .where(eq(phishingRecipients.id, r.id));
    }
  };

  try {
    for (;;) {
      if (options.shouldStop?.()) break;
      const now = ctx.clock.now();
      if (now.getTime() - leaseRenewed > 30_000) {
        if (!(await takeLease(ctx, campaignId, senderId))) break;
        leaseRenewed = now.getTime();
      }
      if (c.windowEnd && now >= c.windowEnd) {
        await ctx.db
          .update(phishingRecipients)
          .set({ status: 'cancelled', leaseUntil: null, lastError: 'The send window ended before this message was sent' })
          .where(and(eq(phishingRecipients.campaignId, campaignId), inArray(phishingRecipients.status, PENDING)));
      }
      if (!inSlot(slots, now)) {
        const next = nextSlotStart(slots, now);
        if (!next || !options.waitForWindow) {
          if (!next) await finishIfDone(ctx, campaignId);
          break;
        }
        await sleep(next.getTime() - now.getTime());
        continue;
      }
      if (profile.perDay > 0 && sentToday >= profile.perDay) {
        const tomorrow = nextSlotStart(slots, zonedToUtc(nextDate(now, ctx.config.timeZone), '00:00', ctx.config.timeZone));
        if (!tomorrow || !options.waitForWindow) break;
        await sleep(tomorrow.getTime() - now.getTime());
        sentToday = 0;
        continue;
      }
      if (paced && now.getTime() < nextAllowed) {
        await sleep(nextAllowed - now.getTime());
        continue;
      }
      // Small batches: a burst of message building would hold up the tracking listener in the same process.
      const batch = await claim(ctx, campaignId, paced ? 1 : profile.maxConnections * 2);
      if (batch.length === 0) {
        const earliest = await earliestPending(ctx, campaignId);
        if (earliest === undefined) {
          await finishIfDone(ctx, campaignId);
          c = { ...c, state: 'live' };
          break;
        }
        if (!options.waitForWindow) break;
        const wait = earliest ? earliest.getTime() - now.getTime() : 1000;
        await sleep(Math.max(50, wait));
        continue;
      }
      if (paced) nextAllowed = now.getTime() + interval + Math.floor(rng.next() * profile.jitterSeconds * 1000);
      await Promise.all(batch.map(sendOne));
      await report();
    }
  } finally {
    transport.close();
    await ctx.db
      .update(phishingCampaigns)
      .set({ senderId: null, senderLeaseUntil: null })
      .where(and(eq(phishingCampaigns.id, campaignId), eq(phishingCampaigns.senderId, senderId)));
  }
  const final = await progressOf(ctx, campaignId, (await findCampaignRow(ctx, campaignId)).state);
  options.onProgress?.(final);
  return final;
}

const nextDate = (now: Date, tz: string) => {
  const d = new Date(`${localDate(now, tz)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** sending -> live once nothing is left to send (or the window has ended). */
async function finishIfDone(ctx: Ctx, campaignId: string): Promise<void> {
  if ((await earliestPending(ctx, campaignId)) !== undefined) return;
  await ctx.db
    .update(phishingCampaigns)
    .set({ state: 'live' })
    .where(and(eq(phishingCampaigns.id, campaignId), inArray(phishingCampaigns.state, ['scheduled', 'sending'])));
}

async function countSentToday(ctx: Ctx, profileId: string): Promise<number> {
  const start = zonedToUtc(localDate(ctx.clock.now(), ctx.config.timeZone), '00:00', ctx.config.timeZone);
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(phishingRecipients)
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
    .where(
      and(
        eq(phishingCampaigns.profileId, profileId),
        sql`${phishingRecipients.smtpAcceptedAt} >= ${start.toISOString()}::timestamptz`,
      ),
    );
  return Number(row?.n ?? 0);
}

/** Campaigns the server's sender loop should look at now. */
export async function listSendableCampaigns(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: phishingCampaigns.id })
    .from(phishingCampaigns)
    .where(inArray(phishingCampaigns.state, ['scheduled', 'sending']));
  return rows.map((r) => r.id);
}
