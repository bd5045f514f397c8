import { median } from '../../../../lib/stats.ts';
import { localParts, pad2 } from '../../../../lib/zoned-time.ts';
import type { WifiThresholds } from '../wifi-settings.ts';
import type { ApBin, WifiData } from './types.ts';
import { spearman } from './wifi-stats.ts';

/**
 * Research §7.2 step 7. Capacity: over at least N school days of 5-minute bins, does an AP's
 * bad-minute rate rise with its load (Spearman ρ), and is it heavily loaded in its busiest bins?
 * Coverage: an AP where many devices spend much of their time below the weak-signal threshold,
 * and, apart from that, a device far weaker than its peers on the same AP (weak radio, sticky client).
 */

/** Attempts + signal readings a bin needs to count (the verdict reads only those). */
export const MIN_BIN_VOLUME = 5;
const DAY_MS = 86_400_000;

export type CapacityResult = {
  a: number;
  rho: number;
  p: number;
  bins: number;
  days: number;
  peakWindow: string;
  peakClients: number;
  peakUtil: number | null;
  badRateQuiet: number;
  badRatePeak: number;
};

const hhmm = (ms: number, tz: string) => {
  const p = localParts(new Date(ms), tz);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
};

export function capacityFindings(data: WifiData, t: WifiThresholds, excluded: ReadonlySet<number>): CapacityResult[] {
  const byAp = new Map<number, ApBin[]>();
  for (const b of data.bins) {
    if (excluded.has(b.bin) || b.n + b.samples < MIN_BIN_VOLUME) continue;
    const list = byAp.get(b.a) ?? [];
    list.push(b);
    byAp.set(b.a, list);
  }
  const out: CapacityResult[] = [];
  for (const [a, bins] of [...byAp.entries()].sort((x, y) => x[0] - y[0])) {
    // Days as UTC dates (a bin's whole days since the epoch).
    const days = new Set(bins.map((b) => Math.floor(b.bin / DAY_MS)));
    if (days.size < t.capacityMinDays) continue;
    const load = bins.map((b) => b.load);
    const bad = bins.map((b) => (b.k + b.weak + b.retry) / (b.n + b.samples));
    const { rho, p } = spearman(load, bad);
    if (rho < t.capacityRho || p >= t.capacityP) continue;
    const order = bins.map((b, i) => ({ b, load: load[i] as number, bad: bad[i] as number })).sort((x, y) => y.load - x.load);
    const peak = order.slice(0, Math.max(3, Math.ceil(order.length * 0.1)));
    const quiet = order.slice(Math.floor(order.length / 2));
    const peakClients = Math.max(...peak.map((x) => x.load));
    const utils = peak.map((x) => x.b.util).filter((u): u is number => u !== null);
    const peakUtil = utils.length ? Math.max(...utils) : null;
    if (!((peakUtil ?? 0) >= t.capacityUtil || peakClients >= t.capacityClients)) continue;
    if (!peak.some((x) => x.b.bin >= data.windowStart && x.b.bin < data.windowEnd)) continue;
    const heavy = order.filter((x) => x.load >= 0.8 * peakClients).map((x) => x.b.bin);
    const times = heavy.map((bin) => hhmm(bin, data.timeZone)).sort();
    const last = heavy.map((bin) => hhmm(bin + 5 * 60_000, data.timeZone)).sort();
    const mean = (xs: { bad: number }[]) => xs.reduce((s, x) => s + x.bad, 0) / Math.max(1, xs.length);
    out.push({
      a,
      rho,
      p,
      bins: bins.length,
      days: days.size,
      peakWindow: `${times[0]}–${last[last.length - 1]}`,
      peakClients,
      peakUtil,
      badRateQuiet: mean(quiet),
      badRatePeak: mean(peak),
    });
  }
  return out;
}

export type CoverageAp = {
  a: number;
  samples: number;
  weak: number;
  clients: number;
  clientsAffected: number;
  medianRssi: number | null;
};
export type WeakDevice = { c: number; a: number; samples: number; rssi: number; peersRssi: number; peers: number };

/**
 * The median (lib/stats' rule: the mean of the middle two of an even count) of `sorted` (ascending)
 * without one element equal to `value`, which it holds: the same number as sorting the rest again.
 */
function medianWithout(sorted: readonly number[], value: number): number {
  const m = sorted.length - 1;
  if (m <= 0) return Number.NaN;
  const skip = sorted.indexOf(value);
  const at = (i: number) => sorted[i < skip ? i : i + 1] as number;
  const h = (m - 1) * 0.5;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

export function coverageFindings(data: WifiData, t: WifiThresholds): { aps: CoverageAp[]; devices: WeakDevice[] } {
  const byAp = new Map<number, typeof data.signal>();
  for (const s of data.signal) {
    if (s.samples <= 0 || data.clients[s.c]?.anonymous) continue;
    const list = byAp.get(s.a) ?? [];
    list.push(s);
    byAp.set(s.a, list);
  }
  const aps: CoverageAp[] = [];
  const devices: WeakDevice[] = [];
  for (const [a, list] of [...byAp.entries()].sort((x, y) => x[0] - y[0])) {
    const samples = list.reduce((s, x) => s + x.samples, 0);
    const weak = list.reduce((s, x) => s + x.weak, 0);
    const affected = list.filter((x) => x.weak / x.samples >= t.coverageShare).length;
    const means = list.filter((x) => x.rssiN > 0).map((x) => x.rssiSum / x.rssiN);
    const flagged =
      samples >= t.coverageMinSamples &&
      list.length >= t.minApClients &&
      weak / samples >= t.coverageShare &&
      affected / list.length >= t.apBreadth;
    if (flagged) {
      aps.push({
        a,
        samples,
        weak,
        clients: list.length,
        clientsAffected: affected,
        medianRssi: means.length ? median(means) : null,
      });
      continue;
    }
    // Each device against the median of its peers' means: the AP's means sorted once, the device's own left out.
    // (One entry per device on an AP, so the peers are everyone else with readings.)
    const sorted = means.sort((x, y) => x - y);
    for (const s of list) {
      if (s.rssiN < t.coverageMinSamples) continue;
      const rssi = s.rssiSum / s.rssiN;
      const peerCount = sorted.length - 1;
      if (peerCount < t.minApClients - 1) continue;
      const peersRssi = medianWithout(sorted, rssi);
      if (rssi <= peersRssi - t.weakDeviceDb && rssi < t.weakRssi)
        devices.push({ c: s.c, a, samples: s.rssiN, rssi, peersRssi, peers: peerCount });
    }
  }
  return { aps, devices };
}
