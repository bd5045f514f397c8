import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { selectAnsweredItemIds } from '../db/response-queries.ts';
import { deleteItems, insertItems, selectItems, updateItem } from '../db/survey-queries.ts';
import { actorLabel } from './actor-label.ts';
import { getInstrument, type InstrumentDetail, loadInstrumentRow } from './instruments.ts';
import { COMPARABILITY } from './mapping.ts';
import { SCALES } from './scales.ts';

/**
 * The survey builder: the questions of a Belfry-run survey, in order. A question that already has
 * answers keeps its kind and scale (changing them would silently change what the answers mean).
 */

const Option = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/),
  label: z.string().trim().min(1).max(200),
});

export const BuilderItem = z
  .object({
    id: z.uuid().optional(),
    kind: z.enum(['scale', 'choice', 'multi', 'text']),
    wording: z.string().trim().min(1).max(500),
    scaleId: z.enum(SCALES.map((s) => s.id) as [string, ...string[]]).nullish(),
    options: z.array(Option).max(30).default([]),
    allowNotUsed: z.boolean().default(false),
    questionId: z.uuid().nullish(),
    comparability: z.enum(COMPARABILITY).nullish(),
  })
  .superRefine((v, c) => {
    if (v.kind === 'scale' && !v.scaleId) c.addIssue({ code: 'custom', path: ['scaleId'], message: 'choose a scale' });
    if ((v.kind === 'choice' || v.kind === 'multi') && v.options.length < 2)
      c.addIssue({ code: 'custom', path: ['options'], message: 'give at least two options' });
    if (new Set(v.options.map((o) => o.code)).size !== v.options.length)
      c.addIssue({ code: 'custom', path: ['options'], message: 'option codes must differ' });
  });

export const BuilderInput = z.object({ items: z.array(BuilderItem).max(60) });

export async function setInstrumentItems(ctx: Ctx, id: string, input: z.input<typeof BuilderInput>): Promise<InstrumentDetail> {
  requireRole(ctx, 'admin');
  const { items } = parseInput(BuilderInput, input);
  const row = await loadInstrumentRow(ctx, id);
  if (row.source !== 'belfry') throw new Invalid('The questions of an imported survey come from its import mapping');
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const existing = await selectItems(db, row.id);
    const answered = await selectAnsweredItemIds(db, row.id);
    const keep = new Set(items.flatMap((i) => (i.id ? [i.id] : [])));
    for (const e of existing) {
      if (!keep.has(e.id) && answered.has(e.id)) throw new Invalid(`"${e.wording}" already has answers and cannot be removed`);
    }
    await deleteItems(
      db,
      row.id,
      existing.filter((e) => !keep.has(e.id)).map((e) => e.id),
    );
    const fresh = [];
    for (const [position, item] of items.entries()) {
      const values = {
        position,
        kind: item.kind,
        wording: item.wording,
        scaleId: item.kind === 'scale' ? (item.scaleId ?? null) : null,
        options: item.kind === 'choice' || item.kind === 'multi' ? item.options : null,
        allowNotUsed: item.allowNotUsed,
        questionId: item.questionId ?? null,
        comparability: item.questionId ? (item.comparability ?? 'identical') : null,
      };
      const before = existing.find((e) => e.id === item.id);
      if (before) {
        if (answered.has(before.id) && (before.kind !== values.kind || before.scaleId !== values.scaleId))
          throw new Invalid(`"${before.wording}" already has answers: its kind and scale cannot change`);
        const mappingChanged = before.questionId !== values.questionId || before.comparability !== values.comparability;
        await updateItem(db, before.id, {
          ...values,
          decidedBy: mappingChanged ? actorLabel(ctx) : before.decidedBy,
          decidedAt: mappingChanged ? ctx.clock.now() : before.decidedAt,
        });
      } else {
        fresh.push({
          id: newId(),
          instrumentId: row.id,
          ...values,
          decidedBy: values.questionId ? actorLabel(ctx) : null,
          decidedAt: values.questionId ? ctx.clock.now() : null,
        });
      }
    }
    await insertItems(db, fresh);
    await recordAudit(tx, {
      action: 'surveys.instrument.questions',
      summary: `Set the ${items.length} questions of the ${row.code} survey`,
      targetType: 'survey',
      targetId: row.id,
    });
    return getInstrument(tx, row.id);
  });
}
