import type { Ctx } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { describeDay, type SchoolCalendar } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { type BlockedRange, blockedDatesSetting, calendarGuardSetting } from './phishing-settings.ts';

/**
 * The calendar guard (research §7.6): a simulation is sent only on a school day at every school
 * (not a weekend, holiday, half-term, INSET day, closure or bank holiday), not on a date the
 * Director blocked (exams, report writing), and only between the send hours, inside the school's
 * opening hours. Scheduling lists each day left out and why; a window with no time left is refused
 * naming the rule.
 */

export type SendSlot = { date: string; start: Date; end: Date };
export type SkippedDay = { date: string; rule: string; reason: string };
export type GuardInput = { windowStart: Date; windowEnd: Date; sendFrom: string; sendUntil: string };
export type GuardCalendars = { calendars: SchoolCalendar[]; blocked: BlockedRange[]; timeZone: string; enforced?: boolean };

const MIN_WINDOW_MINUTES = 60;

export async function loadGuardCalendars(ctx: Ctx): Promise<GuardCalendars> {
  const schools = await listSchools(ctx);
  const calendars = [await loadSchoolCalendar(ctx)];
  for (const s of schools) calendars.push(await loadSchoolCalendar(ctx, s.id));
  return {
    calendars,
    blocked: await getSetting(ctx, blockedDatesSetting),
    timeZone: ctx.config.timeZone,
    enforced: (await getSetting(ctx, calendarGuardSetting)) === 'on',
  };
}

const DAY_WORDS: Record<string, string> = {
  holiday: 'a school holiday',
  half_term: 'half-term',
  inset: 'an INSET day',
  closure: 'a closure',
  bank_holiday: 'a bank holiday',
};

const ukDay = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');

/** Why `date` is not a sending day, or undefined when it is one. */
export function dayRefusal(g: GuardCalendars, date: string): SkippedDay | undefined {
  if (g.enforced === false) return undefined;
  if (isoWeekday(date) >= 6) return { date, rule: 'weekend', reason: `${ukDay(date)} is a weekend` };
  const blocked = g.blocked.find((b) => date >= b.from && date <= b.to);
  if (blocked) return { date, rule: 'blocked_date', reason: `${ukDay(date)} is blocked by the Director (${blocked.reason})` };
  const withTerms = g.calendars.filter((c) => c.terms.length > 0);
  if (withTerms.length === 0)
    return { date, rule: 'no_term_dates', reason: "the calendar has no term dates: import this year's term dates first" };
  for (const cal of withTerms) {
    const day = describeDay(cal, date);
    if (day.kind !== 'term')
      return { date, rule: day.kind, reason: `${ukDay(date)} is ${DAY_WORDS[day.kind] ?? day.kind} (${day.name})` };
  }
  return undefined;
}

/** The instants sends may happen in, and every day of the window left out with its reason. */
export function sendSlots(g: GuardCalendars, w: GuardInput): { slots: SendSlot[]; skipped: SkippedDay[] } {
  const slots: SendSlot[] = [];
  const skipped: SkippedDay[] = [];
  const last = localDate(w.windowEnd, g.timeZone);
  for (let date = localDate(w.windowStart, g.timeZone); date <= last; date = addDays(date, 1)) {
    const refusal = dayRefusal(g, date);
    if (refusal) {
      skipped.push(refusal);
      continue;
    }
    let from = w.sendFrom;
    let until = w.sendUntil;
    for (const cal of g.enforced === false ? [] : g.calendars) {
      const hours = cal.hours[isoWeekday(date) as 1];
      if (!hours) continue;
      if (hours.opens > from) from = hours.opens;
      if (hours.closes < until) until = hours.closes;
    }
    const start = new Date(Math.max(zonedToUtc(date, from, g.timeZone).getTime(), w.windowStart.getTime()));
    const end = new Date(Math.min(zonedToUtc(date, until, g.timeZone).getTime(), w.windowEnd.getTime()));
    if (end > start) slots.push({ date, start, end });
    else
      skipped.push({
        date,
        rule: 'outside_working_hours',
        reason: `the window has no time on ${ukDay(date)} between ${from} and ${until}`,
      });
  }
  return { slots, skipped };
}

/** Refuses a window that cannot be sent in, naming the rule; returns the slots and the days skipped. */
export function checkWindow(g: GuardCalendars, w: GuardInput, now: Date): { slots: SendSlot[]; skipped: SkippedDay[] } {
  if (!/^\d\d:\d\d$/.test(w.sendFrom) || !/^\d\d:\d\d$/.test(w.sendUntil) || w.sendUntil <= w.sendFrom)
    throw new Invalid('Send hours: "from" must be before "until", as 09:00 and 15:30');
  if (w.windowEnd <= w.windowStart) throw new Invalid('The send window must end after it starts');
  if (w.windowEnd <= now)
    throw new Invalid('The send window is in the past: choose a window that ends in the future (rule: window in the past)');
  if (w.windowEnd.getTime() - Math.max(now.getTime(), w.windowStart.getTime()) < MIN_WINDOW_MINUTES * 60_000)
    throw new Invalid(
      `The send window ends too soon: it must leave at least ${MIN_WINDOW_MINUTES} minutes from now (rule: window too short)`,
    );
  const effective = { ...w, windowStart: w.windowStart < now ? now : w.windowStart };
  const r = sendSlots(g, effective);
  if (r.slots.length === 0) {
    const first = r.skipped[0];
    const rule =
      first?.rule === 'outside_working_hours' ? 'outside working hours' : (first?.rule ?? 'no school day').replace(/_/g, ' ');
    throw new Invalid(
      `No time to send in this window (rule: ${rule}): ${r.skipped.map((s) => s.reason).join('; ') || 'no school day'}`,
    );
  }
  return r;
}

/** Is `now` inside one of the slots? The sender asks before every message. */
export const inSlot = (slots: readonly SendSlot[], now: Date): boolean => slots.some((s) => now >= s.start && now < s.end);

/** The start of the next slot after `now`, if any. */
export const nextSlotStart = (slots: readonly SendSlot[], now: Date): Date | undefined =>
  slots.find((s) => s.end > now && s.start > now)?.start;
