import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { surveysInstruments, surveysItems, surveysQuestions } from './tables.ts';

export type QuestionRow = typeof surveysQuestions.$inferSelect;
export type InstrumentRow = typeof surveysInstruments.$inferSelect;
export type NewInstrumentRow = typeof surveysInstruments.$inferInsert;
export type ItemRow = typeof surveysItems.$inferSelect;
export type NewItemRow = typeof surveysItems.$inferInsert;

export const selectQuestions = (db: Db): Promise<QuestionRow[]> =>
  db.select().from(surveysQuestions).orderBy(asc(surveysQuestions.code));

export async function selectQuestion(db: Db, id: string): Promise<QuestionRow | undefined> {
  return (await db.select().from(surveysQuestions).where(eq(surveysQuestions.id, id)))[0];
}

export async function insertQuestion(db: Db, row: typeof surveysQuestions.$inferInsert): Promise<QuestionRow> {
  return (await db.insert(surveysQuestions).values(row).returning())[0] as QuestionRow;
}

export async function updateQuestion(db: Db, id: string, patch: Partial<typeof surveysQuestions.$inferInsert>) {
  return (await db.update(surveysQuestions).set(patch).where(eq(surveysQuestions.id, id)).returning())[0];
}

export const selectInstruments = (db: Db): Promise<InstrumentRow[]> =>
  db.select().from(surveysInstruments).orderBy(asc(surveysInstruments.audience), asc(surveysInstruments.year));

export async function selectInstrument(db: Db, id: string): Promise<InstrumentRow | undefined> {
  return (await db.select().from(surveysInstruments).where(eq(surveysInstruments.id, id)))[0];
}

export async function selectInstrumentByCode(db: Db, code: string): Promise<InstrumentRow | undefined> {
  return (await db.select().from(surveysInstruments).where(eq(surveysInstruments.code, code)))[0];
}

export async function selectInstrumentByShareToken(db: Db, token: string): Promise<InstrumentRow | undefined> {
  return (await db.select().from(surveysInstruments).where(eq(surveysInstruments.shareToken, token)))[0];
}

export async function insertInstrument(db: Db, row: NewInstrumentRow): Promise<InstrumentRow> {
  return (await db.insert(surveysInstruments).values(row).returning())[0] as InstrumentRow;
}

export async function updateInstrument(db: Db, id: string, patch: Partial<NewInstrumentRow>) {
  return (await db.update(surveysInstruments).set(patch).where(eq(surveysInstruments.id, id)).returning())[0];
}

export const selectItems = (db: Db, instrumentId: string): Promise<ItemRow[]> =>
  db.select().from(surveysItems).where(eq(surveysItems.instrumentId, instrumentId)).orderBy(asc(surveysItems.position));

export const selectAllItems = (db: Db): Promise<ItemRow[]> =>
  db.select().from(surveysItems).orderBy(asc(surveysItems.instrumentId), asc(surveysItems.position));

export async function selectItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return (await db.select().from(surveysItems).where(eq(surveysItems.id, id)))[0];
}

export async function insertItems(db: Db, rows: NewItemRow[]): Promise<ItemRow[]> {
  return rows.length ? db.insert(surveysItems).values(rows).returning() : [];
}

export async function updateItem(db: Db, id: string, patch: Partial<NewItemRow>) {
  return (await db.update(surveysItems).set(patch).where(eq(surveysItems.id, id)).returning())[0];
}

export async function deleteItems(db: Db, instrumentId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(surveysItems).where(and(eq(surveysItems.instrumentId, instrumentId), inArray(surveysItems.id, ids)));
}
