import type { Ctx } from '../../../lib/context.ts';
import { type AnswerCount, selectAnswerCounts, selectRespondentCounts } from '../db/response-queries.ts';
import { type InstrumentRow, type ItemRow, selectAllItems, selectInstruments, selectQuestions } from '../db/survey-queries.ts';
import { AUDIENCE_LABELS, type Audience, SEGMENTS } from './audiences.ts';
import type { CellInput } from './cell-stats.ts';
import { instrumentState } from './instruments.ts';
import type { Comparability } from './mapping.ts';
import { presentQuestion, type Question } from './question-bank.ts';
import { getScale } from './scales.ts';
import type { YearInput } from './series.ts';

/**
 * Reads what the analysis needs in three aggregate queries (counts per item, segment, scale and
 * code; respondents per survey and segment) and shapes it into each canonical question's series
 * per audience. No respondent-level row leaves the database.
 */

export type QuestionSeriesInput = { question: Question; audiences: { audience: Audience; years: YearInput[] }[] };
export type AnalysisData = { questions: QuestionSeriesInput[]; instruments: InstrumentRow[] };

type Counted = { counts: Record<string, number[]>; notUsed: number };

function addCount(into: Counted, a: AnswerCount, polarity: number): void {
  if (a.code === null) {
    into.notUsed += a.n;
    return;
  }
  if (!a.scaleId) return;
  const scale = getScale(a.scaleId);
  const k = scale.points.length;
  const code = polarity < 0 ? k + 1 - a.code : a.code;
  const xs = into.counts[a.scaleId] ?? Array<number>(k).fill(0);
  into.counts[a.scaleId] = xs;
  xs[code - 1] = (xs[code - 1] ?? 0) + a.n;
}

export async function loadAnalysisData(ctx: Ctx, filter: { audience?: Audience } = {}): Promise<AnalysisData> {
  const [questions, instruments, items, answers, respondents] = await Promise.all([
    selectQuestions(ctx.db),
    selectInstruments(ctx.db),
    selectAllItems(ctx.db),
    selectAnswerCounts(ctx.db),
    selectRespondentCounts(ctx.db),
  ]);
  const now = ctx.clock.now();
  const usable = instruments.filter((i) => {
    const s = instrumentState(i, now);
    return (s === 'imported' || s === 'open' || s === 'closed') && (!filter.audience || i.audience === filter.audience);
  });
  const byItem = new Map<string, AnswerCount[]>();
  for (const a of answers) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
  const out: QuestionSeriesInput[] = [];
  for (const qRow of questions.filter((q) => q.active)) {
    const question = presentQuestion(qRow);
    const perAudience = new Map<Audience, YearInput[]>();
    for (const inst of usable) {
      const item = items.find((i) => i.instrumentId === inst.id && i.questionId === question.id) as ItemRow | undefined;
      if (!item) continue;
      const audience = inst.audience as Audience;
      const rows = byItem.get(item.id) ?? [];
      const resp = respondents.filter((r) => r.instrumentId === inst.id);
      const total: Counted = { counts: {}, notUsed: 0 };
      for (const a of rows) addCount(total, a, question.polarity);
      const segments: CellInput[] = [];
      for (const seg of SEGMENTS[audience]) {
        const segRespondents = resp.find((r) => r.segment === seg.code)?.n ?? 0;
        if (segRespondents === 0) continue;
        const c: Counted = { counts: {}, notUsed: 0 };
        for (const a of rows.filter((r) => r.segment === seg.code)) addCount(c, a, question.polarity);
        segments.push({
          segment: seg.code,
          label: seg.label,
          ...c,
          respondents: segRespondents,
          eligible: inst.eligible.segments[seg.code] ?? null,
        });
      }
      const years = perAudience.get(audience) ?? [];
      years.push({
        year: inst.year,
        instrumentCode: inst.code,
        wording: item.wording,
        comparability: (item.comparability ?? 'identical') as Comparability,
        provisional: instrumentState(inst, now) === 'open',
        total: {
          segment: null,
          label: AUDIENCE_LABELS[audience],
          ...total,
          respondents: resp.reduce((a, r) => a + r.n, 0),
          eligible: inst.eligible.total,
        },
        segments,
      });
      perAudience.set(audience, years);
    }
    if (perAudience.size === 0) continue;
    out.push({
      question,
      audiences: [...perAudience.entries()]
        .sort((a, b) => ['staff', 'senior', 'prep'].indexOf(a[0]) - ['staff', 'senior', 'prep'].indexOf(b[0]))
        .map(([audience, years]) => ({ audience, years })),
    });
  }
  return { questions: out, instruments: usable };
}
