import { type Ctx, requireRole } from '../../../lib/context.ts';
import { selectImports } from '../db/response-queries.ts';
import { loadInstrumentRow } from './instruments.ts';

/** Provenance of a survey's imports: file, hash, mapping version, counts in and out, rejected rows. */
export async function listImportRecords(ctx: Ctx, instrumentId: string) {
  requireRole(ctx, 'admin');
  const inst = await loadInstrumentRow(ctx, instrumentId);
  return (await selectImports(ctx.db, inst.id)).map((r) => ({
    id: r.id,
    fileName: r.fileName,
    fileSha256: r.fileSha256,
    format: r.format,
    manifestVersion: r.manifestVersion,
    importerVersion: r.importerVersion,
    rowsIn: r.rowsIn,
    created: r.created,
    unchanged: r.unchanged,
    rejected: r.rejected,
    report: r.report,
    by: r.actorLabel,
    at: r.at.toISOString(),
  }));
}
