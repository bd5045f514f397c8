import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { copyCsvTextInto } from '../../../db/copy.ts';
import { queryRows } from '../../../db/rows.ts';
import { securityImports, securityVendorEvents } from './tables.ts';

/**
 * The COPY path for sign-in events: rows go into a temporary stage (dropped at commit), then
 * one INSERT ... SELECT moves the new ones into security_signins (ON CONFLICT DO NOTHING makes
 * overlapping files harmless) and adds them to the daily rollup in the same statement.
 */

const STAGE = 'security_signins_stage';

/** The stage has the event columns of security_signins (`columns`, in COPY order). */
export async function createStage(tx: Db, columns: readonly string[]): Promise<void> {
  await tx.execute(
    sql.raw(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM security_signins WITH NO DATA`,
    ),
  );
}

/** COPY CSV text (one line per event, `columns` order) into the stage. */
export async function stageCsv(tx: Db, columns: readonly string[], text: string): Promise<number> {
  if (text === '') return 0;
  return copyCsvTextInto(tx, STAGE, [...columns], text);
}

export type MergeResult = { created: number; firstTs: Date | null; lastTs: Date | null };

export async function mergeStage(tx: Db, columns: readonly string[], importId: string, timeZone: string): Promise<MergeResult> {
  const cols = columns.join(', ');
  const rows = await queryRows<{ created: number; first_ts: string | null; last_ts: string | null }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO security_signins (${sql.raw(cols)}, import_id)
          SELECT ${sql.raw(cols)}, ${importId}::uuid FROM ${sql.raw(STAGE)}
          ON CONFLICT (source, event_key, ts) DO NOTHING
          RETURNING ts, source, result
        ), roll AS (
          INSERT INTO security_signin_days (day, source, result, events)
          SELECT (ts AT TIME ZONE ${timeZone})::date, source, result, count(*)::int FROM ins GROUP BY 1, 2, 3
          ON CONFLICT (day, source, result) DO UPDATE SET events = security_signin_days.events + excluded.events
        )
        SELECT count(*)::int AS created, min(ts) AS first_ts, max(ts) AS last_ts FROM ins`,
  );
  await tx.execute(sql.raw(`TRUNCATE ${STAGE}`));
  const r = rows[0];
  return {
    created: Number(r?.created ?? 0),
    firstTs: r?.first_ts ? new Date(r.first_ts) : null,
    lastTs: r?.last_ts ? new Date(r.last_ts) : null,
  };
}

/** An earlier import of exactly this file (same kind and SHA-256), if there was one. */
export async function findImportBySha(db: Db, kind: string, sha: string) {
  const rows = await db
    .select()
    .from(securityImports)
    .where(and(eq(securityImports.kind, kind), eq(securityImports.fileSha256, sha)))
    .limit(1);
  return rows[0];
}

export async function insertImportRecord(db: Db, row: typeof securityImports.$inferInsert): Promise<void> {
  await db.insert(securityImports).values(row);
}

export type VendorEventRow = typeof securityVendorEvents.$inferInsert;

/** Stores vendor detections; returns how many were new. */
export async function insertVendorEvents(db: Db, rows: VendorEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insert(securityVendorEvents)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: securityVendorEvents.id });
    created += inserted.length;
  }
  return created;
}

/** Deletes raw events older than `before`; the rollup and alerts' evidence stay. */
export async function deleteSigninsBefore(db: Db, before: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH d AS (DELETE FROM security_signins WHERE ts < ${before.toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function signinDays(db: Db, from: string, to: string) {
  return queryRows<{ day: string; source: string; result: string; events: number }>(
    db,
    sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, source, result, events FROM security_signin_days
        WHERE day BETWEEN ${from}::date AND ${to}::date ORDER BY day`,
  );
}
