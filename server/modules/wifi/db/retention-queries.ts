import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

/** Deletes per-device data older than the cut-offs; returns how many rows went from each table. */
export async function purgeBefore(db: Db, rawCutoff: Date, rollupCutoffDay: string): Promise<Record<string, number>> {
  const raw = rawCutoff.toISOString();
  const statements: [string, ReturnType<typeof sql>][] = [
    ['wifi_attempts', sql`DELETE FROM wifi_attempts WHERE ts < ${raw}`],
    ['wifi_sessions', sql`DELETE FROM wifi_sessions WHERE ended_at < ${raw}`],
    ['wifi_client_samples', sql`DELETE FROM wifi_client_samples WHERE ts < ${raw}`],
    ['wifi_roams', sql`DELETE FROM wifi_roams WHERE ts < ${raw}`],
    ['wifi_daily', sql`DELETE FROM wifi_daily WHERE day < ${rollupCutoffDay}`],
    ['wifi_fail_bins', sql`DELETE FROM wifi_fail_bins WHERE bin < ${rollupCutoffDay}::date`],
    [
      'wifi_devices',
      sql`DELETE FROM wifi_devices d WHERE last_seen < ${rollupCutoffDay}::date
        AND NOT EXISTS (SELECT 1 FROM wifi_daily w WHERE w.device_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM wifi_fail_bins f WHERE f.device_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM wifi_attempts a WHERE a.device_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM wifi_sessions s WHERE s.device_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM wifi_client_samples c WHERE c.device_id = d.id)
        AND NOT EXISTS (SELECT 1 FROM wifi_roams r WHERE r.device_id = d.id)`,
    ],
  ];
  const out: Record<string, number> = {};
  for (const [table, statement] of statements) {
    const rows = await queryRows<{ n: number }>(db, sql`WITH d AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM d`);
    out[table] = rows[0]?.n ?? 0;
  }
  return out;
}
