import type { Ctx } from '../../../lib/context.ts';
import { IT_ROLES, requireRole } from '../../../lib/context.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { getSetting } from '../../settings/index.ts';
import { deleteSigninsBefore, signinDays } from '../db/signin-queries.ts';
import { retentionDaysSetting } from './security-settings.ts';

/** Raw sign-in events go after the retention period; the daily rollup, alerts and incidents stay. */
export async function purgeOldSignins(ctx: Ctx): Promise<{ deleted: number; before: string }> {
  const days = await getSetting(ctx, retentionDaysSetting);
  const before = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const deleted = await deleteSigninsBefore(ctx.db, before);
  if (deleted) ctx.log.info({ deleted, before }, 'purged old sign-in events');
  return { deleted, before: before.toISOString() };
}

/** Sign-ins per day for the last `days` days, from the rollup (never the raw table). */
export async function signinVolume(ctx: Ctx, days = 30) {
  requireRole(ctx, ...IT_ROLES);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const rows = await signinDays(ctx.db, addDays(today, -days + 1), today);
  const byDay = new Map<string, { day: string; success: number; failure: number; other: number }>();
  for (let d = addDays(today, -days + 1); d <= today; d = addDays(d, 1))
    byDay.set(d, { day: d, success: 0, failure: 0, other: 0 });
  for (const r of rows) {
    const e = byDay.get(r.day);
    if (!e) continue;
    if (r.result === 'success') e.success += Number(r.events);
    else if (r.result === 'failure') e.failure += Number(r.events);
    else e.other += Number(r.events);
  }
  return [...byDay.values()];
}
