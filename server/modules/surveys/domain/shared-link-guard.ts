import { createHmac } from 'node:crypto';
import type { Db } from '../../../db/connect.ts';
import type { Ctx } from '../../../lib/context.ts';
import { TooManyRequests } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { getSetting } from '../../settings/index.ts';
import {
  deleteLinkHitsBefore,
  extendBurst,
  insertBurst,
  insertLinkHits,
  insertSubmissionBatch,
  type LinkHit,
  selectLinkHits,
  setLinkHitsBurst,
  tagBurst,
} from '../db/response-queries.ts';
import { answersPerAddressSetting } from './survey-settings.ts';

/**
 * Storing answers sent through a shared link, with its limits (beside the per-browser signed
 * cookie the route keeps): a rate per address that a classroom (or a whole school) behind one
 * address never reaches, and a burst flag. A burst is `BURST_AT` answers from one address within
 * `BURST_WINDOW_MS`: it is recorded on the survey with its responses, and the Director may
 * exclude it from the results.
 *
 * The sender is a keyed hash of (survey, address) made with the session secret, never the address.
 * Each answer leaves a row in `surveys_link_hits` (that key, the time, the burst it is in) for 10
 * minutes (deleted as answers arrive, and every 10 minutes by the scheduler), so the rate and an
 * open burst hold across a restart. The responses already in a burst
 * when it is flagged are tagged from this process's memory (a restart forgets which responses those
 * were, not how many: the table names no response).
 *
 * A year group answering at once: answers wait in one queue per database, and each turn of the
 * queue stores all that are waiting in one transaction (multi-row inserts), the rate checked for
 * each in order. So the check and the store cannot race, and 500 answers cost a few transactions
 * rather than 500. An answer is acknowledged only once its transaction has committed.
 */

export const BURST_AT = 40;
const BURST_WINDOW_MS = 5 * 60_000;
const RATE_WINDOW_MS = 10 * 60_000;
/** Most answers stored in one transaction. */
const MAX_BATCH = 500;

export const addressKey = (secret: string, instrumentId: string, ip: string): string =>
  createHmac('sha256', secret).update(`${instrumentId}|${ip}`).digest('hex');

export type SharedLinkAnswer = {
  ctx: Ctx;
  /** The sender's key (`addressKey`), when the address is known. */
  clientKey?: string;
  response: { id: string; instrumentId: string; sourceKey: string; segment: string | null; submittedAt: Date };
  answers: { itemId: string; scaleId: string | null; code: number | null; options: string[] | null }[];
  comments: { id: string; instrumentId: string; itemId: string; body: string; review: string }[];
};

type Waiting = SharedLinkAnswer & { resolve: (stored: boolean) => void; reject: (err: unknown) => void };
type Queue = { waiting: Waiting[]; running: boolean };

const queues = new WeakMap<Db, Queue>();

/** This process's memory of which responses each sender sent lately, to tag them when a burst is flagged. */
const recentIds = new Map<string, { at: number; responseId: string; commentIds: string[] }[]>();

function rememberIds(key: string, at: number, responseId: string, commentIds: string[]): void {
  const list = (recentIds.get(key) ?? []).filter((s) => at - s.at < BURST_WINDOW_MS);
  list.push({ at, responseId, commentIds });
  recentIds.set(key, list);
}

function forgetOld(now: number): void {
  for (const [key, list] of recentIds) {
    const kept = list.filter((s) => now - s.at < BURST_WINDOW_MS);
    if (kept.length) recentIds.set(key, kept);
    else recentIds.delete(key);
  }
}

/** Deletes the rate rows older than the window (also done as answers arrive): for the scheduler. */
export async function purgeLinkHits(ctx: Ctx): Promise<void> {
  await deleteLinkHitsBefore(ctx.db, new Date(ctx.clock.now().getTime() - RATE_WINDOW_MS));
}

/** Stores one shared-link answer with the others waiting; resolves true when stored, false for a repeat of its key. */
export function storeSharedLinkAnswer(answer: SharedLinkAnswer): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let q = queues.get(answer.ctx.db);
    if (!q) {
      q = { waiting: [], running: false };
      queues.set(answer.ctx.db, q);
    }
    q.waiting.push({ ...answer, resolve, reject });
    if (!q.running) {
      q.running = true;
      // Let the answers arriving in this turn of the event loop join the first batch.
      setImmediate(() => void drain(q));
    }
  });
}

