import type { Ctx } from '../../../lib/context.ts';
import { median } from '../../../lib/stats.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import {
  type CapacityBinRow,
  type Columns,
  type Span,
  selectActiveAps,
  selectBinSummary,
  selectCapacityBins,
  selectDailyPairs,
  selectDevicesByIds,
  selectFailBins,
  selectTotalsInSpans,
} from '../db/analysis-queries.ts';
import { selectAps } from '../db/ap-queries.ts';
import { MIN_BIN_VOLUME } from './analysis/capacity-coverage.ts';
import type { ApBin, ApInfo, ClientInfo, PairCount, StageCounts, WifiData } from './analysis/types.ts';

/**
 * Reads what the verdict needs for a window of local dates from the rollups: per device × AP
 * totals, failure bins, AP bins of the window and its reference days, and the reference totals.
 * Devices under one 802.1X identity become one client, so a phone with three private addresses
 * is one person's phone.
 */

/** `localeCompare`'s order (the default locale), made once rather than per comparison. */
const collator = new Intl.Collator();

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Local dates as the instants they cover, from midnight to the next midnight in `timeZone`, days
 * that follow one another as one span: the bins of those days are read by range (the primary key),
 * not by converting every bin's time to a local date.
 */
export function localDaySpans(days: readonly string[], timeZone: string): Span[] {
  const spans: Span[] = [];
  for (const day of [...new Set(days)].sort()) {
    const start = zonedToUtc(day, '00:00', timeZone);
    const end = zonedToUtc(addDays(day, 1), '00:00', timeZone);
    const last = spans[spans.length - 1];
    if (last && last.end.getTime() === start.getTime()) last.end = end;
    else spans.push({ start, end });
  }
  return spans;
}

