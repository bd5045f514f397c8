import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  briefingsBriefings,
  briefingsDeliveries,
  briefingsNotes,
  briefingsNotices,
  briefingsRevisions,
  briefingsSections,
  briefingsTemplate,
} from './tables.ts';

export type TemplateRow = typeof briefingsTemplate.$inferSelect;
export type BriefingRow = typeof briefingsBriefings.$inferSelect;
export type SectionRow = typeof briefingsSections.$inferSelect;
export type RevisionRow = typeof briefingsRevisions.$inferSelect;
export type DeliveryRow = typeof briefingsDeliveries.$inferSelect;
export type NoteRow = typeof briefingsNotes.$inferSelect;
export type NoticeRow = typeof briefingsNotices.$inferSelect;

export function selectTemplate(db: Db): Promise<TemplateRow[]> {
  return db.select().from(briefingsTemplate).orderBy(asc(briefingsTemplate.position));
}

export async function replaceTemplate(db: Db, rows: TemplateRow[]): Promise<void> {
  await db.delete(briefingsTemplate);
  if (rows.length) await db.insert(briefingsTemplate).values(rows);
}

export async function selectBriefing(db: Db, id: string): Promise<BriefingRow | undefined> {
  return (await db.select().from(briefingsBriefings).where(eq(briefingsBriefings.id, id)))[0];
}

export async function selectBriefingOfWeek(db: Db, week: string): Promise<BriefingRow | undefined> {
  return (await db.select().from(briefingsBriefings).where(eq(briefingsBriefings.week, week)))[0];
}

/** Newest week first. */
export function selectBriefings(db: Db, f: { publishedOnly?: boolean; sharedOnly?: boolean; limit?: number } = {}) {
  return db
    .select()
    .from(briefingsBriefings)
    .where(
      and(
        f.publishedOnly ? sql`${briefingsBriefings.currentRevisionId} is not null` : undefined,
        f.sharedOnly ? eq(briefingsBriefings.sharedWithSlt, true) : undefined,
      ),
    )
    .orderBy(desc(briefingsBriefings.startsOn))
    .limit(f.limit ?? 1000);
}

export async function insertBriefing(db: Db, row: typeof briefingsBriefings.$inferInsert): Promise<BriefingRow> {
  return (await db.insert(briefingsBriefings).values(row).returning())[0] as BriefingRow;
}

export async function updateBriefingRow(db: Db, id: string, patch: Partial<typeof briefingsBriefings.$inferInsert>) {
  return (await db.update(briefingsBriefings).set(patch).where(eq(briefingsBriefings.id, id)).returning())[0];
}

export function selectSections(db: Db, briefingId: string): Promise<SectionRow[]> {
  return db
    .select()
    .from(briefingsSections)
    .where(eq(briefingsSections.briefingId, briefingId))
    .orderBy(asc(briefingsSections.position));
}

export async function selectSection(db: Db, id: string): Promise<SectionRow | undefined> {
  return (await db.select().from(briefingsSections).where(eq(briefingsSections.id, id)))[0];
}

