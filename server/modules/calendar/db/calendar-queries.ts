import { and, asc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { calendarBankHolidays, calendarBusinessHours, calendarClosures, calendarTerms } from './tables.ts';

export type TermRow = typeof calendarTerms.$inferSelect;
export type ClosureRow = typeof calendarClosures.$inferSelect;

/** Rows for one school, plus the rows that apply to every school. */
const forSchool = (col: typeof calendarTerms.schoolId | typeof calendarClosures.schoolId, schoolId?: string) =>
  schoolId ? or(isNull(col), eq(col, schoolId)) : undefined;

export const selectTerms = (db: Db, schoolId?: string): Promise<TermRow[]> =>
  db.select().from(calendarTerms).where(forSchool(calendarTerms.schoolId, schoolId)).orderBy(asc(calendarTerms.startsOn));

export const selectClosures = (db: Db, schoolId?: string): Promise<ClosureRow[]> =>
  db
    .select()
    .from(calendarClosures)
    .where(forSchool(calendarClosures.schoolId, schoolId))
    .orderBy(asc(calendarClosures.startsOn));

export async function insertTerm(db: Db, row: typeof calendarTerms.$inferInsert): Promise<void> {
  await db.insert(calendarTerms).values(row);
}

export async function insertClosure(db: Db, row: typeof calendarClosures.$inferInsert): Promise<void> {
  await db.insert(calendarClosures).values(row);
}

export async function updateTerm(db: Db, id: string, patch: Partial<typeof calendarTerms.$inferInsert>) {
  const rows = await db.update(calendarTerms).set(patch).where(eq(calendarTerms.id, id)).returning();
  return rows[0];
}

export async function updateClosure(db: Db, id: string, patch: Partial<typeof calendarClosures.$inferInsert>) {
  const rows = await db.update(calendarClosures).set(patch).where(eq(calendarClosures.id, id)).returning();
  return rows[0];
}

export async function deleteTerm(db: Db, id: string) {
  const rows = await db.delete(calendarTerms).where(eq(calendarTerms.id, id)).returning();
  return rows[0];
}

export async function deleteClosure(db: Db, id: string) {
  const rows = await db.delete(calendarClosures).where(eq(calendarClosures.id, id)).returning();
  return rows[0];
}

export const selectBankHolidays = (db: Db, division: string, from?: string, to?: string) =>
  db
    .select()
    .from(calendarBankHolidays)
    .where(
      and(
        eq(calendarBankHolidays.division, division),
        from ? gte(calendarBankHolidays.date, from) : undefined,
        to ? lte(calendarBankHolidays.date, to) : undefined,
      ),
    )
    .orderBy(asc(calendarBankHolidays.date));

/** Returns how many were new. */
export async function upsertBankHolidays(db: Db, rows: { division: string; date: string; title: string }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(calendarBankHolidays)
    .values(rows)
    .onConflictDoNothing()
    .returning({ date: calendarBankHolidays.date });
  return inserted.length;
}

export const selectBusinessHours = (db: Db, schoolId: string) =>
  db
    .select()
    .from(calendarBusinessHours)
    .where(eq(calendarBusinessHours.schoolId, schoolId))
    .orderBy(asc(calendarBusinessHours.weekday));

export async function replaceBusinessHours(
  db: Db,
  schoolId: string,
  rows: { weekday: number; opensAt: string; closesAt: string }[],
): Promise<void> {
  await db.delete(calendarBusinessHours).where(eq(calendarBusinessHours.schoolId, schoolId));
  if (rows.length) await db.insert(calendarBusinessHours).values(rows.map((r) => ({ ...r, schoolId })));
}
