/**
 * Wall-clock time in a named time zone (Europe/London by default), from Intl alone.
 * Calendar dates are 'YYYY-MM-DD' strings; instants are Dates (UTC).
 */

export type LocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Offset of the zone from UTC at `instant`, in minutes (60 for BST, 0 for GMT). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `time`. A time skipped by the
 * spring change resolves to the instant after the gap; a repeated autumn hour to its first pass.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  // A pure function of its three strings, asked again and again for the same few (a school day's
  // opening hours over every ticket of two terms): remembered, each answer a new Date.
  const key = `${timeZone}|${date}|${time}`;
  let ms = zonedCache.get(key);
  if (ms === undefined) {
    ms = computeZonedToUtc(date, time, timeZone).getTime();
    if (zonedCache.size >= ZONED_CACHE_MAX) zonedCache.clear();
    zonedCache.set(key, ms);
  }
  return new Date(ms);
}

const ZONED_CACHE_MAX = 20_000;
const zonedCache = new Map<string, number>();

function computeZonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = [...time.split(':').map(Number), 0, 0] as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm, ss);
  // The offsets a day either side bracket any transition on this date.
  const before = guess - offsetMinutes(new Date(guess - 86400000), timeZone) * 60000;
  const after = guess - offsetMinutes(new Date(guess + 86400000), timeZone) * 60000;
  const reads = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return p.year === y && p.month === m && p.day === d && p.hour === hh && p.minute === mm;
  };
  const matching = [before, after].filter(reads);
  // In the spring gap neither reads true; the pre-change offset lands just after the gap.
  return new Date(matching.length ? Math.min(...matching) : before);
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The calendar date in `timeZone` at `instant`, as 'YYYY-MM-DD'. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 Monday .. 7 Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const parse = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((parse(b) - parse(a)) / 86400000);
}

export const isIsoDate = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && addDays(s, 0) === s;
