import type { SchoolCalendar, Term } from '../../../lib/working-time.ts';
import { addDays, isoWeekday, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';

/**
 * Buckets for the metrics: weeks (Monday to Sunday), calendar months and terms, all in the
 * school's time zone, so a ticket at 00:30 BST on 1 October is October's (AT-27, Zammad #6134),
 * and holidays between terms are named for what they are (AT-28).
 */

export type Bucket = { key: string; label: string; from: Date; to: Date };

const startOf = (date: string, tz: string) => zonedToUtc(date, '00:00', tz);

export function weekBuckets(from: Date, to: Date, tz: string): Bucket[] {
  const out: Bucket[] = [];
  const first = localDate(from, tz);
  for (let monday = addDays(first, 1 - isoWeekday(first)); startOf(monday, tz) < to; monday = addDays(monday, 7)) {
    out.push({ key: monday, label: `Week of ${monday}`, from: startOf(monday, tz), to: startOf(addDays(monday, 7), tz) });
  }
  return out;
}

export function monthBuckets(from: Date, to: Date, tz: string): Bucket[] {
  const out: Bucket[] = [];
  let month = `${localDate(from, tz).slice(0, 7)}-01`;
  while (startOf(month, tz) < to) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    out.push({ key: month.slice(0, 7), label: month.slice(0, 7), from: startOf(month, tz), to: startOf(next, tz) });
    month = next;
  }
  return out;
}

const sorted = (terms: Term[]) => [...terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));

function holidayName(next: Term | undefined, date: string): string {
  const year = date.slice(0, 4);
  if (!next) return `Holiday ${year}`;
  if (/spring|lent/i.test(next.name)) return `Christmas holiday ${next.startsOn.slice(0, 4) === year ? Number(year) - 1 : year}`;
  if (/summer|trinity/i.test(next.name)) return `Easter holiday ${year}`;
  if (/autumn|michaelmas/i.test(next.name)) return `Summer holiday ${year}`;
  return `Holiday before ${next.name} ${next.startsOn.slice(0, 4)}`;
}

/** The term bucket a date belongs to: a half-term, a term, or the holiday before the next term. */
export function termLabelOf(cal: SchoolCalendar, date: string): string {
  const half = cal.closures.find((c) => c.kind === 'half_term' && date >= c.startsOn && date <= c.endsOn);
  if (half) return `${half.name} ${half.startsOn.slice(0, 4)}`;
  const term = cal.terms.find((t) => date >= t.startsOn && date <= t.endsOn);
  if (term) return `${term.name} ${term.startsOn.slice(0, 4)}`;
  return holidayName(
    sorted(cal.terms).find((t) => t.startsOn > date),
    date,
  );
}

/** Terms (half-terms included) and the holidays between them that overlap [from, to). */
export function termBuckets(cal: SchoolCalendar, from: Date, to: Date): Bucket[] {
  const tz = cal.timeZone;
  const out: Bucket[] = [];
  const last = localDate(new Date(to.getTime() - 1), tz);
  let day = localDate(from, tz);
  while (day <= last) {
    const term = cal.terms.find((t) => day >= t.startsOn && day <= t.endsOn);
    let end: string;
    let label: string;
    if (term) {
      end = term.endsOn;
      label = `${term.name} ${term.startsOn.slice(0, 4)}`;
    } else {
      const next = sorted(cal.terms).find((t) => t.startsOn > day);
      end = next ? addDays(next.startsOn, -1) : last;
      label = holidayName(next, day);
    }
    out.push({ key: label, label, from: startOf(day, tz), to: startOf(addDays(end, 1), tz) });
    day = addDays(end, 1);
  }
  return out;
}

/** The same-named term a year earlier, for "same term last year". */
export function sameTermLastYear(cal: SchoolCalendar, term: Term): Term | undefined {
  const year = Number(term.startsOn.slice(0, 4)) - 1;
  return cal.terms.find((t) => t.name === term.name && Number(t.startsOn.slice(0, 4)) === year);
}

/** The term before this one. */
export function previousTerm(cal: SchoolCalendar, term: Term): Term | undefined {
  return sorted(cal.terms)
    .filter((t) => t.startsOn < term.startsOn)
    .at(-1);
}
