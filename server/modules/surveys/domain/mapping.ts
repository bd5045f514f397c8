import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  selectAllItems,
  selectInstruments,
  selectItem,
  selectQuestion,
  selectQuestions,
  updateItem,
} from '../db/survey-queries.ts';
import { actorLabel } from './actor-label.ts';
import { AUDIENCE_LABELS, type Audience } from './audiences.ts';
import { presentQuestion, type Question, READ_ROLES } from './question-bank.ts';

/**
 * The mapping of each asked question to a canonical one, and how comparable it is (research
 * §2.8), decided once by the Director with the wordings side by side, and audited.
 */

export const COMPARABILITY = ['identical', 'minor_wording', 'scale_changed', 'split', 'merged', 'not_comparable'] as const;
export type Comparability = (typeof COMPARABILITY)[number];

export const COMPARABILITY_LABELS: Record<Comparability, string> = {
  identical: 'Identical',
  minor_wording: 'Minor wording change (comparable)',
  scale_changed: 'Scale changed (% favourable only, indicative)',
  split: 'Split (new series)',
  merged: 'Merged (new series)',
  not_comparable: 'Not comparable (new series)',
};

export const MappingInput = z.object({
  questionId: z.uuid().nullable(),
  comparability: z.enum(COMPARABILITY).nullable(),
  notes: z.string().trim().max(1000).nullish(),
});

export async function mapItem(ctx: Ctx, itemId: string, input: z.input<typeof MappingInput>): Promise<void> {
  requireRole(ctx, 'admin');
  const data = parseInput(MappingInput, input);
  const item = await selectItem(ctx.db, itemId);
  if (!item) throw new NotFound('No such survey question');
  if (data.questionId && !data.comparability) throw new Invalid('comparability: say how comparable the wording is');
  if (data.questionId) {
    const q = await selectQuestion(ctx.db, data.questionId);
    if (!q) throw new NotFound('No such canonical question');
    if (item.kind !== 'scale') throw new Invalid('Only scale questions map to the canonical bank');
  }
  await updateItem(ctx.db, itemId, {
    questionId: data.questionId,
    comparability: data.questionId ? data.comparability : null,
    mappingNotes: data.notes ?? null,
    decidedBy: actorLabel(ctx),
    decidedAt: ctx.clock.now(),
  });
  await recordAudit(ctx, {
    action: 'surveys.mapping',
    summary: data.questionId
      ? `Mapped "${item.wording}" to a canonical question as ${data.comparability}`
      : `Unmapped "${item.wording}"`,
    targetType: 'survey-item',
    targetId: itemId,
    details: {
      from: { question: item.questionId, comparability: item.comparability },
      to: { question: data.questionId, comparability: data.comparability },
      notes: data.notes ?? null,
    },
  });
}

export type WordingRow = {
  itemId: string;
  instrumentCode: string;
  audience: Audience;
  audienceLabel: string;
  year: number;
  wording: string;
  scaleId: string | null;
  questionId: string | null;
  comparability: string | null;
  notes: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};

/** Every asked question with its wording and mapping, by audience and year: the side-by-side view. */
export async function listWordings(ctx: Ctx): Promise<{ questions: Question[]; rows: WordingRow[] }> {
  requireRole(ctx, ...READ_ROLES);
  const instruments = new Map((await selectInstruments(ctx.db)).map((i) => [i.id, i]));
  const rows: WordingRow[] = [];
  for (const item of await selectAllItems(ctx.db)) {
    const inst = instruments.get(item.instrumentId);
    if (!inst || item.kind !== 'scale') continue;
    rows.push({
      itemId: item.id,
      instrumentCode: inst.code,
      audience: inst.audience as Audience,
      audienceLabel: AUDIENCE_LABELS[inst.audience as Audience],
      year: inst.year,
      wording: item.wording,
      scaleId: item.scaleId,
      questionId: item.questionId,
      comparability: item.comparability,
      notes: item.mappingNotes,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt?.toISOString() ?? null,
    });
  }
  rows.sort((a, b) => a.audience.localeCompare(b.audience) || a.year - b.year);
  return { questions: (await selectQuestions(ctx.db)).map(presentQuestion), rows };
}
