import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { projectsInitiatives, projectsObjectives, projectsStrategy } from './tables.ts';

export type ObjectiveRow = typeof projectsObjectives.$inferSelect;
export type InitiativeRow = typeof projectsInitiatives.$inferSelect;
export type StrategyRow = typeof projectsStrategy.$inferSelect;

export async function selectStrategy(db: Db): Promise<StrategyRow | undefined> {
  return (await db.select().from(projectsStrategy).where(eq(projectsStrategy.id, 'current')))[0];
}

export async function upsertStrategy(db: Db, row: Omit<StrategyRow, 'id'>): Promise<StrategyRow> {
  const values = { id: 'current', ...row };
  return (
    await db.insert(projectsStrategy).values(values).onConflictDoUpdate({ target: projectsStrategy.id, set: row }).returning()
  )[0] as StrategyRow;
}

export function selectObjectives(db: Db): Promise<ObjectiveRow[]> {
  return db.select().from(projectsObjectives).orderBy(asc(projectsObjectives.position), asc(projectsObjectives.code));
}

export async function selectObjective(db: Db, id: string): Promise<ObjectiveRow | undefined> {
  return (await db.select().from(projectsObjectives).where(eq(projectsObjectives.id, id)))[0];
}

export async function insertObjective(db: Db, row: typeof projectsObjectives.$inferInsert): Promise<ObjectiveRow> {
  return (await db.insert(projectsObjectives).values(row).returning())[0] as ObjectiveRow;
}

export async function updateObjectiveRow(db: Db, id: string, patch: Partial<typeof projectsObjectives.$inferInsert>) {
  return (await db.update(projectsObjectives).set(patch).where(eq(projectsObjectives.id, id)).returning())[0];
}

export function selectInitiatives(db: Db): Promise<InitiativeRow[]> {
  return db.select().from(projectsInitiatives).orderBy(asc(projectsInitiatives.position), asc(projectsInitiatives.title));
}

export async function selectInitiative(db: Db, id: string): Promise<InitiativeRow | undefined> {
  return (await db.select().from(projectsInitiatives).where(eq(projectsInitiatives.id, id)))[0];
}

export async function insertInitiative(db: Db, row: typeof projectsInitiatives.$inferInsert): Promise<InitiativeRow> {
  return (await db.insert(projectsInitiatives).values(row).returning())[0] as InitiativeRow;
}

export async function updateInitiativeRow(db: Db, id: string, patch: Partial<typeof projectsInitiatives.$inferInsert>) {
  return (await db.update(projectsInitiatives).set(patch).where(eq(projectsInitiatives.id, id)).returning())[0];
}

export async function deleteInitiativeRow(db: Db, id: string): Promise<InitiativeRow | undefined> {
  return (await db.delete(projectsInitiatives).where(eq(projectsInitiatives.id, id)).returning())[0];
}