export async function insertSections(db: Db, rows: (typeof briefingsSections.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(briefingsSections).values(rows);
}

export async function updateSectionRow(db: Db, id: string, patch: Partial<typeof briefingsSections.$inferInsert>) {
  return (await db.update(briefingsSections).set(patch).where(eq(briefingsSections.id, id)).returning())[0];
}

export async function deleteSectionRows(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(briefingsSections).where(inArray(briefingsSections.id, ids));
}

/** Revisions are only ever inserted: there is no update or delete for them. */
export async function insertRevision(db: Db, row: typeof briefingsRevisions.$inferInsert): Promise<RevisionRow> {
  return (await db.insert(briefingsRevisions).values(row).returning())[0] as RevisionRow;
}

export async function selectRevision(db: Db, id: string): Promise<RevisionRow | undefined> {
  return (await db.select().from(briefingsRevisions).where(eq(briefingsRevisions.id, id)))[0];
}

/** A briefing's revisions, newest first. */
export function selectRevisions(db: Db, briefingId: string): Promise<RevisionRow[]> {
  return db
    .select()
    .from(briefingsRevisions)
    .where(eq(briefingsRevisions.briefingId, briefingId))
    .orderBy(desc(briefingsRevisions.number));
}

export async function insertDelivery(db: Db, row: typeof briefingsDeliveries.$inferInsert): Promise<void> {
  await db.insert(briefingsDeliveries).values(row);
}

export function selectDeliveries(db: Db, revisionIds: string[]): Promise<DeliveryRow[]> {
  if (revisionIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(briefingsDeliveries)
    .where(inArray(briefingsDeliveries.revisionId, revisionIds))
    .orderBy(asc(briefingsDeliveries.sentAt));
}

export async function insertNote(db: Db, row: typeof briefingsNotes.$inferInsert): Promise<NoteRow> {
  return (await db.insert(briefingsNotes).values(row).returning())[0] as NoteRow;
}

export async function selectNote(db: Db, id: string): Promise<NoteRow | undefined> {
  return (await db.select().from(briefingsNotes).where(eq(briefingsNotes.id, id)))[0];
}

export async function deleteNoteRow(db: Db, id: string): Promise<void> {
  await db.delete(briefingsNotes).where(eq(briefingsNotes.id, id));
}

/** Notes in a briefing, or (briefingId null) those waiting for the next one, oldest first. */
export function selectNotes(db: Db, briefingId: string | null): Promise<NoteRow[]> {
  return db
    .select()
    .from(briefingsNotes)
    .where(briefingId ? eq(briefingsNotes.briefingId, briefingId) : isNull(briefingsNotes.briefingId))
    .orderBy(asc(briefingsNotes.createdAt));
}

/** What a draft takes in: its own notes and those waiting for a briefing made before `before`. */
export function selectNotesForDraft(db: Db, briefingId: string, before: Date): Promise<NoteRow[]> {
  return db
    .select()
    .from(briefingsNotes)
    .where(
      or(eq(briefingsNotes.briefingId, briefingId), and(isNull(briefingsNotes.briefingId), lt(briefingsNotes.createdAt, before))),
    )
    .orderBy(asc(briefingsNotes.createdAt));
}

/** Notes waiting for a briefing, made before `before`, are taken into it. */
export async function attachNotes(db: Db, briefingId: string, before: Date): Promise<number> {
  const rows = await db
    .update(briefingsNotes)
    .set({ briefingId })
    .where(and(isNull(briefingsNotes.briefingId), lt(briefingsNotes.createdAt, before)))
    .returning({ id: briefingsNotes.id });
  return rows.length;
}

export function selectNotices(db: Db, f: { activeAt?: Date; week?: { from: string; to: string } } = {}): Promise<NoticeRow[]> {
  return db
    .select()
    .from(briefingsNotices)
    .where(
      and(
        f.activeAt ? lte(briefingsNotices.createdAt, f.activeAt) : undefined,
        f.activeAt
          ? or(isNull(briefingsNotices.removedAt), gte(briefingsNotices.removedAt, f.activeAt))
          : isNull(briefingsNotices.removedAt),
        f.week ? lte(briefingsNotices.startsOn, f.week.to) : undefined,
        f.week ? or(isNull(briefingsNotices.endsOn), gte(briefingsNotices.endsOn, f.week.from)) : undefined,
      ),
    )
    .orderBy(asc(briefingsNotices.startsOn), asc(briefingsNotices.createdAt));
}

export async function insertNotice(db: Db, row: typeof briefingsNotices.$inferInsert): Promise<NoticeRow> {
  return (await db.insert(briefingsNotices).values(row).returning())[0] as NoticeRow;
}

export async function updateNoticeRow(db: Db, id: string, patch: Partial<typeof briefingsNotices.$inferInsert>) {
  return (await db.update(briefingsNotices).set(patch).where(eq(briefingsNotices.id, id)).returning())[0];
}
