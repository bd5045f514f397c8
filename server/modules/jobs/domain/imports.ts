import { rm } from 'node:fs/promises';
import { type Ctx, requireActor } from '../../../lib/context.ts';
import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { Forbidden, NotFound } from '../../../lib/errors.ts';
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

/** Headers, the first rows and a suggested column mapping, for the upload dialog's mapping step. */
export async function previewCsv(ctx: Ctx, importer: Importer, file: string, fileName: string): Promise<CsvPreview> {
  requireActor(ctx);
  try {
    const table = await readCsvFile(file, fileName);
    const suggested: Record<string, string> = {};
    if (importer.fields) {
      const { columns } = resolveColumns(table.headers, importer.fields);
      for (const [field, i] of Object.entries(columns)) suggested[field] = table.headers[i as number] as string;
    }
    return { headers: table.headers, sample: table.rows.slice(0, 5).map((r) => r.values), rows: table.rows.length, suggested };
  } finally {
    await rm(file, { force: true });
  }
}
