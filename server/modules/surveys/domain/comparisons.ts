import {
  benjaminiHochberg,
  chiSquareTest,
  cochranArmitage,
  type Interval,
  mannWhitneyU,
  newcombeInterval,
  twoProportionZ,
} from '../../../lib/stats.ts';
import { type CellInput, cellN, expand, favourableCount, mergedCounts, scalesOf } from './cell-stats.ts';
import type { Comparability } from './mapping.ts';

/**
 * Year-on-year change and five-year direction (research §2.3-2.5, §2.8). % favourable is tested
 * with the pooled two-proportion z-test and a Newcombe interval; the whole distribution with
 * Mann-Whitney U (asymptotic, tie-corrected, no continuity correction) and a chi-square test that
 * is refused, then retried on three merged categories, when an expected count is under 5. Across
 * a scale change only % favourable is compared, labelled indicative; across a new series (split,
 * merged, not comparable) nothing is. A change is flagged only when its Benjamini-Hochberg
 * adjusted p (within the audience-year) is under 0.05, it is at least the practical threshold,
 * and both groups are reportable. Consecutive years share respondents, so these independent-sample
 * tests are an approximation; the methodology note says so.
 */

export const BREAKS: readonly Comparability[] = ['split', 'merged', 'not_comparable'];

export type Flag = 'improved' | 'declined' | 'no clear change' | 'suppressed' | 'not comparable';

export type ChangeView = {
  fromYear: number;
  toYear: number;
  status: 'tested' | 'suppressed' | 'not comparable';
  indicative: boolean;
  delta: number | null;
  z: number | null;
  p: number | null;
  pAdjusted: number | null;
  newcombe: Interval | null;
  mannWhitney: { u: number; z: number; p: number } | null;
  distributionTest:
    | { valid: true; statistic: number; df: number; p: number; collapsed: boolean }
    | { valid: false; reason: string }
    | null;
  flag: Flag;
  note: string | null;
};

export type Side = { year: number; comparability: Comparability; cell: CellInput; visible: boolean; favVisible: boolean };

export function compareYears(from: Side, to: Side): ChangeView {
  const base = {
    fromYear: from.year,
    toYear: to.year,
    indicative: false,
    delta: null,
    z: null,
    p: null,
    pAdjusted: null,
    newcombe: null,
    mannWhitney: null,
    distributionTest: null,
    note: null,
  };
  if (BREAKS.includes(to.comparability))
    return { ...base, status: 'not comparable', flag: 'not comparable', note: 'the question changed: a new series starts' };
  if (!from.visible || !to.visible || !from.favVisible || !to.favVisible)
    return { ...base, status: 'suppressed', flag: 'suppressed', note: 'a group is too small to report' };
  const scalesFrom = scalesOf(from.cell);
  const scalesTo = scalesOf(to.cell);
  const sameScale = scalesFrom.length === 1 && scalesTo.length === 1 && scalesFrom[0] === scalesTo[0];
  const indicative = !sameScale || from.comparability === 'scale_changed' || to.comparability === 'scale_changed';
  const n1 = cellN(to.cell);
  const n0 = cellN(from.cell);
  const x1 = favourableCount(to.cell.counts);
  const x0 = favourableCount(from.cell.counts);
  const z = twoProportionZ(x1, n1, x0, n0);
  let mannWhitney: ChangeView['mannWhitney'] = null;
  let distributionTest: ChangeView['distributionTest'] = null;
  if (!indicative) {
    const scale = scalesTo[0] as string;
    const a = to.cell.counts[scale] as number[];
    const b = from.cell.counts[scale] as number[];
    const mw = mannWhitneyU(expand(a), expand(b));
    mannWhitney = { u: mw.statistic, z: mw.z, p: mw.p };
    const full = chiSquareTest([a, b]);
    if (full.valid) distributionTest = { ...full, collapsed: false };
    else {
      const collapsed = chiSquareTest([mergedCounts(to.cell.counts), mergedCounts(from.cell.counts)]);
      distributionTest = collapsed.valid
        ? { ...collapsed, collapsed: true }
        : { valid: false, reason: `${full.reason}; also with three merged categories` };
    }
  }
  return {
    ...base,
    status: 'tested',
    indicative,
    delta: x1 / n1 - x0 / n0,
    z: z.statistic,
    p: z.p,
    newcombe: newcombeInterval(x1, n1, x0, n0),
    mannWhitney,
    distributionTest,
    flag: 'no clear change',
    note: indicative ? 'scale changed: % favourable only, indicative' : null,
  };
}

/**
 * Flags the tested changes of one audience-year family in place: BH-adjusted p < 0.05 and
 * |Δ| ≥ practicalPoints. Everything else tested is "no clear change" (not "no change").
 */
export function flagFamily(changes: ChangeView[], practicalPoints: number, alpha = 0.05): void {
  const tested = changes.filter((c) => c.status === 'tested' && c.p !== null);
  const adjusted = benjaminiHochberg(tested.map((c) => c.p as number));
  for (const [i, c] of tested.entries()) {
    c.pAdjusted = adjusted[i] as number;
    const big = Math.abs(c.delta ?? 0) >= practicalPoints / 100 - 1e-12;
    c.flag = c.pAdjusted < alpha && big ? ((c.delta ?? 0) > 0 ? 'improved' : 'declined') : 'no clear change';
  }
}

export type TrendView =
  | { status: 'tested'; fromYear: number; toYear: number; years: number; z: number; p: number; indicative: boolean }
  | { status: 'not tested'; reason: string };

/** Cochran-Armitage over the latest unbroken run of reportable years (three or more). */
export function trendOf(sides: Side[]): TrendView {
  const run: Side[] = [];
  for (let i = sides.length - 1; i >= 0; i--) {
    const s = sides[i] as Side;
    if (!s.visible || !s.favVisible) break;
    run.unshift(s);
    if (BREAKS.includes(s.comparability)) break;
  }
  if (run.length < 3) return { status: 'not tested', reason: 'fewer than three comparable, reportable years' };
  const scales = new Set(run.flatMap((s) => scalesOf(s.cell)));
  const indicative = scales.size > 1 || run.some((s) => s.comparability === 'scale_changed');
  const t = cochranArmitage(
    run.map((s) => favourableCount(s.cell.counts)),
    run.map((s) => cellN(s.cell)),
    run.map((s) => s.year - (run[0] as Side).year),
  );
  return {
    status: 'tested',
    fromYear: (run[0] as Side).year,
    toYear: (run[run.length - 1] as Side).year,
    years: run.length,
    z: t.statistic,
    p: t.p,
    indicative,
  };
}
