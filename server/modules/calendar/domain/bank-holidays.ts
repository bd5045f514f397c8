import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Ctx, requireActor, requireRole } from '../../../lib/context.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { addDays, isIsoDate, localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import { selectBankHolidays, upsertBankHolidays } from '../db/calendar-queries.ts';
import { bankHolidayDivisionSetting } from './calendar-settings.ts';

/** GOV.UK's https://www.gov.uk/bank-holidays.json: one entry per division, each with events. */
const GovUkBankHolidays = z.record(
  z.string(),
  z.object({
    division: z.string(),
    events: z.array(
      z.object({
        title: z.string().min(1),
        date: z.string().refine(isIsoDate, 'not a YYYY-MM-DD date'),
        notes: z.string().optional(),
      }),
    ),
  }),
);

// GOV.UK keeps "substitute day" in `notes`; without it Monday 28 December 2026 would read as
// "Boxing Day", which is the Saturday before. GOV.UK's own pages show both together.
const titleOf = (e: { title: string; notes?: string }) =>
  e.notes?.trim() ? `${e.title} (${e.notes.trim().toLowerCase()})` : e.title;

function rowsOf(data: z.infer<typeof GovUkBankHolidays>) {
  return Object.values(data).flatMap((d) => d.events.map((e) => ({ division: d.division, date: e.date, title: titleOf(e) })));
}

const BUNDLED = new URL('../data/bank-holidays.json', import.meta.url);

/** Loads the bank holidays shipped with Belfry (England and Wales, 2021-2028); adds only what is missing. */
export async function ensureBundledBankHolidays(ctx: Ctx): Promise<number> {
  const data = GovUkBankHolidays.parse(JSON.parse(await readFile(BUNDLED, 'utf8')));
  return upsertBankHolidays(ctx.db, rowsOf(data));
}

export async function importBankHolidays(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  requireRole(ctx, 'admin');
  const name = options.fileName ?? file.split('/').pop() ?? file;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ImportRejected([{ file: name, line: 1, message: `not JSON: ${(err as Error).message}` }]);
  }
  const parsed = GovUkBankHolidays.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportRejected([
      { file: name, line: 1, field: issue?.path.join('.'), message: `not GOV.UK bank-holidays.json: ${issue?.message}` },
    ]);
  }
  const rows = rowsOf(parsed.data);
  const created = options.dryRun ? 0 : await upsertBankHolidays(ctx.db, rows);
  progress(rows.length, rows.length);
  if (!options.dryRun)
    await recordAudit(ctx, {
      action: 'calendar.import',
      summary: `Imported ${created} bank holidays from ${name}`,
      targetType: 'import',
    });
  return {
    kind: 'bank-holidays',
    file: name,
    rowsIn: rows.length,
    created,
    updated: 0,
    unchanged: rows.length - created,
    rejected: 0,
    problems: [],
    dryRun: options.dryRun,
  };
}

/** Bank holidays of the school's division from `from` (default: a year ago) to `to`. */
export async function listBankHolidays(ctx: Ctx, range: { from?: string; to?: string }) {
  requireActor(ctx);
  const division = await getSetting(ctx, bankHolidayDivisionSetting);
  const from = range.from ?? addDays(localDate(ctx.clock.now(), ctx.config.timeZone), -365);
  const rows = await selectBankHolidays(ctx.db, division, from, range.to);
  return { division, holidays: rows.map((r) => ({ date: r.date, title: r.title })) };
}
