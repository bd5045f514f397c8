import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import type { RowProblem } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import type { VendorEventRow } from '../db/signin-queries.ts';
import type { SigninEvent } from '../domain/signin-event.ts';
import { readGraphSignIns, readRiskDetections } from './entra-json.ts';
import { readGoogleActivities, readGoogleAlerts } from './google.ts';
import { finishImport } from './import-run.ts';
import { type JsonItem, readJsonItems } from './json-items.ts';

type Reader = (items: JsonItem[], file: string) => { events?: SigninEvent[]; vendor?: VendorEventRow[]; problems: RowProblem[] };

const READERS: Record<string, { keys: string[]; read: Reader }> = {
  'entra-signins-json': { keys: ['value', 'records'], read: readGraphSignIns },
  'entra-risk-detections': { keys: ['value'], read: readRiskDetections },
  'google-logins': { keys: ['items'], read: readGoogleActivities },
  'google-alerts': { keys: ['alerts'], read: readGoogleAlerts },
};

/** Stores already-normalised events and vendor detections (API pulls, the demo) like an import. */
export function ingestNormalised(
  ctx: Ctx,
  spec: { kind: string; name: string },
  events: readonly SigninEvent[],
  vendor: readonly VendorEventRow[],
): Promise<ImportSummary> {
  return finishImport(ctx, { kind: spec.kind, name: spec.name, options: { dryRun: false, skipInvalid: false } }, async (run) => {
    for (const e of events) await run.ingest.add(e);
    run.vendor.push(...vendor);
    return { rowsIn: events.length + vendor.length, problems: [] };
  });
}

/** The JSON importers: Graph sign-ins and risk detections, Google login activities and alerts. */
export function jsonImporter(kind: keyof typeof READERS) {
  return async (ctx: Ctx, file: string, options: ImportOptions, progress: ImportProgress): Promise<ImportSummary> => {
    requireRole(ctx, ...IT_ROLES);
    const name = options.fileName ?? file.split('/').pop() ?? file;
    const reader = READERS[kind] as (typeof READERS)[string];
    const items = await readJsonItems(file, name, reader.keys);
    progress(0, items.length, 'Reading');
    const { events = [], vendor = [], problems } = reader.read(items, name);
    return finishImport(ctx, { kind, file, name, options }, async (run) => {
      let n = 0;
      for (const e of events) {
        await run.ingest.add(e);
        if (++n % 5000 === 0) progress(n, events.length, 'Saving');
      }
      run.vendor.push(...vendor);
      progress(items.length, items.length, 'Saving');
      return { rowsIn: events.length + vendor.length + problems.length, problems };
    });
  };
}
