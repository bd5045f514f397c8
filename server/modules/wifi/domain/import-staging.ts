import { isSingleConnection, waitForQuiet } from '../../../db/background.ts';
import type { Db } from '../../../db/connect.ts';
import type { Ctx } from '../../../lib/context.ts';
import {
  abandonAllWifiStaging,
  abandonWifiImport,
  deleteApRows,
  deleteDeviceRows,
  deleteInfraRows,
  forgetWifiImport,
  listDeadWifiImports,
  selectImportFootprint,
} from '../db/import-queries.ts';
import { clearImportScratch } from '../db/rollup-queries.ts';

/**
 * Discarding what a Wi-Fi import staged (it failed, it was a dry run, or its process was
 * killed): its raw rows go a few hundred devices at a time, found through the tables' own keys
 * (device, AP, time), each batch its own short statements; then the devices and APs it brought,
 * its scratch and its record, so a discard interrupted in its turn is finished by the next sweep.
 * Nothing of it was ever visible.
 */

const DEVICES_PER_BATCH = 200;

export async function discardWifiImport(db: Db, id: string): Promise<void> {
  // Marked first (waiting for a slice still being written), then its footprint read: nothing escapes it.
  if (!(await abandonWifiImport(db, id))) return;
  const { devices, aps, first, last } = await selectImportFootprint(db, id);
  for (let i = 0; i < devices.length; i += DEVICES_PER_BATCH) {
    await waitForQuiet(db);
    await deleteDeviceRows(db, id, devices.slice(i, i + DEVICES_PER_BATCH));
  }
  if (aps.length) await deleteApRows(db, id, aps);
  await deleteInfraRows(db, id, first, last);
  await clearImportScratch(db, id);
  await forgetWifiImport(db, id);
}

/**
 * At start-up on PGlite every staging import is dead (the lock file means no other process is
 * writing): one quick update marks them, and the sweep removes their rows. On PostgreSQL another
 * process may be importing; there a staging import is dead only once it is stale.
 */
export async function abandonInterruptedWifiImports(ctx: Ctx): Promise<void> {
  if (!isSingleConnection(ctx.db)) return;
  const n = await abandonAllWifiStaging(ctx.db);
  if (n) ctx.log.info({ imports: n }, 'Wi-Fi imports interrupted by the last stop will be discarded');
}

/** Discards every Wi-Fi import that will never finish (abandoned, or staging and stale). */
export async function sweepDeadWifiImports(ctx: Ctx): Promise<number> {
  const dead = await listDeadWifiImports(ctx.db);
  for (const d of dead) {
    await discardWifiImport(ctx.db, d.id);
    ctx.log.info({ importId: d.id }, 'discarded an unfinished Wi-Fi import (nothing of it was visible)');
  }
  return dead.length;
}
