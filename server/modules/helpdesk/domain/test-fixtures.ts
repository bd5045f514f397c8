import type { Ctx } from '../../../lib/context.ts';
import { DEFAULT_HOURS, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addCalendarEntry, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { createSchool, type School } from '../../directory/index.ts';

/**
 * CAL-1 from the help desk research (§9): Europe/London, Mon-Fri 08:00-17:00, autumn half-term
 * Mon 26 - Fri 30 Oct 2026 closed, England and Wales bank holidays (the bundled GOV.UK file).
 * Terms are added so term buckets (AT-28) have something to name.
 */
export const CAL1_ENTRIES = [
  { kind: 'term', name: 'Autumn', startsOn: '2025-09-03', endsOn: '2025-12-12' },
  { kind: 'half_term', name: 'Autumn half-term', startsOn: '2025-10-27', endsOn: '2025-10-31' },
  { kind: 'term', name: 'Spring', startsOn: '2026-01-06', endsOn: '2026-03-27' },
  { kind: 'term', name: 'Summer', startsOn: '2026-04-21', endsOn: '2026-07-10' },
  { kind: 'term', name: 'Autumn', startsOn: '2026-09-03', endsOn: '2026-12-11' },
  { kind: 'half_term', name: 'Autumn half-term', startsOn: '2026-10-26', endsOn: '2026-10-30' },
  { kind: 'term', name: 'Spring', startsOn: '2027-01-05', endsOn: '2027-03-26' },
] as const;

export const CAL1: SchoolCalendar = {
  timeZone: 'Europe/London',
  terms: CAL1_ENTRIES.filter((e) => e.kind === 'term').map((e) => ({ ...e, academicYear: '' })),
  closures: CAL1_ENTRIES.filter((e) => e.kind === 'half_term').map((e) => ({ ...e, kind: 'half_term' as const })),
  bankHolidays: new Map([
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-28', 'Boxing Day'],
    ['2027-01-01', 'New Year’s Day'],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
    ['2027-05-03', 'Early May bank holiday'],
  ]),
  hours: DEFAULT_HOURS,
};

/** Stores CAL-1 through the calendar module, and the two sites of the AT-24 seed. */
export async function seedCal1(ctx: Ctx): Promise<{ senior: School; prep: School }> {
  await ensureBundledBankHolidays(ctx);
  for (const e of CAL1_ENTRIES) await addCalendarEntry(ctx, { ...e, schoolId: null });
  const senior = await createSchool(ctx, { code: 'senior', name: 'Senior', phase: 'senior' });
  const prep = await createSchool(ctx, { code: 'prep', name: 'Prep', phase: 'prep' });
  return { senior, prep };
}
