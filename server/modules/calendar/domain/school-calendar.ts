import { type Ctx, requireActor } from '../../../lib/context.ts';
import {
  type BusinessHours,
  DEFAULT_HOURS,
  describeDay,
  nextTerm,
  type SchoolCalendar,
  termPosition,
} from '../../../lib/working-time.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { selectBankHolidays, selectBusinessHours, selectClosures, selectTerms } from '../db/calendar-queries.ts';
import { bankHolidayDivisionSetting } from './calendar-settings.ts';

const hhmm = (t: string) => t.slice(0, 5);

export async function loadBusinessHours(ctx: Ctx, schoolId?: string): Promise<BusinessHours> {
  if (!schoolId) return DEFAULT_HOURS;
  const rows = await selectBusinessHours(ctx.db, schoolId);
  if (rows.length === 0) return DEFAULT_HOURS;
  const hours: BusinessHours = {};
  for (const r of rows)
    hours[r.weekday as 1] = {
      opens: hhmm(r.opensAt),
      closes: hhmm(r.closesAt),
    };
  return hours;
}

/**
 * The calendar of one school (or, without a school, the dates shared by every school), ready for
 * the working-time maths in lib/working-time. The help desk's SLA clock and reports start here.
 */
/** The bank holidays of the school's division, date to title. */
async function loadBankHolidayMap(ctx: Ctx): Promise<Map<string, string>> {
  const bank = await selectBankHolidays(ctx.db, await getSetting(ctx, bankHolidayDivisionSetting));
  return new Map(bank.map((b) => [b.date, b.title]));
}

export async function loadSchoolCalendar(
  ctx: Ctx,
  schoolId?: string,
  shared?: { bankHolidays: Map<string, string> },
): Promise<SchoolCalendar> {
  // One after another: callers often run inside a transaction, which is a single connection.
  const terms = await selectTerms(ctx.db, schoolId);
  const closures = await selectClosures(ctx.db, schoolId);
  const bankHolidays = shared?.bankHolidays ?? (await loadBankHolidayMap(ctx));
  return {
    timeZone: ctx.config.timeZone,
    terms: terms
      .filter((t) => schoolId || t.schoolId === null)
      .map((t) => ({
        id: t.id,
        name: t.name,
        academicYear: t.academicYear,
        startsOn: t.startsOn,
        endsOn: t.endsOn,
      })),
    closures: closures
      .filter((c) => schoolId || c.schoolId === null)
      .map((c) => ({
        kind: c.kind as 'half_term',
        name: c.name,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
      })),
    bankHolidays,
    hours: await loadBusinessHours(ctx, schoolId),
  };
}

export type SchoolToday = {
  schoolId: string | null;
  schoolName: string;
  date: string;
  dayKind: string;
  dayName: string;
  term: {
    name: string;
    academicYear: string;
    startsOn: string;
    endsOn: string;
  } | null;
  week: number | null;
  weeksInTerm: number | null;
  daysLeft: number | null;
  next: { name: string; startsOn: string } | null;
  upcoming: { date: string; kind: string; name: string }[];
};

/** Where each school is in its year today: term and teaching week, or the next term's start. */
export async function describeToday(ctx: Ctx): Promise<SchoolToday[]> {
  requireActor(ctx);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const schools = await listSchools(ctx);
  const targets = schools.length
    ? schools.map((s) => ({ id: s.id as string | null, name: s.name }))
    : [{ id: null, name: 'School' }];
  const out: SchoolToday[] = [];
  const bankHolidays = await loadBankHolidayMap(ctx);
  for (const s of targets) {
    const cal = await loadSchoolCalendar(ctx, s.id ?? undefined, { bankHolidays });
    const pos = termPosition(cal, today);
    const day = describeDay(cal, today);
    const nt = pos ? undefined : nextTerm(cal, today);
    const upcoming: SchoolToday['upcoming'] = [];
    let last = '';
    for (let d = addDays(today, 1); d <= addDays(today, 21) && upcoming.length < 4; d = addDays(d, 1)) {
      const info = describeDay(cal, d);
      if (info.kind === 'term' || info.kind === 'holiday' || info.isWeekend) {
        last = '';
        continue;
      }
      if (info.name !== last) upcoming.push({ date: d, kind: info.kind, name: info.name });
      last = info.name;
    }
    if (pos && pos.term.endsOn <= addDays(today, 21))
      upcoming.push({
        date: pos.term.endsOn,
        kind: 'term_end',
        name: `End of ${pos.term.name} term`,
      });
    upcoming.sort((a, b) => a.date.localeCompare(b.date));
    out.push({
      schoolId: s.id,
      schoolName: s.name,
      date: today,
      dayKind: day.isWeekend && day.kind === 'term' ? 'weekend' : day.kind,
      dayName: day.name,
      term: pos
        ? {
            name: pos.term.name,
            academicYear: pos.term.academicYear,
            startsOn: pos.term.startsOn,
            endsOn: pos.term.endsOn,
          }
        : null,
      week: pos?.week ?? null,
      weeksInTerm: pos?.weeksInTerm ?? null,
      daysLeft: pos?.daysLeft ?? null,
      next: nt ? { name: nt.name, startsOn: nt.startsOn } : null,
      upcoming,
    });
  }
  return out;
}

export type YearDay = { date: string; kind: string; name: string; isWeekend: boolean };

/** Every day of an academic year (1 September to 31 August) for one school, classified. */
export async function describeYear(ctx: Ctx, academicYear: string, schoolId?: string): Promise<YearDay[]> {
  requireActor(ctx);
  const start = `${academicYear.slice(0, 4)}-09-01`;
  const end = `${Number(academicYear.slice(0, 4)) + 1}-08-31`;
  const cal = await loadSchoolCalendar(ctx, schoolId);
  const days: YearDay[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const info = describeDay(cal, d);
    days.push({ date: d, kind: info.kind, name: info.name, isWeekend: info.isWeekend });
  }
  return days;
}
