import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  helpdeskAttachments,
  helpdeskCannedResponses,
  helpdeskEvents,
  helpdeskMessages,
  helpdeskSlaPolicies,
  helpdeskState,
  helpdeskTickets,
} from './tables.ts';

export type TicketRow = typeof helpdeskTickets.$inferSelect;
export type NewTicketRow = typeof helpdeskTickets.$inferInsert;
export type MessageRow = typeof helpdeskMessages.$inferSelect;
export type NewMessageRow = typeof helpdeskMessages.$inferInsert;
export type EventRow = typeof helpdeskEvents.$inferSelect;
export type NewEventRow = typeof helpdeskEvents.$inferInsert;
export type AttachmentRow = typeof helpdeskAttachments.$inferSelect;
export type PolicyRow = typeof helpdeskSlaPolicies.$inferSelect;
export type CannedRow = typeof helpdeskCannedResponses.$inferSelect;

export async function insertTicket(db: Db, row: NewTicketRow): Promise<TicketRow> {
  const [r] = await db.insert(helpdeskTickets).values(row).returning();
  return r as TicketRow;
}

export async function updateTicketRow(db: Db, id: string, patch: Partial<NewTicketRow>): Promise<void> {
  await db.update(helpdeskTickets).set(patch).where(eq(helpdeskTickets.id, id));
}

export async function selectTicketById(db: Db, id: string): Promise<TicketRow | undefined> {
  const [r] = await db.select().from(helpdeskTickets).where(eq(helpdeskTickets.id, id));
  return r;
}

export async function selectTicketByNumber(db: Db, n: number): Promise<TicketRow | undefined> {
  const [r] = await db.select().from(helpdeskTickets).where(eq(helpdeskTickets.number, n));
  return r;
}

export async function selectTicketByExternalRef(db: Db, ref: string): Promise<TicketRow | undefined> {
  const [r] = await db.select().from(helpdeskTickets).where(eq(helpdeskTickets.externalRef, ref));
  return r;
}

export async function insertMessage(db: Db, row: NewMessageRow): Promise<MessageRow> {
  const [r] = await db.insert(helpdeskMessages).values(row).returning();
  return r as MessageRow;
}

/** Adds a message's text to the ticket's search text (public conversation, or internal notes). */
export async function appendSearchText(db: Db, ticketId: string, visibility: string, text: string, limit: number): Promise<void> {
  const column = visibility === 'public' ? helpdeskTickets.conversation : helpdeskTickets.notes;
  await db
    .update(helpdeskTickets)
    .set(
      visibility === 'public'
        ? { conversation: sql`left(${column} || ' ' || ${text}, ${limit})` }
        : { notes: sql`left(${column} || ' ' || ${text}, ${limit})` },
    )
    .where(eq(helpdeskTickets.id, ticketId));
}

export function selectMessages(db: Db, ticketId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(helpdeskMessages)
    .where(eq(helpdeskMessages.ticketId, ticketId))
    .orderBy(asc(helpdeskMessages.at), asc(helpdeskMessages.seq));
}

export async function selectMessageById(db: Db, id: string): Promise<MessageRow | undefined> {
  const [r] = await db.select().from(helpdeskMessages).where(eq(helpdeskMessages.id, id));
  return r;
}

/** Tickets whose stored messages carry any of these Message-IDs (threading by headers). */
export async function selectTicketIdsByMessageIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectDistinct({ ticketId: helpdeskMessages.ticketId })
    .from(helpdeskMessages)
    .where(inArray(helpdeskMessages.messageId, ids));
  return rows.map((r) => r.ticketId);
}

export async function insertEvent(db: Db, row: NewEventRow): Promise<void> {
  await db.insert(helpdeskEvents).values(row);
}

export function selectEvents(db: Db, ticketId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(helpdeskEvents)
    .where(eq(helpdeskEvents.ticketId, ticketId))
    .orderBy(asc(helpdeskEvents.at), asc(helpdeskEvents.id));
}

export function selectEventsForTickets(db: Db, ids: string[], before?: Date): Promise<EventRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(helpdeskEvents)
    .where(and(inArray(helpdeskEvents.ticketId, ids), before ? lt(helpdeskEvents.at, before) : undefined))
    .orderBy(asc(helpdeskEvents.at), asc(helpdeskEvents.id));
}

export async function insertAttachment(db: Db, row: typeof helpdeskAttachments.$inferInsert): Promise<void> {
  await db.insert(helpdeskAttachments).values(row);
}

export function selectAttachmentList(db: Db, ticketId: string) {
  return db
    .select({
      id: helpdeskAttachments.id,
      messageId: helpdeskAttachments.messageId,
      fileName: helpdeskAttachments.fileName,
      contentType: helpdeskAttachments.contentType,
      size: helpdeskAttachments.size,
    })
    .from(helpdeskAttachments)
    .where(eq(helpdeskAttachments.ticketId, ticketId))
    .orderBy(asc(helpdeskAttachments.createdAt));
}

export async function selectAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  const [r] = await db.select().from(helpdeskAttachments).where(eq(helpdeskAttachments.id, id));
  return r;
}

export function selectPolicies(db: Db): Promise<PolicyRow[]> {
  return db.select().from(helpdeskSlaPolicies).orderBy(asc(helpdeskSlaPolicies.priority), asc(helpdeskSlaPolicies.category));
}

export async function replacePolicies(db: Db, rows: (typeof helpdeskSlaPolicies.$inferInsert)[]): Promise<void> {
  await db.delete(helpdeskSlaPolicies);
  if (rows.length) await db.insert(helpdeskSlaPolicies).values(rows);
}

export function selectCanned(db: Db): Promise<CannedRow[]> {
  return db.select().from(helpdeskCannedResponses).orderBy(asc(helpdeskCannedResponses.title));
}

export async function insertCanned(db: Db, row: typeof helpdeskCannedResponses.$inferInsert): Promise<CannedRow> {
  const [r] = await db.insert(helpdeskCannedResponses).values(row).returning();
  return r as CannedRow;
}

export async function deleteCanned(db: Db, id: string): Promise<boolean> {
  const r = await db.delete(helpdeskCannedResponses).where(eq(helpdeskCannedResponses.id, id)).returning();
  return r.length > 0;
}

export async function readState<T>(db: Db, key: string): Promise<T | undefined> {
  const [r] = await db.select().from(helpdeskState).where(eq(helpdeskState.key, key));
  return r?.value as T | undefined;
}

export async function writeState(db: Db, key: string, value: unknown): Promise<void> {
  await db.insert(helpdeskState).values({ key, value }).onConflictDoUpdate({ target: helpdeskState.key, set: { value } });
}

/** Open tickets whose cached SLA was computed with another calendar or policy. */
export function selectStaleOpenTickets(db: Db, schoolId: string | null, fingerprint: string): Promise<{ id: string }[]> {
  return db
    .select({ id: helpdeskTickets.id })
    .from(helpdeskTickets)
    .where(
      and(
        schoolId ? eq(helpdeskTickets.schoolId, schoolId) : sql`${helpdeskTickets.schoolId} is null`,
        inArray(helpdeskTickets.status, ['new', 'open', 'waiting_requester', 'waiting_third_party']),
        sql`${helpdeskTickets.slaFingerprint} is distinct from ${fingerprint}`,
      ),
    );
}

export function selectRecentTicketsOf(db: Db, email: string, limit: number): Promise<TicketRow[]> {
  return db
    .select()
    .from(helpdeskTickets)
    .where(eq(helpdeskTickets.requesterEmail, email))
    .orderBy(desc(helpdeskTickets.updatedAt))
    .limit(limit);
}
