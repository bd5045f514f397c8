import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, median, normalCdf, normalQuantile, quantile, sampleSd, twoSidedP, wilson } from './stats.ts';

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
});
