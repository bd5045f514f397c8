import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { auditEvents } from './tables.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Db, row: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(row);
}

export async function selectAuditEvents(
  db: Db,
  filter: { limit: number; beforeId?: number; action?: string },
): Promise<AuditEventRow[]> {
  const where: SQL[] = [];
  if (filter.beforeId) where.push(lt(auditEvents.id, filter.beforeId));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  return db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
}
