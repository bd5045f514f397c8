import type { Ctx } from '../../../lib/context.ts';
import { median } from '../../../lib/stats.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import {
  selectActiveAps,
  selectBinSummary,
  selectBinsOnDays,
  selectDailyPairs,
  selectDevicesByIds,
  selectFailBins,
  selectTotalsOnDays,
} from '../db/analysis-queries.ts';
import { selectAps } from '../db/ap-queries.ts';
import type { ApInfo, ClientInfo, PairCount, StageCounts, WifiData } from './analysis/types.ts';

/**
 * Reads what the verdict needs for a window of local dates from the rollups: per device × AP
 * totals, failure bins, AP bins of the window and its reference days, and the reference totals.
 * Devices under one 802.1X identity become one client, so a phone with three private addresses
 * is one person's phone.
 */

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
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
  const bins = await selectBinsOnDays(ctx.db, window.capacityDays, tz);
  const reference = await selectTotalsOnDays(ctx.db, referenceDays, tz);
  const aps: ApInfo[] = apRows.map((a) => ({
    id: a.id,
    name: a.name,
    building: a.buildingCode,
    buildingName: a.buildingName,
    school: a.schoolCode,
  }));
  const apIndex = new Map(aps.map((a, i) => [a.id, i]));
  const deviceIds = [...new Set([...daily.map((d) => d.device_id), ...fails.map((f) => f.device_id)])];
  const devices = await selectDevicesByIds(ctx.db, deviceIds);
  const keyOf = (d: (typeof devices)[number]) => (d.mac === '' ? 'anonymous' : d.identity ? d.identity : `mac:${d.mac}`);
  const groups = new Map<string, typeof devices>();
  for (const d of devices) groups.set(keyOf(d), [...(groups.get(keyOf(d)) ?? []), d]);
  const clients: ClientInfo[] = [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
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

  const pairMap = new Map<string, PairCount>();
  const signalMap = new Map<string, WifiData['signal'][number]>();
  for (const r of daily) {
    const c = clientOfDevice.get(r.device_id);
    const a = apIndex.get(r.ap_id);
    if (c === undefined || a === undefined) continue;
    if (r.n > 0) {
      const key = `${c}|${a}|${r.ssid}|${r.band}`;
      const p = pairMap.get(key) ?? { c, a, ssid: r.ssid, band: r.band, n: 0, k: 0, s: [0, 0, 0, 0] as StageCounts };
      p.n += r.n;
      p.k += r.k;
      p.s = [p.s[0] + r.fa, p.s[1] + r.fu, p.s[2] + r.fd, p.s[3] + r.fn];
      pairMap.set(key, p);
    }
    if (r.samples > 0 || r.rssi_n > 0) {
      const key = `${c}|${a}`;
      const s = signalMap.get(key) ?? { c, a, samples: 0, weak: 0, rssiSum: 0, rssiN: 0 };
      s.samples += r.samples;
      s.weak += r.weak;
      s.rssiSum += Number(r.rssi_sum);
      s.rssiN += r.rssi_n;
      signalMap.set(key, s);
    }
  }
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
    pairs: order([...pairMap.values()]).sort(
      (x, y) => x.c - y.c || x.a - y.a || x.ssid.localeCompare(y.ssid) || x.band.localeCompare(y.band),
    ),
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
    bins: bins.flatMap((b) => {
      const a = apIndex.get(b.ap_id);
      return a === undefined
        ? []
        : [
            {
              bin: Number(b.bin),
              a,
              n: b.n,
              k: b.k,
              s: [b.fa, b.fu, b.fd, b.fn] as StageCounts,
              clients: b.clients,
              samples: b.samples,
              weak: b.weak,
              retry: b.retry,
              apClients: b.ap_clients,
              util: b.util === null ? null : Number(b.util),
            },
          ];
    }),
    windowStart: windowStart.getTime(),
    windowEnd: windowEnd.getTime(),
    signal: order([...signalMap.values()]),
    reference: { days: referenceDays, n: reference.n, k: reference.k },
  };
}
