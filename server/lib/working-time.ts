import { addDays, daysBetween, isoWeekday, localDate, zonedToUtc } from './zoned-time.ts';

/**
 * School calendar maths: what kind of day a date is, which term it falls in, and working time
 * between instants in the school's own time zone (so clock changes come out right). Pure: the
 * calendar module reads the stored dates into a `SchoolCalendar` and callers pass it in.
 */

export type DayKind = 'term' | 'half_term' | 'inset' | 'holiday' | 'bank_holiday' | 'closure';

export type DateRange = { startsOn: string; endsOn: string };
export type Term = DateRange & {
  id?: string;
  name: string;
  academicYear: string;
};
export type Closure = DateRange & {
  kind: 'half_term' | 'inset' | 'holiday' | 'closure';
  name: string;
};
/** Opening hours per ISO weekday (1 Monday .. 7 Sunday), 'HH:MM' local time. */
export type BusinessHours = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, { opens: string; closes: string }>>;

export type SchoolCalendar = {
  timeZone: string;
  terms: Term[];
  closures: Closure[];
  /** Bank holiday dates mapped to their titles. */
  bankHolidays: Map<string, string>;
  hours: BusinessHours;
};

/** Which kinds of day the clock runs on, e.g. a help desk that pauses over half-term. */
export type WorkingPolicy = { countedDays: ReadonlySet<DayKind> };

export const DEFAULT_HOURS: BusinessHours = {
  1: { opens: '08:00', closes: '17:00' },
  2: { opens: '08:00', closes: '17:00' },
  3: { opens: '08:00', closes: '17:00' },
  4: { opens: '08:00', closes: '17:00' },
  5: { opens: '08:00', closes: '17:00' },
};

const inRange = (date: string, r: DateRange) => date >= r.startsOn && date <= r.endsOn;

// When closures overlap, the most specific wins: a bank holiday inside half-term is a bank holiday.
const CLOSURE_PRECEDENCE: Closure['kind'][] = ['closure', 'inset', 'half_term', 'holiday'];

export type DayInfo = {
  date: string;
  kind: DayKind;
  name: string;
  isWeekend: boolean;
  term?: Term;
};

export function describeDay(cal: SchoolCalendar, date: string): DayInfo {
  const isWeekend = isoWeekday(date) >= 6;
  const term = cal.terms.find((t) => inRange(date, t));
  const bank = cal.bankHolidays.get(date);
  if (bank) return { date, kind: 'bank_holiday', name: bank, isWeekend, term };
  const closures = cal.closures.filter((c) => inRange(date, c));
  for (const kind of CLOSURE_PRECEDENCE) {
    const c = closures.find((x) => x.kind === kind);
    if (c) return { date, kind, name: c.name, isWeekend, term };
  }
  if (term) return { date, kind: 'term', name: term.name, isWeekend, term };
  return { date, kind: 'holiday', name: 'Holiday', isWeekend };
}

/** The [start, end) instants the clock runs on `date`, or undefined when it does not run. */
function workingWindow(cal: SchoolCalendar, policy: WorkingPolicy, date: string): [number, number] | undefined {
  const hours = cal.hours[isoWeekday(date) as 1];
  if (!hours) return undefined;
  if (!policy.countedDays.has(describeDay(cal, date).kind)) return undefined;
  const start = zonedToUtc(date, hours.opens, cal.timeZone).getTime();
  const end = zonedToUtc(date, hours.closes, cal.timeZone).getTime();
  return end > start ? [start, end] : undefined;
}

/**
 * The calendar has no working time ahead for this policy: typically a policy that counts term
 * days only, every summer before next year's term dates are entered. A due date is then unknown,
 * never an error that loses the request.
 */
export class NoWorkingTime extends Error {
  constructor() {
    super('The calendar has no working time within three years');
    this.name = 'NoWorkingTime';
  }
}

/** Far enough for any SLA; stops a calendar with no working days from looping for ever. */
const MAX_DAYS = 3 * 366;

/** Working minutes between two instants (0 if `to` is not after `from`). */
export function workingMinutesBetween(cal: SchoolCalendar, policy: WorkingPolicy, from: Date, to: Date): number {
  if (to <= from) return 0;
  let ms = 0;
  const last = localDate(to, cal.timeZone);
  for (let date = localDate(from, cal.timeZone); date <= last; date = addDays(date, 1)) {
    const w = workingWindow(cal, policy, date);
    if (!w) continue;
    const start = Math.max(w[0], from.getTime());
    const end = Math.min(w[1], to.getTime());
    if (end > start) ms += end - start;
  }
  return ms / 60000;
}

/**
 * The instant `minutes` working minutes after `from`. Starting outside hours, the clock starts
 * at the next opening; a target landing exactly at closing time stays at closing time.
 */
export function addWorkingMinutes(cal: SchoolCalendar, policy: WorkingPolicy, from: Date, minutes: number): Date {
  let remaining = minutes * 60000;
  let date = localDate(from, cal.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    const w = workingWindow(cal, policy, date);
    if (!w) continue;
    const start = Math.max(w[0], from.getTime());
    if (start >= w[1]) continue;
    if (remaining <= 0) return new Date(start);
    const available = w[1] - start;
    if (remaining <= available) return new Date(start + remaining);
    remaining -= available;
  }
  throw new NoWorkingTime();
}

export type TermPosition = {
  term: Term;
  /** Teaching week: weeks (Monday to Sunday) from the term's first, not counting half-term weeks. */
  week: number;
  weeksInTerm: number;
  daysLeft: number;
  inHalfTerm: boolean;
};

const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

/** A week counts when at least one of its weekdays is a term day (not half-term). */
function isTeachingWeek(cal: SchoolCalendar, term: Term, monday: string): boolean {
  for (let i = 0; i < 5; i++) {
    const d = addDays(monday, i);
    if (inRange(d, term) && describeDay(cal, d).kind !== 'half_term') return true;
  }
  return false;
}

/** Where `date` sits in the term containing it, or undefined in the holidays. */
export function termPosition(cal: SchoolCalendar, date: string): TermPosition | undefined {
  const term = cal.terms.find((t) => inRange(date, t));
  if (!term) return undefined;
  let week = 0;
  let weeksInTerm = 0;
  const thisMonday = mondayOf(date);
  for (let m = mondayOf(term.startsOn); m <= term.endsOn; m = addDays(m, 7)) {
    if (!isTeachingWeek(cal, term, m)) continue;
    weeksInTerm++;
    if (m <= thisMonday) week = weeksInTerm;
  }
  return {
    term,
    week,
    weeksInTerm,
    daysLeft: daysBetween(date, term.endsOn),
    inHalfTerm: describeDay(cal, date).kind === 'half_term',
  };
}

/** The next term starting after `date`, for "back on ..." in the holidays. */
export function nextTerm(cal: SchoolCalendar, date: string): Term | undefined {
  return [...cal.terms].filter((t) => t.startsOn > date).sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
}

/** The academic year a date falls in, September to August: '2026-27'. */
export function academicYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
