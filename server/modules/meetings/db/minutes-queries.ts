import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { meetingsActions, meetingsDecisions, meetingsItems } from './tables.ts';

export type ItemRow = typeof meetingsItems.$inferSelect;
export type NewItemRow = typeof meetingsItems.$inferInsert;
export type DecisionRow = typeof meetingsDecisions.$inferSelect;
export type ActionRow = typeof meetingsActions.$inferSelect;

export function selectItems(db: Db, meetingId: string): Promise<ItemRow[]> {
  return db.select().from(meetingsItems).where(eq(meetingsItems.meetingId, meetingId)).orderBy(asc(meetingsItems.position));
}

export async function selectItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return (await db.select().from(meetingsItems).where(eq(meetingsItems.id, id)))[0];
}

export async function insertItems(db: Db, rows: NewItemRow[]): Promise<void> {
  if (rows.length) await db.insert(meetingsItems).values(rows);
}

export async function updateItemRow(db: Db, id: string, patch: Partial<NewItemRow>): Promise<ItemRow | undefined> {
  return (await db.update(meetingsItems).set(patch).where(eq(meetingsItems.id, id)).returning())[0];
}

export async function deleteItemRow(db: Db, id: string): Promise<void> {
  await db.delete(meetingsItems).where(eq(meetingsItems.id, id));
}

export function selectDecisions(db: Db, meetingId: string): Promise<DecisionRow[]> {
  return db
    .select()
    .from(meetingsDecisions)
    .where(eq(meetingsDecisions.meetingId, meetingId))
    .orderBy(asc(meetingsDecisions.createdAt));
}

export async function insertDecision(db: Db, row: typeof meetingsDecisions.$inferInsert): Promise<DecisionRow> {
  return (await db.insert(meetingsDecisions).values(row).returning())[0] as DecisionRow;
}

export async function deleteDecisionRow(db: Db, id: string): Promise<DecisionRow | undefined> {
  return (await db.delete(meetingsDecisions).where(eq(meetingsDecisions.id, id)).returning())[0];
}

export function selectActions(db: Db, meetingIds: string[]): Promise<ActionRow[]> {
  return db
    .select()
    .from(meetingsActions)
    .where(inArray(meetingsActions.meetingId, meetingIds))
    .orderBy(asc(meetingsActions.createdAt));
}

export async function selectAction(db: Db, id: string): Promise<ActionRow | undefined> {
  return (await db.select().from(meetingsActions).where(eq(meetingsActions.id, id)))[0];
}

export async function insertAction(db: Db, row: typeof meetingsActions.$inferInsert): Promise<ActionRow> {
  return (await db.insert(meetingsActions).values(row).returning())[0] as ActionRow;
}

export async function updateActionRow(db: Db, id: string, patch: Partial<typeof meetingsActions.$inferInsert>) {
  return (await db.update(meetingsActions).set(patch).where(eq(meetingsActions.id, id)).returning())[0];
}

export async function deleteActionRow(db: Db, id: string): Promise<ActionRow | undefined> {
  return (await db.delete(meetingsActions).where(eq(meetingsActions.id, id)).returning())[0];
}
