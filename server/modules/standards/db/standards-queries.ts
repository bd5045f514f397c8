import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  standardsActions,
  standardsAssessments,
  standardsEvidence,
  standardsFrameworks,
  standardsHistory,
  standardsRequirements,
  standardsStandards,
  standardsUpgrades,
} from './tables.ts';

export type FrameworkRow = typeof standardsFrameworks.$inferSelect;
export type StandardRow = typeof standardsStandards.$inferSelect;
export type RequirementRow = typeof standardsRequirements.$inferSelect;
export type AssessmentRow = typeof standardsAssessments.$inferSelect;
export type HistoryRow = typeof standardsHistory.$inferSelect;
export type EvidenceRow = typeof standardsEvidence.$inferSelect;
export type ActionRow = typeof standardsActions.$inferSelect;
export type UpgradeRow = typeof standardsUpgrades.$inferSelect;

export const selectFrameworks = (db: Db): Promise<FrameworkRow[]> =>
  db.select().from(standardsFrameworks).orderBy(asc(standardsFrameworks.position), asc(standardsFrameworks.key));

export const selectFramework = async (db: Db, key: string): Promise<FrameworkRow | undefined> =>
  (await db.select().from(standardsFrameworks).where(eq(standardsFrameworks.key, key)))[0];

export const selectStandards = (db: Db): Promise<StandardRow[]> =>
  db.select().from(standardsStandards).orderBy(asc(standardsStandards.position));

export const selectRequirements = (db: Db): Promise<RequirementRow[]> =>
  db.select().from(standardsRequirements).orderBy(asc(standardsRequirements.position));

export const selectRequirement = async (db: Db, id: string): Promise<RequirementRow | undefined> =>
  (await db.select().from(standardsRequirements).where(eq(standardsRequirements.id, id)))[0];

export const selectAssessments = (db: Db): Promise<AssessmentRow[]> => db.select().from(standardsAssessments);

export const selectAssessment = async (db: Db, id: string): Promise<AssessmentRow | undefined> =>
  (await db.select().from(standardsAssessments).where(eq(standardsAssessments.requirementId, id)))[0];

export async function upsertAssessment(db: Db, row: typeof standardsAssessments.$inferInsert): Promise<void> {
  await db
    .insert(standardsAssessments)
    .values(row)
    .onConflictDoUpdate({ target: standardsAssessments.requirementId, set: { ...row } });
}

export const deleteAssessment = (db: Db, id: string) =>
  db.delete(standardsAssessments).where(eq(standardsAssessments.requirementId, id));

export async function insertHistory(db: Db, row: typeof standardsHistory.$inferInsert): Promise<void> {
  await db.insert(standardsHistory).values(row);
}

export const selectHistory = (db: Db, requirementId: string): Promise<HistoryRow[]> =>
  db
    .select()
    .from(standardsHistory)
    .where(eq(standardsHistory.requirementId, requirementId))
    .orderBy(desc(standardsHistory.at), desc(standardsHistory.id));

/** Each requirement's last recorded state on or before `instant`. */
export const selectStatesAt = (db: Db, instant: Date): Promise<HistoryRow[]> =>
  db
    .selectDistinctOn([standardsHistory.requirementId])
    .from(standardsHistory)
    .where(lte(standardsHistory.at, instant))
    .orderBy(standardsHistory.requirementId, desc(standardsHistory.at), desc(standardsHistory.id));

export const moveHistory = (db: Db, from: string, to: string) =>
  db.update(standardsHistory).set({ requirementId: to }).where(eq(standardsHistory.requirementId, from));

export const moveEvidence = (db: Db, from: string, to: string) =>
  db.update(standardsEvidence).set({ requirementId: to }).where(eq(standardsEvidence.requirementId, from));

export const moveActions = (db: Db, from: string, to: string) =>
  db.update(standardsActions).set({ requirementId: to }).where(eq(standardsActions.requirementId, from));

const evidenceColumns = {
  id: standardsEvidence.id,
  requirementId: standardsEvidence.requirementId,
  originalRequirementId: standardsEvidence.originalRequirementId,
  kind: standardsEvidence.kind,
  label: standardsEvidence.label,
  url: standardsEvidence.url,
  fileName: standardsEvidence.fileName,
  contentType: standardsEvidence.contentType,
  size: standardsEvidence.size,
  addedBy: standardsEvidence.addedBy,
  addedAt: standardsEvidence.addedAt,
};
export type EvidenceListRow = Omit<EvidenceRow, 'content' | 'removedAt'>;

/** Evidence still attached (without file contents). */
export const selectEvidence = (db: Db, requirementIds?: string[]): Promise<EvidenceListRow[]> =>
  db
    .select(evidenceColumns)
    .from(standardsEvidence)
    .where(
      and(
        isNull(standardsEvidence.removedAt),
        requirementIds ? inArray(standardsEvidence.requirementId, requirementIds) : undefined,
      ),
    )
    .orderBy(asc(standardsEvidence.addedAt));

export const selectEvidenceFile = async (db: Db, id: string): Promise<EvidenceRow | undefined> =>
  (await db.select().from(standardsEvidence).where(eq(standardsEvidence.id, id)))[0];

export async function insertEvidence(db: Db, row: typeof standardsEvidence.$inferInsert): Promise<void> {
  await db.insert(standardsEvidence).values(row);
}

export const markEvidenceRemoved = (db: Db, id: string, at: Date) =>
  db.update(standardsEvidence).set({ removedAt: at }).where(eq(standardsEvidence.id, id));

export const selectActions = (db: Db, requirementId?: string): Promise<ActionRow[]> =>
  db
    .select()
    .from(standardsActions)
    .where(requirementId ? eq(standardsActions.requirementId, requirementId) : undefined)
    .orderBy(asc(standardsActions.dueOn), asc(standardsActions.createdAt));

export const selectAction = async (db: Db, id: string): Promise<ActionRow | undefined> =>
  (await db.select().from(standardsActions).where(eq(standardsActions.id, id)))[0];

export async function insertAction(db: Db, row: typeof standardsActions.$inferInsert): Promise<ActionRow> {
  return (await db.insert(standardsActions).values(row).returning())[0] as ActionRow;
}

export async function updateActionRow(db: Db, id: string, set: Partial<typeof standardsActions.$inferInsert>) {
  return (await db.update(standardsActions).set(set).where(eq(standardsActions.id, id)).returning())[0];
}

export const selectUpgrades = (db: Db): Promise<UpgradeRow[]> =>
  db.select().from(standardsUpgrades).orderBy(desc(standardsUpgrades.at));

export async function insertUpgrade(db: Db, row: typeof standardsUpgrades.$inferInsert): Promise<void> {
  await db.insert(standardsUpgrades).values(row);
}
