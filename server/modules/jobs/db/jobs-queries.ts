import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { jobsRuns } from './tables.ts';

export type JobRow = typeof jobsRuns.$inferSelect;

export async function insertJob(db: Db, row: typeof jobsRuns.$inferInsert): Promise<void> {
  await db.insert(jobsRuns).values(row);
}

export async function updateJob(db: Db, id: string, patch: Partial<typeof jobsRuns.$inferInsert>): Promise<JobRow | undefined> {
  const rows = await db.update(jobsRuns).set(patch).where(eq(jobsRuns.id, id)).returning();
  return rows[0];
}

export async function selectJob(db: Db, id: string): Promise<JobRow | undefined> {
  const rows = await db.select().from(jobsRuns).where(eq(jobsRuns.id, id));
  return rows[0];
}

export function selectJobs(db: Db, filter: { kind?: string; createdById?: string; limit: number }): Promise<JobRow[]> {
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(jobsRuns.kind, filter.kind));
  if (filter.createdById) where.push(eq(jobsRuns.createdById, filter.createdById));
  return db
    .select()
    .from(jobsRuns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(jobsRuns.createdAt))
    .limit(filter.limit);
}

/** Jobs a stopped server left running are marked failed at the next start. */
export async function failRunningJobs(db: Db, at: Date): Promise<void> {
  await db
    .update(jobsRuns)
    .set({ status: 'failed', error: 'Belfry stopped while this was running; run it again', finishedAt: at })
    .where(eq(jobsRuns.status, 'running'));
}
