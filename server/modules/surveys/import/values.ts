import { pad2, zonedToUtc } from '../../../lib/zoned-time.ts';
import type { Cell } from './read-sheet.ts';

/**
 * Cell values that need care (research §1.2): timestamps whose format depends on the route the
 * file took (declared locale and time zone, never guessed), and multi-select answers (Microsoft
 * joins with ";", Google with ", " even when an option itself has a comma).
 */

export type Locale = 'en-GB' | 'en-US';

const hms = (h: number, m: number, s: number) => `${pad2(h)}:${pad2(m)}:${pad2(s)}`;

function to24(hour: number, ampm: string | undefined): number {
  if (!ampm) return hour;
  const pm = ampm.toLowerCase() === 'pm';
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

/** A timestamp cell to UTC; undefined when it cannot be read. */
export function parseTimestamp(cell: Cell, locale: Locale, timeZone: string): Date | undefined {
  if (cell instanceof Date) {
    // exceljs gives Excel's wall-clock time as if it were UTC.
    const date = cell.toISOString().slice(0, 10);
    return zonedToUtc(date, hms(cell.getUTCHours(), cell.getUTCMinutes(), cell.getUTCSeconds()), timeZone);
  }
  const t = cell.trim();
  if (!t) return undefined;
  // ISO 8601, with or without an offset.
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    if (m[7]) return new Date(t.replace(' ', 'T'));
    return zonedToUtc(`${m[1]}-${m[2]}-${m[3]}`, hms(Number(m[4]), Number(m[5]), Number(m[6] ?? 0)), timeZone);
  }
  // Google Forms "Download responses": 2024/04/03 9:15:00 AM GMT+1 (year first, explicit offset).
  m =
    /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm)?(?:\s*(?:GMT|UTC)([+-]\d{1,2})(?::?(\d{2}))?)?$/.exec(
      t,
    );
  if (m) {
    const local = Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      to24(Number(m[4]), m[7]),
      Number(m[5]),
      Number(m[6] ?? 0),
    );
    if (m[8] === undefined) {
      const d = new Date(local);
      return zonedToUtc(d.toISOString().slice(0, 10), hms(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()), timeZone);
    }
    const sign = m[8].startsWith('-') ? -1 : 1;
    const offset = sign * (Math.abs(Number(m[8])) * 60 + Number(m[9] ?? 0));
    return new Date(local - offset * 60000);
  }
  // A linked Sheet (spreadsheet locale): 03/04/2024 09:15:00 is 3 April in en-GB, 4 March in en-US.
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm)?$/.exec(t);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = locale === 'en-US' ? [b, a] : [a, b];
    const year = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return zonedToUtc(
      `${year}-${pad2(month)}-${pad2(day)}`,
      hms(to24(Number(m[4]), m[7]), Number(m[5]), Number(m[6] ?? 0)),
      timeZone,
    );
  }
  return undefined;
}

/**
 * The options chosen in a multi-select cell, as option codes. Microsoft: split on ";" (the
 * trailing ";" ignored). Google: greedy longest match against the known labels, so an option
 * "Wi-Fi, in classrooms" is one option, not two. Unknown text is returned in `unknown`.
 */
export function parseMultiSelect(
  text: string,
  options: readonly { code: string; label: string }[],
  style: 'msforms' | 'google',
): { codes: string[]; unknown: string[] } {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  const byLabel = new Map(options.map((o) => [norm(o.label), o.code]));
  const codes: string[] = [];
  const unknown: string[] = [];
  if (style === 'msforms') {
    for (const part of text.split(';')) {
      if (!part.trim()) continue;
      const code = byLabel.get(norm(part));
      if (code) codes.push(code);
      else unknown.push(part.trim());
    }
    return { codes, unknown };
  }
  const labels = [...options].sort((a, b) => b.label.length - a.label.length);
  let rest = text.trim();
  while (rest) {
    const hit = labels.find((o) => {
      const l = o.label.trim();
      return rest.toLowerCase().startsWith(l.toLowerCase()) && (rest.length === l.length || rest.slice(l.length).startsWith(','));
    });
    if (hit) {
      codes.push(hit.code);
      rest = rest.slice(hit.label.trim().length).replace(/^,\s*/, '');
      continue;
    }
    const comma = rest.indexOf(',');
    unknown.push((comma < 0 ? rest : rest.slice(0, comma)).trim());
    rest = comma < 0 ? '' : rest.slice(comma + 1).trim();
  }
  return { codes, unknown };
}

/** The text of a cell (a date cell as its ISO form). */
export const cellString = (c: Cell | undefined): string => (c instanceof Date ? c.toISOString() : (c ?? '').trim());
