import { type DateOrder, parseNumericDate, resolveNumericDate } from '../../../lib/date-order.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';

/**
 * ISO (2026-09-03) or numeric (03/09/2026, 3/9/26) in the order the whole file settled
 * (lib/date-order) to 'YYYY-MM-DD'; undefined if neither.
 */
export function parseSchoolDate(text: string, order: DateOrder): string | undefined {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const n = parseNumericDate(t);
  if (!n || n.h || n.m || n.s) return undefined;
  return resolveNumericDate(n, order)?.date;
}