async function drain(q: Queue): Promise<void> {
  try {
    while (q.waiting.length) {
      const batch = q.waiting.splice(0, MAX_BATCH);
      try {
        const stored = await storeBatch(batch);
        for (const w of batch) {
          const s = stored.get(w);
          if (s instanceof Error) w.reject(s);
          else w.resolve(s === true);
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    q.running = false;
  }
}

function rateRefusal(oldest: number, now: number): TooManyRequests {
  const wait = Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
  return new TooManyRequests('Too many answers have come from this network in the last few minutes: try again shortly', wait);
}

/** One transaction for a batch: each answer stored (true), a repeat (false) or refused (its error). */
async function storeBatch(batch: Waiting[]): Promise<Map<Waiting, boolean | Error>> {
  const first = batch[0] as Waiting;
  const ctx = first.ctx;
  const now = ctx.clock.now().getTime();
  const out = new Map<Waiting, boolean | Error>();
  const keys = [...new Set(batch.flatMap((w) => (w.clientKey ? [w.clientKey] : [])))];
  // Answers with no address (the demo, a test) have no rate to check.
  const limit = keys.length ? await getSetting(ctx, answersPerAddressSetting) : Number.POSITIVE_INFINITY;
  const earlier = new Map<string, LinkHit[]>();
  for (const h of await selectLinkHits(ctx.db, keys, new Date(now - RATE_WINDOW_MS))) {
    const list = earlier.get(h.clientKey) ?? [];
    list.push(h);
    earlier.set(h.clientKey, list);
  }
  // The rate, in the order the answers arrived: each admitted one counts against the next.
  const admitted: Waiting[] = [];
  const taken = new Map<string, number>();
  for (const w of batch) {
    if (w.clientKey) {
      const before = earlier.get(w.clientKey) ?? [];
      const n = before.length + (taken.get(w.clientKey) ?? 0);
      if (n >= limit) {
        out.set(w, rateRefusal(before[0]?.at.getTime() ?? now, now));
        continue;
      }
      taken.set(w.clientKey, (taken.get(w.clientKey) ?? 0) + 1);
    }
    admitted.push(w);
  }
  const flagged: { instrumentId: string; responses: number }[] = [];
  const stored = await ctx.db.transaction(async (db) => {
    const ids = await insertSubmissionBatch(db, admitted);
    const done = admitted.filter((w) => ids.has(w.response.id));
    const hits: { id: string; instrumentId: string; clientKey: string; at: Date; burstId: string | null }[] = [];
    for (const key of keys) {
      const mine = done.filter((w) => w.clientKey === key);
      if (!mine.length) continue;
      const instrumentId = mine[0]?.response.instrumentId as string;
      const before = earlier.get(key) ?? [];
      // A burst this sender is in already (answers within the last 10 minutes) goes on.
      let burstId = before.findLast((h) => h.burstId)?.burstId ?? null;
      const tagIds = mine.map((w) => w.response.id);
      const tagComments = mine.flatMap((w) => w.comments.map((c) => c.id));
      if (burstId) {
        await extendBurst(db, burstId, mine.length, mine[mine.length - 1]?.response.submittedAt as Date);
        await tagBurst(db, burstId, tagIds, tagComments);
      } else {
        const inWindow = before.filter((h) => now - h.at.getTime() < BURST_WINDOW_MS);
        const count = inWindow.length + mine.length;
        if (count >= BURST_AT) {
          burstId = newId();
          const windowStart = inWindow[0]?.at ?? (mine[0]?.response.submittedAt as Date);
          await insertBurst(db, {
            id: burstId,
            instrumentId,
            startedAt: windowStart,
            lastAt: mine[mine.length - 1]?.response.submittedAt as Date,
            responses: count,
          });
          const known = (recentIds.get(key) ?? []).filter((s) => now - s.at < BURST_WINDOW_MS);
          await tagBurst(
            db,
            burstId,
            [...known.map((s) => s.responseId), ...tagIds],
            [...known.flatMap((s) => s.commentIds), ...tagComments],
          );
          if (inWindow.length) await setLinkHitsBurst(db, key, windowStart, burstId);
          flagged.push({ instrumentId, responses: count });
        }
      }
      for (const w of mine) hits.push({ id: newId(), instrumentId, clientKey: key, at: w.response.submittedAt, burstId });
    }
    if (hits.length) {
      await insertLinkHits(db, hits);
      await deleteLinkHitsBefore(db, new Date(now - RATE_WINDOW_MS));
    }
    return done;
  });
  const storedSet = new Set(stored);
  for (const w of admitted) out.set(w, storedSet.has(w));
  forgetOld(now);
  for (const w of stored)
    if (w.clientKey)
      rememberIds(
        w.clientKey,
        w.response.submittedAt.getTime(),
        w.response.id,
        w.comments.map((c) => c.id),
      );
  for (const f of flagged) ctx.log.warn(f, 'a burst of survey answers from one address was flagged');
  return out;
}
