import type { DateOrder } from '../../../lib/date-order.ts';

/**
 * Dates in sign-in downloads. The portal writes ISO 8601 (UTC); PowerShell's Export-Csv writes
 * the culture's format, where 05/01/2024 is 5 January or 1 May. The file settles the order
 * (lib/date-order); two-digit years are not written by either.
 */

export type ParsedDate =
  | { kind: 'iso'; date: Date }
  | { kind: 'culture'; a: number; b: number; year: number; h: number; m: number; s: number; ms: number };

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const CULTURE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(am|pm)?)?$/i;

export function parseSigninDate(text: string): ParsedDate | undefined {
  const t = text.trim();
  if (ISO.test(t)) {
    // No zone means UTC: the column is "Date (UTC)".
    const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t.replace(' ', 'T')}Z`;
    // JavaScript keeps milliseconds only; the portal writes 7 fractional digits.
    const d = new Date(withZone.replace(/(\.\d{3})\d+/, '$1'));
    return Number.isNaN(d.getTime()) ? undefined : { kind: 'iso', date: d };
  }
  const m = CULTURE.exec(t);
  if (!m) return undefined;
  let h = Number(m[4] ?? 0);
  const ampm = m[8]?.toLowerCase();
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  return {
    kind: 'culture',
    a: Number(m[1]),
    b: Number(m[2]),
    year: Number(m[3]),
    h,
    m: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    ms: Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  };
}

export function resolveDate(d: ParsedDate, order: DateOrder): Date | undefined {
  if (d.kind === 'iso') return d.date;
  const [day, month] = order === 'dmy' ? [d.a, d.b] : [d.b, d.a];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(d.year, month - 1, day, d.h, d.m, d.s, d.ms));
  return date.getUTCDate() === day ? date : undefined;
}
