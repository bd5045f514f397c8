import { isIsoDate, pad2 } from '../../../lib/zoned-time.ts';

/** ISO (2026-09-03) or UK day-first (03/09/2026, 3/9/26) to 'YYYY-MM-DD'; undefined if neither. */
export function parseSchoolDate(text: string): string | undefined {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (!m) return undefined;
  const year = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const iso = `${year}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}`;
  return isIsoDate(iso) ? iso : undefined;
}
