import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { background } from '../../../db/background.ts';
import type { Ctx } from '../../../lib/context.ts';
import { Conflict, ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportSummary } from '../../../lib/module.ts';
import { getSetting } from '../../settings/index.ts';
import {
  beginStagingImport,
  countNewVendorEvents,
  findImportBySha,
  insertVendorEvents,
  publishImport,
  STALE_AFTER_SECONDS,
  touchImport,
  type VendorEventRow,
} from '../db/signin-queries.ts';
import { runDetections } from '../detect/run-detections.ts';
import { discardImport, sweepDeadImports } from '../domain/import-staging.ts';
import { type Ingest, openIngest } from '../domain/ingest.ts';
import { detectAfterImportSetting } from '../domain/security-settings.ts';

/**
 * What every sign-in importer (and API pull) shares: all-or-nothing without one long transaction
 * (the rows are staged in slices that commit, invisible until one short step publishes them; a
 * failure or a dry run discards them), one import at a time, bad rows refuse the file unless
 * --skip-invalid, provenance recorded, and the detections run over the imported period once
 * the rows are visible.
 */

export type ImportRun = { ingest: Ingest; vendor: VendorEventRow[]; importId: string };
export type ImportWork = (run: ImportRun) => Promise<{ rowsIn: number; problems: RowProblem[]; notes?: string[] }>;

const MAX_PROBLEMS = 500;

export async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const actorLabel = (ctx: Ctx) =>
  ctx.actor?.kind === 'user' ? ctx.actor.email : ctx.actor?.kind === 'system' ? ctx.actor.name : 'unknown';

export async function finishImport(
  ctx: Ctx,
  spec: { kind: string; file?: string; name: string; options: Pick<ImportOptions, 'dryRun' | 'skipInvalid'> },
  work: ImportWork,
): Promise<ImportSummary> {
  const sha = spec.file ? await fileSha256(spec.file) : null;
  // The very same file again: nothing can be new, so say so without reading it.
  const before = sha ? await findImportBySha(ctx.db, spec.kind, sha) : undefined;
  if (before)
    return {
      kind: spec.kind,
      file: spec.name,
      rowsIn: before.rowsIn,
      created: 0,
      updated: 0,
      unchanged: before.rowsIn - before.rejected,
      rejected: 0,
      problems: [],
      dryRun: spec.options.dryRun,
      notes: [
        `This exact file was imported on ${before.createdAt.toISOString().slice(0, 10)} (${before.fileName}); nothing is new.`,
      ],
    };
  // Rows of a dead import still hold their keys: they must go before this file's rows arrive.
  await sweepDeadImports(ctx);
  const importId = newId();
  const other = await beginStagingImport(ctx.db, {
    id: importId,
    kind: spec.kind,
    fileName: spec.name,
    fileSha256: sha,
    actor: actorLabel(ctx),
    createdAt: ctx.clock.now(),
  });
  if (other)
    throw new Conflict(
      `Another sign-in import is still running (${other.fileName}, by ${other.actor}); try again when it has finished.`,
    );
  let result: Awaited<ReturnType<typeof stage>>;
  const stage = async () => {
    const ingest = await openIngest(ctx.db, ctx.config.timeZone, importId);
    const vendor: VendorEventRow[] = [];
    const out = await work({ ingest, vendor, importId }).catch(async (err) => {
      // Let the slice being merged finish before the import is discarded under it.
      await ingest.finish().catch(() => {});
      throw err;
    });
    if (out.problems.length && !spec.options.skipInvalid) {
      await ingest.finish().catch(() => {});
      const shown = out.problems.slice(0, MAX_PROBLEMS);
      throw new ImportRejected(
        shown,
        out.problems.length > MAX_PROBLEMS
          ? `${spec.name}: ${out.problems.length} bad rows (the first ${MAX_PROBLEMS} are listed); nothing was imported`
          : undefined,
      );
    }
    const merged = await ingest.finish();
    return { out, merged, vendor };
  };
  // Alive while reading too, even when no slice is written for a while: a sweep must not take it.
  // Background work: the heartbeat does not make the database look used by someone else.
  const heartbeat = setInterval(
    () => void background(() => touchImport(ctx.db, importId)).catch(() => {}),
    (STALE_AFTER_SECONDS * 1000) / 4,
  );
  heartbeat.unref();
  try {
    result = await stage();
  } catch (err) {
    clearInterval(heartbeat);
    await discardImport(ctx.db, importId).catch((e) =>
      ctx.log.warn({ err: e, importId }, 'could not discard a failed import yet; the next sweep will'),
    );
    throw err;
  }
  clearInterval(heartbeat);
  const { out, merged, vendor } = result;
  const vendorTimes = vendor.map((v) => v.ts.getTime());
  const first = Math.min(merged.firstTs?.getTime() ?? Number.POSITIVE_INFINITY, ...vendorTimes);
  const last = Math.max(merged.lastTs?.getTime() ?? Number.NEGATIVE_INFINITY, ...vendorTimes);
  let vendorCreated = 0;
  if (spec.options.dryRun) {
    // A dry run counts what would be new (vendor detections included), then keeps nothing.
    vendorCreated = await countNewVendorEvents(ctx.db, vendor);
    await discardImport(ctx.db, importId);
  } else {
    // The one step that makes the import visible: short, whatever its size.
    const published = await ctx.db.transaction(async (tx) => {
      vendorCreated = await insertVendorEvents(
        tx,
        vendor.map((v) => ({ ...v, importId })),
      );
      return publishImport(tx, importId, {
        rowsIn: out.rowsIn,
        created: merged.created + vendorCreated,
        rejected: out.problems.length,
        firstTs: Number.isFinite(first) ? new Date(first) : null,
        lastTs: Number.isFinite(last) ? new Date(last) : null,
      });
    });
    if (!published) throw new Conflict(`${spec.name}: the import was stopped before it finished; nothing was imported`);
  }
  const created = merged.created + vendorCreated;
  const notes = [...(out.notes ?? [])];
  if (out.problems.length > MAX_PROBLEMS) notes.push(`${out.problems.length} bad rows; the first ${MAX_PROBLEMS} are listed.`);
  if (!spec.options.dryRun && created > 0 && (await getSetting(ctx, detectAfterImportSetting))) {
    const run = await runDetections(ctx, { from: new Date(first), to: new Date(last) });
    notes.push(
      `Detections over the imported period: ${run.created} new alert${run.created === 1 ? '' : 's'}, ${run.updated} updated.`,
    );
  }
  return {
    kind: spec.kind,
    file: spec.name,
    rowsIn: out.rowsIn,
    created,
    updated: 0,
    unchanged: Math.max(0, out.rowsIn - out.problems.length - created),
    rejected: out.problems.length,
    problems: out.problems.slice(0, MAX_PROBLEMS),
    dryRun: spec.options.dryRun,
    notes,
  };
}
