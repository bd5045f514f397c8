import { describe, expect, it } from 'vitest';
import { fisherExact } from './fisher-exact.ts';

// Reference values: the same sum done with exact fractions (Python's fractions and math.comb).
describe('fisherExact (two-sided)', () => {
  it.each([
    [8, 20, 2, 20, 0.06483316160735515],
    [12, 20, 1, 20, 0.00043162501449486987],
    [3, 10, 4, 10, 1],
    [0, 10, 5, 10, 0.032507739938080496],
    [5, 12, 0, 7, 0.10603715170278638],
    [1, 4, 9, 10, 0.04095904095904096],
    [10, 10, 0, 10, 1.082508822446903e-5],
  ])('%i/%i against %i/%i gives p = %f', (x1, n1, x2, n2, p) => {
    expect(fisherExact(x1, n1, x2, n2)).toBeCloseTo(p, 10);
    // The test does not care which group comes first.
    expect(fisherExact(x2, n2, x1, n1)).toBeCloseTo(p, 10);
  });

  it('is 1 when a group is empty', () => {
    expect(fisherExact(0, 0, 3, 10)).toBe(1);
  });
});
