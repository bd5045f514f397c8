import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { reportsManualValues, reportsReports, reportsSnapshots } from './tables.ts';

export type ReportRow = typeof reportsReports.$inferSelect;
export type SnapshotRow = typeof reportsSnapshots.$inferSelect;
export type ManualRow = typeof reportsManualValues.$inferSelect;

export const selectReports = (db: Db): Promise<ReportRow[]> =>
  db.select().from(reportsReports).orderBy(desc(reportsReports.termStartsOn));

export const selectReport = async (db: Db, id: string): Promise<ReportRow | undefined> =>
  (await db.select().from(reportsReports).where(eq(reportsReports.id, id)))[0];

export const selectReportForTerm = async (db: Db, startsOn: string): Promise<ReportRow | undefined> =>
  (await db.select().from(reportsReports).where(eq(reportsReports.termStartsOn, startsOn)))[0];

export async function insertReport(db: Db, row: typeof reportsReports.$inferInsert): Promise<ReportRow> {
  return (await db.insert(reportsReports).values(row).onConflictDoNothing().returning())[0] as ReportRow;
}

export async function updateReportRow(db: Db, id: string, set: Partial<typeof reportsReports.$inferInsert>): Promise<void> {
  await db.update(reportsReports).set(set).where(eq(reportsReports.id, id));
}

/** Snapshots are written once: there is deliberately no update or delete here. */
export async function insertSnapshot(db: Db, row: typeof reportsSnapshots.$inferInsert): Promise<void> {
  await db.insert(reportsSnapshots).values(row);
}

export const selectSnapshot = async (db: Db, reportId: string): Promise<SnapshotRow | undefined> =>
  (await db.select().from(reportsSnapshots).where(eq(reportsSnapshots.reportId, reportId)))[0];

export const selectManualValues = (db: Db, termStartsOn: string): Promise<ManualRow[]> =>
  db
    .select()
    .from(reportsManualValues)
    .where(eq(reportsManualValues.termStartsOn, termStartsOn))
    .orderBy(asc(reportsManualValues.kpiId));

export async function upsertManualValue(db: Db, row: typeof reportsManualValues.$inferInsert): Promise<void> {
  await db
    .insert(reportsManualValues)
    .values(row)
    .onConflictDoUpdate({ target: [reportsManualValues.termStartsOn, reportsManualValues.kpiId], set: row });
}
