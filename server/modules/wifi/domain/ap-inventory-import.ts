import path from 'node:path';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { recordAudit } from '../../audit/index.ts';
import { type ApRow, insertAp, selectAps, updateAp } from '../db/ap-queries.ts';
import { readApInventory } from '../import/ap-inventory.ts';
import { loadPlaceTree } from './ingest.ts';

/**
 * `belfry import wifi-aps`: the access-point inventory. An AP already seen in controller data
 * under its MAC or serial takes the inventory's name and place; the same file twice changes nothing.
 */
export async function importApInventory(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? path.basename(file);
  const places = await loadPlaceTree(ctx);
  const { rows, problems, rowsIn } = await readApInventory(file, name, places, options.mapping);
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await inTransaction(ctx.db, options, async (db) => {
    const aps = await selectAps(db);
    for (const [i, row] of rows.entries()) {
      const byName = aps.find((a) => a.name.toLowerCase() === row.name.toLowerCase());
      const byMac = row.mac ? aps.find((a) => a.mac === row.mac) : undefined;
      const bySerial = row.serial ? aps.find((a) => a.serial?.toLowerCase() === row.serial?.toLowerCase()) : undefined;
      const matches = [byName, byMac, bySerial].filter((a): a is ApRow => !!a);
      const ids = new Set(matches.map((a) => a.id));
      if (ids.size > 1) {
        problems.push({
          file: name,
          line: row.line,
          field: 'mac',
          message: `"${row.name}" and ${row.mac ?? row.serial} are two access points already seen in Wi-Fi data; rename one in the file`,
        });
        continue;
      }
      const patch = {
        name: row.name,
        mac: row.mac ?? matches[0]?.mac ?? null,
        serial: row.serial ?? matches[0]?.serial ?? null,
        schoolId: row.schoolId,
        schoolCode: row.schoolCode,
        buildingId: row.buildingId,
        buildingCode: row.buildingCode,
        buildingName: row.buildingName,
        roomId: row.roomId,
        roomCode: row.roomCode,
        floor: row.floor,
        inventoried: true,
      };
      const existing = matches[0];
      if (!existing) {
        aps.push(await insertAp(db, { ...patch, firstSeen: ctx.clock.now() }));
        counts.created++;
      } else if (Object.entries(patch).every(([k, v]) => existing[k as keyof ApRow] === v)) counts.unchanged++;
      else {
        await updateAp(db, existing.id, patch);
        Object.assign(existing, patch);
        counts.updated++;
      }
      if (i % 50 === 0) progress(i, rows.length);
    }
    if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
    await recordAudit(
      { ...ctx, db },
      {
        action: 'wifi.ap_inventory',
        summary: `Imported the access point inventory from ${name}: ${counts.created} new, ${counts.updated} changed`,
        targetType: 'import',
      },
    );
  });
  progress(rows.length, rows.length);
  return { kind: 'wifi-aps', file: name, rowsIn, ...counts, rejected: problems.length, problems, dryRun: options.dryRun };
}
