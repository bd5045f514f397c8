import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { copyCsvTextInto } from '../../../db/copy.ts';
import { queryRows } from '../../../db/rows.ts';
import { Conflict } from '../../../lib/errors.ts';
import { securityImports, securityVendorEvents } from './tables.ts';

/**
 * The COPY path for sign-in events, in slices that each commit: a slice is copied into a
 * temporary stage, then one INSERT ... SELECT moves the new ones into security_signins tagged
 * with the import's id (ON CONFLICT DO NOTHING makes overlapping files harmless) and adds them
 * to the import's own rollup (security_import_days). Until the import is published every read
 * leaves its rows out (`visibleSignins`); publishing adds its rollup to security_signin_days and
 * marks it done in one short transaction. A failed or abandoned import is discarded in slices.
 */

const STAGE = 'security_signins_stage';

/** A staging import whose last batch is older than this is abandoned (its process died). */
export const STALE_AFTER_SECONDS = 120;

/**
 * Rows of security_signins that belong to finished imports only, for `alias` (the table's name
 * or its alias in the query). Every read of the raw events includes it.
 */
export const visibleSignins = (alias = 'security_signins') =>
  sql.raw(`NOT EXISTS (SELECT 1 FROM security_imports vi WHERE vi.id = ${alias}.import_id AND vi.status <> 'done')`);

/**
 * The stage has the event columns of security_signins (`columns`, in COPY order). It lives as long
 * as the connection and is emptied at every commit, so a slice does not create a table each time.
 */
export async function createStage(tx: Db, columns: readonly string[]): Promise<void> {
  await tx.execute(
    sql.raw(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} ON COMMIT DELETE ROWS AS SELECT ${columns.join(', ')} FROM security_signins WITH NO DATA`,
    ),
  );
}

/** COPY CSV text (one line per event, `columns` order) into the stage. */
export async function stageCsv(tx: Db, columns: readonly string[], text: string): Promise<number> {
  if (text === '') return 0;
  return copyCsvTextInto(tx, STAGE, [...columns], text);
}

export type MergeResult = { created: number; firstTs: Date | null; lastTs: Date | null };

/**
 * Moves the stage's new events into security_signins under `importId` (still invisible), adds
 * them to the import's rollup and records the ids written and a heartbeat on the import.
 */
export async function mergeStage(tx: Db, columns: readonly string[], importId: string, timeZone: string): Promise<MergeResult> {
  const cols = columns.join(', ');
  // The import's row stays locked until this slice commits: a sweep that finds the import dead
  // waits for the slice and then discards its rows too; a slice after that writes nothing.
  const alive = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE security_imports SET heartbeat_at = now() WHERE id = ${importId}::uuid AND status = 'staging' RETURNING id`,
  );
  if (!alive.length) throw new Conflict('the import was stopped before it finished; nothing of it was kept');
  const rows = await queryRows<{ created: number; first_ts: string | null; last_ts: string | null }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO security_signins (${sql.raw(cols)}, import_id)
          SELECT ${sql.raw(cols)}, ${importId}::uuid FROM ${sql.raw(STAGE)}
          ON CONFLICT (source, event_key, ts) DO NOTHING
          RETURNING id, ts, source, result
        ), roll AS (
          INSERT INTO security_import_days (import_id, day, source, result, events)
          SELECT ${importId}::uuid, (ts AT TIME ZONE ${timeZone})::date, source, result, count(*)::int FROM ins GROUP BY 2, 3, 4
          ON CONFLICT (import_id, day, source, result) DO UPDATE SET events = security_import_days.events + excluded.events
        ), beat AS (
          UPDATE security_imports SET first_row_id = LEAST(first_row_id, (SELECT min(id) FROM ins)),
            last_row_id = GREATEST(last_row_id, (SELECT max(id) FROM ins))
          WHERE id = ${importId}::uuid
        )
        SELECT count(*)::int AS created, min(ts) AS first_ts, max(ts) AS last_ts FROM ins`,
  );
  const r = rows[0];
  return {
    created: Number(r?.created ?? 0),
    firstTs: r?.first_ts ? new Date(r.first_ts) : null,
    lastTs: r?.last_ts ? new Date(r.last_ts) : null,
  };
}

export type StagingImport = { id: string; fileName: string; actor: string; heartbeatAt: Date | null };

/**
 * Records a new import as staging, unless another one is staging and alive (two at once could
 * each skip the other's rows as duplicates, and lose them if that one failed): then returns it.
 */
export async function beginStagingImport(
  db: Db,
  row: { id: string; kind: string; fileName: string; fileSha256: string | null; actor: string; createdAt: Date },
): Promise<StagingImport | undefined> {
  return db.transaction(async (tx) => {
    // Two imports starting at once on PostgreSQL: the second waits here and then sees the first.
    await tx.execute(sql`LOCK TABLE security_imports IN EXCLUSIVE MODE`);
    const live = await queryRows<{ id: string; file_name: string; actor: string; heartbeat_at: string | null }>(
      tx,
      sql`SELECT id, file_name, actor, heartbeat_at FROM security_imports
          WHERE status = 'staging' AND heartbeat_at > now() - make_interval(secs => ${STALE_AFTER_SECONDS}) LIMIT 1`,
    );
    const other = live[0];
    if (other)
      return {
        id: other.id,
        fileName: other.file_name,
        actor: other.actor,
        heartbeatAt: other.heartbeat_at ? new Date(other.heartbeat_at) : null,
      };
    await tx.execute(
      sql`INSERT INTO security_imports (id, kind, file_name, file_sha256, rows_in, created, rejected, actor, created_at, status, heartbeat_at)
          VALUES (${row.id}::uuid, ${row.kind}, ${row.fileName}, ${row.fileSha256}, 0, 0, 0, ${row.actor},
                  ${row.createdAt.toISOString()}::timestamptz, 'staging', now())`,
    );
    return undefined;
  });
}

/**
 * Makes a staged import visible: its rollup joins security_signin_days and it is marked done with
 * its counts. Short (a few hundred rollup rows), whatever the size of the import. Returns false
 * when the import is no longer staging (it was found abandoned and swept).
 */
export async function publishImport(
  tx: Db,
  id: string,
  counts: { rowsIn: number; created: number; rejected: number; firstTs: Date | null; lastTs: Date | null },
): Promise<boolean> {
  const marked = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE security_imports SET status = 'done', heartbeat_at = NULL, rows_in = ${counts.rowsIn}, created = ${counts.created},
          rejected = ${counts.rejected}, first_ts = ${counts.firstTs?.toISOString() ?? null}::timestamptz,
          last_ts = ${counts.lastTs?.toISOString() ?? null}::timestamptz
        WHERE id = ${id}::uuid AND status = 'staging' RETURNING id`,
  );
  if (!marked.length) return false;
  await tx.execute(
    sql`INSERT INTO security_signin_days (day, source, result, events)
        SELECT day, source, result, events FROM security_import_days WHERE import_id = ${id}::uuid
        ON CONFLICT (day, source, result) DO UPDATE SET events = security_signin_days.events + excluded.events`,
  );
  await tx.execute(sql`DELETE FROM security_import_days WHERE import_id = ${id}::uuid`);
  return true;
}

