import type { Ctx } from '../../../lib/context.ts';
import { TooManyRequests } from '../../../lib/errors.ts';
import { newId, sha256 } from '../../../lib/ids.ts';
import { getSetting } from '../../settings/index.ts';
import { insertBurst, tagBurst, updateBurst } from '../db/response-queries.ts';
import { answersPerAddressSetting } from './survey-settings.ts';

/**
 * Limits on a shared survey link, beside the per-browser signed cookie the route keeps: a rate
 * per address that a classroom (or a whole school) behind one address never reaches, and a
 * burst flag. A burst is `BURST_AT` answers from one address within `BURST_WINDOW_MS`: it is
 * recorded on the survey with its responses (never the address: the key below is a hash kept
 * in memory only, for 10 minutes), and the Director may exclude it from the results.
 */

export const BURST_AT = 40;
const BURST_WINDOW_MS = 5 * 60_000;
const RATE_WINDOW_MS = 10 * 60_000;

type Seen = { at: number; responseId: string; commentIds: string[] };
const recent = new Map<string, Seen[]>();
const openBursts = new Map<string, { id: string; count: number; startedAt: Date }>();

export const addressKey = (instrumentId: string, ip: string): string => sha256(`${instrumentId}|${ip}`);

function prune(key: string, now: number): Seen[] {
  const list = (recent.get(key) ?? []).filter((s) => now - s.at < RATE_WINDOW_MS);
  if (list.length) recent.set(key, list);
  else {
    recent.delete(key);
    openBursts.delete(key);
  }
  return list;
}

/** Refuses an answer from an address that has sent too many through this link lately. */
export async function checkAddressRate(ctx: Ctx, key: string): Promise<void> {
  const now = ctx.clock.now().getTime();
  const list = prune(key, now);
  const limit = await getSetting(ctx, answersPerAddressSetting);
  if (list.length >= limit) {
    const wait = Math.max(1, Math.ceil(((list[0]?.at ?? now) + RATE_WINDOW_MS - now) / 1000));
    throw new TooManyRequests('Too many answers have come from this network in the last few minutes: try again shortly', wait);
  }
}

/** Notes a stored answer; on the one that makes a burst, records it and tags those already in it. */
export async function noteAnswer(ctx: Ctx, instrumentId: string, key: string, seen: Omit<Seen, 'at'>): Promise<void> {
  const at = ctx.clock.now();
  const list = prune(key, at.getTime());
  list.push({ ...seen, at: at.getTime() });
  recent.set(key, list);
  const open = openBursts.get(key);
  if (open) {
    open.count++;
    await tagBurst(ctx.db, open.id, [seen.responseId], seen.commentIds);
    await updateBurst(ctx.db, open.id, { lastAt: at, responses: open.count });
    return;
  }
  const inWindow = list.filter((s) => at.getTime() - s.at < BURST_WINDOW_MS);
  if (inWindow.length < BURST_AT) return;
  const id = newId();
  const startedAt = new Date(inWindow[0]?.at ?? at.getTime());
  await insertBurst(ctx.db, { id, instrumentId, startedAt, lastAt: at, responses: inWindow.length });
  await tagBurst(
    ctx.db,
    id,
    inWindow.map((s) => s.responseId),
    inWindow.flatMap((s) => s.commentIds),
  );
  openBursts.set(key, { id, count: inWindow.length, startedAt });
  ctx.log.warn({ instrumentId, responses: inWindow.length }, 'a burst of survey answers from one address was flagged');
}
