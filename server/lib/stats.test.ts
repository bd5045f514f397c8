import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  chiSquareSf,
  chiSquareTest,
  cochranArmitage,
  mannWhitneyU,
  meanInterval,
  median,
  nearestRank,
  newcombeInterval,
  normalCdf,
  normalQuantile,
  quantile,
  sampleSd,
  tCdf,
  tQuantile,
  twoProportionZ,
  twoSidedP,
  waldFpcInterval,
  welchT,
  wilson,
} from './stats.ts';

// Reference values: /work/shared/research surveys §2.9 (SciPy 1.17.1) and scipy.stats.norm.
describe('statistics', () => {
  it('normal distribution', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 6);
    expect(twoSidedP(2.1391)).toBeCloseTo(0.03243, 4);
    expect(twoSidedP(-0.3373)).toBeCloseTo(0.73589, 4);
  });

  it('Wilson intervals match the five reference years', () => {
    const years: [number, number, number, number][] = [
      [18, 38, 0.3248, 0.6274],
      [22, 44, 0.3583, 0.6417],
      [19, 41, 0.3206, 0.6125],
      [20, 40, 0.352, 0.648],
      [36, 50, 0.5833, 0.8253],
    ];
    for (const [k, n, lo, hi] of years) {
      const ci = wilson(k, n);
      expect(ci.lower).toBeCloseTo(lo, 4);
      expect(ci.upper).toBeCloseTo(hi, 4);
    }
    expect(wilson(0, 10).lower).toBe(0);
    expect(wilson(0, 10).upper).toBeCloseTo(0.27753, 4);
  });

  it('Benjamini-Hochberg matches the reference example', () => {
    const raw = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
    const adj = benjaminiHochberg(raw);
    const expected = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.10571, 0.216, 0.216, 0.216];
    for (const [i, v] of adj.entries()) expect(v).toBeCloseTo(expected[i] as number, 5);
    expect(adj.filter((p) => p < 0.05)).toHaveLength(2);
    // Input order is kept.
    expect(benjaminiHochberg([0.04, 0.01])).toEqual([0.04, 0.02]);
  });

  it('medians, quantiles and spread', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([], 0.5)).toBeNaN();
    // 2021 codes from §2.9: SD 1.1834.
    const codes = [...Array(3).fill(1), ...Array(7).fill(2), ...Array(10).fill(3), ...Array(12).fill(4), ...Array(6).fill(5)];
    expect(sampleSd(codes)).toBeCloseTo(1.1834, 4);
  });

  // §2.9: the Wi-Fi item, counts of codes 1..5 per year.
  const COUNTS: Record<number, number[]> = {
    2021: [3, 7, 10, 12, 6],
    2022: [4, 6, 12, 14, 8],
    2023: [5, 7, 10, 13, 6],
    2024: [4, 6, 10, 14, 6],
    2025: [2, 4, 8, 20, 16],
  };
  const codesOf = (year: number) => (COUNTS[year] as number[]).flatMap((k, i) => Array<number>(k).fill(i + 1));
  const t2b = (year: number) => ((COUNTS[year] as number[])[3] as number) + ((COUNTS[year] as number[])[4] as number);
  const nOf = (year: number) => (COUNTS[year] as number[]).reduce((a, b) => a + b, 0);

  it("Student's t and chi-square distributions match SciPy", () => {
    expect(tQuantile(0.975, 37)).toBeCloseTo(2.026192463029, 8);
    expect(tQuantile(0.9, 3)).toBeCloseTo(1.637744353696, 8);
    expect(tCdf(2.0, 5)).toBeCloseTo(0.949030260585, 9);
    expect(tCdf(-1.3, 12.5)).toBeCloseTo(0.108531005317, 8);
    expect(chiSquareSf(5.8543, 4)).toBeCloseTo(0.21029667, 7);
    expect(chiSquareSf(0.5, 1)).toBeCloseTo(0.479500122187, 8);
    expect(chiSquareSf(30, 10)).toBeCloseTo(0.000856641211, 9);
  });

  it('means with t intervals match the five reference years', () => {
    const expected: [number, number, number, number, number][] = [
      [2021, 3.2895, 1.1834, 2.9005, 3.6784],
      [2022, 3.3636, 1.2025, 2.998, 3.7292],
      [2023, 3.1951, 1.2494, 2.8008, 3.5895],
      [2024, 3.3, 1.2026, 2.9154, 3.6846],
      [2025, 3.88, 1.0812, 3.5727, 4.1873],
    ];
    for (const [year, m, sd, lo, hi] of expected) {
      const ci = meanInterval(codesOf(year));
      expect(ci.n).toBe(nOf(year));
      expect(ci.mean).toBeCloseTo(m, 4);
      expect(ci.sd).toBeCloseTo(sd, 4);
      expect(ci.lower).toBeCloseTo(lo, 4);
      expect(ci.upper).toBeCloseTo(hi, 4);
    }
    expect(meanInterval([4]).lower).toBeNaN();
  });

  it('year-on-year z-tests and Mann-Whitney U match the reference pairs', () => {
    const pairs: [number, number, number, number, number][] = [
      [2022, 0.2377, 0.81209, 869, 0.75154],
      [2023, -0.3373, 0.73589, 836, 0.5497],
      [2024, 0.3295, 0.7418, 858, 0.7111],
      [2025, 2.1391, 0.03243, 1284, 0.01632],
    ];
    for (const [year, z, pz, u, pu] of pairs) {
      const test = twoProportionZ(t2b(year), nOf(year), t2b(year - 1), nOf(year - 1));
      expect(test.statistic).toBeCloseTo(z, 4);
      expect(test.p).toBeCloseTo(pz, 4);
      const mw = mannWhitneyU(codesOf(year), codesOf(year - 1));
      expect(mw.statistic).toBe(u);
      expect(mw.p).toBeCloseTo(pu, 4);
    }
    // z² is the 2×2 chi-square without continuity correction.
    const chi = chiSquareTest([
      [36, 14],
      [20, 20],
    ]);
    expect(chi.valid && chi.statistic).toBeCloseTo(4.5756, 4);
    expect(chi.valid && chi.p).toBeCloseTo(0.03243, 4);
    const welch = welchT(codesOf(2025), codesOf(2024));
    expect(welch.statistic).toBeCloseTo(2.3771, 4);
    expect(welch.p).toBeCloseTo(0.01986, 4);
  });

  it('Newcombe hybrid-score interval for 2025 vs 2024', () => {
    const ci = newcombeInterval(36, 50, 20, 40);
    expect(ci.lower).toBeCloseTo(0.0186, 4);
    expect(ci.upper).toBeCloseTo(0.4016, 4);
  });

  it('refuses the 2×5 chi-square whose minimum expected count is 2.667', () => {
    const table = [COUNTS[2025] as number[], COUNTS[2024] as number[]];
    const refused = chiSquareTest(table);
    expect(refused.valid).toBe(false);
    expect(refused.minExpected).toBeCloseTo(2.6667, 4);
    expect(!refused.valid && refused.reason).toBe('not valid: minimum expected count 2.667 < 5');
    // The arithmetic itself is right: with the guard off it is SciPy's 5.8543, p 0.21029.
    const unguarded = chiSquareTest(table, 0);
    expect(unguarded.valid && unguarded.statistic).toBeCloseTo(5.8543, 4);
    expect(unguarded.valid && unguarded.df).toBe(4);
    expect(unguarded.valid && unguarded.p).toBeCloseTo(0.21029, 4);
  });

  it('Cochran-Armitage trend over 2021-2025 and the finite-population interval', () => {
    const trend = cochranArmitage([18, 22, 19, 20, 36], [38, 44, 41, 40, 50]);
    expect(trend.statistic).toBeCloseTo(2.2343, 4);
    expect(trend.p).toBeCloseTo(0.02547, 4);
    expect(cochranArmitage([5, 5], [10, 10]).p).toBeCloseTo(1, 10);
    const fpc = waldFpcInterval(20, 40, 60);
    expect(fpc.lower).toBeCloseTo(0.4098, 4);
    expect(fpc.upper).toBeCloseTo(0.5902, 4);
  });
});

describe('nearestRank (research AT-29)', () => {
  it('gives P90 = 12 and the median 4.5 for resolution hours [1, 2, 2, 3, 4, 5, 8, 8, 12, 40]', () => {
    const hours = [40, 1, 2, 8, 2, 3, 12, 4, 5, 8];
    expect(nearestRank(hours, 0.9)).toBe(12);
    expect(median(hours)).toBe(4.5);
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([], 0.9)).toBeNaN();
  });
});
