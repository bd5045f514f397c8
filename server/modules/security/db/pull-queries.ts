import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { securityPullState } from './tables.ts';

export const selectPullState = async (db: Db, source: string) =>
  (await db.select().from(securityPullState).where(eq(securityPullState.source, source)))[0];

export const savePullState = (db: Db, row: typeof securityPullState.$inferInsert) =>
  db
    .insert(securityPullState)
    .values(row)
    .onConflictDoUpdate({
      target: securityPullState.source,
      set: { lastUntil: row.lastUntil, lastRunAt: row.lastRunAt, lastResult: row.lastResult },
    });
