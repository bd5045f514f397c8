import { describe, expect, it } from 'vitest';
import {
  type Budget,
  describeBudgetChanges,
  formatPence,
  projectProgress,
  rollUpProgress,
  sumBudgets,
  viewBudget,
  ZERO_BUDGET,
} from './budget.ts';
import { riskRating, riskScore, riskTrend, scoreAt } from './risk-rules.ts';

const firewall: Budget = {
  capitalBudget: 3_200_000, // £32,000
  capitalCommitted: 1_850_000,
  capitalSpent: 1_200_050, // £12,000.50
  revenueBudget: 450_000,
  revenueCommitted: 0,
  revenueSpent: 120_000,
};
const mfa: Budget = { ...ZERO_BUDGET, revenueBudget: 600_000, revenueCommitted: 100_000, revenueSpent: 550_000 };

describe('budget roll-ups', () => {
  it('sums capital and revenue, committed and spent, in whole pence', () => {
    const total = sumBudgets([firewall, mfa]);
    expect(total).toEqual({
      capitalBudget: 3_200_000,
      capitalCommitted: 1_850_000,
      capitalSpent: 1_200_050,
      revenueBudget: 1_050_000,
      revenueCommitted: 100_000,
      revenueSpent: 670_000,
    });
    const view = viewBudget(total);
    // Capital: 32,000 - 18,500 - 12,000.50 = 1,499.50. Revenue: 10,500 - 1,000 - 6,700 = 2,800.
    expect(view.capitalAvailable).toBe(149_950);
    expect(view.revenueAvailable).toBe(280_000);
    expect(view.totalBudget).toBe(4_250_000);
    expect(view.totalAvailable).toBe(429_950);
    // (18,500 + 1,000 + 12,000.50 + 6,700) / 42,500 = 89.88% -> 90.
    expect(view.usedPercent).toBe(90);
    expect(view.overBudget).toBe(false);
  });

  it('flags over budget on either side and has no percentage without a budget', () => {
    expect(viewBudget(mfa)).toMatchObject({ revenueAvailable: -50_000, overBudget: true, usedPercent: 108 });
    expect(viewBudget(ZERO_BUDGET).usedPercent).toBeNull();
    expect(sumBudgets([])).toEqual(ZERO_BUDGET);
  });

  it('writes money as a bursar reads it, and says what moved', () => {
    expect(formatPence(1_200_050)).toBe('£12,000.50');
    expect(formatPence(3_200_000)).toBe('£32,000');
    expect(formatPence(-50_000)).toBe('−£500');
    expect(formatPence(5)).toBe('£0.05');
    expect(describeBudgetChanges(firewall, { ...firewall, capitalSpent: 1_850_000, capitalCommitted: 0 })).toEqual([
      'capital committed £18,500 → £0',
      'capital spent £12,000.50 → £18,500',
    ]);
    expect(describeBudgetChanges(firewall, firewall)).toEqual([]);
  });
});

describe('progress roll-ups', () => {
  const ms = (done: number, open: number) => [
    ...Array.from({ length: done }, () => ({ doneOn: '2026-10-01' })),
    ...Array.from({ length: open }, () => ({ doneOn: null })),
  ];
  it('counts milestones done; completed is 100, cancelled is left out', () => {
    expect(projectProgress({ status: 'active', milestones: ms(1, 2) })).toBe(33);
    expect(projectProgress({ status: 'active', milestones: ms(2, 1) })).toBe(67);
    expect(projectProgress({ status: 'planned', milestones: [] })).toBe(0);
    expect(projectProgress({ status: 'completed', milestones: ms(1, 3) })).toBe(100);
    expect(projectProgress({ status: 'cancelled', milestones: ms(3, 0) })).toBeNull();
  });
  it('averages the parts that have a progress', () => {
    expect(rollUpProgress([100, 33, null])).toBe(67); // (100 + 33) / 2 = 66.5 -> 67
    expect(rollUpProgress([null])).toBeNull();
    expect(rollUpProgress([0, 50, 25])).toBe(25);
  });
});

describe('risk scores', () => {
  const at = (d: string, likelihood: number, impact: number) => ({ at: new Date(`${d}T09:00:00Z`), likelihood, impact });
  const history = [at('2026-09-01', 3, 4), at('2026-10-01', 4, 4), at('2026-11-01', 4, 4)];
  it('scores likelihood x impact and rates it on the 5 x 5 matrix', () => {
    expect(riskScore(4, 5)).toBe(20);
    expect([4, 5, 9, 10, 14, 15, 25].map(riskRating)).toEqual([
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });
  it('takes the trend from the last two scores and the score at a past moment', () => {
    expect(riskTrend(history)).toBe('steady');
    expect(riskTrend(history.slice(0, 2))).toBe('rising');
    expect(riskTrend([...history, at('2026-11-10', 2, 4)])).toBe('falling');
    expect(riskTrend(history.slice(0, 1))).toBe('new');
    expect(scoreAt(history, new Date('2026-09-15T00:00:00Z'))).toBe(12);
    expect(scoreAt(history, new Date('2026-10-01T09:00:00Z'))).toBe(16);
    expect(scoreAt(history, new Date('2026-08-01T00:00:00Z'))).toBeUndefined();
  });
});
