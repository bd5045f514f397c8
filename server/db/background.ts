import type { Db } from './connect.ts';
import { asBackgroundWork, PGliteThread } from './pglite-thread.ts';

/**
 * Bulk work in slices, so that it never holds PGlite's one connection for long while anyone else
 * needs it: an import commits a slice at a time. When someone else has used the database in the
 * last few seconds (a signed-in page, a health check), each slice waits for a quiet moment and is
 * sized to hold the connection for about SLICE_TARGET_MS, so every request that arrives meanwhile
 * goes first and waits at most about that. When no one has (a command-line import, a server no one
 * is using), slices are big and start at once: the import runs as fast as one transaction would.
 * The work inside `background` does not count as someone else. On PostgreSQL (a pool, and readers
 * never wait for writers) there is nothing to wait for and slices are always big.
 */

function threadOf(db: Db): PGliteThread | undefined {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  // A transaction's handle is not the thread: work inside one transaction cannot yield.
  return client instanceof PGliteThread ? client : undefined;
}

/** True on the embedded database (one connection shared by every request). */
export const isSingleConnection = (db: Db): boolean => threadOf(db) !== undefined;

/** How long one slice should hold PGlite's connection while others use it; a request waits at most about this. */
export const SLICE_TARGET_MS = 40;

/** How long a slice may hold it when no one else is there (the first request to arrive waits at most about this). */
export const ALONE_SLICE_TARGET_MS = 1000;

/** No one else has used the database for this long: bulk work is alone. */
export const ALONE_AFTER_MS = 3000;

/** Runs `fn`'s database work as background work: it does not make the database look busy to other bulk work. */
export const background = asBackgroundWork;

/** True when no one but background work has used the embedded database for ALONE_AFTER_MS; always on PostgreSQL. */
export function isAlone(db: Db): boolean {
  const thread = threadOf(db);
  return !thread || thread.othersIdleForMs() >= ALONE_AFTER_MS;
}

/**
 * Waits until no one else is using the embedded database (at most `maxWaitMs`); at once when it
 * is quiet already, and on PostgreSQL.
 */
export async function waitForQuiet(db: Db, options: { quietMs?: number; maxWaitMs?: number } = {}): Promise<void> {
  const thread = threadOf(db);
  if (thread) await thread.whenQuiet(options.quietMs ?? 4, options.maxWaitMs ?? 100);
}

/**
 * Sizes the next slice from how long slices take per row: on PGlite, SLICE_TARGET_MS worth of
 * rows while others use the database and ALONE_SLICE_TARGET_MS worth when it is alone (between
 * `min` and `max` rows either way); on PostgreSQL always `max`. Cheap enough to ask per row.
 */
export function sliceSizer(db: Db, options: { start: number; min: number; max: number }) {
  const thread = threadOf(db);
  let perRowMs: number | undefined;
  const rowsFor = (ms: number) => Math.max(options.min, Math.min(options.max, Math.round(ms / (perRowMs as number))));
  return {
    get size() {
      if (!thread) return options.max;
      const alone = thread.othersIdleForMs() >= ALONE_AFTER_MS;
      // Before the first slice has been timed: `start` alone, the smallest while others are there.
      if (perRowMs === undefined) return alone ? options.start : options.min;
      return rowsFor(alone ? ALONE_SLICE_TARGET_MS : SLICE_TARGET_MS);
    },
    /** Reports that `rows` took `ms`; the next slice is sized from it. */
    took(rows: number, ms: number) {
      if (!thread || rows < options.min / 2) return;
      const r = ms / rows;
      // Move halfway towards the latest cost, so one slow slice (a checkpoint) does not swing it.
      perRowMs = perRowMs === undefined ? r : (perRowMs + r) / 2;
    },
  };
}
