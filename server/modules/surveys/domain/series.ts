import { type CellInput, type CellView, cellN, describeCell, suppressedCell } from './cell-stats.ts';
import { type ChangeView, compareYears, type Side, type TrendView, trendOf } from './comparisons.ts';
import type { Comparability } from './mapping.ts';
import { SUPPRESSED_REASON, suppressGroups } from './suppression.ts';

/**
 * One canonical question's series for one audience: each year's groups (suppressed where they
 * must be), the change from the year before (whole audience and each segment) and the trend.
 */

export type YearInput = {
  year: number;
  instrumentCode: string;
  wording: string;
  comparability: Comparability;
  /** The survey is still open: its figures will change. */
  provisional: boolean;
  total: CellInput;
  segments: CellInput[];
};

export type YearView = {
  year: number;
  instrumentCode: string;
  wording: string;
  comparability: Comparability;
  provisional: boolean;
  total: CellView;
  segments: CellView[];
  change: ChangeView | null;
  segmentChanges: Record<string, ChangeView>;
};

export type SeriesView = { years: YearView[]; trend: TrendView };

type Described = { input: YearInput; total: CellView; segments: CellView[] };

function describeYear(y: YearInput, threshold: number): Described {
  const totalN = cellN(y.total);
  const hidden = suppressGroups(
    y.segments.map((s) => ({ key: s.segment ?? '', n: cellN(s) })),
    totalN,
    threshold,
  );
  const total = totalN < threshold ? suppressedCell(y.total, SUPPRESSED_REASON.small(threshold)) : describeCell(y.total);
  const segments = y.segments.map((s) => {
    const why = hidden.get(s.segment ?? '');
    if (!why) return describeCell(s);
    return suppressedCell(s, why === 'small' ? SUPPRESSED_REASON.small(threshold) : SUPPRESSED_REASON.complementary);
  });
  return { input: y, total, segments };
}

const side = (d: Described, cell: CellInput, view: CellView): Side => ({
  year: d.input.year,
  comparability: d.input.comparability,
  cell,
  visible: !view.suppressed,
  favVisible: view.favourable !== null,
});

export function buildSeries(years: YearInput[], threshold: number): SeriesView {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const described = sorted.map((y) => describeYear(y, threshold));
  const views: YearView[] = described.map((d, i) => {
    const prev = i > 0 ? (described[i - 1] as Described) : undefined;
    const segmentChanges: Record<string, ChangeView> = {};
    if (prev) {
      for (const [k, seg] of d.input.segments.entries()) {
        const j = prev.input.segments.findIndex((s) => s.segment === seg.segment);
        if (j < 0) continue;
        segmentChanges[seg.segment ?? ''] = compareYears(
          side(prev, prev.input.segments[j] as CellInput, prev.segments[j] as CellView),
          side(d, seg, d.segments[k] as CellView),
        );
      }
    }
    return {
      year: d.input.year,
      instrumentCode: d.input.instrumentCode,
      wording: d.input.wording,
      comparability: d.input.comparability,
      provisional: d.input.provisional,
      total: d.total,
      segments: d.segments,
      change: prev ? compareYears(side(prev, prev.input.total, prev.total), side(d, d.input.total, d.total)) : null,
      segmentChanges,
    };
  });
  return { years: views, trend: trendOf(described.map((d) => side(d, d.input.total, d.total))) };
}
