import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { resolveColumns } from '../../../lib/csv.ts';
import { createDateOrderTally, type DateOrder, dateOrderHint, settleDateOrder } from '../../../lib/date-order.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { getDateOrderChoice } from '../../settings/index.ts';
import { openCsvStream } from './csv-stream.ts';
import { ENTRA_CSV_FIELDS, ENTRA_REQUIRED, entraRowReader, type PendingEvent } from './entra-csv.ts';
import { resolveDate } from './entra-dates.ts';
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
  const choice = await getDateOrderChoice(ctx, options.dateOrder);
  const interactiveDefault = /non-?interactive/i.test(name) ? false : /interactive/i.test(name) ? true : null;
  const dateField = headers[columns.date ?? -1] ?? 'date';

  return finishImport(ctx, { kind: 'entra-signins', file, name, options }, async (run: ImportRun) => {
    const problems: RowProblem[] = [];
    const readRow = entraRowReader(columns, headers, name, interactiveDefault);
    // The order is settled from the whole column (lib/date-order): rows wait until a date only
    // one order can read, or the end of the file; a choice for this file is used at once (a
    // later date that contradicts it refuses the file).
    const tally = createDateOrderTally();
    let order: DateOrder | undefined = options.dateOrder;
    let pending: PendingEvent[] = [];
    let rows = 0;
    const emit = async (p: PendingEvent, o: DateOrder) => {
      const ts = resolveDate(p.date, o);
      if (!ts) {
        problems.push({ file: name, line: p.line, field: dateField, message: 'is not a real date' });
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
          const d = p.date;
          tally.add({ line: p.line, field: dateField, text: rec.values[columns.date ?? -1] ?? '', date: { ...d } });
          const hint = dateOrderHint(d);
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
    const settled = settleDateOrder(name, tally.evidence(), choice);
    if (!settled.ok) throw new ImportRejected(settled.problems);
    for (const q of pending) await emit(q, settled.order);
    if (settled.note) notes.push(settled.note);
    const ignored = unused.filter((h) => h !== '');
    if (ignored.length)
      notes.push(`Columns not used: ${ignored.length} (${ignored.slice(0, 6).join(', ')}${ignored.length > 6 ? ', ...' : ''})`);
    progress(rows, rows, 'Saving');
    return { rowsIn: rows, problems, notes };
  });
}
