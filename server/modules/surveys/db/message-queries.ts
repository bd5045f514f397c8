import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { surveysMessages } from './tables.ts';

export type MessageRow = typeof surveysMessages.$inferSelect;

export const selectMessages = (db: Db, instrumentId: string): Promise<MessageRow[]> =>
  db.select().from(surveysMessages).where(eq(surveysMessages.instrumentId, instrumentId)).orderBy(asc(surveysMessages.dueOn));

export const selectUnsentMessages = (db: Db): Promise<MessageRow[]> =>
  db.select().from(surveysMessages).where(isNull(surveysMessages.sentAt)).orderBy(asc(surveysMessages.dueOn));

/** Writes a draft, keeping a sent message as it was sent. */
export async function upsertDraft(db: Db, row: typeof surveysMessages.$inferInsert): Promise<void> {
  await db
    .insert(surveysMessages)
    .values(row)
    .onConflictDoUpdate({
      target: [surveysMessages.instrumentId, surveysMessages.kind],
      set: { dueOn: row.dueOn, recipients: row.recipients, subject: row.subject, body: row.body },
      setWhere: isNull(surveysMessages.sentAt),
    });
}

export async function updateMessage(db: Db, id: string, patch: Partial<typeof surveysMessages.$inferInsert>) {
  return (await db.update(surveysMessages).set(patch).where(eq(surveysMessages.id, id)).returning())[0];
}

/** Marks a message sent; false if another run got there first. */
export async function claimMessage(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(surveysMessages)
    .set({ sentAt: at })
    .where(and(eq(surveysMessages.id, id), isNull(surveysMessages.sentAt)))
    .returning({ id: surveysMessages.id });
  return rows.length > 0;
}

export async function selectMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  return (await db.select().from(surveysMessages).where(eq(surveysMessages.id, id)))[0];
}
