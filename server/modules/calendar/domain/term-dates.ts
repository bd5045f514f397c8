import { z } from 'zod';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, requireActor, requireRole } from '../../../lib/context.ts';
import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { settleFileDateOrder } from '../../../lib/date-order.ts';
import { ImportRejected, Invalid, NotFound, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { parseInput } from '../../../lib/validate.ts';
import { academicYearOf } from '../../../lib/working-time.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { listSchools, matchSchool, unknownSchoolMessage } from '../../directory/index.ts';
import { getDateOrderChoice } from '../../settings/index.ts';
import {
  type ClosureRow,
  deleteClosure,
  deleteTerm,
  insertClosure,
  insertTerm,
  selectClosures,
  selectTerms,
  type TermRow,
  updateClosure,
  updateTerm,
} from '../db/calendar-queries.ts';
import { parseSchoolDate } from './dates.ts';

export const DATE_KINDS = ['term', 'half_term', 'inset', 'holiday', 'closure'] as const;
export type DateKind = (typeof DATE_KINDS)[number];

export type CalendarEntry = {
  id: string;
  kind: DateKind;
  schoolId: string | null;
  name: string;
  startsOn: string;
  endsOn: string;
  academicYear: string;
};

const isoDate = z.string().refine(isIsoDate, 'Use a date like 2026-09-03');

export const CalendarEntryInput = z
  .object({
    kind: z.enum(DATE_KINDS),
    schoolId: z.uuid().nullable().default(null),
    name: z.string().trim().min(1).max(80),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .refine((e) => e.endsOn >= e.startsOn, {
    message: 'The end date is before the start date',
    path: ['endsOn'],
  });
export type CalendarEntryInput = z.input<typeof CalendarEntryInput>;

const fromTerm = (t: TermRow): CalendarEntry => ({
  id: t.id,
  kind: 'term',
  schoolId: t.schoolId,
  name: t.name,
  startsOn: t.startsOn,
  endsOn: t.endsOn,
  academicYear: t.academicYear,
});
const fromClosure = (c: ClosureRow): CalendarEntry => ({
  id: c.id,
  kind: c.kind as DateKind,
  schoolId: c.schoolId,
  name: c.name,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  academicYear: academicYearOf(c.startsOn),
});

/** Every term and closure, for every school; anyone signed in may read the calendar. */
export async function listCalendarEntries(ctx: Ctx, academicYear?: string): Promise<CalendarEntry[]> {
  requireActor(ctx);
  const [terms, closures] = await Promise.all([selectTerms(ctx.db), selectClosures(ctx.db)]);
  return [...terms.map(fromTerm), ...closures.map(fromClosure)]
    .filter((e) => !academicYear || e.academicYear === academicYear)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.kind.localeCompare(b.kind));
}

async function insertEntry(db: Ctx['db'], e: z.output<typeof CalendarEntryInput>): Promise<string> {
  const id = newId();
  if (e.kind === 'term')
    await insertTerm(db, {
      id,
      schoolId: e.schoolId,
      academicYear: academicYearOf(e.startsOn),
      name: e.name,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
    });
  else
    await insertClosure(db, {
      id,
      schoolId: e.schoolId,
      kind: e.kind,
      name: e.name,
      startsOn: e.startsOn,
      endsOn: e.endsOn,
    });
  return id;
}

export async function addCalendarEntry(ctx: Ctx, input: CalendarEntryInput): Promise<CalendarEntry> {
  requireRole(ctx, 'admin');
  const e = parseInput(CalendarEntryInput, input);
  const id = await insertEntry(ctx.db, e);
  await recordAudit(ctx, {
    action: 'calendar.add',
    summary: `Added ${e.kind.replace('_', '-')} "${e.name}" ${e.startsOn} to ${e.endsOn}`,
    targetType: 'calendar',
    targetId: id,
  });
  return { id, ...e, academicYear: academicYearOf(e.startsOn) };
}

export async function changeCalendarEntry(ctx: Ctx, id: string, input: CalendarEntryInput): Promise<CalendarEntry> {
  requireRole(ctx, 'admin');
  const e = parseInput(CalendarEntryInput, input);
  const patch = {
    schoolId: e.schoolId,
    name: e.name,
    startsOn: e.startsOn,
    endsOn: e.endsOn,
  };
  const row =
    e.kind === 'term'
      ? await updateTerm(ctx.db, id, {
          ...patch,
          academicYear: academicYearOf(e.startsOn),
        })
      : await updateClosure(ctx.db, id, { ...patch, kind: e.kind });
  if (!row) throw new NotFound('That calendar entry no longer exists');
  await recordAudit(ctx, {
    action: 'calendar.change',
    summary: `Changed ${e.kind.replace('_', '-')} "${e.name}" to ${e.startsOn} - ${e.endsOn}`,
    targetType: 'calendar',
    targetId: id,
  });
  return { id, ...e, academicYear: academicYearOf(e.startsOn) };
}

export async function removeCalendarEntry(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin');
  const row = (await deleteTerm(ctx.db, id)) ?? (await deleteClosure(ctx.db, id));
  if (!row) throw new NotFound('That calendar entry no longer exists');
  await recordAudit(ctx, {
    action: 'calendar.remove',
    summary: `Removed "${row.name}" ${row.startsOn} - ${row.endsOn}`,
    targetType: 'calendar',
    targetId: id,
  });
}

const FIELDS = {
  school: ['school', 'site'],
  kind: ['kind', 'type'],
  name: ['name', 'title', 'description'],
  start: ['start', 'starts', 'start date', 'from', 'starts on'],
  end: ['end', 'ends', 'end date', 'to', 'ends on'],
} as const;

const KIND_WORDS: Record<string, DateKind> = {
  term: 'term',
  'half term': 'half_term',
  half_term: 'half_term',
  'half-term': 'half_term',
  halfterm: 'half_term',
  inset: 'inset',
  'inset day': 'inset',
  training: 'inset',
  holiday: 'holiday',
  closure: 'closure',
  closed: 'closure',
};

/**
 * Term dates from a CSV (`school, kind, name, start, end`; dates ISO or day-first). A blank or
 * "all" school applies to every school. The same file twice changes nothing; a row whose school,
 * kind and name match an entry in the same academic year moves that entry's dates.
 */
export async function importTermDates(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, 'admin');
  const name = options.fileName ?? file.split('/').pop() ?? file;
  const table = await readCsvFile(file, name);
  const { columns, unknownMapped } = resolveColumns(table.headers, FIELDS, options.mapping);
  const missing = (['kind', 'name', 'start', 'end'] as const).filter((f) => columns[f] === undefined);
  if (unknownMapped.length || missing.length) {
    throw new ImportRejected([
      {
        file: name,
        line: 1,
        message: `no column for ${[...missing, ...unknownMapped].join(', ')} (headers found: ${table.headers.join(', ')})`,
      },
    ]);
  }
  const settled = settleFileDateOrder(
    name,
    table.rows,
    (['start', 'end'] as const).map((f) => ({ index: columns[f] as number, field: table.headers[columns[f] as number] ?? f })),
    await getDateOrderChoice(ctx, options.dateOrder),
  );
  const schools = await listSchools(ctx);
  const problems: RowProblem[] = [];
  const entries: z.output<typeof CalendarEntryInput>[] = [];
  for (const r of table.rows) {
    const get = (f: keyof typeof FIELDS) => (columns[f] === undefined ? '' : (r.values[columns[f] as number] ?? '').trim());
    const bad = (field: keyof typeof FIELDS, message: string) =>
      problems.push({
        file: name,
        line: r.line,
        field: table.headers[columns[field] ?? -1] ?? field,
        message,
      });
    const before = problems.length;
    const schoolText = get('school');
    const school = schoolText && schoolText.toLowerCase() !== 'all' ? matchSchool(schools, schoolText) : undefined;
    if (schoolText && schoolText.toLowerCase() !== 'all' && !school) bad('school', unknownSchoolMessage(schools, schoolText));
    const kind = KIND_WORDS[get('kind').toLowerCase()];
    if (!kind) bad('kind', `"${get('kind')}" is not one of term, half-term, inset, holiday, closure`);
    const startsOn = parseSchoolDate(get('start'), settled.order);
    const endsOn = parseSchoolDate(get('end'), settled.order);
    if (!startsOn) bad('start', `"${get('start')}" is not a date (use 2026-09-03 or 03/09/2026)`);
    if (!endsOn) bad('end', `"${get('end')}" is not a date (use 2026-09-03 or 03/09/2026)`);
    if (startsOn && endsOn && endsOn < startsOn) bad('end', 'is before the start');
    if (!get('name')) bad('name', 'is empty');
    // Any problem skips the row: an unknown school must not turn into "every school".
    if (problems.length === before && kind && startsOn && endsOn) {
      entries.push({
        kind,
        schoolId: school?.id ?? null,
        name: get('name'),
        startsOn,
        endsOn,
      });
    }
  }
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
  if (entries.length === 0) throw new Invalid(`${name}: no dates to import`);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await inTransaction(ctx.db, options, async (db) => {
    const existing = [...(await selectTerms(db)).map(fromTerm), ...(await selectClosures(db)).map(fromClosure)];
    // An entry is known by kind, school, name and academic year, and a year may hold several with
    // one name (three "INSET day"s). Rows matching an entry exactly claim it first; each row left
    // then moves an unclaimed entry with its key, or adds one. So a file read twice changes
    // nothing, and a moved date moves one entry rather than adding a second.
    const keyOf = (x: { kind: string; schoolId: string | null; name: string; startsOn: string }) =>
      `${x.kind}|${x.schoolId}|${x.name.toLowerCase()}|${academicYearOf(x.startsOn)}`;
    const claimed = new Set<string>();
    const claim = (e: (typeof entries)[number], exact: boolean) => {
      const x = existing.find(
        (x) => !claimed.has(x.id) && keyOf(x) === keyOf(e) && (!exact || (x.startsOn === e.startsOn && x.endsOn === e.endsOn)),
      );
      if (x) claimed.add(x.id);
      return x;
    };
    const rest = entries.filter((e) => !claim(e, true));
    counts.unchanged = entries.length - rest.length;
    for (const e of rest) {
      const same = claim(e, false);
      if (same) {
        const moved = { startsOn: e.startsOn, endsOn: e.endsOn, name: e.name };
        if (e.kind === 'term') await updateTerm(db, same.id, moved);
        else await updateClosure(db, same.id, moved);
        counts.updated++;
      } else {
        await insertEntry(db, e);
        counts.created++;
      }
    }
    progress(entries.length, entries.length);
    await recordAudit(
      { ...ctx, db },
      {
        action: 'calendar.import',
        summary: `Imported term dates from ${name}: ${counts.created} new, ${counts.updated} moved`,
        targetType: 'import',
      },
    );
  });
  return {
    kind: 'term-dates',
    file: name,
    rowsIn: table.rows.length,
    ...counts,
    rejected: problems.length,
    problems,
    dryRun: options.dryRun,
    ...(settled.note ? { notes: [settled.note] } : {}),
  };
}
