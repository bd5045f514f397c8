import { describeDay, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, daysBetween, isoWeekday } from '../../../lib/zoned-time.ts';

/**
 * When a repeating to-do falls due. Pure: the school calendars are passed in.
 *
 * - weekly: on `weekday` every `interval` weeks from the first such day on or after `startsOn`;
 * - monthly: on `dayOfMonth` (the last day of a shorter month);
 * - term_end: `schoolDaysBefore` school days before the last school day of each term.
 *
 * Each occurrence has an anchor (the date the rule names) and a due date. With `termOnly`, an
 * anchor that is not a school day moves back to the latest school day earlier in the same week
 * (Friday an INSET day: the briefing is due on Thursday) and is skipped when the whole week is
 * holiday or half-term. A school day is a term weekday that is not half-term, INSET, a closure or
 * a bank holiday; with several calendars (no school chosen), a school day at any of them counts.
 */

export type RecurrenceRule = {
  rule: 'weekly' | 'monthly' | 'term_end';
  weekday?: number | null;
  interval?: number | null;
  dayOfMonth?: number | null;
  schoolDaysBefore?: number | null;
  termOnly: boolean;
  startsOn: string;
  endsOn?: string | null;
};

export type Occurrence = { anchor: string; dueOn: string };

/** The later of two 'YYYY-MM-DD' dates (they compare as strings). */
export const laterDate = (a: string, b: string): string => [a, b].sort()[1] as string;

export function isSchoolDay(calendars: readonly SchoolCalendar[], date: string): boolean {
  return calendars.some((cal) => {
    const day = describeDay(cal, date);
    return day.kind === 'term' && !day.isWeekend;
  });
}

/** The latest school day from `date` back to the Monday of its week, if any. */
function schoolDayInWeekOnOrBefore(calendars: readonly SchoolCalendar[], date: string): string | undefined {
  for (let d = date, i = isoWeekday(date); i >= 1; i--, d = addDays(d, -1)) if (isSchoolDay(calendars, d)) return d;
  return undefined;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weeklyAnchors(r: RecurrenceRule, from: string, to: string): string[] {
  const weekday = r.weekday ?? 5;
  const step = 7 * Math.max(1, r.interval ?? 1);
  const first = addDays(r.startsOn, (weekday - isoWeekday(r.startsOn) + 7) % 7);
  const skip = from > first ? Math.ceil(daysBetween(first, from) / step) : 0;
  const out: string[] = [];
  for (let d = addDays(first, skip * step); d <= to; d = addDays(d, step)) out.push(d);
  return out;
}

function monthlyAnchors(r: RecurrenceRule, from: string, to: string): string[] {
  const want = r.dayOfMonth ?? 1;
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const day = Math.min(want, lastDayOfMonth(y, m));
    const d = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (d > to) return out;
    if (d >= from && d >= r.startsOn) out.push(d);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** Each term once (by name and year), with the latest last day among the calendars. */
function termEnds(calendars: readonly SchoolCalendar[]): string[] {
  const ends = new Map<string, string>();
  for (const cal of calendars)
    for (const t of cal.terms) {
      const key = `${t.academicYear} ${t.name}`;
      const seen = ends.get(key);
      if (!seen || t.endsOn > seen) ends.set(key, t.endsOn);
    }
  return [...new Set(ends.values())].sort();
}

function termEndDue(calendars: readonly SchoolCalendar[], end: string, before: number): string | undefined {
  let d = end;
  // The last school day on or before the term's end, then `before` school days earlier.
  for (let guard = 0; guard < 60 && !isSchoolDay(calendars, d); guard++) d = addDays(d, -1);
  if (!isSchoolDay(calendars, d)) return undefined;
  for (let n = 0, guard = 0; n < before && guard < 200; guard++) {
    d = addDays(d, -1);
    if (isSchoolDay(calendars, d)) n++;
  }
  return d;
}

/** Occurrences whose anchor lies in [from, to] (inclusive), oldest first. */
export function occurrencesBetween(
  r: RecurrenceRule,
  calendars: readonly SchoolCalendar[],
  from: string,
  to: string,
): Occurrence[] {
  const start = from > r.startsOn ? from : r.startsOn;
  const end = r.endsOn && r.endsOn < to ? r.endsOn : to;
  if (end < start) return [];
  if (r.rule === 'term_end') {
    return termEnds(calendars)
      .filter((e) => e >= start && e <= end)
      .flatMap((anchor) => {
        const dueOn = termEndDue(calendars, anchor, r.schoolDaysBefore ?? 0);
        return dueOn ? [{ anchor, dueOn }] : [];
      });
  }
  const anchors = r.rule === 'weekly' ? weeklyAnchors(r, start, end) : monthlyAnchors(r, start, end);
  return anchors.flatMap((anchor) => {
    if (!r.termOnly) return [{ anchor, dueOn: anchor }];
    const dueOn = schoolDayInWeekOnOrBefore(calendars, anchor);
    return dueOn ? [{ anchor, dueOn }] : [];
  });
}

/** A sentence for the rule: 'Every Friday in term time', 'Five school days before the end of each term'. */
export function describeRule(r: RecurrenceRule): string {
  const days = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const term = r.termOnly ? ' in term time' : '';
  if (r.rule === 'weekly') {
    const every =
      (r.interval ?? 1) > 1 ? `Every ${r.interval} weeks on ${days[r.weekday ?? 5]}` : `Every ${days[r.weekday ?? 5]}`;
    return `${every}${term}`;
  }
  if (r.rule === 'monthly') return `Monthly on day ${r.dayOfMonth ?? 1}${term}`;
  const n = r.schoolDaysBefore ?? 0;
  return n === 0 ? 'On the last day of each term' : `${n} school day${n === 1 ? '' : 's'} before the end of each term`;
}