export async function loadWifiData(
  ctx: Ctx,
  window: { from: string; to: string; reference: string[]; capacityDays: string[]; burstMinClients: number },
): Promise<WifiData> {
  const { from, to, reference: referenceDays } = window;
  const tz = ctx.config.timeZone;
  const windowStart = zonedToUtc(from, '00:00', tz);
  const windowEnd = zonedToUtc(addDays(to, 1), '00:00', tz);
  // One statement at a time: inside a transaction PGlite and pg share one connection.
  const apRows = await selectAps(ctx.db);
  const daily = await selectDailyPairs(ctx.db, from, to);
  const summary = await selectBinSummary(ctx.db, windowStart, windowEnd);
  // Only bins that could be a burst (the bar detectBursts sets: at least 3 x the median busy bin) are read in detail.
  const failing = summary.filter((b) => b.busy_aps > 0).map((b) => b.failing_devices);
  const bar = Math.max(window.burstMinClients, 3 * (failing.length ? median(failing) : 0));
  const candidates = summary.filter((b) => b.failing_devices >= bar).map((b) => Number(b.bin));
  const fails = await selectFailBins(ctx.db, candidates);
  const active = await selectActiveAps(ctx.db, candidates);
  const bins = await selectCapacityBins(ctx.db, localDaySpans(window.capacityDays, tz), MIN_BIN_VOLUME);
  const reference = await selectTotalsInSpans(ctx.db, localDaySpans(referenceDays, tz));
  const aps: ApInfo[] = apRows.map((a) => ({
    id: a.id,
    name: a.name,
    building: a.buildingCode,
    buildingName: a.buildingName,
    school: a.schoolCode,
  }));
  const apIndex = new Map(aps.map((a, i) => [a.id, i]));
  const deviceIds = [...new Set([...daily.device_id, ...fails.map((f) => f.device_id)])];
  const devices = await selectDevicesByIds(ctx.db, deviceIds);
  const keyOf = (d: (typeof devices)[number]) => (d.mac === '' ? 'anonymous' : d.identity ? d.identity : `mac:${d.mac}`);
  const groups = new Map<string, typeof devices>();
  for (const d of devices) {
    const key = keyOf(d);
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  const clients: ClientInfo[] = [...groups.entries()]
    .sort((a, b) => collator.compare(a[0], b[0]))
    .map(([key, ds]) => {
      const models = ds
        .map((d) => d.device)
        .filter((m): m is string => !!m)
        .sort();
      return {
        key,
        identity: ds[0]?.identity ?? null,
        macs: ds.map((d) => d.mac).sort(),
        device: models[0] ?? null,
        randomised: ds.some((d) => d.randomised),
        personId: ds.find((d) => d.person_id)?.person_id ?? null,
        personKind: ds.find((d) => d.person_kind)?.person_kind ?? null,
        anonymous: key === 'anonymous',
      };
    });
  const clientIndex = new Map(clients.map((c, i) => [c.key, i]));
  const clientOfDevice = new Map(devices.map((d) => [d.id, clientIndex.get(keyOf(d)) as number]));

  // Summed per client × AP (and SSID × band for attempts): numeric keys, counts added in place.
  const pairMap = new Map<number, Map<string, PairCount>>();
  const signalMap = new Map<number, WifiData['signal'][number]>();
  const apCount = aps.length;
  const rows = daily.device_id.length;
  for (let i = 0; i < rows; i++) {
    const c = clientOfDevice.get(daily.device_id[i] as number);
    const a = apIndex.get(daily.ap_id[i] as number);
    if (c === undefined || a === undefined) continue;
    const ca = c * apCount + a;
    const n = daily.n[i] as number;
    if (n > 0) {
      let byValue = pairMap.get(ca);
      if (!byValue) {
        byValue = new Map();
        pairMap.set(ca, byValue);
      }
      const ssid = daily.ssid[i] as string;
      const band = daily.band[i] as string;
      const key = `${ssid}\u0000${band}`;
      let p = byValue.get(key);
      if (!p) {
        p = { c, a, ssid, band, n: 0, k: 0, s: [0, 0, 0, 0] };
        byValue.set(key, p);
      }
      p.n += n;
      p.k += daily.k[i] as number;
      p.s[0] += daily.fa[i] as number;
      p.s[1] += daily.fu[i] as number;
      p.s[2] += daily.fd[i] as number;
      p.s[3] += daily.fn[i] as number;
    }
    const samples = daily.samples[i] as number;
    const rssiN = daily.rssi_n[i] as number;
    if (samples > 0 || rssiN > 0) {
      let s = signalMap.get(ca);
      if (!s) {
        s = { c, a, samples: 0, weak: 0, rssiSum: 0, rssiN: 0 };
        signalMap.set(ca, s);
      }
      s.samples += samples;
      s.weak += daily.weak[i] as number;
      s.rssiSum += Number(daily.rssi_sum[i]);
      s.rssiN += rssiN;
    }
  }
  const pairs: PairCount[] = [];
  for (const byValue of pairMap.values()) for (const p of byValue.values()) pairs.push(p);
  pairs.sort((x, y) => x.c - y.c || x.a - y.a || collator.compare(x.ssid, y.ssid) || collator.compare(x.band, y.band));
  const order = <T extends { c: number; a: number }>(xs: T[]) => xs.sort((x, y) => x.c - y.c || x.a - y.a);
  const failBins = fails.flatMap((f) => {
    const c = clientOfDevice.get(f.device_id);
    const a = apIndex.get(f.ap_id);
    if (c === undefined || a === undefined) return [];
    return [{ bin: Number(f.bin), c, a, ssid: f.ssid, band: f.band, n: f.n, k: f.k, s: [f.fa, f.fu, f.fd, f.fn] as StageCounts }];
  });
  return {
    timeZone: tz,
    from,
    to,
    aps,
    clients,
    pairs,
    busy: summary.map((b) => ({
      bin: Number(b.bin),
      busyAps: b.busy_aps,
      failingDevices: b.failing_devices,
      failingAps: b.failing_aps,
    })),
    failBins,
    activeAps: active.flatMap((x) => {
      const a = apIndex.get(x.ap_id);
      return a === undefined ? [] : [{ bin: Number(x.bin), a }];
    }),
    bins: capacityBins(bins, apIndex),
    windowStart: windowStart.getTime(),
    windowEnd: windowEnd.getTime(),
    signal: order([...signalMap.values()]),
    reference: { days: referenceDays, n: reference.n, k: reference.k },
  };
}

function capacityBins(bins: Columns<CapacityBinRow>, apIndex: Map<number, number>): ApBin[] {
  const out: ApBin[] = [];
  for (let i = 0; i < bins.bin.length; i++) {
    const a = apIndex.get(bins.ap_id[i] as number);
    if (a === undefined) continue;
    const util = bins.util[i] ?? null;
    out.push({
      bin: Number(bins.bin[i]),
      a,
      n: bins.n[i] as number,
      k: bins.k[i] as number,
      samples: bins.samples[i] as number,
      weak: bins.weak[i] as number,
      retry: bins.retry[i] as number,
      load: bins.load[i] as number,
      util: util === null ? null : Number(util),
    });
  }
  return out;
}
