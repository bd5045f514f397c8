import { describe, expect, it } from 'vitest';
import type { CellInput } from './cell-stats.ts';
import { flagFamily } from './comparisons.ts';
import { buildSeries, type YearInput } from './series.ts';

// Research §2.9: the Wi-Fi item, counts of codes 1..5.
const COUNTS: Record<number, number[]> = {
  2021: [3, 7, 10, 12, 6],
  2022: [4, 6, 12, 14, 8],
  2023: [5, 7, 10, 13, 6],
  2024: [4, 6, 10, 14, 6],
  2025: [2, 4, 8, 20, 16],
};
const ELIGIBLE: Record<number, number> = { 2021: 60, 2022: 60, 2023: 62, 2024: 61, 2025: 64 };

const cell = (counts: Record<string, number[]>, extra: Partial<CellInput> = {}): CellInput => {
  const n = Object.values(counts).reduce((a, xs) => a + xs.reduce((s, v) => s + v, 0), 0);
  return { segment: null, label: 'All staff', counts, notUsed: 0, respondents: n, eligible: null, ...extra };
};

const staffYears = (over: Partial<Record<number, Partial<YearInput>>> = {}): YearInput[] =>
  [2021, 2022, 2023, 2024, 2025].map((year) => ({
    year,
    instrumentCode: `staff-${year}`,
    wording: 'How satisfied are you with the school Wi-Fi?',
    comparability: 'identical',
    provisional: false,
    total: cell({ satisfied5: COUNTS[year] as number[] }, { eligible: ELIGIBLE[year] as number }),
    segments: [],
    ...over[year],
  }));

const flagged = (years: YearInput[], practical = 5) => {
  const series = buildSeries(years, 10);
  // One question per audience-year here, so each family has one test.
  for (const y of series.years) if (y.change) flagFamily([y.change], practical);
  return series;
};

describe('a question across five years (research §2.9, §6.2)', () => {
  it('gives n, response rate, mean with its t interval and % favourable with its Wilson interval', () => {
    const s = flagged(staffYears());
    const at = (year: number) => s.years.find((y) => y.year === year)?.total;
    expect(s.years.map((y) => y.total.n)).toEqual([38, 44, 41, 40, 50]);
    expect(s.years.map((y) => Number(((y.total.responseRate ?? 0) * 100).toFixed(1)))).toEqual([63.3, 73.3, 66.1, 65.6, 78.1]);
    const means = [3.2895, 3.3636, 3.1951, 3.3, 3.88];
    const fav = [0.4737, 0.5, 0.4634, 0.5, 0.72];
    for (const [i, y] of s.years.entries()) {
      expect(y.total.mean?.value).toBeCloseTo(means[i] as number, 4);
      expect(y.total.favourable?.pct).toBeCloseTo(fav[i] as number, 4);
    }
    expect(at(2025)?.mean?.lower).toBeCloseTo(3.5727, 4);
    expect(at(2025)?.favourable?.lower).toBeCloseTo(0.5833, 4);
    expect(at(2025)?.favourable?.upper).toBeCloseTo(0.8253, 4);
    expect(at(2021)?.distribution?.map((d) => d.count)).toEqual([3, 7, 10, 12, 6]);
  });

  it('flags only 2025 against 2024 as improved, with the reference tests', () => {
    const s = flagged(staffYears());
    expect(s.years.map((y) => y.change?.flag ?? null)).toEqual([
      null,
      'no clear change',
      'no clear change',
      'no clear change',
      'improved',
    ]);
    const c = s.years[4]?.change;
    expect(c?.delta).toBeCloseTo(0.22, 4);
    expect(c?.z).toBeCloseTo(2.1391, 4);
    expect(c?.p).toBeCloseTo(0.03243, 4);
    expect(c?.newcombe?.lower).toBeCloseTo(0.0186, 4);
    expect(c?.newcombe?.upper).toBeCloseTo(0.4016, 4);
    expect(c?.mannWhitney?.u).toBe(1284);
    expect(c?.mannWhitney?.p).toBeCloseTo(0.01632, 4);
    // The 2×5 chi-square is refused (min expected 2.667) and retried on three merged categories.
    expect(c?.distributionTest).toMatchObject({ valid: true, collapsed: true, df: 2 });
    expect(s.trend).toMatchObject({ status: 'tested', years: 5, indicative: false });
    expect(s.trend.status === 'tested' && s.trend.z).toBeCloseTo(2.2343, 4);
    expect(s.trend.status === 'tested' && s.trend.p).toBeCloseTo(0.02547, 4);
  });

  it('drops the flag at a 25-point practical threshold, and calls a small group suppressed, not "no change"', () => {
    expect(flagged(staffYears(), 25).years[4]?.change?.flag).toBe('no clear change');
    const small = staffYears({ 2024: { total: cell({ satisfied5: [1, 1, 2, 3, 2] }) } });
    const s = flagged(small);
    expect(s.years[3]?.total).toMatchObject({ suppressed: true, n: null, favourable: null, mean: null });
    expect(s.years[3]?.total.suppressedReason).toBe('fewer than 10 responses');
    expect(s.years[4]?.change?.flag).toBe('suppressed');
    expect(s.years[3]?.change?.flag).toBe('suppressed');
  });

  it('compares across a scale change on % favourable only, labelled indicative', () => {
    const years = staffYears({
      // 2021 on a 4-point agreement scale: 3+4 favourable = 18 of 38.
      2021: { comparability: 'scale_changed', total: cell({ agree4: [8, 12, 12, 6] }) },
    });
    const s = flagged(years);
    const c = s.years[1]?.change;
    expect(c).toMatchObject({ status: 'tested', indicative: true, mannWhitney: null, distributionTest: null });
    expect(c?.delta).toBeCloseTo(0.0263, 4);
    expect(s.years[0]?.total.mean?.value).toBeCloseTo(2.4211, 4);
    expect(s.trend).toMatchObject({ status: 'tested', indicative: true });
    // A new series starts where the question is not comparable.
    const broken = flagged(staffYears({ 2023: { comparability: 'not_comparable' } }));
    expect(broken.years[2]?.change?.flag).toBe('not comparable');
    expect(broken.trend).toMatchObject({ status: 'tested', fromYear: 2023, years: 3 });
  });
});

