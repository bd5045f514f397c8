import type { Interval } from '../../../lib/stats.ts';
import type { Audience } from './audiences.ts';
import type { Flag } from './comparisons.ts';
import type { ResultsView } from './results.ts';

/**
 * The SLT summary: the few changes that matter (flagged improved or declined in the latest year
 * of each audience), each with both years' % favourable, n and intervals and a footnote where
 * the wording changed; the clear five-year directions; response rates; caveats. Deterministic:
 * the same results give the same summary, byte for byte.
 */

export type SummaryFigure = { year: number; n: number; pct: number } & Interval;

export type SummaryChange = {
  questionCode: string;
  construct: string;
  wording: string;
  audience: Audience;
  audienceLabel: string;
  flag: Extract<Flag, 'improved' | 'declined'>;
  indicative: boolean;
  provisional: boolean;
  delta: number;
  interval: Interval;
  pAdjusted: number;
  before: SummaryFigure;
  after: SummaryFigure;
  footnote: string | null;
};

export type SummaryTrend = {
  questionCode: string;
  construct: string;
  audienceLabel: string;
  direction: 'rising' | 'falling';
  fromYear: number;
  toYear: number;
  p: number;
  indicative: boolean;
};

export type SltSummary = {
  changes: SummaryChange[];
  trends: SummaryTrend[];
  responseRates: {
    audienceLabel: string;
    year: number;
    respondents: number | null;
    eligible: number | null;
    rate: number | null;
    provisional: boolean;
  }[];
  caveats: string[];
  methodology: string[];
};

export function summarise(results: ResultsView): SltSummary {
  const changes: SummaryChange[] = [];
  const trends: SummaryTrend[] = [];
  for (const q of results.questions) {
    for (const a of q.audiences) {
      const years = a.series.years;
      const latest = years[years.length - 1];
      const prev = years[years.length - 2];
      const c = latest?.change;
      if (latest && prev && c && (c.flag === 'improved' || c.flag === 'declined')) {
        const fig = (y: typeof latest): SummaryFigure => ({
          year: y.year,
          n: y.total.n ?? 0,
          pct: y.total.favourable?.pct ?? 0,
          lower: y.total.favourable?.lower ?? 0,
          upper: y.total.favourable?.upper ?? 0,
        });
        changes.push({
          questionCode: q.question.code,
          construct: q.question.construct,
          wording: q.question.wording,
          audience: a.audience,
          audienceLabel: a.label,
          flag: c.flag,
          indicative: c.indicative,
          provisional: latest.provisional,
          delta: c.delta ?? 0,
          interval: c.newcombe ?? { lower: 0, upper: 0 },
          pAdjusted: c.pAdjusted ?? 1,
          before: fig(prev),
          after: fig(latest),
          footnote:
            prev.wording !== latest.wording
              ? `Asked as "${prev.wording}" in ${prev.year} and "${latest.wording}" in ${latest.year}.`
              : null,
        });
      }
      const t = a.series.trend;
      if (t.status === 'tested' && t.p < 0.05) {
        trends.push({
          questionCode: q.question.code,
          construct: q.question.construct,
          audienceLabel: a.label,
          direction: t.z > 0 ? 'rising' : 'falling',
          fromYear: t.fromYear,
          toYear: t.toYear,
          p: t.p,
          indicative: t.indicative,
        });
      }
    }
  }
  changes.sort(
    (x, y) =>
      Math.abs(y.delta) - Math.abs(x.delta) ||
      x.questionCode.localeCompare(y.questionCode) ||
      x.audience.localeCompare(y.audience),
  );
  trends.sort(
    (x, y) => x.p - y.p || x.questionCode.localeCompare(y.questionCode) || x.audienceLabel.localeCompare(y.audienceLabel),
  );
  const latestRates = new Map<string, SltSummary['responseRates'][number]>();
  for (const r of results.responseRates) {
    const prev = latestRates.get(r.audience);
    if (!prev || prev.year < r.year)
      latestRates.set(r.audience, {
        audienceLabel: r.label,
        year: r.year,
        respondents: r.respondents,
        eligible: r.eligible,
        rate: r.rate,
        provisional: r.provisional,
      });
  }
  const caveats: string[] = [];
  if (changes.some((c) => c.provisional)) caveats.push('Some figures are provisional: the survey is still open.');
  if (changes.some((c) => c.indicative))
    caveats.push('Changes marked indicative compare different answer scales: % favourable only.');
  caveats.push(`Groups of fewer than ${results.threshold} respondents are not reported.`);
  return {
    changes,
    trends,
    responseRates: ['staff', 'senior', 'prep'].flatMap((a) => latestRates.get(a) ?? []),
    caveats,
    methodology: results.methodology,
  };
}
