import { type Ctx, requireRole } from '../../../lib/context.ts';
import type { Interval } from '../../../lib/stats.ts';
import { getSetting } from '../../settings/index.ts';
import { selectRespondentCounts } from '../db/response-queries.ts';
import { AUDIENCE_LABELS, type Audience, SEGMENTS } from './audiences.ts';
import { type ChangeView, flagFamily } from './comparisons.ts';
import type { Question } from './question-bank.ts';
import { READ_ROLES } from './question-bank.ts';
import { loadAnalysisData } from './results-data.ts';
import { getScale } from './scales.ts';
import { buildSeries, type SeriesView } from './series.ts';
import { suppressGroups } from './suppression.ts';
import { groupThresholdSetting, practicalPointsSetting } from './survey-settings.ts';

/**
 * The survey results: every canonical question's series per audience, changes flagged with the
 * rule of research §2.5 (Benjamini-Hochberg within each audience-year), the three audiences side
 * by side on shared questions, and response rates with composition. Every figure carries its n;
 * suppressed groups carry none.
 */

export type QuestionResults = {
  question: Question;
  scaleName: string;
  audiences: { audience: Audience; label: string; series: SeriesView }[];
};

export type Comparison = {
  question: Question;
  indicative: boolean;
  audiences: {
    audience: Audience;
    label: string;
    year: number;
    scaleId: string | null;
    n: number | null;
    favourable: (Interval & { pct: number }) | null;
    suppressed: boolean;
  }[];
};

export type ResponseRateRow = {
  audience: Audience;
  label: string;
  year: number;
  instrumentCode: string;
  respondents: number | null;
  eligible: number | null;
  rate: number | null;
  provisional: boolean;
  segments: { segment: string; label: string; respondents: number | null; eligible: number | null; rate: number | null }[];
};

export type ResultsView = {
  threshold: number;
  practicalPoints: number;
  questions: QuestionResults[];
  comparisons: Comparison[];
  responseRates: ResponseRateRow[];
  methodology: string[];
};

export const METHODOLOGY = [
  '% favourable is the top two points of a five-point scale (the top point of the three-point smiley scale), with a 95% Wilson interval. "I don\'t use this", "Not applicable" and blanks are left out of every denominator.',
  'Means use codes 1 to 5 with a 95% t interval; they are a convenience index, not the headline, because the answers are ordinal.',
  'Year-on-year change in % favourable: pooled two-proportion z-test with a Newcombe (hybrid score) interval for the difference. The whole distribution: Mann-Whitney U (normal approximation, tie-corrected, no continuity correction); a chi-square test is only run where every expected count is at least 5, otherwise on three merged categories or not at all.',
  'A change is flagged improved or declined only when its p-value, adjusted by Benjamini-Hochberg across all the changes tested for that audience and year, is under 0.05, it is at least the practical threshold, and both years are reportable. Anything else is "no clear change", which is not the same as no change.',
  'The five-year direction is the Cochran-Armitage test for trend in % favourable over the latest run of comparable years.',
  'Where the answer scale changed, only % favourable is compared, and the comparison is labelled indicative. Where the question changed in meaning, a new series starts.',
  'Many of the same people answer in consecutive years and anonymous answers cannot be paired, so the tests treat the years as independent samples: an approximation.',
  'Groups with fewer respondents than the reporting threshold are not shown, and other groups are withheld where needed so that a hidden group cannot be worked out by subtraction. Individual answers, times and free text are never shown.',
];

