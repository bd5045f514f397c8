import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

/**
 * The life of a staged Wi-Fi import in wifi_imports: 'staging' while its slices are written (a
 * heartbeat on each), 'done' once published, 'abandoned' when it failed, was a dry run or its
 * process died, until the sweep has discarded what it wrote. One at a time: two at once could
 * each skip the other's rows as duplicates and lose them if that one were discarded.
 */

/** A staging import whose last slice or heartbeat is older than this is abandoned (its process died). */
export const WIFI_STALE_AFTER_SECONDS = 120;

export type LiveImport = { id: string; fileName: string; actor: string };

/** A staging import that is alive, if there is one (a quick look before a file is read; `beginWifiImport` decides). */
export async function selectLiveWifiImport(db: Db): Promise<LiveImport | undefined> {
  const rows = await queryRows<{ id: string; file_name: string; actor_label: string }>(
    db,
    sql`SELECT id, file_name, actor_label FROM wifi_imports
        WHERE status = 'staging' AND heartbeat_at > now() - make_interval(secs => ${WIFI_STALE_AFTER_SECONDS}) LIMIT 1`,
  );
  const r = rows[0];
  return r && { id: r.id, fileName: r.file_name, actor: r.actor_label };
}

export async function beginWifiImport(
  db: Db,
  row: {
    id: string;
    kind: string;
    fileName: string;
    fileSha256: string;
    at: Date;
    actor: string;
    firstTs: Date | null;
    lastTs: Date | null;
  },
): Promise<LiveImport | undefined> {
  return db.transaction(async (tx) => {
    // Two starting at once on PostgreSQL: the second waits here and then sees the first.
    await tx.execute(sql`LOCK TABLE wifi_imports IN EXCLUSIVE MODE`);
    const other = await selectLiveWifiImport(tx);
    if (other) return other;
    await tx.execute(
      sql`INSERT INTO wifi_imports (id, kind, file_name, file_sha256, at, actor_label, rows_in, created, unchanged, rejected,
            first_ts, last_ts, report, status, heartbeat_at)
          VALUES (${row.id}::uuid, ${row.kind}, ${row.fileName}, ${row.fileSha256}, ${row.at.toISOString()}::timestamptz,
            ${row.actor}, 0, 0, 0, 0, ${row.firstTs?.toISOString() ?? null}::timestamptz,
            ${row.lastTs?.toISOString() ?? null}::timestamptz, '{}'::jsonb, 'staging', now())`,
    );
    return undefined;
  });
}

/** Marks a staging import done with its counts and report; false when it is no longer staging (swept). */
export async function markWifiImportDone(
  tx: Db,
  id: string,
  done: { at: Date; rowsIn: number; created: number; unchanged: number; rejected: number; report: Record<string, unknown> },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE wifi_imports SET status = 'done', heartbeat_at = NULL, at = ${done.at.toISOString()}::timestamptz,
          rows_in = ${done.rowsIn}, created = ${done.created}, unchanged = ${done.unchanged}, rejected = ${done.rejected},
          report = ${JSON.stringify(done.report)}::jsonb
        WHERE id = ${id}::uuid AND status = 'staging' RETURNING id`,
  );
  return rows.length > 0;
}

/** Says a staging import is alive while it is busy without writing. */
export async function touchWifiImport(db: Db, id: string): Promise<void> {
  await db.execute(sql`UPDATE wifi_imports SET heartbeat_at = now() WHERE id = ${id}::uuid AND status = 'staging'`);
}

/** Marks it abandoned (failed, a dry run); true when it is abandoned now (never a finished one). */
export async function abandonWifiImport(db: Db, id: string): Promise<boolean> {
  const rows = await queryRows<{ status: string }>(
    db,
    sql`UPDATE wifi_imports SET status = CASE WHEN status = 'staging' THEN 'abandoned' ELSE status END
        WHERE id = ${id}::uuid RETURNING status`,
  );
  return rows[0]?.status === 'abandoned';
}

/** Every staging import becomes abandoned (PGlite at start-up: their process has gone). */
export async function abandonAllWifiStaging(db: Db): Promise<number> {
  return (
    await queryRows<{ id: string }>(db, sql`UPDATE wifi_imports SET status = 'abandoned' WHERE status = 'staging' RETURNING id`)
  ).length;
}

/** Imports that will never finish: abandoned ones, and staging ones with no slice for WIFI_STALE_AFTER_SECONDS. */
export function listDeadWifiImports(db: Db) {
  return queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM wifi_imports
        WHERE status = 'abandoned' OR (status = 'staging'
          AND (heartbeat_at IS NULL OR heartbeat_at <= now() - make_interval(secs => ${WIFI_STALE_AFTER_SECONDS})))`,
  );
}

/** What a discard needs to find an import's rows by index: its devices, its APs and its time span. */
export async function selectImportFootprint(db: Db, id: string) {
  const devices = await queryRows<{ id: number }>(
    db,
    sql`SELECT d.id FROM wifi_import_devices i JOIN wifi_devices d ON d.mac = i.mac WHERE i.import_id = ${id}::uuid ORDER BY d.id`,
  );
  const aps = await queryRows<{ id: number }>(
    db,
    sql`SELECT DISTINCT ap_id AS id FROM wifi_import_ap_map WHERE import_id = ${id}::uuid ORDER BY 1`,
  );
  const span = await queryRows<{ first: string | null; last: string | null }>(
    db,
    sql`SELECT first_ts AS first, last_ts AS last FROM wifi_imports WHERE id = ${id}::uuid`,
  );
  return {
    devices: devices.map((r) => Number(r.id)),
    aps: aps.map((r) => Number(r.id)),
    first: span[0]?.first ?? null,
    last: span[0]?.last ?? null,
  };
}

const PER_DEVICE = ['wifi_attempts', 'wifi_sessions', 'wifi_client_samples', 'wifi_roams'];

/** Deletes the import's rows of these devices from the per-device raw tables (one statement each). */
export async function deleteDeviceRows(db: Db, id: string, deviceIds: number[]): Promise<void> {
  for (const table of PER_DEVICE)
    await db.execute(
      sql`DELETE FROM ${sql.raw(table)} WHERE device_id = ANY(${`{${deviceIds.join(',')}}`}::int[]) AND import_id = ${id}::uuid`,
    );
}

export async function deleteApRows(db: Db, id: string, apIds: number[]): Promise<void> {
  await db.execute(
    sql`DELETE FROM wifi_ap_samples WHERE ap_id = ANY(${`{${apIds.join(',')}}`}::int[]) AND import_id = ${id}::uuid`,
  );
}

export async function deleteInfraRows(db: Db, id: string, first: string | null, last: string | null): Promise<void> {
  await db.execute(
    first && last
      ? sql`DELETE FROM wifi_infra_events WHERE ts >= ${first}::timestamptz AND ts <= ${last}::timestamptz AND import_id = ${id}::uuid`
      : sql`DELETE FROM wifi_infra_events WHERE import_id = ${id}::uuid`,
  );
}

/** The devices and APs the import brought, once its rows are gone, then its record. */
export async function forgetWifiImport(db: Db, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM wifi_devices WHERE created_by_import = ${id}::uuid`);
    await tx.execute(sql`DELETE FROM wifi_aps WHERE created_by_import = ${id}::uuid AND NOT inventoried`);
    await tx.execute(sql`UPDATE wifi_aps SET created_by_import = NULL WHERE created_by_import = ${id}::uuid`);
    await tx.execute(sql`DELETE FROM wifi_imports WHERE id = ${id}::uuid`);
  });
}
