import type { Ctx } from '../../../lib/context.ts';
import { wilson } from '../../../lib/stats.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectAps } from '../db/ap-queries.ts';
import { selectDayApTotals } from '../db/window-queries.ts';
import { round } from './analysis/wifi-stats.ts';
import { loadSchoolDays } from './school-days.ts';

/**
 * A light service level for a long window (a term), for the termly report: connection attempts
 * and failures on school days from the 5-minute AP bins (kept for good, unlike per-device data),
 * the failing stages, and each building's success rate. Aggregates only: no device, no person.
 * The full verdict (getWifiVerdict) judges days against their reference and is too slow for six
 * terms; this is the figure it starts from. No role check: the caller checks.
 */

export type WifiWindowLevel = {
  from: string;
  to: string;
  /** School days in the window, and those with any Wi-Fi data. */
  schoolDays: number;
  daysWithData: number;
  attempts: number;
  failures: number;
  successRate: number | null;
  /** Wilson 95% interval of the success rate. */
  ci: [number, number] | null;
  stages: { assoc: number; auth: number; dhcp: number; dns: number };
  buildings: { code: string; name: string; attempts: number; successRate: number | null }[];
  /** School days whose success rate was below `poorDayBelow`, worst first. */
  poorDays: { day: string; attempts: number; successRate: number }[];
  poorDayBelow: number;
};

export async function readWifiServiceLevel(
  ctx: Ctx,
  window: { from: string; to: string },
  options: { poorDayBelow?: number } = {},
): Promise<WifiWindowLevel> {
  const tz = ctx.config.timeZone;
  const poorDayBelow = options.poorDayBelow ?? 0.9;
  const days = await loadSchoolDays(ctx);
  const aps = await selectAps(ctx.db);
  const rows = await selectDayApTotals(
    ctx.db,
    zonedToUtc(window.from, '00:00', tz),
    zonedToUtc(addDays(window.to, 1), '00:00', tz),
    tz,
  );
  let schoolDays = 0;
  for (let d = window.from; d <= window.to; d = addDays(d, 1)) if (days.isSchoolDay(d)) schoolDays++;
  const ap = new Map(aps.map((a) => [a.id, a]));
  const stages = { assoc: 0, auth: 0, dhcp: 0, dns: 0 };
  const byDay = new Map<string, { n: number; k: number }>();
  const byBuilding = new Map<string, { name: string; n: number; k: number }>();
  let n = 0;
  let k = 0;
  for (const r of rows) {
    if (!days.isSchoolDay(r.day)) continue;
    n += r.attempts;
    k += r.failures;
    stages.assoc += r.fa;
    stages.auth += r.fu;
    stages.dhcp += r.fd;
    stages.dns += r.fn;
    const d = byDay.get(r.day) ?? { n: 0, k: 0 };
    d.n += r.attempts;
    d.k += r.failures;
    byDay.set(r.day, d);
    const a = ap.get(r.ap_id);
    const code = a?.buildingCode ?? '';
    const b = byBuilding.get(code) ?? { name: a?.buildingName ?? a?.buildingCode ?? 'Not placed', n: 0, k: 0 };
    b.n += r.attempts;
    b.k += r.failures;
    byBuilding.set(code, b);
  }
  const w = n ? wilson(n - k, n) : null;
  return {
    from: window.from,
    to: window.to,
    schoolDays,
    daysWithData: [...byDay.values()].filter((d) => d.n > 0).length,
    attempts: n,
    failures: k,
    successRate: n ? round((n - k) / n) : null,
    ci: w ? [round(w.lower), round(w.upper)] : null,
    stages,
    buildings: [...byBuilding.entries()]
      .map(([code, b]) => ({ code, name: b.name, attempts: b.n, successRate: b.n ? round((b.n - b.k) / b.n) : null }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    poorDays: [...byDay.entries()]
      .filter(([, d]) => d.n > 0 && (d.n - d.k) / d.n < poorDayBelow)
      .map(([day, d]) => ({ day, attempts: d.n, successRate: round((d.n - d.k) / d.n) }))
      .sort((a, b) => a.successRate - b.successRate || a.day.localeCompare(b.day)),
    poorDayBelow,
  };
}
