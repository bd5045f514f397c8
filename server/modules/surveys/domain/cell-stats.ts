import { type Interval, meanInterval, wilson } from '../../../lib/stats.ts';
import { getScale, pointValue } from './scales.ts';
import { visibleCells } from './suppression.ts';

/**
 * One group's figures for one question in one year (research §2.1): n of substantive answers,
 * response rate, the distribution, % favourable with a Wilson interval and the mean with a t
 * interval. Counts arrive already oriented (reverse-scored for negatively worded questions).
 * A group answering on two scales (prep: smiley faces in Years 3-4) gets % favourable only.
 */

export type CellInput = {
  segment: string | null;
  label: string;
  /** Scale id to counts by code (index 0 is code 1). */
  counts: Record<string, number[]>;
  notUsed: number;
  respondents: number;
  eligible: number | null;
};

export type CellView = {
  segment: string | null;
  label: string;
  suppressed: boolean;
  suppressedReason: string | null;
  n: number | null;
  respondents: number | null;
  eligible: number | null;
  responseRate: number | null;
  scaleId: string | null;
  mixedScales: boolean;
  distribution: { code: number; label: string; count: number | null; pct: number | null }[] | null;
  merged: { key: 'unfavourable' | 'neutral' | 'favourable'; count: number | null; pct: number | null }[] | null;
  favourable: (Interval & { count: number; pct: number }) | null;
  /** 0-10 ratings: % favourable minus % unfavourable, in points (-100 to +100). */
  netScore: number | null;
  mean: (Interval & { value: number; sd: number }) | null;
  notUsed: number | null;
};

export const cellN = (c: CellInput): number => Object.values(c.counts).reduce((a, xs) => a + xs.reduce((s, v) => s + v, 0), 0);

/** The scales a group actually answered on. */
export const scalesOf = (c: CellInput): string[] => Object.keys(c.counts).filter((s) => (c.counts[s] ?? []).some((v) => v > 0));

export function favourableCount(counts: Record<string, number[]>): number {
  let k = 0;
  for (const [scaleId, xs] of Object.entries(counts)) {
    for (const code of getScale(scaleId).favourable) k += xs[code - 1] ?? 0;
  }
  return k;
}

export function mergedCounts(counts: Record<string, number[]>): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (const [scaleId, xs] of Object.entries(counts)) {
    const s = getScale(scaleId);
    for (const [i, v] of xs.entries()) {
      const code = i + 1;
      const slot = s.unfavourable.includes(code) ? 0 : s.favourable.includes(code) ? 2 : 1;
      out[slot] += v;
    }
  }
  return out;
}

/** Codes as a list (for the mean and Mann-Whitney). */
export const expand = (xs: readonly number[]): number[] => xs.flatMap((k, i) => Array<number>(k).fill(i + 1));

export function suppressedCell(c: CellInput, reason: string): CellView {
  return {
    segment: c.segment,
    label: c.label,
    suppressed: true,
    suppressedReason: reason,
    n: null,
    respondents: null,
    eligible: c.eligible,
    responseRate: null,
    scaleId: null,
    mixedScales: false,
    distribution: null,
    merged: null,
    favourable: null,
    netScore: null,
    mean: null,
    notUsed: null,
  };
}

export function describeCell(c: CellInput): CellView {
  const n = cellN(c);
  const scales = scalesOf(c);
  const single = scales.length === 1 ? (scales[0] as string) : null;
  const fav = favourableCount(c.counts);
  const merged = mergedCounts(c.counts);
  const showMerged = visibleCells(merged, n);
  let distribution: CellView['distribution'] = null;
  let mergedView: CellView['merged'] = null;
  if (single) {
    const counts = c.counts[single] as number[];
    const show = visibleCells(counts, n);
    if (show.every(Boolean)) {
      distribution = getScale(single).points.map((p, i) => ({
        code: p.code,
        label: p.label,
        count: counts[i] ?? 0,
        pct: n ? (counts[i] ?? 0) / n : 0,
      }));
    }
  }
  if (!distribution && n > 0) {
    mergedView = (['unfavourable', 'neutral', 'favourable'] as const).map((key, i) => ({
      key,
      count: showMerged[i] ? (merged[i] as number) : null,
      pct: showMerged[i] ? (merged[i] as number) / n : null,
    }));
  }
  const favShown = n > 0 && (distribution !== null || showMerged[2] === true);
  const scale = single ? getScale(single) : undefined;
  const codes = single
    ? expand(c.counts[single] as number[]).map((code) => pointValue(scale as NonNullable<typeof scale>, code))
    : [];
  const m = codes.length >= 2 ? meanInterval(codes) : undefined;
  const netScore = scale?.netScore && favShown && n > 0 ? Math.round(((fav - merged[0]) / n) * 1000) / 10 : null;
  return {
    segment: c.segment,
    label: c.label,
    suppressed: false,
    suppressedReason: null,
    n,
    respondents: c.respondents,
    eligible: c.eligible,
    responseRate: c.eligible ? c.respondents / c.eligible : null,
    scaleId: single,
    mixedScales: scales.length > 1,
    distribution,
    merged: mergedView,
    favourable: favShown ? { count: fav, pct: fav / n, ...wilson(fav, n) } : null,
    netScore,
    mean: m ? { value: m.mean, sd: m.sd, lower: m.lower, upper: m.upper } : null,
    notUsed: c.notUsed === 0 || c.notUsed >= 5 || n >= 30 ? c.notUsed : null,
  };
}
