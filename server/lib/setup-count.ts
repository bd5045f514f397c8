import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/connect.ts';
import { queryRows } from '../db/rows.ts';

/** A count for a first-run check (one small query on a module's own table). */
export async function countRows(db: Db, query: SQL): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`SELECT (${query})::int AS n`);
  return rows[0]?.n ?? 0;
}
