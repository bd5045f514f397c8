import { isSingleConnection, waitForQuiet } from '../../../db/background.ts';
import type { Db } from '../../../db/connect.ts';
import type { Ctx } from '../../../lib/context.ts';
import {
  abandonAllStaging,
  abandonImport,
  deleteImportRows,
  forgetImport,
  listDeadImports,
  selectImportRowRange,
} from '../db/signin-queries.ts';

/**
 * Discarding what an import staged (it failed, it was a dry run, or its process was killed):
 * its events go a slice of ids at a time, each slice its own short statement, so a million rows
 * never hold the database; the record goes last, so a discard interrupted in its turn is
 * simply finished by the next sweep. Nothing of it was ever visible.
 */

const SLICE_IDS = 5_000;

export async function discardImport(db: Db, id: string): Promise<void> {
  // Marked first (waiting for a slice still being written), then the range read: nothing escapes it.
  await abandonImport(db, id);
  const range = await selectImportRowRange(db, id);
  if (range?.first !== null && range?.first !== undefined && range.last !== null) {
    for (let from = range.first; from <= range.last; from += SLICE_IDS) {
      await waitForQuiet(db);
      await deleteImportRows(db, id, from, from + SLICE_IDS);
    }
  }
  await forgetImport(db, id);
}

/**
 * At start-up on PGlite every staging import is dead (the lock file means no other process is
 * writing): one quick update marks them, and the sweep (before the next import, and scheduled)
 * removes their rows. On PostgreSQL another process may be importing; there a staging import is
 * dead only once it is stale.
 */
export async function abandonInterruptedImports(ctx: Ctx): Promise<void> {
  if (!isSingleConnection(ctx.db)) return;
  const n = await abandonAllStaging(ctx.db);
  if (n) ctx.log.info({ imports: n }, 'sign-in imports interrupted by the last stop will be discarded');
}

/** Discards every import that will never finish (abandoned, or staging and stale). */
export async function sweepDeadImports(ctx: Ctx): Promise<number> {
  const dead = await listDeadImports(ctx.db);
  for (const d of dead) {
    await discardImport(ctx.db, d.id);
    ctx.log.info({ importId: d.id }, 'discarded an unfinished sign-in import (nothing of it was visible)');
  }
  return dead.length;
}
