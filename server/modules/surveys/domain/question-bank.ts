import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { insertQuestion, type QuestionRow, selectQuestion, selectQuestions, updateQuestion } from '../db/survey-queries.ts';
import { AUDIENCES, type Audience } from './audiences.ts';
import { SCALES } from './scales.ts';

/** The canonical question bank: what is measured across years, whatever each year's form said. */

export const READ_ROLES = ['admin', 'it', 'slt'] as const;

export type Question = {
  id: string;
  code: string;
  construct: string;
  wording: string;
  scaleId: string;
  polarity: 1 | -1;
  audiences: Audience[];
  active: boolean;
  notes: string | null;
};

export const presentQuestion = (r: QuestionRow): Question => ({
  id: r.id,
  code: r.code,
  construct: r.construct,
  wording: r.wording,
  scaleId: r.scaleId,
  polarity: r.polarity < 0 ? -1 : 1,
  audiences: r.audiences as Audience[],
  active: r.active,
  notes: r.notes,
});

export const QuestionInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'Use capital letters, digits and underscores, e.g. WIFI_SATISFACTION'),
  construct: z.string().trim().min(1).max(120),
  wording: z.string().trim().min(1).max(500),
  scaleId: z.enum(SCALES.map((s) => s.id) as [string, ...string[]]),
  polarity: z.union([z.literal(1), z.literal(-1)]).default(1),
  audiences: z.array(z.enum(AUDIENCES)).min(1),
  active: z.boolean().default(true),
  notes: z.string().trim().max(2000).nullish(),
});

export async function listQuestions(ctx: Ctx): Promise<Question[]> {
  requireRole(ctx, ...READ_ROLES);
  return (await selectQuestions(ctx.db)).map(presentQuestion);
}

export async function createQuestion(ctx: Ctx, input: z.input<typeof QuestionInput>): Promise<Question> {
  requireRole(ctx, 'admin');
  const data = parseInput(QuestionInput, input);
  if ((await selectQuestions(ctx.db)).some((q) => q.code === data.code))
    throw new Conflict(`There is already a question ${data.code}`);
  const row = await insertQuestion(ctx.db, { id: newId(), ...data, notes: data.notes ?? null });
  await recordAudit(ctx, {
    action: 'surveys.question.create',
    summary: `Added ${data.code} to the survey question bank`,
    targetType: 'survey-question',
    targetId: row.id,
    details: { wording: data.wording, scale: data.scaleId },
  });
  return presentQuestion(row);
}

export async function changeQuestion(ctx: Ctx, id: string, input: z.input<typeof QuestionInput>): Promise<Question> {
  requireRole(ctx, 'admin');
  const data = parseInput(QuestionInput, input);
  const before = await selectQuestion(ctx.db, id);
  if (!before) throw new NotFound('No such question');
  const row = await updateQuestion(ctx.db, id, { ...data, notes: data.notes ?? null });
  await recordAudit(ctx, {
    action: 'surveys.question.change',
    summary: `Changed ${data.code} in the survey question bank`,
    targetType: 'survey-question',
    targetId: id,
    details: {
      before: { wording: before.wording, scale: before.scaleId },
      after: { wording: data.wording, scale: data.scaleId },
    },
  });
  return presentQuestion(row as QuestionRow);
}
