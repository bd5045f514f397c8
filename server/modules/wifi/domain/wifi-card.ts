import type { Ctx } from '../../../lib/context.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectTotalsOnDays } from '../db/analysis-queries.ts';
import { selectAps } from '../db/ap-queries.ts';
import { selectHourRows } from '../db/service-queries.ts';
import { round } from './analysis/wifi-stats.ts';
import { lastSchoolDay, loadSchoolDays, schoolDaysBefore } from './school-days.ts';

/** Today's Wi-Fi card: the last school day's success rate against the fortnight before, and the worst building. */
export async function loadWifiCard(ctx: Ctx) {
  const days = await loadSchoolDays(ctx);
  const day = lastSchoolDay(ctx, days);
  const tz = ctx.config.timeZone;
  const [rows, aps, reference] = await Promise.all([
    selectHourRows(ctx.db, zonedToUtc(day, '00:00', tz), zonedToUtc(addDays(day, 1), '00:00', tz), tz),
    selectAps(ctx.db),
    selectTotalsOnDays(ctx.db, schoolDaysBefore(days, day, 14), tz),
  ]);
  const byBuilding = new Map<string, { n: number; k: number }>();
  let n = 0;
  let k = 0;
  const name = new Map(aps.map((a) => [a.id, a.buildingName ?? 'Not placed']));
  for (const r of rows) {
    n += r.attempts;
    k += r.failures;
    const b = byBuilding.get(name.get(r.ap_id) ?? '') ?? { n: 0, k: 0 };
    b.n += r.attempts;
    b.k += r.failures;
    byBuilding.set(name.get(r.ap_id) ?? '', b);
  }
  const worst = [...byBuilding.entries()]
    .filter(([, b]) => b.n >= 50)
    .sort((a, b) => b[1].k / b[1].n - a[1].k / a[1].n || a[0].localeCompare(b[0]))[0];
  return {
    day,
    attempts: n,
    successRate: n ? round((n - k) / n) : null,
    referenceSuccessRate: reference.n ? round((reference.n - reference.k) / reference.n) : null,
    worstBuilding: worst ? { name: worst[0], successRate: round((worst[1].n - worst[1].k) / worst[1].n) } : null,
  };
}
