import type { Ctx } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { describeDay, type SchoolCalendar, termPosition } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';

/**
 * Weeks as the briefing counts them: ISO weeks (Monday to Sunday), named 'YYYY-Www', and the
 * day each is drafted on: its last school day, from the school calendar. A school day is a term
 * weekday that is not half-term, INSET, a closure or a bank holiday, at any of the schools (the
 * team serves them all). A week whose Friday is an INSET day is drafted on the Thursday; a week
 * with no school day (a holiday) gets no scheduled draft. Pure apart from `loadCalendars`.
 */

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The ISO week of a date: '2026-W47'. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(`${year}-01-04`, 4 - isoWeekday(`${year}-01-04`));
  const week = 1 + Math.round((Date.parse(thursday) - Date.parse(firstThursday)) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week; Invalid for anything but 'YYYY-Www' naming a real week. */
export function mondayOf(week: string): string {
  const m = WEEK.exec(week.trim());
  if (!m) throw new Invalid(`week: use the ISO form YYYY-Www, e.g. 2026-W47 (got "${week}")`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  const monday = addDays(addDays(`${year}-01-04`, 1 - isoWeekday(`${year}-01-04`)), (n - 1) * 7);
  if (n < 1 || isoWeekOf(monday) !== `${year}-W${m[2]}`) throw new Invalid(`week: ${year} has no week ${n}`);
  return monday;
}

export const mondayOfDate = (date: string): string => addDays(date, 1 - isoWeekday(date));

export function isSchoolDay(calendars: readonly SchoolCalendar[], date: string): boolean {
  return calendars.some((cal) => {
    const day = describeDay(cal, date);
    return day.kind === 'term' && !day.isWeekend;
  });
}

/**
 * The last school day of the week starting `monday`, or undefined when it has none. Without any
 * term dates at all, the last weekday that is not a bank holiday.
 */
export function lastSchoolDayOfWeek(calendars: readonly SchoolCalendar[], monday: string): string | undefined {
  const withTerms = calendars.filter((c) => c.terms.length > 0);
  for (let i = 4; i >= 0; i--) {
    const d = addDays(monday, i);
    if (withTerms.length ? isSchoolDay(withTerms, d) : !calendars.some((c) => c.bankHolidays.has(d))) return d;
  }
  return undefined;
}

export type NamedCalendar = { school: string | null; calendar: SchoolCalendar };

/** The day the week starting `monday` is drafted on by the schedule, if it has a school day. */
export async function draftDayOf(ctx: Ctx, monday: string): Promise<string | undefined> {
  return lastSchoolDayOfWeek(
    (await loadCalendars(ctx)).map((c) => c.calendar),
    monday,
  );
}

/** Every school's calendar (or the shared one when no school is set up). */
export async function loadCalendars(ctx: Ctx): Promise<NamedCalendar[]> {
  const schools = await listSchools(ctx);
  if (schools.length === 0) return [{ school: null, calendar: await loadSchoolCalendar(ctx) }];
  const out: NamedCalendar[] = [];
  for (const s of schools) out.push({ school: s.name, calendar: await loadSchoolCalendar(ctx, s.id) });
  return out;
}

/** What a draft reads: the week's dates and instants, and what counts as "ahead". */
export type BriefingWindow = {
  week: string;
  /** Monday and Sunday, both inclusive. */
  from: string;
  to: string;
  /** [start, end) as instants in the school's time zone. */
  start: Date;
  end: Date;
  /** The figures are as of now, or the end of the week if that is sooner. */
  asOf: Date;
  lastSchoolDay: string | null;
  /** The week ahead: the day after the last school day to the next Sunday. */
  aheadFrom: string;
  aheadTo: string;
  /** "Week 11 of 14, Autumn term", or null in the holidays. */
  termWeek: { term: string; week: number; weeksInTerm: number } | null;
  schools: NamedCalendar[];
};

export async function briefingWindow(ctx: Ctx, week: string): Promise<BriefingWindow> {
  const tz = ctx.config.timeZone;
  const from = mondayOf(week);
  const to = addDays(from, 6);
  const start = zonedToUtc(from, '00:00', tz);
  const end = zonedToUtc(addDays(to, 1), '00:00', tz);
  const now = ctx.clock.now();
  const schools = await loadCalendars(ctx);
  const calendars = schools.map((s) => s.calendar);
  const last = lastSchoolDayOfWeek(calendars, from) ?? null;
  const positions = calendars.map((c) => termPosition(c, last ?? from)).filter((p) => !!p && p.week > 0);
  const pos = positions.sort((a, b) => (b?.weeksInTerm ?? 0) - (a?.weeksInTerm ?? 0))[0];
  return {
    week,
    from,
    to,
    start,
    end,
    asOf: now < end ? now : end,
    lastSchoolDay: last,
    aheadFrom: addDays(last ?? to, 1),
    aheadTo: addDays(to, 7),
    termWeek: pos ? { term: pos.term.name, week: pos.week, weeksInTerm: pos.weeksInTerm } : null,
    schools,
  };
}

/** The week whose briefing is being written now: this week, as the school's clock says. */
export const currentWeek = (ctx: Ctx): string => isoWeekOf(localDate(ctx.clock.now(), ctx.config.timeZone));
