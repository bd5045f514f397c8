import type { Ctx } from '../../../lib/context.ts';
import { describeDay, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';

/**
 * School days for the Wi-Fi windows: a weekday that is a term day for any school (the network is
 * shared). A school that has not entered its term dates gets every weekday instead.
 */

export type SchoolDays = { isSchoolDay: (date: string) => boolean; fromCalendar: boolean };

export async function loadSchoolDays(ctx: Ctx): Promise<SchoolDays> {
  const schools = await listSchools(ctx);
  // One after another, the bank holidays read once (the first school's) for the rest.
  const calendars: SchoolCalendar[] = [];
  for (const id of schools.length ? schools.map((s) => s.id) : [undefined]) {
    const first = calendars[0];
    calendars.push(await loadSchoolCalendar(ctx, id, first ? { bankHolidays: first.bankHolidays } : undefined));
  }
  const fromCalendar = calendars.some((c) => c.terms.length > 0);
  return {
    fromCalendar,
    isSchoolDay: (date) =>
      fromCalendar
        ? calendars.some((c) => {
            const d = describeDay(c, date);
            return d.kind === 'term' && !d.isWeekend;
          })
        : new Date(`${date}T12:00:00Z`).getUTCDay() % 6 !== 0,
  };
}

/** The `count` school days before `date` (not including it), oldest first. */
export function schoolDaysBefore(days: SchoolDays, date: string, count: number): string[] {
  const out: string[] = [];
  for (let d = addDays(date, -1), i = 0; out.length < count && i < 400; d = addDays(d, -1), i++)
    if (days.isSchoolDay(d)) out.unshift(d);
  return out;
}

/** The last complete school day before today. */
export function lastSchoolDay(ctx: Ctx, days: SchoolDays): string {
  return (
    schoolDaysBefore(days, localDate(ctx.clock.now(), ctx.config.timeZone), 1)[0] ??
    localDate(ctx.clock.now(), ctx.config.timeZone)
  );
}
