import type { Ctx } from '../../../lib/context.ts';
import { type ProjectRow, selectProjects, selectStatesAt, selectUpdates, type UpdateRow } from '../db/project-queries.ts';
import { type Budget, describeBudgetChanges, pickBudget } from './budget.ts';

export type HistoryEntry = {
  at: string;
  by: string;
  kind: string;
  note: string | null;
  /** What changed, in words: 'RAG amber → red', 'capital spent £12,000 → £18,500'. */
  lines: string[];
  rag: string;
  status: string;
};

const STATUS_WORDS: Record<string, string> = {
  proposed: 'proposed',
  planned: 'planned',
  active: 'under way',
  on_hold: 'on hold',
  completed: 'completed',
  cancelled: 'cancelled',
};
export const statusWords = (s: string): string => STATUS_WORDS[s] ?? s;

const DETAIL_WORDS: Record<string, string> = {
  name: 'name',
  summary: 'summary',
  staffSummary: 'summary for staff',
  ownerId: 'owner',
  ownerName: 'owner',
  objectiveId: 'objective',
  initiativeId: 'initiative',
  startOn: 'start date',
  targetOn: 'target date',
  completedOn: 'completion date',
  dependsOn: 'dependencies',
};

type State = { status: string; rag: string; ragReason: string | null } & Budget;

/** The differences between two states of a project, in words. */
export function describeStateChange(before: State, after: State): string[] {
  const lines: string[] = [];
  if (before.status !== after.status) lines.push(`Status ${statusWords(before.status)} → ${statusWords(after.status)}`);
  if (before.rag !== after.rag) lines.push(`RAG ${before.rag} → ${after.rag}${after.ragReason ? `: ${after.ragReason}` : ''}`);
  else if (before.ragReason !== after.ragReason && after.ragReason) lines.push(`RAG reason: ${after.ragReason}`);
  lines.push(...describeBudgetChanges(pickBudget(before), pickBudget(after)));
  return lines;
}

/** A project's history, newest first, each entry saying what changed since the one before. */
export async function describeHistory(ctx: Ctx, projectId: string): Promise<HistoryEntry[]> {
  const rows = (await selectUpdates(ctx.db, projectId)).reverse();
  return rows
    .map((r, i) => {
      const prev = rows[i - 1];
      const lines = prev ? describeStateChange(prev, r) : ['Project added'];
      const details = [...new Set(r.changed.map((c) => DETAIL_WORDS[c]).filter(Boolean))];
      if (details.length) lines.push(`Changed the ${details.join(', ')}`);
      return { at: r.at.toISOString(), by: r.actorLabel, kind: r.kind, note: r.note, lines, rag: r.rag, status: r.status };
    })
    .reverse();
}

export type ProjectChange = {
  projectId: string;
  name: string;
  isNew: boolean;
  status: string;
  statusBefore: string | null;
  rag: string;
  ragBefore: string | null;
  ragReason: string | null;
  ragMoved: boolean;
  budgetMoved: boolean;
  /** 'RAG amber → red: …', 'capital spent £12,000 → £18,500'. */
  lines: string[];
};

/**
 * Projects whose RAG, status or budget is different now from what it was at `since` (the last
 * meeting), and projects added since. A RAG that went red and back to amber in between is not
 * a change: the meeting sees where things stand against where they stood.
 */
export async function listProjectChangesSince(ctx: Ctx, since: Date): Promise<ProjectChange[]> {
  const [rows, then] = await Promise.all([selectProjects(ctx.db), selectStatesAt(ctx.db, since)]);
  const before = new Map<string, UpdateRow>(then.map((u) => [u.projectId, u]));
  const out: ProjectChange[] = [];
  for (const r of rows as ProjectRow[]) {
    const b = before.get(r.id);
    const now: State = { status: r.status, rag: r.rag, ragReason: r.ragReason, ...pickBudget(r) };
    if (!b) {
      if (r.createdAt <= since) continue;
      out.push({
        projectId: r.id,
        name: r.name,
        isNew: true,
        status: r.status,
        statusBefore: null,
        rag: r.rag,
        ragBefore: null,
        ragReason: r.ragReason,
        ragMoved: false,
        budgetMoved: false,
        lines: [`New project, ${statusWords(r.status)}, RAG ${r.rag}${r.ragReason ? `: ${r.ragReason}` : ''}`],
      });
      continue;
    }
    const budgetMoved = describeBudgetChanges(pickBudget(b), pickBudget(r)).length > 0;
    const ragMoved = b.rag !== r.rag;
    if (!ragMoved && !budgetMoved && b.status === r.status) continue;
    out.push({
      projectId: r.id,
      name: r.name,
      isNew: false,
      status: r.status,
      statusBefore: b.status,
      rag: r.rag,
      ragBefore: b.rag,
      ragReason: r.ragReason,
      ragMoved,
      budgetMoved,
      lines: describeStateChange(b, now),
    });
  }
  // Red first, then amber, then green; by name within each.
  const weight: Record<string, number> = { red: 0, amber: 1, green: 2 };
  return out.sort((a, b) => (weight[a.rag] ?? 3) - (weight[b.rag] ?? 3) || a.name.localeCompare(b.name));
}
