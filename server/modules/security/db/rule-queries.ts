import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { securitySigmaRules, securitySuppressions, securityTrips } from './tables.ts';

/** The school's own rules: Sigma rules, suppressions (with the legacy allowlist) and trips. */

export const selectSigmaRules = (db: Db) => db.select().from(securitySigmaRules).orderBy(securitySigmaRules.title);

export async function upsertSigmaRule(db: Db, row: typeof securitySigmaRules.$inferInsert): Promise<boolean> {
  const existing = await db
    .select({ yaml: securitySigmaRules.yaml })
    .from(securitySigmaRules)
    .where(eq(securitySigmaRules.id, row.id));
  if (existing[0]?.yaml === row.yaml) return false;
  await db
    .insert(securitySigmaRules)
    .values(row)
    .onConflictDoUpdate({
      target: securitySigmaRules.id,
      set: { title: row.title, yaml: row.yaml, addedBy: row.addedBy, addedAt: row.addedAt },
    });
  return true;
}

export const setSigmaRuleEnabled = (db: Db, id: string, enabled: boolean) =>
  db.update(securitySigmaRules).set({ enabled }).where(eq(securitySigmaRules.id, id)).returning({ id: securitySigmaRules.id });

export type SuppressionRow = typeof securitySuppressions.$inferSelect;

export const selectActiveSuppressions = (db: Db, now: Date) =>
  db.select().from(securitySuppressions).where(gt(securitySuppressions.expiresAt, now));

export const selectSuppressions = (db: Db) =>
  db.select().from(securitySuppressions).orderBy(desc(securitySuppressions.createdAt));

export const insertSuppression = (db: Db, row: typeof securitySuppressions.$inferInsert) =>
  db.insert(securitySuppressions).values(row).returning();

export const expireSuppression = (db: Db, id: string, at: Date) =>
  db.update(securitySuppressions).set({ expiresAt: at }).where(eq(securitySuppressions.id, id)).returning();

export async function recordSuppressionHits(db: Db, hits: Map<string, number>, at: Date): Promise<void> {
  for (const [id, n] of hits)
    await db
      .update(securitySuppressions)
      .set({ hits: sql`${securitySuppressions.hits} + ${n}`, lastHitAt: at })
      .where(eq(securitySuppressions.id, id));
}

export const selectTrips = (db: Db) => db.select().from(securityTrips).orderBy(desc(securityTrips.startsOn));
export const insertTrip = (db: Db, row: typeof securityTrips.$inferInsert) => db.insert(securityTrips).values(row).returning();
export const deleteTrip = (db: Db, id: string) =>
  db
    .delete(securityTrips)
    .where(and(eq(securityTrips.id, id)))
    .returning();
