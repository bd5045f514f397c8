import { rm } from 'node:fs/promises';
import { type Ctx, requireActor } from '../../../lib/context.ts';
import { resolveColumns } from '../../../lib/csv.ts';
import { csvRowBatches, openTextChunks } from '../../../lib/csv-stream.ts';
import { Forbidden, ImportRejected, NotFound } from '../../../lib/errors.ts';
import type { Importer, ImportOptions } from '../../../lib/module.ts';
import { type Job, startJob } from './jobs.ts';

export type ImporterView = { kind: string; description: string; accept: string; fields: string[] | null; readsDates: boolean };

export function listImporters(ctx: Ctx, importers: readonly Importer[]): ImporterView[] {
  const actor = requireActor(ctx);
  return importers
    .filter((i) => i.roles.includes(actor.role))
    .map((i) => ({
      kind: i.kind,
      description: i.description,
      accept: i.accept,
      fields: i.fields ? Object.keys(i.fields) : null,
      readsDates: i.readsDates ?? false,
    }));
}

/** The importer for `kind`, if this user may run it; checked before an upload is accepted. */
export function getImporter(ctx: Ctx, importers: readonly Importer[], kind: string): Importer {
  const actor = requireActor(ctx);
  const importer = importers.find((i) => i.kind === kind);
  if (!importer) throw new NotFound(`There is no importer called "${kind}". Known: ${importers.map((i) => i.kind).join(', ')}`);
  if (!importer.roles.includes(actor.role)) throw new Forbidden(`You do not have permission to import ${kind}`);
  return importer;
}

/** Runs an uploaded file through its importer as a job; the file is deleted afterwards. */
export async function startImport(ctx: Ctx, importer: Importer, file: string, options: ImportOptions): Promise<Job> {
  const verb = options.dryRun ? 'Checking' : 'Importing';
  const { job } = await startJob(
    ctx,
    { kind: `import:${importer.kind}`, title: `${verb} ${options.fileName ?? importer.kind}` },
    (progress) => importer.run(ctx, file, options, progress),
    () => rm(file, { force: true }),
  );
  return job;
}

export type CsvPreview = { headers: string[]; sample: string[][]; rows: number; suggested: Record<string, string> };

/** A sample cell is cut to this many characters: the dialog shows what a column holds. */
const SAMPLE_CHARS = 200;

/**
 * Headers, the first rows and a suggested column mapping, for the upload dialog's mapping step.
 * The file is streamed through the capped CSV reader (lib/csv-stream): a line or a field past the
 * caps is refused with its line at once, and only the header and five short rows come back.
 */
export async function previewCsv(ctx: Ctx, importer: Importer, file: string, fileName: string): Promise<CsvPreview> {
  requireActor(ctx);
  try {
    const { chunks } = await openTextChunks(file);
    let headers: string[] | undefined;
    const sample: string[][] = [];
    let rows = 0;
    for await (const batch of csvRowBatches(chunks, fileName))
      for (const r of batch) {
        if (!headers) {
          headers = r.values.map((h) => h.replace(/^\uFEFF/, '').trim());
          continue;
        }
        if (!r.values.some((v) => v.trim() !== '')) continue;
        rows++;
        if (sample.length < 5) sample.push(r.values.map((v) => (v.length > SAMPLE_CHARS ? `${v.slice(0, SAMPLE_CHARS)}…` : v)));
      }
    if (!headers) throw new ImportRejected([{ file: fileName, line: 1, message: 'the file is empty' }]);
    const suggested: Record<string, string> = {};
    if (importer.fields) {
      const { columns } = resolveColumns(headers, importer.fields);
      for (const [field, i] of Object.entries(columns)) suggested[field] = headers[i as number] as string;
    }
    return { headers, sample, rows, suggested };
  } finally {
    await rm(file, { force: true });
  }
}
