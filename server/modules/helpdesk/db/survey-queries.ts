import { and, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { helpdeskSurveys, helpdeskTickets } from './tables.ts';

export type SurveyRow = typeof helpdeskSurveys.$inferSelect;

export async function insertSurvey(db: Db, row: typeof helpdeskSurveys.$inferInsert): Promise<boolean> {
  const r = await db.insert(helpdeskSurveys).values(row).onConflictDoNothing().returning({ id: helpdeskSurveys.id });
  return r.length > 0;
}

export async function selectSurveyByTokenHash(db: Db, hash: string): Promise<SurveyRow | undefined> {
  const [r] = await db.select().from(helpdeskSurveys).where(eq(helpdeskSurveys.tokenHash, hash));
  return r;
}

export async function selectSurveyOfTicket(db: Db, ticketId: string): Promise<SurveyRow | undefined> {
  const [r] = await db.select().from(helpdeskSurveys).where(eq(helpdeskSurveys.ticketId, ticketId));
  return r;
}

export async function updateSurvey(db: Db, id: string, patch: Partial<typeof helpdeskSurveys.$inferInsert>): Promise<void> {
  await db.update(helpdeskSurveys).set(patch).where(eq(helpdeskSurveys.id, id));
}

/** Surveys sent in [from, to) with their ticket's number and restriction, for the metrics. */
export function selectSurveysSent(db: Db, from: Date, to: Date) {
  return db
    .select({
      ticketId: helpdeskSurveys.ticketId,
      ticketNumber: helpdeskTickets.number,
      restricted: helpdeskTickets.restricted,
      sentAt: helpdeskSurveys.sentAt,
      answeredAt: helpdeskSurveys.answeredAt,
      rating: helpdeskSurveys.rating,
      comment: helpdeskSurveys.comment,
      consent: helpdeskSurveys.consent,
      agentName: helpdeskSurveys.agentName,
    })
    .from(helpdeskSurveys)
    .innerJoin(helpdeskTickets, eq(helpdeskTickets.id, helpdeskSurveys.ticketId))
    .where(and(gte(helpdeskSurveys.sentAt, from), lt(helpdeskSurveys.sentAt, to)));
}

/** Resolved tickets past the survey delay that have no survey yet. */
export function selectTicketsDueForSurvey(db: Db, resolvedBefore: Date, notBefore: Date) {
  return db
    .select({ ticket: helpdeskTickets })
    .from(helpdeskTickets)
    .leftJoin(helpdeskSurveys, eq(helpdeskSurveys.ticketId, helpdeskTickets.id))
    .where(
      and(
        eq(helpdeskTickets.status, 'resolved'),
        lte(helpdeskTickets.resolvedAt, resolvedBefore),
        gte(helpdeskTickets.resolvedAt, notBefore),
        isNull(helpdeskSurveys.id),
        eq(helpdeskTickets.isAuto, false),
        sql`${helpdeskTickets.requesterEmail} is not null`,
      ),
    )
    .limit(200);
}
