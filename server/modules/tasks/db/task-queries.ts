import { and, asc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { tasksItems, tasksRecurrences } from './tables.ts';

export type TaskRow = typeof tasksItems.$inferSelect;
export type NewTaskRow = typeof tasksItems.$inferInsert;
export type RecurrenceRow = typeof tasksRecurrences.$inferSelect;

export type TaskFilter = {
  ownerId?: string;
  /** Tasks owned by or created by this user (what a non-IT user may see). */
  visibleTo?: string;
  status?: 'open' | 'done' | 'cancelled';
  dueOnOrBefore?: string;
  source?: { module: string; kind?: string; ids?: string[] };
  limit?: number;
};

export async function insertTask(db: Db, row: NewTaskRow): Promise<TaskRow> {
  const rows = await db.insert(tasksItems).values(row).returning();
  return rows[0] as TaskRow;
}

/** For recurrences: inserts unless that occurrence already exists; returns how many were new. */
export async function insertOccurrences(db: Db, rows: NewTaskRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const out = await db
    .insert(tasksItems)
    .values(rows)
    .onConflictDoNothing({ target: [tasksItems.recurrenceId, tasksItems.occurrenceOn] })
    .returning({ id: tasksItems.id });
  return out.length;
}

export async function selectTask(db: Db, id: string): Promise<TaskRow | undefined> {
  const rows = await db.select().from(tasksItems).where(eq(tasksItems.id, id));
  return rows[0];
}

export async function updateTaskRow(db: Db, id: string, patch: Partial<NewTaskRow>): Promise<TaskRow | undefined> {
  const rows = await db.update(tasksItems).set(patch).where(eq(tasksItems.id, id)).returning();
  return rows[0];
}

export async function deleteTaskRow(db: Db, id: string): Promise<void> {
  await db.delete(tasksItems).where(eq(tasksItems.id, id));
}

export function selectTasks(db: Db, f: TaskFilter): Promise<TaskRow[]> {
  const where: (SQL | undefined)[] = [
    f.ownerId ? eq(tasksItems.ownerId, f.ownerId) : undefined,
    f.visibleTo ? or(eq(tasksItems.ownerId, f.visibleTo), eq(tasksItems.createdBy, f.visibleTo)) : undefined,
    f.status ? eq(tasksItems.status, f.status) : undefined,
    f.dueOnOrBefore ? lte(tasksItems.dueOn, f.dueOnOrBefore) : undefined,
    f.source ? eq(tasksItems.sourceModule, f.source.module) : undefined,
    f.source?.kind ? eq(tasksItems.sourceKind, f.source.kind) : undefined,
    f.source?.ids ? inArray(tasksItems.sourceId, f.source.ids) : undefined,
  ];
  // Open work first by due date (undated last); finished work newest first.
  const order =
    f.status === 'open' || !f.status
      ? [sql`${tasksItems.dueOn} asc nulls last`, asc(tasksItems.createdAt)]
      : [sql`${tasksItems.completedAt} desc nulls last`];
  return db
    .select()
    .from(tasksItems)
    .where(and(...where))
    .orderBy(...order)
    .limit(f.limit ?? 1000);
}

export async function insertRecurrence(db: Db, row: typeof tasksRecurrences.$inferInsert): Promise<RecurrenceRow> {
  const rows = await db.insert(tasksRecurrences).values(row).returning();
  return rows[0] as RecurrenceRow;
}

export async function updateRecurrenceRow(
  db: Db,
  id: string,
  patch: Partial<typeof tasksRecurrences.$inferInsert>,
): Promise<RecurrenceRow | undefined> {
  const rows = await db.update(tasksRecurrences).set(patch).where(eq(tasksRecurrences.id, id)).returning();
  return rows[0];
}

export async function selectRecurrence(db: Db, id: string): Promise<RecurrenceRow | undefined> {
  const rows = await db.select().from(tasksRecurrences).where(eq(tasksRecurrences.id, id));
  return rows[0];
}

export function selectRecurrences(db: Db, f: { activeOnly?: boolean; visibleTo?: string } = {}): Promise<RecurrenceRow[]> {
  return db
    .select()
    .from(tasksRecurrences)
    .where(
      and(
        f.activeOnly ? eq(tasksRecurrences.isActive, true) : undefined,
        f.visibleTo ? or(eq(tasksRecurrences.ownerId, f.visibleTo), eq(tasksRecurrences.createdBy, f.visibleTo)) : undefined,
      ),
    )
    .orderBy(asc(tasksRecurrences.title));
}

/** Recurrences with occurrences not yet made up to `horizon` (their own lead time decides). */
export function selectDueRecurrences(db: Db, today: string): Promise<RecurrenceRow[]> {
  return db
    .select()
    .from(tasksRecurrences)
    .where(
      and(
        eq(tasksRecurrences.isActive, true),
        or(
          isNull(tasksRecurrences.endsOn),
          isNull(tasksRecurrences.generatedThrough),
          sql`${tasksRecurrences.generatedThrough} < ${tasksRecurrences.endsOn}`,
        ),
        or(
          isNull(tasksRecurrences.generatedThrough),
          sql`${tasksRecurrences.generatedThrough} < (${today}::date + ${tasksRecurrences.leadDays})`,
        ),
      ),
    );
}

/** When a repeating to-do's rule changes: the open occurrences from `from` on go, to be made again. */
export async function deleteOpenOccurrencesFrom(db: Db, recurrenceId: string, from: string): Promise<void> {
  await db
    .delete(tasksItems)
    .where(
      and(eq(tasksItems.recurrenceId, recurrenceId), eq(tasksItems.status, 'open'), sql`${tasksItems.occurrenceOn} >= ${from}`),
    );
}
