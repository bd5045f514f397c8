/**
 * Money and progress roll-ups, pure. Money is whole pence. For each of capital and revenue:
 * `budget` is what is allocated, `committed` what is ordered but not yet paid, `spent` what is
 * paid; available = budget - committed - spent (negative means over budget).
 */

export type Budget = {
  capitalBudget: number;
  capitalCommitted: number;
  capitalSpent: number;
  revenueBudget: number;
  revenueCommitted: number;
  revenueSpent: number;
};

export const BUDGET_FIELDS = [
  'capitalBudget',
  'capitalCommitted',
  'capitalSpent',
  'revenueBudget',
  'revenueCommitted',
  'revenueSpent',
] as const satisfies readonly (keyof Budget)[];

export const BUDGET_LABELS: Record<keyof Budget, string> = {
  capitalBudget: 'capital budget',
  capitalCommitted: 'capital committed',
  capitalSpent: 'capital spent',
  revenueBudget: 'revenue budget',
  revenueCommitted: 'revenue committed',
  revenueSpent: 'revenue spent',
};

export type BudgetView = Budget & {
  capitalAvailable: number;
  revenueAvailable: number;
  totalBudget: number;
  totalCommitted: number;
  totalSpent: number;
  totalAvailable: number;
  /** Committed plus spent as a whole percentage of the budget (null without a budget). */
  usedPercent: number | null;
  overBudget: boolean;
};

export const ZERO_BUDGET: Budget = {
  capitalBudget: 0,
  capitalCommitted: 0,
  capitalSpent: 0,
  revenueBudget: 0,
  revenueCommitted: 0,
  revenueSpent: 0,
};

export function pickBudget(b: Budget): Budget {
  return Object.fromEntries(BUDGET_FIELDS.map((f) => [f, b[f]])) as Budget;
}

export function sumBudgets(list: readonly Budget[]): Budget {
  const out = { ...ZERO_BUDGET };
  for (const b of list) for (const f of BUDGET_FIELDS) out[f] += b[f];
  return out;
}

export function viewBudget(b: Budget): BudgetView {
  const capitalAvailable = b.capitalBudget - b.capitalCommitted - b.capitalSpent;
  const revenueAvailable = b.revenueBudget - b.revenueCommitted - b.revenueSpent;
  const totalBudget = b.capitalBudget + b.revenueBudget;
  const totalCommitted = b.capitalCommitted + b.revenueCommitted;
  const totalSpent = b.capitalSpent + b.revenueSpent;
  return {
    ...pickBudget(b),
    capitalAvailable,
    revenueAvailable,
    totalBudget,
    totalCommitted,
    totalSpent,
    totalAvailable: totalBudget - totalCommitted - totalSpent,
    usedPercent: totalBudget > 0 ? Math.round(((totalCommitted + totalSpent) * 100) / totalBudget) : null,
    overBudget: capitalAvailable < 0 || revenueAvailable < 0,
  };
}

/** '£12,500' for whole pounds, '£12,500.50' otherwise; negative as '−£300'. */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '−' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  const p = abs % 100;
  return `${sign}£${pounds}${p ? `.${String(p).padStart(2, '0')}` : ''}`;
}

/** What moved between two budgets, in words: ['capital spent £12,000 → £18,500']. */
export function describeBudgetChanges(before: Budget, after: Budget): string[] {
  return BUDGET_FIELDS.filter((f) => before[f] !== after[f]).map(
    (f) => `${BUDGET_LABELS[f]} ${formatPence(before[f])} → ${formatPence(after[f])}`,
  );
}

export type ProgressInput = { status: string; milestones: readonly { doneOn: string | null }[] };

/**
 * A project's progress in whole percent: completed 100; otherwise milestones done out of all
 * milestones; with no milestones, 0 until it is completed. Cancelled projects have none (null)
 * and are left out of roll-ups.
 */
export function projectProgress(p: ProgressInput): number | null {
  if (p.status === 'cancelled') return null;
  if (p.status === 'completed') return 100;
  if (p.milestones.length === 0) return 0;
  return Math.round((p.milestones.filter((m) => m.doneOn).length * 100) / p.milestones.length);
}

/** The mean of the parts that have a progress (each part weighs the same), whole percent. */
export function rollUpProgress(parts: readonly (number | null)[]): number | null {
  const known = parts.filter((p): p is number => p !== null);
  if (known.length === 0) return null;
  return Math.round(known.reduce((a, b) => a + b, 0) / known.length);
}
