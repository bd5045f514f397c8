import type { Ctx } from '../../../lib/context.ts';
import { selectMilestones, selectProjects, selectStatesAt, type UpdateRow } from '../db/project-queries.ts';
import { describeBudgetChanges, pickBudget } from './budget.ts';
import { describeStateChange, type ProjectChange, statusWords } from './project-history.ts';
import { type Milestone, presentMilestone, todayOf } from './project-view.ts';

const state = (u: UpdateRow) => ({ status: u.status, rag: u.rag, ragReason: u.ragReason, ...pickBudget(u) });
const WEIGHT: Record<string, number> = { red: 0, amber: 1, green: 2 };

/**
 * Projects whose RAG, status or budget at `to` differs from what it was at `from`, and projects
 * added in between, from the append-only history: what moved in a past week as well as this one
 * (the weekly briefing). Same shape and order as `listProjectChangesSince`. No role check.
 */
export async function listProjectChangesBetween(ctx: Ctx, window: { from: Date; to: Date }): Promise<ProjectChange[]> {
  // One after another: callers (the demo, a redraft) may be inside a transaction, one connection.
  const projects = await selectProjects(ctx.db);
  const then = await selectStatesAt(ctx.db, window.from);
  const now = await selectStatesAt(ctx.db, window.to);
  const before = new Map(then.map((u) => [u.projectId, u]));
  const after = new Map(now.map((u) => [u.projectId, u]));
  const out: ProjectChange[] = [];
  for (const p of projects) {
    const a = after.get(p.id);
    if (!a) continue;
    const b = before.get(p.id);
    if (!b) {
      out.push({
        projectId: p.id,
        name: p.name,
        isNew: true,
        status: a.status,
        statusBefore: null,
        rag: a.rag,
        ragBefore: null,
        ragReason: a.ragReason,
        ragMoved: false,
        budgetMoved: false,
        lines: [`New project, ${statusWords(a.status)}, RAG ${a.rag}${a.ragReason ? `: ${a.ragReason}` : ''}`],
      });
      continue;
    }
    const budgetMoved = describeBudgetChanges(pickBudget(b), pickBudget(a)).length > 0;
    const ragMoved = b.rag !== a.rag;
    if (!ragMoved && !budgetMoved && b.status === a.status) continue;
    out.push({
      projectId: p.id,
      name: p.name,
      isNew: false,
      status: a.status,
      statusBefore: b.status,
      rag: a.rag,
      ragBefore: b.rag,
      ragReason: a.ragReason,
      ragMoved,
      budgetMoved,
      lines: describeStateChange(state(b), state(a)),
    });
  }
  return out.sort((x, y) => (WEIGHT[x.rag] ?? 3) - (WEIGHT[y.rag] ?? 3) || x.name.localeCompare(y.name));
}

export type ReachedMilestone = Milestone & { projectName: string };

/** Milestones marked done on a date between `from` and `to` (both inclusive), by date. No role check. */
export async function listMilestonesDone(ctx: Ctx, window: { from: string; to: string }): Promise<ReachedMilestone[]> {
  const milestones = await selectMilestones(ctx.db);
  const projects = await selectProjects(ctx.db);
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const today = todayOf(ctx);
  return milestones
    .filter((m) => m.doneOn && m.doneOn >= window.from && m.doneOn <= window.to)
    .sort((a, b) => (a.doneOn as string).localeCompare(b.doneOn as string) || a.title.localeCompare(b.title))
    .map((m) => ({ ...presentMilestone(m, today), projectName: names.get(m.projectId) ?? '' }));
}
