import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { securityAlerts, securityIncidentActions, securityIncidentDecisions, securityIncidents } from './tables.ts';

export type IncidentRow = typeof securityIncidents.$inferSelect;
export type DecisionRow = typeof securityIncidentDecisions.$inferSelect;
export type ActionRow = typeof securityIncidentActions.$inferSelect;

export const insertIncident = async (db: Db, row: typeof securityIncidents.$inferInsert) =>
  (await db.insert(securityIncidents).values(row).returning())[0] as IncidentRow;

export const updateIncidentRow = async (db: Db, id: string, set: Partial<typeof securityIncidents.$inferInsert>) =>
  (await db.update(securityIncidents).set(set).where(eq(securityIncidents.id, id)).returning())[0];

export const selectIncident = async (db: Db, id: string): Promise<IncidentRow | undefined> =>
  (await db.select().from(securityIncidents).where(eq(securityIncidents.id, id)))[0];

export const selectIncidents = (db: Db) => db.select().from(securityIncidents).orderBy(desc(securityIncidents.becameAwareAt));

export async function countIncidentsWithPrefix(db: Db, prefix: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM security_incidents WHERE ref LIKE ${`${prefix}%`}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Decisions are only ever inserted: there is deliberately no update or delete here. */
export const insertDecision = async (db: Db, row: typeof securityIncidentDecisions.$inferInsert) =>
  (await db.insert(securityIncidentDecisions).values(row).returning())[0] as DecisionRow;

export const selectDecisions = (db: Db, incidentId: string) =>
  db
    .select()
    .from(securityIncidentDecisions)
    .where(eq(securityIncidentDecisions.incidentId, incidentId))
    .orderBy(asc(securityIncidentDecisions.id));

export const insertAction = async (db: Db, row: typeof securityIncidentActions.$inferInsert) =>
  (await db.insert(securityIncidentActions).values(row).returning())[0] as ActionRow;

export const updateActionRow = async (db: Db, id: string, set: Partial<typeof securityIncidentActions.$inferInsert>) =>
  (await db.update(securityIncidentActions).set(set).where(eq(securityIncidentActions.id, id)).returning())[0];

export const selectActions = (db: Db, incidentId: string) =>
  db
    .select()
    .from(securityIncidentActions)
    .where(eq(securityIncidentActions.incidentId, incidentId))
    .orderBy(asc(securityIncidentActions.createdAt));

export const selectIncidentAlerts = (db: Db, incidentId: string) =>
  db
    .select({
      id: securityAlerts.id,
      type: securityAlerts.type,
      severity: securityAlerts.severity,
      title: securityAlerts.title,
      evidence: securityAlerts.evidence,
    })
    .from(securityAlerts)
    .where(eq(securityAlerts.incidentId, incidentId));
