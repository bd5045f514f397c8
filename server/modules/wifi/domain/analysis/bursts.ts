import { median } from '../../../../lib/stats.ts';
import type { WifiThresholds } from '../wifi-settings.ts';
import { dominantStage } from './leave-one-out.ts';
import type { StageCounts, WifiData } from './types.ts';
import { poissonUpperTail } from './wifi-stats.ts';

/**
 * Outage bursts (research §7.2 step 6): a 5-minute bin in which many devices fail on several APs
 * at once. Consecutive bins make one burst, placed at the smallest scope (AP, building, site,
 * network) that holds most of its failures; failures at DHCP, DNS or authentication on most APs
 * of that scope point to a core service rather than the radio.
 */

const BIN_MS = 5 * 60_000;

export type Burst = {
  start: number;
  end: number;
  scope: 'ap' | 'building' | 'site';
  subject: string;
  failingClients: number;
  aps: number;
  apsActive: number;
  failures: number;
  attempts: number;
  stages: StageCounts;
  stage: 0 | 1 | 2 | 3 | null;
  coreService: 'DHCP' | 'DNS' | 'RADIUS' | null;
  threshold: number;
  medianBusyBin: number;
  bins: Set<number>;
};

export function detectBursts(data: WifiData, t: WifiThresholds): Burst[] {
  const inWindow = (bin: number) => bin >= data.windowStart && bin < data.windowEnd;
  const busyBins = data.busy.filter((b) => b.busyAps > 0 && inWindow(b.bin));
  const counts = busyBins.map((b) => b.failingDevices).sort((a, b) => a - b);
  const med = counts.length ? median(counts) : 0;
  // The usual count: the mean of the busy bins without the top 5%, so a burst does not raise its own bar.
  const kept = counts.slice(0, Math.max(1, Math.floor(counts.length * 0.95)));
  const usual = kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : 0;
  const threshold = Math.max(t.burstMinClients, 3 * med);
  const unlikely = (n: number) => poissonUpperTail(n, Math.max(usual, 0.5)) * Math.max(1, counts.length) < t.burstP;
  const busy = new Map<number, Set<number>>();
  for (const x of data.activeAps) busy.set(x.bin, (busy.get(x.bin) ?? new Set()).add(x.a));
  const hot = busyBins
    .filter((b) => b.failingDevices >= threshold && b.failingAps >= t.burstMinAps && unlikely(b.failingDevices))
    .map((b) => b.bin)
    .sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const bin of hot) {
    const last = runs[runs.length - 1];
    if (last && bin - (last[last.length - 1] as number) === BIN_MS) last.push(bin);
    else runs.push([bin]);
  }
  return runs.map((run) => describeBurst(data, t, new Set(run), threshold, med, busy));
}

function describeBurst(
  data: WifiData,
  t: WifiThresholds,
  bins: Set<number>,
  threshold: number,
  med: number,
  busy: Map<number, Set<number>>,
): Burst {
  const byAp = new Map<number, number>();
  const clients = new Set<number>();
  const stages: StageCounts = [0, 0, 0, 0];
  let failures = 0;
  let attempts = 0;
  for (const f of data.failBins) {
    if (!bins.has(f.bin)) continue;
    byAp.set(f.a, (byAp.get(f.a) ?? 0) + f.k);
    if (f.k > 0) clients.add(f.c);
    failures += f.k;
    attempts += f.n;
    for (let i = 0; i < 4; i++) stages[i] = (stages[i] as number) + (f.s[i] as number);
  }
  const active = new Set<number>();
  for (const b of bins) for (const a of busy.get(b) ?? []) active.add(a);
  const group = (key: (a: number) => string) => {
    const m = new Map<string, number>();
    for (const [a, k] of byAp) m.set(key(a), (m.get(key(a)) ?? 0) + k);
    return [...m.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0] as [string, number];
  };
  const ap = (a: number) => data.aps[a];
  const [topAp, apShare] = group((a) => ap(a)?.name ?? '');
  const [topBuilding, bShare] = group((a) => ap(a)?.building ?? '(no building)');
  const [topSite, sShare] = group((a) => ap(a)?.school ?? 'all');
  let scope: Burst['scope'] = 'site';
  let subject = sShare >= t.burstScopeShare * failures ? topSite : 'all';
  let members = (a: number) => subject === 'all' || ap(a)?.school === subject;
  if (apShare >= t.burstScopeShare * failures) {
    scope = 'ap';
    subject = topAp;
    members = (a) => ap(a)?.name === topAp;
  } else if (bShare >= t.burstScopeShare * failures && topBuilding !== '(no building)') {
    scope = 'building';
    subject = topBuilding;
    members = (a) => ap(a)?.building === topBuilding;
  }
  const stage = dominantStage(stages);
  const scopeActive = [...active].filter(members);
  const scopeFailing = [...byAp.keys()].filter(members);
  const spread = scopeActive.length > 0 && scopeFailing.length >= 0.5 * scopeActive.length;
  const core = stage !== null && stage > 0 && (stages[stage] as number) >= 0.8 * failures && spread;
  const sorted = [...bins].sort((a, b) => a - b);
  return {
    start: sorted[0] as number,
    end: (sorted[sorted.length - 1] as number) + BIN_MS,
    scope,
    subject,
    failingClients: clients.size,
    aps: byAp.size,
    apsActive: active.size,
    failures,
    attempts,
    stages,
    stage,
    coreService: core ? ({ 1: 'RADIUS', 2: 'DHCP', 3: 'DNS' } as const)[stage as 1 | 2 | 3] : null,
    threshold,
    medianBusyBin: med,
    bins,
  };
}
