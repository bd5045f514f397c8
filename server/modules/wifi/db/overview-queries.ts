import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

export type ImportRow = { kind: string; file_name: string; at: string; created: number; rows_in: number };

export function selectRecentImports(db: Db, limit = 10): Promise<ImportRow[]> {
  return queryRows<ImportRow>(
    db,
    sql`SELECT kind, file_name, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, created, rows_in
    FROM wifi_imports WHERE status = 'done' ORDER BY at DESC LIMIT ${limit}`,
  );
}

/** Local days with data in AP bins (not personal; kept for good), newest first. */
export async function selectRecentDays(db: Db, since: Date, timeZone: string): Promise<string[]> {
  const rows = await queryRows<{ day: string }>(
    db,
    sql`SELECT DISTINCT (bin AT TIME ZONE ${timeZone})::date::text AS day FROM wifi_bins WHERE bin >= ${since.toISOString()} ORDER BY 1 DESC`,
  );
  return rows.map((r) => r.day);
}
