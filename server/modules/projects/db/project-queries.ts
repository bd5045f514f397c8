import { and, asc, desc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { projectsDependencies, projectsMilestones, projectsProjects, projectsUpdates } from './tables.ts';

export type ProjectRow = typeof projectsProjects.$inferSelect;
export type NewProjectRow = typeof projectsProjects.$inferInsert;
export type UpdateRow = typeof projectsUpdates.$inferSelect;
export type MilestoneRow = typeof projectsMilestones.$inferSelect;

export async function insertProject(db: Db, row: NewProjectRow): Promise<ProjectRow> {
  return (await db.insert(projectsProjects).values(row).returning())[0] as ProjectRow;
}

export async function updateProjectRow(db: Db, id: string, patch: Partial<NewProjectRow>): Promise<ProjectRow | undefined> {
  return (await db.update(projectsProjects).set(patch).where(eq(projectsProjects.id, id)).returning())[0];
}

export async function selectProject(db: Db, id: string): Promise<ProjectRow | undefined> {
  return (await db.select().from(projectsProjects).where(eq(projectsProjects.id, id)))[0];
}

export function selectProjects(db: Db): Promise<ProjectRow[]> {
  return db.select().from(projectsProjects).orderBy(asc(projectsProjects.name));
}

export async function insertUpdate(db: Db, row: typeof projectsUpdates.$inferInsert): Promise<void> {
  await db.insert(projectsUpdates).values(row);
}

export function selectUpdates(db: Db, projectId: string): Promise<UpdateRow[]> {
  return db
    .select()
    .from(projectsUpdates)
    .where(eq(projectsUpdates.projectId, projectId))
    .orderBy(desc(projectsUpdates.at), desc(projectsUpdates.id));
}

/** Each project's last recorded state at or before `instant`. */
export function selectStatesAt(db: Db, instant: Date): Promise<UpdateRow[]> {
  return db
    .selectDistinctOn([projectsUpdates.projectId])
    .from(projectsUpdates)
    .where(lte(projectsUpdates.at, instant))
    .orderBy(projectsUpdates.projectId, desc(projectsUpdates.at), desc(projectsUpdates.id));
}

export async function insertMilestone(db: Db, row: typeof projectsMilestones.$inferInsert): Promise<MilestoneRow> {
  return (await db.insert(projectsMilestones).values(row).returning())[0] as MilestoneRow;
}

export async function updateMilestoneRow(
  db: Db,
  id: string,
  patch: Partial<typeof projectsMilestones.$inferInsert>,
): Promise<MilestoneRow | undefined> {
  return (await db.update(projectsMilestones).set(patch).where(eq(projectsMilestones.id, id)).returning())[0];
}

export async function deleteMilestoneRow(db: Db, id: string): Promise<MilestoneRow | undefined> {
  return (await db.delete(projectsMilestones).where(eq(projectsMilestones.id, id)).returning())[0];
}

export async function selectMilestone(db: Db, id: string): Promise<MilestoneRow | undefined> {
  return (await db.select().from(projectsMilestones).where(eq(projectsMilestones.id, id)))[0];
}

export function selectMilestones(db: Db, projectIds?: string[]): Promise<MilestoneRow[]> {
  return db
    .select()
    .from(projectsMilestones)
    .where(projectIds ? inArray(projectsMilestones.projectId, projectIds) : undefined)
    .orderBy(asc(projectsMilestones.dueOn), asc(projectsMilestones.title));
}

/** Milestones not done and due on or before `to` (and on or after `from`, when given). */
export function selectOpenMilestonesDue(db: Db, to: string, from?: string): Promise<MilestoneRow[]> {
  return db
    .select()
    .from(projectsMilestones)
    .where(
      and(
        isNull(projectsMilestones.doneOn),
        lte(projectsMilestones.dueOn, to),
        from ? gte(projectsMilestones.dueOn, from) : undefined,
      ),
    )
    .orderBy(asc(projectsMilestones.dueOn));
}

export function selectDependencies(db: Db): Promise<(typeof projectsDependencies.$inferSelect)[]> {
  return db.select().from(projectsDependencies);
}

export async function replaceDependencies(db: Db, projectId: string, dependsOn: string[]): Promise<void> {
  await db.delete(projectsDependencies).where(eq(projectsDependencies.projectId, projectId));
  if (dependsOn.length) await db.insert(projectsDependencies).values(dependsOn.map((d) => ({ projectId, dependsOnId: d })));
}
