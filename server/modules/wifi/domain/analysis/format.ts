import { FAIL_STAGES } from '../records.ts';
import type { StageCounts } from './types.ts';
import { round, roundP } from './wifi-stats.ts';

/** Numbers and words as a Director reads them out, and the fixed rounding of the evidence. */

export const STAGE_WORDS = ['association', 'authentication', 'DHCP', 'DNS'] as const;

export function pct(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const v = x * 100;
  return v > 0 && v < 10 ? `${v.toFixed(1)}%` : `${Math.round(v)}%`;
}

export const count = (n: number): string => Math.round(n).toLocaleString('en-GB');
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
export const times = (r: number): string => (r >= 10 ? `${Math.round(r)}` : r.toFixed(1));

export const stageName = (i: number | null) => (i === null ? null : (FAIL_STAGES[i] ?? null));

export const stagesObject = (s: StageCounts) => ({ assoc: s[0], auth: s[1], dhcp: s[2], dns: s[3] });

export const rate = (k: number, n: number) => (n > 0 ? round(k / n) : 0);

export const ciPair = (ci: { lower: number; upper: number }) => [round(ci.lower), round(ci.upper)];

export { round, roundP };

/** JSON with keys sorted at every level: the same verdict always prints the same bytes. */
export function stableJson(value: unknown, indent = 2): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object' && !(v instanceof Date))
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent);
}
