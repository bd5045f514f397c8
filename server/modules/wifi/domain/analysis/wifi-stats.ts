import { normalCdf } from '../../../../lib/stats.ts';

/**
 * The few statistics the Wi-Fi verdict needs beyond lib/stats (which other modules share):
 * a Poisson upper tail in log space, Spearman's rank correlation with a one-sided p-value,
 * and the concentration measures of research §7.2 step 6. Checked against hand and SciPy values
 * in wifi-stats.test.ts.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; |error| < 1e-13 over the range used). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ k) for X ~ Poisson(λ): the chance of at least `k` failures when `λ` were expected. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const logTerm = (j: number) => -lambda + j * Math.log(lambda) - logGamma(j + 1);
  if (k <= lambda) {
    // Below the mean: 1 minus the lower tail, summed downwards from k - 1.
    let lower = 0;
    for (let j = k - 1; j >= 0; j--) {
      const t = Math.exp(logTerm(j));
      lower += t;
      if (t < lower * 1e-17 && j < lambda - 10) break;
    }
    return Math.max(0, Math.min(1, 1 - lower));
  }
  let sum = 0;
  for (let j = k; ; j++) {
    const t = Math.exp(logTerm(j));
    sum += t;
    if (t <= sum * 1e-17 || j > k + 100000) break;
  }
  return Math.min(1, sum);
}

/** Ranks with ties averaged (1-based). */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as { v: number }).v === (order[i] as { v: number }).v) j++;
    const r = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) out[(order[m] as { i: number }).i] = r;
    i = j + 1;
  }
  return out;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman's ρ and the one-sided p-value of ρ > 0 by the Fisher transformation with the
 * Fieller-Hartley-Pearson variance 1.06 / (n − 3).
 */
export function spearman(x: readonly number[], y: readonly number[]): { rho: number; p: number; n: number } {
  const n = x.length;
  if (n < 4) return { rho: 0, p: 1, n };
  const rho = pearson(ranks(x), ranks(y));
  const clipped = Math.max(-0.999999, Math.min(0.999999, rho));
  const z = Math.atanh(clipped) * Math.sqrt((n - 3) / 1.06);
  return { rho, p: 1 - normalCdf(z), n };
}

/** Gini coefficient of non-negative counts (0: all equal; near 1: one holds everything). */
export function gini(values: readonly number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  const total = xs.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  let weighted = 0;
  xs.forEach((x, i) => {
    weighted += (i + 1) * x;
  });
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/** Share of all failures produced by the top 5% of clients (at least one client). */
export function topShare(values: readonly number[], share = 0.05): number {
  const xs = [...values].sort((a, b) => b - a);
  const total = xs.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const top = Math.max(1, Math.ceil(xs.length * share));
  return xs.slice(0, top).reduce((a, b) => a + b, 0) / total;
}

/** Effective number of failing clients: (Σk)² / Σk². */
export function effectiveCount(values: readonly number[]): number {
  const s = values.reduce((a, b) => a + b, 0);
  const s2 = values.reduce((a, b) => a + b * b, 0);
  return s2 === 0 ? 0 : (s * s) / s2;
}

/** Fixed rounding for the verdict JSON, so the same data always prints the same bytes. */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** p-values to three significant figures. */
export const roundP = (p: number): number => (p === 0 ? 0 : Number(p.toPrecision(3)));
