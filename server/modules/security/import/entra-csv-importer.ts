import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { getSetting } from '../../settings/index.ts';
import { dateOrderSetting } from '../domain/security-settings.ts';
import { openCsvStream } from './csv-stream.ts';
import { ENTRA_CSV_FIELDS, ENTRA_REQUIRED, entraRowReader, type PendingEvent } from './entra-csv.ts';
import { orderHint, resolveDate } from './entra-dates.ts';
import { finishImport, type ImportRun } from './import-run.ts';

/** `entra-signins`: the portal's CSV download (interactive or non-interactive), streamed. */
export async function importEntraCsv(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? file.split('/').pop() ?? file;
  const { headers, batches, fraction } = await openCsvStream(file, name);
  const { columns, unknownMapped, unused } = resolveColumns(headers, ENTRA_CSV_FIELDS, options.mapping);
  if (unknownMapped.length)
    throw new ImportRejected([
      { file: name, line: 1, message: `the mapping names columns that are not in the file: ${unknownMapped.join(', ')}` },
    ]);
  const missing: string[] = ENTRA_REQUIRED.filter((f) => columns[f] === undefined);
  if (columns.errorCode === undefined && columns.status === undefined) missing.push('errorCode or status');
  if (missing.length)
    throw new ImportRejected([
      {
        file: name,
        line: 1,
        message: `no column for ${missing.join(', ')}; this does not look like an Entra sign-in download (headers found: ${headers.slice(0, 12).join(', ')}${headers.length > 12 ? ', ...' : ''})`,
      },
    ]);
  const defaultOrder = await getSetting(ctx, dateOrderSetting);
  const interactiveDefault = /non-?interactive/i.test(name) ? false : /interactive/i.test(name) ? true : null;

  return finishImport(ctx, { kind: 'entra-signins', file, name, options }, async (run: ImportRun) => {
    const problems: RowProblem[] = [];
    const readRow = entraRowReader(columns, headers, name, interactiveDefault);
    let order: 'dmy' | 'mdy' | undefined;
    let pending: PendingEvent[] = [];
    let rows = 0;
    let culture = false;
    const emit = async (p: PendingEvent, o: 'dmy' | 'mdy') => {
      const ts = resolveDate(p.date, o);
      if (!ts) {
        problems.push({ file: name, line: p.line, field: headers[columns.date ?? -1], message: 'is not a real date' });
        return;
      }
      p.event.ts = ts;
      await run.ingest.add(p.event);
    };
    for await (const batch of batches)
      for (const rec of batch) {
        rows++;
        const r = readRow(rec.values, rec.line);
        if (!r.pending) {
          problems.push(...r.problems);
          continue;
        }
        const p = r.pending;
        if (p.date.kind === 'culture') {
          culture = true;
          const hint = orderHint(p.date);
          if (hint && order && hint !== order) {
            problems.push({
              file: name,
              line: p.line,
              field: headers[columns.date ?? -1],
              message: `this date only reads as ${hint === 'dmy' ? 'day/month' : 'month/day'}, but earlier rows only read the other way`,
            });
            continue;
          }
          if (hint && !order) {
            order = hint;
            for (const q of pending) await emit(q, order);
            pending = [];
          }
          if (order) await emit(p, order);
          else pending.push(p);
        } else {
          // add() only waits when a batch goes to the database; most rows cost no promise.
          p.event.ts = p.date.date;
          const wait = run.ingest.add(p.event);
          if (wait) await wait;
        }
        if (rows % 5000 === 0) {
          const f = fraction();
          progress(rows, f > 0 ? Math.max(rows, Math.round(rows / f)) : undefined, `${rows.toLocaleString('en-GB')} rows read`);
        }
      }
    const notes: string[] = [];
    if (pending.length) {
      notes.push(
        `Ambiguous date order: every date in the file has a day of 12 or less, so it was read as ${defaultOrder === 'dmy' ? 'day/month' : 'month/day'} (the security.dateOrder setting). Check a known sign-in before relying on it.`,
      );
      for (const q of pending) await emit(q, defaultOrder);
    } else if (culture && order) notes.push(`Dates read as ${order === 'dmy' ? 'day/month/year' : 'month/day/year'}.`);
    const ignored = unused.filter((h) => h !== '');
    if (ignored.length)
      notes.push(`Columns not used: ${ignored.length} (${ignored.slice(0, 6).join(', ')}${ignored.length > 6 ? ', ...' : ''})`);
    progress(rows, rows, 'Saving');
    return { rowsIn: rows, problems, notes };
  });
}