export async function buildResults(ctx: Ctx, filter: { audience?: Audience } = {}): Promise<ResultsView> {
  const threshold = await getSetting(ctx, groupThresholdSetting);
  const practicalPoints = await getSetting(ctx, practicalPointsSetting);
  const data = await loadAnalysisData(ctx, filter);
  const questions: QuestionResults[] = data.questions.map((q) => ({
    question: q.question,
    scaleName: getScale(q.question.scaleId).name,
    audiences: q.audiences.map((a) => ({
      audience: a.audience,
      label: AUDIENCE_LABELS[a.audience],
      series: buildSeries(a.years, threshold),
    })),
  }));
  // One family per audience-year: every change tested in it, across questions and segments.
  const families = new Map<string, ChangeView[]>();
  for (const q of questions) {
    for (const a of q.audiences) {
      for (const y of a.series.years) {
        const key = `${a.audience}:${y.year}`;
        const list = families.get(key) ?? [];
        if (y.change) list.push(y.change);
        list.push(...Object.values(y.segmentChanges));
        families.set(key, list);
      }
    }
  }
  for (const changes of families.values()) flagFamily(changes, practicalPoints);
  // The questions that moved this year first, then the rest by name.
  const moved = (q: QuestionResults) =>
    q.audiences.some((a) => ['improved', 'declined'].includes(a.series.years[a.series.years.length - 1]?.change?.flag ?? ''))
      ? 0
      : 1;
  questions.sort((a, b) => moved(a) - moved(b) || a.question.construct.localeCompare(b.question.construct));
  return {
    threshold,
    practicalPoints,
    questions,
    comparisons: compareAudiences(questions),
    responseRates: await responseRates(ctx, data.instruments, threshold),
    methodology: METHODOLOGY,
  };
}

function compareAudiences(questions: QuestionResults[]): Comparison[] {
  const out: Comparison[] = [];
  for (const q of questions) {
    if (q.audiences.length < 2) continue;
    const rows = q.audiences.map((a) => {
      const latest = a.series.years[a.series.years.length - 1];
      const t = latest?.total;
      return {
        audience: a.audience,
        label: a.label,
        year: latest?.year ?? 0,
        scaleId: t?.scaleId ?? null,
        n: t?.n ?? null,
        favourable: t?.favourable ? { pct: t.favourable.pct, lower: t.favourable.lower, upper: t.favourable.upper } : null,
        suppressed: t?.suppressed ?? true,
      };
    });
    const scales = new Set(rows.map((r) => r.scaleId ?? 'mixed'));
    out.push({ question: q.question, indicative: scales.size > 1, audiences: rows });
  }
  return out;
}

async function responseRates(
  ctx: Ctx,
  instruments: Awaited<ReturnType<typeof loadAnalysisData>>['instruments'],
  threshold: number,
): Promise<ResponseRateRow[]> {
  const counts = await selectRespondentCounts(ctx.db);
  const now = ctx.clock.now().getTime();
  return instruments.map((inst) => {
    const audience = inst.audience as Audience;
    const mine = counts.filter((c) => c.instrumentId === inst.id);
    const total = mine.reduce((a, c) => a + c.n, 0);
    const segs = SEGMENTS[audience].map((s) => ({
      key: s.code,
      label: s.label,
      n: mine.find((c) => c.segment === s.code)?.n ?? 0,
    }));
    const hidden = suppressGroups(segs, total, threshold);
    const shownTotal = total >= threshold ? total : null;
    return {
      audience,
      label: AUDIENCE_LABELS[audience],
      year: inst.year,
      instrumentCode: inst.code,
      respondents: shownTotal,
      eligible: inst.eligible.total,
      rate: shownTotal !== null && inst.eligible.total ? shownTotal / inst.eligible.total : null,
      provisional: inst.source === 'belfry' && !!inst.closesAt && inst.closesAt.getTime() > now,
      segments: segs.map((s) => {
        const eligible = inst.eligible.segments[s.key] ?? null;
        const shown = hidden.has(s.key) || shownTotal === null ? null : s.n;
        return {
          segment: s.key,
          label: s.label,
          respondents: shown,
          eligible,
          rate: shown !== null && eligible ? shown / eligible : null,
        };
      }),
    };
  });
}

/** GET /api/surveys/results: the Director, IT and the senior leadership team. */
export async function getResults(ctx: Ctx, filter: { audience?: Audience } = {}): Promise<ResultsView> {
  requireRole(ctx, ...READ_ROLES);
  return buildResults(ctx, filter);
}
