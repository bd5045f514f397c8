import { and, eq, gte, lt } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { tasksItems } from '../db/tables.ts';
import { loadOwners, ownerName } from './task-owners.ts';
import type { TaskSource } from './task-schemas.ts';

export type CompletedTask = {
  id: string;
  title: string;
  owner: { id: string; name: string };
  completedAt: string;
  source: TaskSource | null;
};

/**
 * To-dos marked done in [from, to), oldest first, with their owner and where they came from:
 * what the team got done in a week, for the weekly briefing. No role check: the caller checks
 * (and chooses whose to show).
 */
export async function listTasksCompleted(ctx: Ctx, window: { from: Date; to: Date }): Promise<CompletedTask[]> {
  const rows = await ctx.db
    .select()
    .from(tasksItems)
    .where(and(eq(tasksItems.status, 'done'), gte(tasksItems.completedAt, window.from), lt(tasksItems.completedAt, window.to)))
    .orderBy(tasksItems.completedAt);
  if (rows.length === 0) return [];
  const owners = await loadOwners(ctx);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    owner: { id: r.ownerId, name: ownerName(owners, r.ownerId) },
    completedAt: (r.completedAt as Date).toISOString(),
    source:
      r.sourceModule && r.sourceKind && r.sourceId
        ? {
            module: r.sourceModule,
            kind: r.sourceKind,
            id: r.sourceId,
            label: r.sourceLabel ?? r.sourceKind,
            ...(r.sourceUrl ? { url: r.sourceUrl } : {}),
          }
        : null,
  }));
}
