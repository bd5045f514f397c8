import { wilson } from '../../../../lib/stats.ts';
import type { WifiThresholds } from '../wifi-settings.ts';
import type { detectBursts } from './bursts.ts';
import type { capacityFindings, coverageFindings } from './capacity-coverage.ts';
import type { judgeClients } from './clients-test.ts';
import type { Judged } from './space-test.ts';
import type { PairCount, WifiData } from './types.ts';

/** The analysis as the finding writers read it, and totals shared by them. */

export type Baseline = { rate: number; source: 'reference' | 'window-median' };

export type Analysis = {
  data: WifiData;
  t: WifiThresholds;
  pairs: PairCount[];
  baseline: Baseline;
  bursts: ReturnType<typeof detectBursts>;
  space: Judged;
  clients: ReturnType<typeof judgeClients>;
  capacity: ReturnType<typeof capacityFindings>;
  coverage: ReturnType<typeof coverageFindings>;
};

/** Totals over pairs, for summaries and the site test. */
export function totals(pairs: readonly PairCount[]): { n: number; k: number; clients: number; failing: number } {
  const clients = new Set<number>();
  const failing = new Set<number>();
  let n = 0;
  let k = 0;
  for (const p of pairs) {
    n += p.n;
    k += p.k;
    clients.add(p.c);
    if (p.k > 0) failing.add(p.c);
  }
  return { n, k, clients: clients.size, failing: failing.size };
}

export const ci = (k: number, n: number): [number, number] => {
  const w = wilson(k, n);
  return [w.lower, w.upper];
};