/** Says a staging import is alive while it reads without writing (rows held for their date order). */
export async function touchImport(db: Db, id: string): Promise<void> {
  await db.execute(sql`UPDATE security_imports SET heartbeat_at = now() WHERE id = ${id}::uuid AND status = 'staging'`);
}

/** Marks a staging import abandoned (it failed, or it was a dry run): invisible, to be discarded. */
export async function abandonImport(db: Db, id: string): Promise<void> {
  await db.execute(sql`UPDATE security_imports SET status = 'abandoned' WHERE id = ${id}::uuid AND status = 'staging'`);
}

/** Every staging import becomes abandoned (PGlite at start-up: their process has gone). */
export async function abandonAllStaging(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE security_imports SET status = 'abandoned' WHERE status = 'staging' RETURNING id`,
  );
  return rows.length;
}

/** The ids of security_signins an import wrote. */
export async function selectImportRowRange(
  db: Db,
  id: string,
): Promise<{ first: number | null; last: number | null } | undefined> {
  const rows = await queryRows<{ first: number | null; last: number | null }>(
    db,
    sql`SELECT first_row_id AS first, last_row_id AS last FROM security_imports WHERE id = ${id}::uuid`,
  );
  const r = rows[0];
  return r && { first: r.first === null ? null : Number(r.first), last: r.last === null ? null : Number(r.last) };
}

/** Imports that will never finish: abandoned ones, and staging ones with no batch for STALE_AFTER_SECONDS. */
export async function listDeadImports(db: Db) {
  return queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM security_imports
        WHERE status = 'abandoned' OR (status = 'staging'
          AND (heartbeat_at IS NULL OR heartbeat_at <= now() - make_interval(secs => ${STALE_AFTER_SECONDS})))`,
  );
}

/** Deletes a dead import's events with ids in [from, to), one short statement. */
export async function deleteImportRows(db: Db, id: string, from: number, to: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH d AS (DELETE FROM security_signins WHERE id >= ${from} AND id < ${to} AND import_id = ${id}::uuid RETURNING 1)
        SELECT count(*)::int AS n FROM d`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The last step of discarding: its rollup and its record (only once its events are gone). */
export async function forgetImport(db: Db, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM security_import_days WHERE import_id = ${id}::uuid`);
    await tx.execute(sql`DELETE FROM security_imports WHERE id = ${id}::uuid`);
  });
}

/** An earlier import of exactly this file (same kind and SHA-256), if there was one. */
export async function findImportBySha(db: Db, kind: string, sha: string) {
  const rows = await db
    .select()
    .from(securityImports)
    .where(and(eq(securityImports.kind, kind), eq(securityImports.fileSha256, sha), eq(securityImports.status, 'done')))
    .limit(1);
  return rows[0];
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

/** How many of `rows` are not stored yet (a dry run's count). */
export async function countNewVendorEvents(db: Db, rows: VendorEventRow[]): Promise<number> {
  let known = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const found = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM security_vendor_events WHERE (source, vendor_id) IN (${sql.join(
        part.map((r) => sql`(${r.source}, ${r.vendorId})`),
        sql`, `,
      )})`,
    );
    known += Number(found[0]?.n ?? 0);
  }
  return new Set(rows.map((r) => `${r.source}\u0000${r.vendorId}`)).size - known;
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
