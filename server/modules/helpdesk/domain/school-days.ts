import { describeDay, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate } from '../../../lib/zoned-time.ts';

/**
 * School days between two instants: days after `from`'s date up to and including `to`'s date on
 * which the school is open (opening hours that weekday, and a kind of day the policy counts).
 * Used for the reopen window and the backlog age profile.
 */
export function schoolDaysBetween(cal: SchoolCalendar, countedDays: readonly string[], from: Date, to: Date): number {
  const last = localDate(to, cal.timeZone);
  let n = 0;
  for (let d = addDays(localDate(from, cal.timeZone), 1); d <= last; d = addDays(d, 1)) {
    if (!cal.hours[isoWeekday(d) as 1]) continue;
    if (countedDays.includes(describeDay(cal, d).kind)) n++;
    if (n > 400) break;
  }
  return n;
}
