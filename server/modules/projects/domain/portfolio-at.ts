import type { Ctx } from '../../../lib/context.ts';
import { selectProjects, selectStatesAt } from '../db/project-queries.ts';
import { selectRiskHistory, selectRisks } from '../db/risk-queries.ts';
import { type BudgetView, pickBudget, sumBudgets, viewBudget } from './budget.ts';
import { type RiskRating, riskRating, riskScore, scoreAt } from './risk-rules.ts';

/**
 * The portfolio and the risk register as they stood at an instant (a term's end), from the
 * append-only histories, for the termly report: six terms of RAG counts and budget without
 * anyone having written them down at the time. No role check: the caller checks.
 */

export type PortfolioProjectAt = {
  id: string;
  name: string;
  status: string;
  rag: 'green' | 'amber' | 'red';
  ragReason: string | null;
  budget: BudgetView;
  url: string;
};

export type PortfolioAt = {
  at: string;
  /** Live projects (not completed or cancelled) at that instant. */
  live: PortfolioProjectAt[];
  rag: { green: number; amber: number; red: number };
  /** Money across the live projects. */
  totals: BudgetView;
};

export async function readPortfolioAt(ctx: Ctx, at: Date): Promise<PortfolioAt> {
  const projects = await selectProjects(ctx.db);
  const states = await selectStatesAt(ctx.db, at);
  const name = new Map(projects.map((p) => [p.id, p.name]));
  const live = states
    .filter((s) => s.status !== 'completed' && s.status !== 'cancelled' && name.has(s.projectId))
    .map((s) => ({
      id: s.projectId,
      name: name.get(s.projectId) as string,
      status: s.status,
      rag: s.rag as PortfolioProjectAt['rag'],
      ragReason: s.ragReason,
      budget: viewBudget(pickBudget(s)),
      url: `/projects/${s.projectId}`,
    }))
    .sort((a, b) => RAG_ORDER[a.rag] - RAG_ORDER[b.rag] || a.name.localeCompare(b.name));
  return {
    at: at.toISOString(),
    live,
    rag: {
      green: live.filter((p) => p.rag === 'green').length,
      amber: live.filter((p) => p.rag === 'amber').length,
      red: live.filter((p) => p.rag === 'red').length,
    },
    totals: viewBudget(sumBudgets(live.map((p) => p.budget))),
  };
}

const RAG_ORDER = { red: 0, amber: 1, green: 2 } as const;

export type RiskAt = {
  id: string;
  code: string;
  title: string;
  category: string;
  score: number;
  rating: RiskRating;
  /** The score at `since` (the previous term's end), null if the risk did not exist then. */
  scoreBefore: number | null;
  movement: 'new' | 'up' | 'down' | 'same';
  url: string;
};

/**
 * Open risks at `at`, highest score first, each with its score at `since` and its movement.
 * A risk closed by `at` (its history says so) is left out.
 */
export async function readRisksAt(ctx: Ctx, window: { at: Date; since: Date }): Promise<RiskAt[]> {
  const risks = await selectRisks(ctx.db);
  const history = await selectRiskHistory(ctx.db);
  const out: RiskAt[] = [];
  for (const r of risks) {
    const mine = history.filter((h) => h.riskId === r.id);
    const upTo = mine.filter((h) => h.at <= window.at);
    if (upTo.length === 0) continue;
    const lastStatus = upTo.filter((h) => h.kind === 'closed' || h.kind === 'reopened').at(-1);
    if (lastStatus?.kind === 'closed') continue;
    const points = mine.map((h) => ({ at: h.at, likelihood: h.likelihood, impact: h.impact }));
    const last = upTo.at(-1) as (typeof upTo)[number];
    const score = riskScore(last.likelihood, last.impact);
    const before = scoreAt(points, window.since) ?? null;
    out.push({
      id: r.id,
      code: r.code,
      title: r.title,
      category: r.category,
      score,
      rating: riskRating(score),
      scoreBefore: before,
      movement: before === null ? 'new' : score > before ? 'up' : score < before ? 'down' : 'same',
      url: '/projects?tab=risks',
    });
  }
  return out.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}
