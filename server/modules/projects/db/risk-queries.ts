import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { projectsRiskHistory, projectsRisks } from './tables.ts';

export type RiskRow = typeof projectsRisks.$inferSelect;
export type RiskHistoryRow = typeof projectsRiskHistory.$inferSelect;

export async function insertRisk(db: Db, row: typeof projectsRisks.$inferInsert): Promise<RiskRow> {
  return (await db.insert(projectsRisks).values(row).returning())[0] as RiskRow;
}

export async function updateRiskRow(db: Db, id: string, patch: Partial<typeof projectsRisks.$inferInsert>) {
  return (await db.update(projectsRisks).set(patch).where(eq(projectsRisks.id, id)).returning())[0];
}

export async function selectRisk(db: Db, id: string): Promise<RiskRow | undefined> {
  return (await db.select().from(projectsRisks).where(eq(projectsRisks.id, id)))[0];
}

export function selectRisks(db: Db): Promise<RiskRow[]> {
  return db.select().from(projectsRisks).orderBy(asc(projectsRisks.code));
}

export async function nextRiskNumber(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(projectsRisks);
  return (rows[0]?.n ?? 0) + 1;
}

export async function insertRiskHistory(db: Db, row: typeof projectsRiskHistory.$inferInsert): Promise<void> {
  await db.insert(projectsRiskHistory).values(row);
}

/** Oldest first. */
export function selectRiskHistory(db: Db, riskIds?: string[]): Promise<RiskHistoryRow[]> {
  return db
    .select()
    .from(projectsRiskHistory)
    .where(riskIds ? inArray(projectsRiskHistory.riskId, riskIds) : undefined)
    .orderBy(asc(projectsRiskHistory.at), asc(projectsRiskHistory.id));
}
