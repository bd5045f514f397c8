import type { SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';

/** Runs raw SQL and returns its rows, typed by the caller (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
