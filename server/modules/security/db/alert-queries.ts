import { and, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { securityAlerts, securityVendorEvents } from './tables.ts';

export type AlertRow = typeof securityAlerts.$inferSelect;
export type NewAlertRow = typeof securityAlerts.$inferInsert;

export async function selectAlertsByKeys(db: Db, keys: readonly string[]): Promise<AlertRow[]> {
  const out: AlertRow[] = [];
  for (let i = 0; i < keys.length; i += 500)
    out.push(
      ...(await db
        .select()
        .from(securityAlerts)
        .where(inArray(securityAlerts.dedupKey, keys.slice(i, i + 500)))),
    );
  return out;
}

export async function insertAlerts(db: Db, rows: NewAlertRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insert(securityAlerts).values(rows.slice(i, i + 200));
}

export const updateAlert = (db: Db, id: string, set: Partial<NewAlertRow>) =>
  db.update(securityAlerts).set(set).where(eq(securityAlerts.id, id)).returning();

export const selectAlert = async (db: Db, id: string): Promise<AlertRow | undefined> =>
  (await db.select().from(securityAlerts).where(eq(securityAlerts.id, id)))[0];

export type AlertFilter = {
  status?: string[];
  severity?: string[];
  type?: string;
  from?: Date;
  to?: Date;
  incidentId?: string;
  limit: number;
};

export function selectAlerts(db: Db, f: AlertFilter): Promise<AlertRow[]> {
  const where: SQL[] = [];
  if (f.status?.length) where.push(inArray(securityAlerts.status, f.status));
  if (f.severity?.length) where.push(inArray(securityAlerts.severity, f.severity));
  if (f.type) where.push(eq(securityAlerts.type, f.type));
  if (f.from) where.push(gte(securityAlerts.lastSeen, f.from));
  if (f.to) where.push(lte(securityAlerts.firstSeen, f.to));
  if (f.incidentId) where.push(eq(securityAlerts.incidentId, f.incidentId));
  return db
    .select()
    .from(securityAlerts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      sql`case ${securityAlerts.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`,
      desc(securityAlerts.lastSeen),
    )
    .limit(f.limit);
}

/** Own alerts that share a user with a vendor alert and started within a day of it. */
export function selectLinkCandidates(db: Db, users: string[], around: Date): Promise<AlertRow[]> {
  const day = 86_400_000;
  return db
    .select()
    .from(securityAlerts)
    .where(
      and(
        eq(securityAlerts.source, 'belfry'),
        gte(securityAlerts.firstSeen, new Date(around.getTime() - day)),
        lte(securityAlerts.firstSeen, new Date(around.getTime() + day)),
        sql`${securityAlerts.users} && ${sql`ARRAY[${sql.join(
          users.map((u) => sql`${u}`),
          sql`, `,
        )}]::text[]`}`,
      ),
    );
}

export async function countAlertsCreated(db: Db, from: Date, to: Date) {
  const rows = await queryRows<{ severity: string; n: number }>(
    db,
    sql`SELECT severity, count(*)::int AS n FROM security_alerts
        WHERE created_at >= ${from.toISOString()}::timestamptz AND created_at < ${to.toISOString()}::timestamptz GROUP BY severity`,
  );
  return rows.map((r) => ({ severity: r.severity, n: Number(r.n) }));
}

export async function countOpenAlerts(db: Db) {
  const rows = await queryRows<{ status: string; severity: string; n: number }>(
    db,
    sql`SELECT status, severity, count(*)::int AS n FROM security_alerts WHERE status IN ('new', 'acknowledged') GROUP BY status, severity`,
  );
  return rows.map((r) => ({ status: r.status, severity: r.severity, n: Number(r.n) }));
}

export const selectAlertedVendorEvents = (db: Db, from: Date, to: Date) =>
  db
    .select()
    .from(securityVendorEvents)
    .where(and(eq(securityVendorEvents.alerted, true), gte(securityVendorEvents.ts, from), lte(securityVendorEvents.ts, to)));

/** One vendor's events in a period (the risk detections the identity-protection Sigma rules read). */
export const selectVendorEventsBySource = (db: Db, source: string, from: Date, to: Date) =>
  db
    .select()
    .from(securityVendorEvents)
    .where(and(eq(securityVendorEvents.source, source), gte(securityVendorEvents.ts, from), lte(securityVendorEvents.ts, to)));
