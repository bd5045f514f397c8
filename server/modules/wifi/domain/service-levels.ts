import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { wilson } from '../../../lib/stats.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, isIsoDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectAps } from '../db/ap-queries.ts';
import { type HourRow, type ServiceRow, selectHourRows, selectServiceRows } from '../db/service-queries.ts';
import { round } from './analysis/wifi-stats.ts';
import { lastSchoolDay, loadSchoolDays } from './school-days.ts';

/**
 * Service levels (research §7.1, Mist's vocabulary) per site, building, AP, SSID and band:
 * successful connects by failing stage, time to connect, coverage (share of signal readings below
 * the weak threshold), roaming and capacity; by day, and as a building × hour heatmap. Aggregates
 * only, so senior leaders see them too.
 */

const isoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-17');
export const ServiceInput = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export type Level = {
  key: string;
  label: string;
  attempts: number;
  failures: number;
  successRate: number | null;
  ci: [number, number] | null;
  stages: { assoc: number; auth: number; dhcp: number; dns: number };
  connectMs: number | null;
  slowConnectShare: number | null;
  readings: number;
  coverage: number | null;
  retryShare: number | null;
  roams: number;
  slowRoams: number;
  sessions: number;
  shortDrops: number;
};

type Acc = Omit<Level, 'successRate' | 'ci' | 'connectMs' | 'slowConnectShare' | 'coverage' | 'retryShare'> & {
  msSum: number;
  msN: number;
  slow: number;
  weak: number;
  retry: number;
};

const newAcc = (key: string, label: string): Acc => ({
  key,
  label,
  attempts: 0,
  failures: 0,
  stages: { assoc: 0, auth: 0, dhcp: 0, dns: 0 },
  readings: 0,
  roams: 0,
  slowRoams: 0,
  sessions: 0,
  shortDrops: 0,
  msSum: 0,
  msN: 0,
  slow: 0,
  weak: 0,
  retry: 0,
});

function add(acc: Acc, r: ServiceRow): void {
  acc.attempts += r.attempts;
  acc.failures += r.failures;
  acc.stages.assoc += r.fa;
  acc.stages.auth += r.fu;
  acc.stages.dhcp += r.fd;
  acc.stages.dns += r.fn;
  acc.readings += r.samples;
  acc.weak += r.weak;
  acc.retry += r.retry;
  acc.roams += r.roams;
  acc.slowRoams += r.slow_roams;
  acc.sessions += r.sessions;
  acc.shortDrops += r.short_drops;
  acc.msSum += Number(r.connect_ms_sum);
  acc.msN += r.connect_ms_n;
  acc.slow += r.slow;
}

function finish(a: Acc): Level {
  const ok = a.attempts - a.failures;
  const w = a.attempts ? wilson(ok, a.attempts) : null;
  return {
    key: a.key,
    label: a.label,
    attempts: a.attempts,
    failures: a.failures,
    successRate: a.attempts ? round(ok / a.attempts) : null,
    ci: w ? [round(w.lower), round(w.upper)] : null,
    stages: a.stages,
    connectMs: a.msN ? Math.round(a.msSum / a.msN) : null,
    slowConnectShare: a.msN ? round(a.slow / a.msN) : null,
    readings: a.readings,
    coverage: a.readings ? round(a.weak / a.readings) : null,
    retryShare: a.readings ? round(a.retry / a.readings) : null,
    roams: a.roams,
    slowRoams: a.slowRoams,
    sessions: a.sessions,
    shortDrops: a.shortDrops,
  };
}

function group(rows: ServiceRow[], keyOf: (r: ServiceRow) => [string, string] | undefined): Level[] {
  const m = new Map<string, Acc>();
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const acc = m.get(k[0]) ?? newAcc(k[0], k[1]);
    add(acc, r);
    m.set(k[0], acc);
  }
  return [...m.values()].sort((a, b) => a.label.localeCompare(b.label)).map(finish);
}

