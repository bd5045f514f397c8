/**
 * Statistics shared by the modules that make claims from counts (Wi-Fi service levels, survey
 * trends, help desk metrics). Every function here is checked against reference values
 * computed independently (SciPy) in stats.test.ts; add to it the same way.
 */

import { chiSquareSf, tCdf, tQuantile } from './distributions.ts';

export { chiSquareSf, tCdf, tQuantile };

/** Complementary error function. */
function erfc(x: number): number {
  // W. H. Press et al., Numerical Recipes, erfcc (Chebyshev), fractional error < 1.2e-7.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution function. */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** Two-sided p-value of a standard normal statistic. */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));

/** Inverse of the standard normal CDF (Acklam's algorithm, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError('normalQuantile needs 0 < p < 1');
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

export type Interval = { lower: number; upper: number };

/** Wilson score interval for `successes` of `n` (95% by default). Sound at small n and near 0 or 1. */
export function wilson(successes: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1), in the input order.
 * A test is a discovery at FDR q when its adjusted p is below q.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const item = order[k] as { p: number; i: number };
    running = Math.min(running, (item.p * m) / (k + 1));
    adjusted[item.i] = Math.min(1, running);
  }
  return adjusted;
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** Sample standard deviation (n - 1). */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * The q-quantile (0..1) by linear interpolation between order statistics (the "type 7" rule of
 * R, NumPy's default), so a median of an even count is the mean of the middle two.
 */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/**
 * The nearest-rank q-quantile: the ceil(q * n)-th smallest value, always one of the values, so
 * "90% within P90" is literally true (the SLT report's P90; research AT-29: [1, 2, 2, 3, 4, 5, 8,
 * 8, 12, 40] gives 12).
 */
export function nearestRank(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

// ---------------------------------------------------------------------------------------------
// Intervals and tests used for survey trends (surveys research §2.2-2.4).

/** Mean with a t-based interval: mean ± t(1 - α/2, n - 1) · s / √n. */
export function meanInterval(xs: readonly number[], confidence = 0.95): Interval & { mean: number; sd: number; n: number } {
  const n = xs.length;
  const m = mean(xs);
  const sd = sampleSd(xs);
  if (n < 2) return { mean: m, sd, n, lower: Number.NaN, upper: Number.NaN };
  const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
  return { mean: m, sd, n, lower: m - half, upper: m + half };
}

/**
 * Wald interval for a proportion with the finite population correction √((N − n)/(N − 1)), for a
 * census of a small population (e.g. 40 of 60 staff). It assumes non-response is ignorable.
 */
export function waldFpcInterval(successes: number, n: number, population: number, confidence = 0.95): Interval {
  const p = successes / n;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const fpc = Math.sqrt((population - n) / (population - 1));
  const half = z * Math.sqrt((p * (1 - p)) / n) * fpc;
  return { lower: Math.max(0, p - half), upper: Math.min(1, p + half) };
}

export type TestResult = { statistic: number; p: number };

/**
 * Pooled two-proportion z-test of x1/n1 against x2/n2 (two-sided); z > 0 when the first is higher.
 * Identical to the 2×2 chi-square without continuity correction (z² = χ²).
 */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TestResult {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { statistic: z, p: twoSidedP(z) };
}

/**
 * Newcombe's hybrid score interval (his method 10) for p1 − p2, built from the two Wilson
 * intervals; sound at small n, unlike the Wald difference interval.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, confidence);
  const b = wilson(x2, n2, confidence);
  const d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}

/**
 * Mann-Whitney U of `x` against `y` (two-sided). The variant: U counts pairs with x > y plus half
 * the ties (SciPy's U for the first sample); the p-value is the normal approximation with the tie
 * correction of the variance and NO continuity correction (scipy.stats.mannwhitneyu with
 * method='asymptotic', use_continuity=False). Ordinal codes with many ties are what it is for.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): TestResult & { z: number } {
  const n1 = x.length;
  const n2 = y.length;
  const all = [...x.map((v) => ({ v, g: 0 })), ...y.map((v) => ({ v, g: 1 }))].sort((a, b) => a.v - b.v);
  const n = all.length;
  let rankSumX = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && (all[j + 1] as { v: number }).v === (all[i] as { v: number }).v) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if ((all[k] as { g: number }).g === 0) rankSumX += rank;
    i = j + 1;
  }
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = sigma === 0 ? 0 : (u - (n1 * n2) / 2) / sigma;
  return { statistic: u, z, p: sigma === 0 ? 1 : twoSidedP(z) };
}

/** Welch's t-test of mean(x) against mean(y), two-sided. */
export function welchT(x: readonly number[], y: readonly number[]): TestResult & { df: number } {
  const vx = sampleSd(x) ** 2 / x.length;
  const vy = sampleSd(y) ** 2 / y.length;
  const t = (mean(x) - mean(y)) / Math.sqrt(vx + vy);
  const df = (vx + vy) ** 2 / (vx ** 2 / (x.length - 1) + vy ** 2 / (y.length - 1));
  return { statistic: t, df, p: 2 * (1 - tCdf(Math.abs(t), df)) };
}

/**
 * Cochran-Armitage test for a linear trend in proportions successes[i]/totals[i] with `scores`
 * (0, 1, 2... by default), two-sided; z > 0 when the proportion rises with the score.
 */
export function cochranArmitage(
  successes: readonly number[],
  totals: readonly number[],
  scores: readonly number[] = successes.map((_, i) => i),
): TestResult {
  const N = totals.reduce((a, b) => a + b, 0);
  const pBar = successes.reduce((a, b) => a + b, 0) / N;
  let t = 0;
  let sumNS = 0;
  let sumNS2 = 0;
  for (const [i, n] of totals.entries()) {
    const s = scores[i] as number;
    t += s * ((successes[i] as number) - n * pBar);
    sumNS += n * s;
    sumNS2 += n * s * s;
  }
  const variance = pBar * (1 - pBar) * (sumNS2 - (sumNS * sumNS) / N);
  if (variance <= 0) return { statistic: 0, p: 1 };
  const z = t / Math.sqrt(variance);
  return { statistic: z, p: twoSidedP(z) };
}

export type ChiSquareResult =
  | { valid: true; statistic: number; df: number; p: number; minExpected: number }
  | { valid: false; reason: string; minExpected: number };

/**
 * Pearson's chi-square test of homogeneity on an r × k table of counts, without continuity
 * correction. Refuses (valid: false) when any expected count is below `minExpected` (5): the
 * approximation does not hold there, so no p-value is given; collapse categories instead.
 */
export function chiSquareTest(table: readonly (readonly number[])[], minExpected = 5): ChiSquareResult {
  const rowTotals = table.map((r) => r.reduce((a, b) => a + b, 0));
  const k = table[0]?.length ?? 0;
  const colTotals = Array.from({ length: k }, (_, j) => table.reduce((a, r) => a + (r[j] as number), 0));
  const N = rowTotals.reduce((a, b) => a + b, 0);
  const keep = colTotals.map((c) => c > 0);
  let stat = 0;
  let least = Number.POSITIVE_INFINITY;
  for (const [i, r] of table.entries()) {
    for (const [j, observed] of r.entries()) {
      if (!keep[j]) continue;
      const expected = ((rowTotals[i] as number) * (colTotals[j] as number)) / N;
      least = Math.min(least, expected);
      stat += (observed - expected) ** 2 / expected;
    }
  }
  if (least < minExpected) {
    return {
      valid: false,
      minExpected: least,
      reason: `not valid: minimum expected count ${least.toFixed(3)} < ${minExpected}`,
    };
  }
  const df = (table.length - 1) * (keep.filter(Boolean).length - 1);
  return { valid: true, statistic: stat, df, p: chiSquareSf(stat, df), minExpected: least };
}
