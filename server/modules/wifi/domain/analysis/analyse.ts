import { median } from '../../../../lib/stats.ts';
import type { WifiThresholds } from '../wifi-settings.ts';
import { detectBursts } from './bursts.ts';
import { capacityFindings, coverageFindings } from './capacity-coverage.ts';
import { judgeClients } from './clients-test.ts';
import type { Analysis, Baseline } from './counts.ts';
import { judgeSpace } from './space-test.ts';
import type { PairCount, Scope, Verdict, WifiData } from './types.ts';
import { composeVerdict } from './verdict-compose.ts';

/**
 * The verdict of research §7.2, end to end on counts already loaded: bursts first (their failures
 * are explained and taken out), then the baseline, access points, buildings, the site, SSIDs and
 * bands, then devices against the cleaned APs, device classes, capacity and coverage. Pure and
 * deterministic: the same data and thresholds always give the same verdict.
 */

function baselineOf(data: WifiData, pairs: PairCount[], t: WifiThresholds): Baseline {
  if (data.reference.n >= t.minReferenceAttempts)
    return { rate: Math.max(data.reference.k / data.reference.n, 0.001), source: 'reference' };
  const byAp = new Map<number, { n: number; k: number; clients: Set<number> }>();
  for (const p of pairs) {
    const e = byAp.get(p.a) ?? { n: 0, k: 0, clients: new Set<number>() };
    e.n += p.n;
    e.k += p.k;
    e.clients.add(p.c);
    byAp.set(p.a, e);
  }
  const rates = [...byAp.values()]
    .filter((e) => e.n >= t.minApAttempts && e.clients.size >= t.minApClients)
    .map((e) => e.k / e.n);
  const total = pairs.reduce((a, p) => ({ n: a.n + p.n, k: a.k + p.k }), { n: 0, k: 0 });
  const rate = rates.length ? median(rates) : total.n ? total.k / total.n : 0;
  return { rate: Math.max(rate, 0.001), source: 'window-median' };
}

/** Pairs minus the attempts that fell in outage bursts. */
function withoutBursts(data: WifiData, burstBins: ReadonlySet<number>): PairCount[] {
  const key = (p: { c: number; a: number; ssid: string; band: string }) => `${p.c}|${p.a}|${p.ssid}|${p.band}`;
  const minus = new Map<string, { n: number; k: number; s: number[] }>();
  for (const f of data.failBins) {
    if (!burstBins.has(f.bin)) continue;
    const m = minus.get(key(f)) ?? { n: 0, k: 0, s: [0, 0, 0, 0] };
    m.n += f.n;
    m.k += f.k;
    for (let i = 0; i < 4; i++) m.s[i] = (m.s[i] as number) + (f.s[i] as number);
    minus.set(key(f), m);
  }
  if (minus.size === 0) return data.pairs;
  return data.pairs
    .map((p) => {
      const m = minus.get(key(p));
      if (!m) return p;
      const s = p.s.map((v, i) => Math.max(0, v - (m.s[i] as number))) as PairCount['s'];
      return { ...p, n: Math.max(0, p.n - m.n), k: Math.max(0, p.k - m.k), s };
    })
    .filter((p) => p.n > 0);
}

export function analyse(data: WifiData, t: WifiThresholds): Analysis {
  const bursts = detectBursts(data, t);
  const burstBins = new Set(bursts.flatMap((b) => [...b.bins]));
  const pairs = withoutBursts(data, burstBins);
  const baseline = baselineOf(data, pairs, t);
  const space = judgeSpace(data, pairs, baseline.rate, t);
  const clients = judgeClients(data, pairs, baseline.rate, t, space.excludedAps);
  const capacity = capacityFindings(data, t, burstBins);
  const coverage = coverageFindings(data, t);
  return { data, t, pairs, baseline, bursts, space, clients, capacity, coverage };
}

export function analyseWifi(data: WifiData, t: WifiThresholds, scope: Scope | null = null): Verdict {
  return composeVerdict(analyse(data, t), scope);
}
