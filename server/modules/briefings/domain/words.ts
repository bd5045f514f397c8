/** The briefing's words: dates as the UK writes them, counts, working time, Markdown escaping. */

const parts = (fmt: Intl.DateTimeFormat, date: string) =>
  fmt
    .formatToParts(new Date(`${date}T00:00:00Z`))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ');

const shortFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const longFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** 'Fri 20 Nov' */
export const shortDay = (date: string): string => parts(shortFmt, date);
/** 'Friday 20 November' */
export const weekday = (date: string): string => parts(dayFmt, date);
/** '20 November 2026' */
export const longDate = (date: string): string => parts(longFmt, date);

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Working minutes as '45 min' or '6 h 20 min'. */
export function workingTime(minutes: number | null): string {
  if (minutes === null) return 'none';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/**
 * Someone else's words (a ticket subject, a comment) made safe inside a line of Markdown: on one
 * line, with the characters that would start formatting escaped, and nothing at its start read
 * as a heading, quote or list.
 */
export const md = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');

/** A Markdown link to a path in Belfry (built with URLSearchParams, so it has no spaces or brackets). */
export const link = (label: string, url: string): string => `[${label}](${url})`;

/** A path with its query: `path('/wifi', { from, to })`. */
export const path = (base: string, query: Record<string, string>): string => `${base}?${new URLSearchParams(query)}`;

/** 'a, b and c' */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const sentenceCase = (s: string): string => (s ? s[0]?.toUpperCase() + s.slice(1) : s);
