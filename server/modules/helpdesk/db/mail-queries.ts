import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { helpdeskAlerts, helpdeskInbound, helpdeskOutbound } from './tables.ts';

export type OutboundRow = typeof helpdeskOutbound.$inferSelect;
export type AlertRow = typeof helpdeskAlerts.$inferSelect;

/** Claims a Message-ID; false when it was seen before (the same mail delivered again). */
export async function claimInbound(db: Db, row: typeof helpdeskInbound.$inferInsert): Promise<boolean> {
  const r = await db.insert(helpdeskInbound).values(row).onConflictDoNothing().returning({ id: helpdeskInbound.id });
  return r.length > 0;
}

export async function settleInbound(
  db: Db,
  messageId: string,
  patch: { disposition: string; detail?: string | null; ticketId?: string | null },
): Promise<void> {
  await db.update(helpdeskInbound).set(patch).where(eq(helpdeskInbound.messageId, messageId));
}

export async function countInboundFrom(db: Db, sender: string, since: Date): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(helpdeskInbound)
    .where(
      and(
        eq(helpdeskInbound.sender, sender),
        gte(helpdeskInbound.receivedAt, since),
        sql`${helpdeskInbound.disposition} not in ('duplicate','dropped_own')`,
      ),
    );
  return r?.n ?? 0;
}

export function selectRecentInbound(db: Db, limit: number) {
  return db.select().from(helpdeskInbound).orderBy(desc(helpdeskInbound.id)).limit(limit);
}

export async function insertOutbound(db: Db, row: typeof helpdeskOutbound.$inferInsert): Promise<void> {
  await db.insert(helpdeskOutbound).values(row);
}

export async function selectOutboundByMessageIds(db: Db, ids: string[]): Promise<OutboundRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(helpdeskOutbound).where(inArray(helpdeskOutbound.messageId, ids));
}

export async function countOutbound(db: Db, where: { ticketId?: string; recipient?: string; kind?: string; since: Date }) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(helpdeskOutbound)
    .where(
      and(
        where.ticketId ? eq(helpdeskOutbound.ticketId, where.ticketId) : undefined,
        where.recipient ? eq(helpdeskOutbound.recipient, where.recipient) : undefined,
        where.kind ? eq(helpdeskOutbound.kind, where.kind) : undefined,
        gte(helpdeskOutbound.at, where.since),
      ),
    );
  return r?.n ?? 0;
}

export async function markOutboundFailed(db: Db, messageId: string, at: Date, failure: string): Promise<void> {
  await db.update(helpdeskOutbound).set({ failedAt: at, failure }).where(eq(helpdeskOutbound.messageId, messageId));
}

/** The latest Message-IDs exchanged on a ticket, for In-Reply-To and References. */
export function selectTicketOutbound(db: Db, ticketId: string) {
  return db.select().from(helpdeskOutbound).where(eq(helpdeskOutbound.ticketId, ticketId)).orderBy(helpdeskOutbound.at);
}

/** Raises an alert once per key; true when it is new. */
export async function raiseAlertRow(db: Db, row: typeof helpdeskAlerts.$inferInsert): Promise<boolean> {
  const r = await db.insert(helpdeskAlerts).values(row).onConflictDoNothing().returning({ id: helpdeskAlerts.id });
  return r.length > 0;
}

export function selectOpenAlerts(db: Db): Promise<AlertRow[]> {
  return db.select().from(helpdeskAlerts).where(isNull(helpdeskAlerts.clearedAt)).orderBy(desc(helpdeskAlerts.at)).limit(20);
}

export async function clearAlert(db: Db, id: string, at: Date): Promise<boolean> {
  const r = await db.update(helpdeskAlerts).set({ clearedAt: at }).where(eq(helpdeskAlerts.id, id)).returning();
  return r.length > 0;
}

export async function clearAlertsOfKind(db: Db, kind: string, at: Date): Promise<void> {
  await db
    .update(helpdeskAlerts)
    .set({ clearedAt: at })
    .where(and(eq(helpdeskAlerts.kind, kind), isNull(helpdeskAlerts.clearedAt)));
}
