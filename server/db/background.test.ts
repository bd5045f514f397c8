import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALONE_AFTER_MS, background, isAlone, sliceSizer, waitForQuiet } from './background.ts';
import { type Database, openDatabase } from './connect.ts';

/**
 * Bulk work (an import's slices) is sized by who else uses PGlite's one connection: short slices
 * after a quiet moment while anyone else does, big ones at once when no one has for a while. Its
 * own statements, run as background work, never make the database look busy.
 */
describe('background work on the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDir: 'memory://' });
  }, 120_000);
  afterAll(() => database?.close());

  it('slices short while others use the database, big when it is alone; its own statements do not count', {
    timeout: 60_000,
  }, async () => {
    const db = database.db;
    const sizer = sliceSizer(db, { start: 2000, min: 1000, max: 10_000 });
    // Nothing timed yet, and the database was just opened (someone else): the smallest slice.
    expect(sizer.size).toBe(1000);
    // 0.01 ms a row: 40 ms is 4,000 rows while someone is there; alone, the most (10,000).
    sizer.took(2000, 20);
    await db.execute(sql`select 1`);
    expect(isAlone(db)).toBe(false);
    expect(sizer.size).toBe(4000);
    await new Promise((r) => setTimeout(r, ALONE_AFTER_MS + 100));
    expect(isAlone(db)).toBe(true);
    expect(sizer.size).toBe(10_000);
    // Background statements (a slice's own transaction) leave it alone.
    await background(() => db.transaction(async (tx) => void (await tx.execute(sql`select 2`))));
    expect(isAlone(db)).toBe(true);
    expect(sizer.size).toBe(10_000);
    const t0 = performance.now();
    await waitForQuiet(db);
    expect(performance.now() - t0).toBeLessThan(2);
    // Someone else asks: short slices again at once, and the next slice waits for their quiet moment.
    let answered = false;
    const other = db.execute(sql`select pg_sleep(0.1)`).then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    expect(isAlone(db)).toBe(false);
    expect(sizer.size).toBe(4000);
    await waitForQuiet(db, { maxWaitMs: 1000 });
    expect(answered).toBe(true);
    await other;
  });

  it('on PostgreSQL (or any pool) slices are always the largest and nothing waits', () => {
    const pool = {} as Database['db'];
    const sizer = sliceSizer(pool, { start: 2000, min: 1000, max: 10_000 });
    sizer.took(2000, 2000);
    expect(sizer.size).toBe(10_000);
    expect(isAlone(pool)).toBe(true);
  });
});