describe('suppression (research §2.7, §6.3)', () => {
  const prep = (counts: Record<string, number[]>) => {
    const segments = Object.entries(counts).map(([segment, c]) =>
      cell({ satisfied5: c }, { segment, label: segment, eligible: 60 }),
    );
    const total = [0, 1, 2, 3, 4].map((i) => segments.reduce((a, s) => a + ((s.counts.satisfied5 as number[])[i] ?? 0), 0));
    return buildSeries(
      [
        {
          year: 2025,
          instrumentCode: 'prep-2025',
          wording: 'Wi-Fi',
          comparability: 'identical',
          provisional: false,
          total: cell({ satisfied5: total }),
          segments,
        },
      ],
      10,
    ).years[0];
  };

  it('hides a group of 4 and one more, so it cannot be recovered by subtraction', () => {
    const y = prep({
      Y3: [0, 1, 1, 1, 1],
      Y4: [2, 3, 5, 5, 5],
      Y5: [3, 3, 6, 4, 4],
      Y6: [1, 1, 2, 5, 11],
    });
    expect(y?.total.n).toBe(64);
    const shown = y?.segments.filter((s) => !s.suppressed) ?? [];
    expect(y?.segments.find((s) => s.segment === 'Y3')).toMatchObject({ suppressed: true, n: null, favourable: null });
    expect(shown.map((s) => s.segment)).toEqual(['Y5', 'Y6']);
    // The attempt: total minus the shown groups is the hidden groups together, never Y3 alone.
    const rest = (y?.total.n ?? 0) - shown.reduce((a, s) => a + (s.n ?? 0), 0);
    expect(rest).toBe(24);
    expect(rest).not.toBe(4);
    expect(y?.segments.find((s) => s.segment === 'Y4')?.suppressedReason).toBe(
      'withheld so that a smaller group cannot be worked out',
    );
  });

  it('shows "<5" cells only as merged categories in a group of 12', () => {
    const y = prep({ Y3: [0, 2, 3, 4, 3], Y4: [10, 10, 10, 10, 10], Y5: [10, 10, 10, 10, 10] });
    const g = y?.segments.find((s) => s.segment === 'Y3');
    expect(g?.n).toBe(12);
    expect(g?.distribution).toBeNull();
    expect(g?.merged).toEqual([
      { key: 'unfavourable', count: null, pct: null },
      { key: 'neutral', count: null, pct: null },
      { key: 'favourable', count: 7, pct: 7 / 12 },
    ]);
    expect(g?.favourable?.count).toBe(7);
    expect(y?.segments.find((s) => s.segment === 'Y4')?.distribution?.map((d) => d.count)).toEqual([10, 10, 10, 10, 10]);
  });
});
