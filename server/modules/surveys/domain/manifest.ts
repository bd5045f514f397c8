import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { selectAnsweredItemIds } from '../db/response-queries.ts';
import { deleteItems, insertItems, type NewItemRow, selectItems, updateInstrument, updateItem } from '../db/survey-queries.ts';
import { normaliseHeaderText } from '../import/formats.ts';
import { actorLabel } from './actor-label.ts';
import { getInstrument, type InstrumentDetail, loadInstrumentRow } from './instruments.ts';
import { COMPARABILITY } from './mapping.ts';
import { SCALES } from './scales.ts';

/**
 * A survey's import mapping (the "manifest", research §1.3): for each column header of its
 * export, what it is (a question with its scale or options, the segment question, or ignored),
 * how its labels map to codes, and which canonical question it measures. Columns are matched by
 * their full header text, never by position. Saving it creates or updates the survey's questions.
 */

const Option = z.object({ code: z.string().trim().min(1).max(40), label: z.string().trim().min(1).max(300) });

export const ManifestColumn = z
  .object({
    header: z.string().trim().min(1).max(500),
    use: z.enum(['scale', 'choice', 'multi', 'text', 'segment', 'ignore']),
    wording: z.string().trim().max(500).optional(),
    scaleId: z.enum(SCALES.map((s) => s.id) as [string, ...string[]]).optional(),
    options: z.array(Option).max(60).optional(),
    allowNotUsed: z.boolean().optional(),
    labels: z.record(z.string(), z.union([z.number().int(), z.literal('na'), z.string()])).default({}),
    questionId: z.uuid().nullish(),
    comparability: z.enum(COMPARABILITY).nullish(),
    notes: z.string().max(1000).nullish(),
  })
  .superRefine((c, ctx) => {
    if (c.use === 'scale' && !c.scaleId)
      ctx.addIssue({ code: 'custom', path: ['scaleId'], message: `${c.header}: choose a scale` });
    if ((c.use === 'choice' || c.use === 'multi') && (c.options?.length ?? 0) < 1)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `${c.header}: list the options` });
    if (c.questionId && !c.comparability)
      ctx.addIssue({ code: 'custom', path: ['comparability'], message: `${c.header}: say how comparable it is` });
  });

export const ManifestInput = z.object({
  timezone: z.string().default('Europe/London'),
  locale: z.enum(['en-GB', 'en-US']).default('en-GB'),
  columns: z.array(ManifestColumn).min(1).max(300),
});

export type ManifestColumnInput = z.input<typeof ManifestColumn>;
export type StoredColumn = z.output<typeof ManifestColumn> & { itemId?: string };
export type StoredManifest = { timezone: string; locale: 'en-GB' | 'en-US'; columns: StoredColumn[] };

export function readStoredManifest(raw: unknown): StoredManifest | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  return raw as StoredManifest;
}

const isItem = (use: string): use is 'scale' | 'choice' | 'multi' | 'text' => use !== 'segment' && use !== 'ignore';

export async function saveManifest(
  ctx: Ctx,
  instrumentId: string,
  input: z.input<typeof ManifestInput>,
): Promise<InstrumentDetail> {
  requireRole(ctx, 'admin');
  const manifest = parseInput(ManifestInput, input);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: manifest.timezone });
  } catch {
    throw new Invalid(`timezone: ${manifest.timezone} is not a time zone`);
  }
  const seen = new Set<string>();
  for (const c of manifest.columns) {
    const k = normaliseHeaderText(c.header);
    if (seen.has(k)) throw new Invalid(`The column "${c.header}" is listed twice`);
    seen.add(k);
  }
  if (manifest.columns.filter((c) => c.use === 'segment').length > 1) throw new Invalid('Only one column can be the segment');
  const row = await loadInstrumentRow(ctx, instrumentId);
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const existing = await selectItems(db, row.id);
    const answered = await selectAnsweredItemIds(db, row.id);
    const byHeader = new Map(existing.filter((e) => e.sourceHeader).map((e) => [normaliseHeaderText(e.sourceHeader ?? ''), e]));
    const stored: StoredColumn[] = [];
    const fresh: NewItemRow[] = [];
    const used = new Set<string>();
    let position = 0;
    for (const c of manifest.columns) {
      if (!isItem(c.use)) {
        stored.push(c);
        continue;
      }
      const values = {
        position: position++,
        kind: c.use,
        wording: c.wording || c.header,
        scaleId: c.use === 'scale' ? (c.scaleId ?? null) : null,
        options: c.use === 'choice' || c.use === 'multi' ? (c.options ?? []) : null,
        allowNotUsed: c.allowNotUsed ?? Object.values(c.labels).includes('na'),
        sourceHeader: c.header,
        questionId: c.use === 'scale' ? (c.questionId ?? null) : null,
        comparability: c.use === 'scale' && c.questionId ? (c.comparability ?? null) : null,
        mappingNotes: c.notes ?? null,
      };
      const before = byHeader.get(normaliseHeaderText(c.header));
      if (before) {
        used.add(before.id);
        if (answered.has(before.id) && (before.kind !== values.kind || before.scaleId !== values.scaleId))
          throw new Invalid(`"${c.header}" already has answers: its kind and scale cannot change`);
        const decided = before.questionId !== values.questionId || before.comparability !== values.comparability;
        await updateItem(db, before.id, {
          ...values,
          decidedBy: decided ? actorLabel(ctx) : before.decidedBy,
          decidedAt: decided ? ctx.clock.now() : before.decidedAt,
        });
        stored.push({ ...c, itemId: before.id });
      } else {
        const id = newId();
        fresh.push({
          id,
          instrumentId: row.id,
          ...values,
          decidedBy: values.questionId ? actorLabel(ctx) : null,
          decidedAt: values.questionId ? ctx.clock.now() : null,
        });
        stored.push({ ...c, itemId: id });
      }
    }
    const dropped = existing.filter((e) => !used.has(e.id));
    const blocked = dropped.find((e) => answered.has(e.id));
    if (blocked)
      throw new Invalid(`"${blocked.sourceHeader ?? blocked.wording}" already has answers and must stay in the mapping`);
    await deleteItems(
      db,
      row.id,
      dropped.map((e) => e.id),
    );
    await insertItems(db, fresh);
    const version = row.manifestVersion + 1;
    await updateInstrument(db, row.id, {
      manifest: { timezone: manifest.timezone, locale: manifest.locale, columns: stored },
      manifestVersion: version,
    });
    await recordAudit(tx, {
      action: 'surveys.manifest',
      summary: `Saved version ${version} of the import mapping of ${row.code} (${manifest.columns.length} columns)`,
      targetType: 'survey',
      targetId: row.id,
      details: {
        mapped: stored.filter((c) => c.questionId).map((c) => ({ header: c.header, comparability: c.comparability })),
        ignored: stored.filter((c) => c.use === 'ignore').map((c) => c.header),
      },
    });
    return getInstrument(tx, row.id);
  });
}
