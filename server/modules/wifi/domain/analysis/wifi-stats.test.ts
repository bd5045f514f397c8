import { describe, expect, it } from 'vitest';
import { leaveOneOut } from './leave-one-out.ts';
import { effectiveCount, gini, logGamma, poissonUpperTail, ranks, round, spearman, topShare } from './wifi-stats.ts';

/** Reference values: exact sums (Python's math), and SciPy-equivalent formulas computed by hand. */

describe('Wi-Fi statistics', () => {
  it('log-gamma matches lgamma', () => {
    expect(logGamma(10)).toBeCloseTo(12.801827480081467, 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247004, 10);
    expect(logGamma(100.5)).toBeCloseTo(361.4355404677776, 8);
  });

  it('the Poisson upper tail P(X >= k) matches the exact sums', () => {
    expect(poissonUpperTail(5, 1)).toBeCloseTo(0.00365984682734366, 12);
    expect(poissonUpperTail(3, 3)).toBeCloseTo(0.5768099188731565, 12);
    expect(poissonUpperTail(30, 10) / 2.509951200213578e-7).toBeCloseTo(1, 8);
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(0.3934693402873666, 12);
    expect(poissonUpperTail(0, 4)).toBe(1);
    expect(poissonUpperTail(2, 0)).toBe(0);
  });

  it("Spearman's rho averages ties, and its one-sided p uses the Fisher z with variance 1.06/(n-3)", () => {
    expect(ranks([5, 6, 7, 8, 7])).toEqual([1, 2, 3.5, 5, 3.5]);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho).toBeCloseTo(0.8207826816681233, 12);
    const s = spearman([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 1, 4, 3, 6, 5, 8, 7, 10, 9]);
    expect(s.rho).toBeCloseTo(0.9393939393939394, 12);
    expect(s.p / 4.232145610206859e-6).toBeCloseTo(1, 5);
  });

  it('concentration: Gini, top-5% share and the effective number of failing devices', () => {
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
    expect(gini([3, 3, 3])).toBe(0);
    expect(topShare([50, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBeCloseTo(50 / 69, 12);
    expect(effectiveCount([1, 1, 1, 1])).toBe(4);
    expect(effectiveCount([4, 0, 0])).toBe(1);
    expect(round(-0.00001)).toBe(0);
  });

  it('leave-one-out: an AP is expected to fail as much as its devices do elsewhere', () => {
    // Device 0 fails 8 of 10 on AP 1 and 0 of 10 on AP 2; device 1 fails 0 of 10 on AP 1 and 1 of 10 on AP 2.
    const cells = [
      { row: 1, col: 0, n: 10, k: 8, s: [8, 0, 0, 0] as [number, number, number, number] },
      { row: 2, col: 0, n: 10, k: 0, s: [0, 0, 0, 0] as [number, number, number, number] },
      { row: 1, col: 1, n: 10, k: 0, s: [0, 0, 0, 0] as [number, number, number, number] },
      { row: 2, col: 1, n: 10, k: 1, s: [1, 0, 0, 0] as [number, number, number, number] },
    ];
    const [ap1, ap2] = leaveOneOut(cells, { baseline: 0.1, alpha: 10 });
    // AP 1: E = 10 * (0 + 10*0.1)/(10 + 10) + 10 * (1 + 1)/(10 + 10) = 0.5 + 1 = 1.5; O = 8.
    expect(ap1?.expected).toBeCloseTo(1.5, 12);
    expect(ap1?.ratio).toBeCloseTo(8 / 1.5, 12);
    expect(ap1?.p).toBeCloseTo(poissonUpperTail(8, 1.5), 15);
    expect([ap1?.cols, ap1?.failingCols]).toEqual([2, 1]);
    // AP 2: E = 10 * (8 + 1)/20 + 10 * (0 + 1)/20 = 4.5 + 0.5 = 5; O = 1.
    expect(ap2?.expected).toBeCloseTo(5, 12);
  });
});