export async function getServiceLevels(ctx: Ctx, input: z.input<typeof ServiceInput>) {
  requireRole(ctx, 'admin', 'it', 'slt');
  const q = parseInput(ServiceInput, input);
  const days = await loadSchoolDays(ctx);
  const to = q.to ?? lastSchoolDay(ctx, days);
  const from = q.from ?? addDays(to, -13);
  if (to < from) throw new Invalid('to: the window ends before it starts');
  const tz = ctx.config.timeZone;
  const [aps, rows, hours] = await Promise.all([
    selectAps(ctx.db),
    selectServiceRows(ctx.db, from, to),
    selectHourRows(ctx.db, zonedToUtc(from, '00:00', tz), zonedToUtc(addDays(to, 1), '00:00', tz), tz),
  ]);
  const ap = new Map(aps.map((a) => [a.id, a]));
  const building = (id: number) => {
    const a = ap.get(id);
    return a?.buildingCode
      ? ([a.buildingCode, a.buildingName ?? a.buildingCode] as [string, string])
      : (['', 'Not placed'] as [string, string]);
  };
  const peaks = new Map<number, { clients: number; util: number | null }>();
  for (const h of hours) {
    const p = peaks.get(h.ap_id) ?? { clients: 0, util: null };
    p.clients = Math.max(p.clients, h.peak_clients ?? 0);
    if (h.peak_util !== null) p.util = Math.max(p.util ?? 0, h.peak_util);
    peaks.set(h.ap_id, p);
  }
  const buildings = group(rows, (r) => building(r.ap_id));
  const dayList = [...new Set(rows.map((r) => r.day))].sort();
  return {
    window: { from, to },
    site: group(rows, () => ['all', 'All sites'])[0] ?? null,
    schools: group(rows, (r) => {
      const s = ap.get(r.ap_id)?.schoolCode;
      return s ? [s, s] : ['', 'Not placed'];
    }),
    buildings,
    aps: group(rows, (r) => [String(r.ap_id), ap.get(r.ap_id)?.name ?? String(r.ap_id)]).map((l) => {
      const a = ap.get(Number(l.key));
      const p = peaks.get(Number(l.key));
      return {
        ...l,
        id: Number(l.key),
        building: a?.buildingCode ?? null,
        buildingName: a?.buildingName ?? null,
        peakClients: p?.clients ?? null,
        peakUtil: p?.util === null || p?.util === undefined ? null : round(p.util, 1),
      };
    }),
    ssids: group(rows, (r) => (r.ssid ? [r.ssid, r.ssid] : undefined)),
    bands: group(rows, (r) => (r.band ? [r.band, `${r.band} GHz`] : undefined)),
    daily: dayList.map((day) => ({
      day,
      schoolDay: days.isSchoolDay(day),
      site:
        group(
          rows.filter((r) => r.day === day),
          () => ['all', 'All'],
        )[0]?.successRate ?? null,
      buildings: group(
        rows.filter((r) => r.day === day),
        (r) => building(r.ap_id),
      ).map((l) => ({ key: l.key, successRate: l.successRate, attempts: l.attempts })),
    })),
    heatmap: heatmap(hours, (id) => building(id)),
  };
}

/** Failure rate by building and hour of day over the window: [hour, building index, rate, attempts]. */
function heatmap(hours: HourRow[], building: (apId: number) => [string, string]) {
  const cells = new Map<string, { n: number; k: number }>();
  const names = new Map<string, string>();
  for (const h of hours) {
    const [code, name] = building(h.ap_id);
    names.set(code, name);
    const key = `${code}|${h.hour}`;
    const c = cells.get(key) ?? { n: 0, k: 0 };
    c.n += h.attempts;
    c.k += h.failures;
    cells.set(key, c);
  }
  const codes = [...names.keys()].sort((a, b) => (names.get(a) as string).localeCompare(names.get(b) as string));
  const hourList = [...new Set(hours.map((h) => h.hour))].sort((a, b) => a - b);
  return {
    buildings: codes.map((c) => ({ code: c, name: names.get(c) as string })),
    hours: hourList,
    cells: [...cells.entries()]
      .filter(([, c]) => c.n > 0)
      .map(([key, c]) => {
        const [code, hour] = key.split('|') as [string, string];
        return [hourList.indexOf(Number(hour)), codes.indexOf(code), round(c.k / c.n), c.n] as [number, number, number, number];
      })
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]),
  };
}
