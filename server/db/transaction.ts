import type { Db } from './connect.ts';

const ROLLBACK = Symbol('dry run');

/**
 * Runs `fn` in one transaction and returns its result. With `dryRun`, everything is done and
 * counted, then rolled back: an import's preview is the import itself, minus the commit.
 */
export async function inTransaction<T>(db: Db, options: { dryRun?: boolean }, fn: (tx: Db) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await fn(tx);
      if (options.dryRun) throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return result as T;
}
