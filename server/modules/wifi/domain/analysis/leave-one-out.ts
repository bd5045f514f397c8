import { benjaminiHochberg, wilson } from '../../../../lib/stats.ts';
import type { StageCounts } from './types.ts';
import { poissonUpperTail } from './wifi-stats.ts';

/**
 * The standardised-ratio test of research §7.2 steps 2 and 3, for any two-way table of attempts:
 * rows are what is judged (an AP, an SSID, a building, or a client) and columns what it is judged
 * against. A row's expected failures are Σ n · (the column's smoothed rate everywhere else), so an
 * AP is not blamed for devices that fail everywhere, nor a device for an AP where everyone fails.
 */

export type Cell = { row: number; col: number; n: number; k: number; s: StageCounts };

export type RowResult = {
  row: number;
  n: number;
  k: number;
  s: StageCounts;
  /** Distinct columns with attempts, and with at least one failure, on this row. */
  cols: number;
  failingCols: number;
  expected: number;
  ratio: number;
  p: number;
  /** Benjamini-Hochberg adjusted p over the rows tested together. */
  adjustedP: number;
  rate: number;
  ci: { lower: number; upper: number };
};

export function leaveOneOut(
  cells: readonly Cell[],
  options: {
    baseline: number;
    alpha: number;
    /** Columns whose own rate is unknown (anonymous counts): they are expected at the baseline. */
    baselineCols?: ReadonlySet<number>;
    /** Only rows that pass this are tested and adjusted together. */
    tested?: (r: { n: number; cols: number }) => boolean;
  },
): RowResult[] {
  const colN = new Map<number, number>();
  const colK = new Map<number, number>();
  for (const c of cells) {
    colN.set(c.col, (colN.get(c.col) ?? 0) + c.n);
    colK.set(c.col, (colK.get(c.col) ?? 0) + c.k);
  }
  type Acc = { n: number; k: number; s: StageCounts; cols: Set<number>; failing: Set<number>; e: number };
  const rows = new Map<number, Acc>();
  for (const c of cells) {
    if (c.n <= 0) continue;
    let r = rows.get(c.row);
    if (!r) {
      r = { n: 0, k: 0, s: [0, 0, 0, 0], cols: new Set(), failing: new Set(), e: 0 };
      rows.set(c.row, r);
    }
    r.n += c.n;
    r.k += c.k;
    for (let i = 0; i < 4; i++) r.s[i] = (r.s[i] as number) + (c.s[i] as number);
    r.cols.add(c.col);
    if (c.k > 0) r.failing.add(c.col);
    const q = options.baselineCols?.has(c.col)
      ? options.baseline
      : ((colK.get(c.col) ?? 0) - c.k + options.alpha * options.baseline) / ((colN.get(c.col) ?? 0) - c.n + options.alpha || 1);
    r.e += c.n * q;
  }
  const results: RowResult[] = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([row, r]) => ({
      row,
      n: r.n,
      k: r.k,
      s: r.s,
      cols: r.cols.size,
      failingCols: r.failing.size,
      expected: r.e,
      ratio: r.e > 0 ? r.k / r.e : r.k > 0 ? Number.POSITIVE_INFINITY : 0,
      p: poissonUpperTail(r.k, r.e),
      adjustedP: 1,
      rate: r.k / r.n,
      ci: wilson(r.k, r.n),
    }));
  const tested = results.filter((r) => !options.tested || options.tested(r));
  const adjusted = benjaminiHochberg(tested.map((r) => r.p));
  tested.forEach((r, i) => {
    r.adjustedP = adjusted[i] as number;
  });
  return results;
}

/** The failing stage that holds most of a row's failures (ties to the earlier stage). */
export function dominantStage(s: StageCounts): 0 | 1 | 2 | 3 | null {
  let best = -1;
  let bestN = 0;
  for (let i = 0; i < 4; i++)
    if ((s[i] as number) > bestN) {
      best = i;
      bestN = s[i] as number;
    }
  return best < 0 ? null : (best as 0 | 1 | 2 | 3);
}
