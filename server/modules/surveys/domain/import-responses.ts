import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { settleFileDateOrder } from '../../../lib/date-order.ts';
import { ImportRejected, Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { getDateOrderChoice } from '../../settings/index.ts';
import {
  importedFileExists,
  insertAnswers,
  insertComments,
  insertImport,
  insertResponses,
  selectSourceKeys,
} from '../db/response-queries.ts';
import { type InstrumentRow, selectInstruments, selectItems } from '../db/survey-queries.ts';
import { FORMAT_LABELS, type Sniffed, sniffFormat } from '../import/formats.ts';
import { readSheet, type Sheet } from '../import/read-sheet.ts';
import { parseTimestamp } from '../import/values.ts';
import { actorLabel } from './actor-label.ts';
import type { Audience } from './audiences.ts';
import { planColumns, readResponses } from './import-rows.ts';
import { readStoredManifest, type StoredManifest } from './manifest.ts';

/**
 * `belfry import survey-responses <file>` and the upload wizard: a Microsoft Forms (.xlsx or CSV)
 * or Google Forms (CSV) export into one survey, through that survey's saved mapping. The survey is
 * named with `--map instrument=<code>` (the wizard passes it), or found as the one whose mapping
 * accounts for every column (ties broken by the year the responses were made). All-or-nothing and
 * idempotent; names and email addresses are never read into Belfry.
 */

export const IMPORTER_VERSION = 'surveys-import/1';

type Candidate = { row: InstrumentRow; manifest: StoredManifest; unaccounted: string[]; matched: number };

function dominantYear(sheet: Sheet, sniffed: Sniffed, manifest: StoredManifest): number | undefined {
  const role = sniffed.format === 'msforms' ? 'completion' : 'timestamp';
  const col = [...sniffed.meta.entries()].find(([, r]) => r === role)?.[0];
  if (col === undefined) return undefined;
  const years = new Map<number, number>();
  for (const r of sheet.rows.slice(0, 200)) {
    const t = parseTimestamp(r.values[col] ?? '', manifest.locale, manifest.timezone);
    if (t) years.set(t.getUTCFullYear(), (years.get(t.getUTCFullYear()) ?? 0) + 1);
  }
  return [...years.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

async function chooseInstrument(ctx: Ctx, sheet: Sheet, sniffed: Sniffed, named: string | undefined): Promise<Candidate> {
  const all = await selectInstruments(ctx.db);
  const questionHeaders = sheet.headers.filter((_, i) => !sniffed.meta.has(i));
  const candidates: Candidate[] = [];
  for (const row of all) {
    if (named && row.code !== named && row.id !== named) continue;
    const manifest = readStoredManifest(row.manifest);
    if (!manifest) {
      if (named) throw new Invalid(`The ${row.code} survey has no import mapping yet: save one first (Surveys, Import)`);
      continue;
    }
    const plan = planColumns(sheet, sniffed.meta, manifest, []);
    candidates.push({ row, manifest, unaccounted: plan.unaccounted, matched: questionHeaders.length - plan.unaccounted.length });
  }
  if (named && candidates.length === 0) throw new Invalid(`There is no survey ${named}`);
  if (named) return candidates[0] as Candidate;
  const complete = candidates.filter((c) => c.unaccounted.length === 0);
  const pool = complete.length ? complete : candidates.filter((c) => c.matched >= Math.max(1, questionHeaders.length / 2));
  if (pool.length === 0) {
    throw new Invalid(
      `${sheet.file}: no survey's import mapping matches this file's columns. Create the survey and save its mapping first, or name it with --map instrument=<code>`,
    );
  }
  const best = Math.max(...pool.map((c) => c.matched));
  let top = pool.filter((c) => c.matched === best);
  if (top.length > 1) {
    const byYear = top.filter((c) => c.row.year === dominantYear(sheet, sniffed, c.manifest));
    if (byYear.length === 1) top = byYear;
  }
  if (top.length > 1) {
    throw new Invalid(
      `${sheet.file} fits the mapping of several surveys (${top.map((c) => c.row.code).join(', ')}); name one with --map instrument=<code>`,
    );
  }
  return top[0] as Candidate;
}

export async function importSurveyResponses(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, 'admin');
  const name = options.fileName ?? path.basename(file);
  const bytes = await readFile(file);
  const fileSha256 = createHash('sha256').update(bytes).digest('hex');
  const sheet = await readSheet(file, name);
  const sniffed = sniffFormat(sheet.headers);
  if (!sniffed) {
    throw new ImportRejected([
      {
        file: name,
        line: 1,
        message: `not a Microsoft Forms or Google Forms export: the first columns are ${sheet.headers.slice(0, 5).join(', ')}`,
      },
    ]);
  }
  const named = (options.mapping?.instrument ?? options.extra?.instrument) as string | undefined;
  const chosen = await chooseInstrument(ctx, sheet, sniffed, named);
  const { row: instrument, manifest } = chosen;
  const items = await selectItems(ctx.db, instrument.id);
  const plan = planColumns(sheet, sniffed.meta, manifest, items);
  if (plan.unaccounted.length) {
    throw new ImportRejected(
      plan.unaccounted.map((header) => ({
        file: name,
        line: 1,
        field: header,
        message: `the column "${header}" is not in the import mapping of ${instrument.code}: map it to a question or mark it ignore`,
      })),
    );
  }
  // Text timestamps (CSV exports, linked Sheets) settle their day/month order from the whole
  // column (lib/date-order). A file that cannot (every day 12 or less) takes the order chosen for
  // it (`--date-order`, the upload dialog) or the school's setting (imports.dateOrder), and without
  // either is refused with how to choose: the mapping's locale is only a default, not an answer.
  const timeColumns = [...sniffed.meta.entries()]
    .filter(([, role]) => role === 'start' || role === 'completion' || role === 'timestamp')
    .map(([index]) => ({ index, field: sheet.headers[index] ?? 'time' }));
  const settled = settleFileDateOrder(name, sheet.rows, timeColumns, await getDateOrderChoice(ctx, options.dateOrder));
  const read = readResponses(sheet, plan, {
    format: sniffed.format,
    audience: instrument.audience as Audience,
    manifest: { ...manifest, locale: settled.order === 'mdy' ? 'en-US' : 'en-GB' },
  });
  if (read.problems.length && !options.skipInvalid) throw new ImportRejected(read.problems);
  progress(0, read.responses.length, 'Saving responses');
  const review = instrument.audience === 'staff' ? 'not_required' : 'pending';
  const result = await inTransaction(ctx.db, { dryRun: options.dryRun }, async (db) => {
    const again = await importedFileExists(db, instrument.id, fileSha256);
    const known = await selectSourceKeys(db, instrument.id);
    const importId = newId();
    const fresh = read.responses.filter((r) => !known.has(r.sourceKey)).map((r) => ({ ...r, id: newId() }));
    await insertResponses(
      db,
      fresh.map((r) => ({
        id: r.id,
        instrumentId: instrument.id,
        sourceKey: r.sourceKey,
        segment: r.segment,
        submittedAt: r.submittedAt,
        importId,
      })),
      (done) => progress(done, fresh.length, 'Saving responses'),
    );
    const created = fresh.length;
    await insertAnswers(
      db,
      fresh.flatMap((r) => r.answers.map((a) => ({ ...a, responseId: r.id }))),
    );
    await insertComments(
      db,
      fresh.flatMap((r) =>
        r.comments.map((c) => ({ id: newId(), instrumentId: instrument.id, itemId: c.itemId, body: c.body, review })),
      ),
    );
    const report = {
      ...read.report,
      format: sniffed.format,
      container: sheet.container,
      droppedColumns: [...sniffed.meta.entries()].filter(([, r]) => r === 'email' || r === 'name').map(([i]) => sheet.headers[i]),
      ignoredColumns: plan.columns.filter((c) => c.column.use === 'ignore').map((c) => c.header),
      missingColumns: plan.missing,
      rejectedRows: read.problems.map((p) => ({ line: p.line, field: p.field, reason: p.message })),
      repeatOfEarlierFile: again,
    };
    await insertImport(db, {
      id: importId,
      instrumentId: instrument.id,
      fileName: name,
      fileSha256,
      format: sniffed.format,
      manifestVersion: instrument.manifestVersion,
      importerVersion: IMPORTER_VERSION,
      rowsIn: sheet.rows.length,
      created,
      unchanged: read.responses.length - created,
      rejected: read.problems.length ? new Set(read.problems.map((p) => p.line)).size : 0,
      report,
      actorLabel: actorLabel(ctx),
      at: ctx.clock.now(),
    });
    return { created, unchanged: read.responses.length - created, report };
  });
  const notes = [
    `${FORMAT_LABELS[sniffed.format]} export (${sheet.container}) into the ${instrument.code} survey (mapping version ${instrument.manifestVersion}).`,
    ...read.report.columns
      .filter((c) => c.nonSubstantive || c.missing)
      .map((c) => `${c.header}: ${c.nonSubstantive} not applicable, ${c.missing} blank (left out of its figures)`),
  ];
  if (settled.note && timeColumns.length && sheet.container !== 'xlsx') notes.push(settled.note);
  if (result.report.droppedColumns.length) notes.push(`Not stored (identity): ${result.report.droppedColumns.join(', ')}`);
  if (read.report.emptyRows) notes.push(`${read.report.emptyRows} rows had no answers and were skipped`);
  if (plan.missing.length) notes.push(`Mapped columns not in this file: ${plan.missing.join(', ')}`);
  return {
    kind: 'survey-responses',
    file: name,
    rowsIn: sheet.rows.length,
    created: result.created,
    updated: 0,
    unchanged: result.unchanged,
    rejected: result.report.rejectedRows.length ? new Set(read.problems.map((p) => p.line)).size : 0,
    problems: read.problems,
    dryRun: options.dryRun,
    notes,
  };
}
