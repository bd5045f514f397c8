import type { Db } from './connect.ts';
import { PGliteThread } from './pglite-thread.ts';

/**
 * Bulk work in short slices, so that it never holds PGlite's one connection for long: an import
 * commits a slice at a time and waits for a quiet moment between slices, and every request that
 * arrived meanwhile goes first. On PostgreSQL (a pool, and readers never wait for writers) there
 * is nothing to wait for and slices can be big.
 */

function threadOf(db: Db): PGliteThread | undefined {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  // A transaction's handle is not the thread: work inside one transaction cannot yield.
  return client instanceof PGliteThread ? client : undefined;
}

/** True on the embedded database (one connection shared by every request). */
export const isSingleConnection = (db: Db): boolean => threadOf(db) !== undefined;

/** How long one slice should hold PGlite's connection; a waiting request waits at most about this. */
export const SLICE_TARGET_MS = 40;

/** Waits until no request is using the embedded database (at most `maxWaitMs`); at once on PostgreSQL. */
export async function waitForQuiet(db: Db, options: { quietMs?: number; maxWaitMs?: number } = {}): Promise<void> {
  const thread = threadOf(db);
  if (thread) await thread.whenQuiet(options.quietMs ?? 4, options.maxWaitMs ?? 100);
}

/**
 * Sizes the next slice from how long the last one took, aiming at SLICE_TARGET_MS on PGlite
 * (between `min` and `max` rows); on PostgreSQL always `max`.
 */
export function sliceSizer(db: Db, options: { start: number; min: number; max: number }) {
  const adaptive = isSingleConnection(db);
  let size = adaptive ? options.start : options.max;
  return {
    get size() {
      return size;
    },
    /** Reports that `rows` took `ms`; the next slice is sized from it. */
    took(rows: number, ms: number) {
      if (!adaptive || rows < options.min / 2) return;
      const perRow = ms / rows;
      const next = Math.round(SLICE_TARGET_MS / Math.max(perRow, 1e-6));
      // Move halfway towards the ideal size, so one slow slice (a checkpoint) does not swing it.
      size = Math.max(options.min, Math.min(options.max, Math.round((size + next) / 2)));
    },
  };
}
