import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type BurstRow,
  countResponses,
  selectBursts,
  selectRespondentCounts,
  tokenStats,
  updateBurst,
} from '../db/response-queries.ts';
import {
  type InstrumentRow,
  type ItemRow,
  insertInstrument,
  selectInstrument,
  selectInstrumentByCode,
  selectInstruments,
  selectItems,
  updateInstrument,
} from '../db/survey-queries.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience, countEligible } from './audiences.ts';
import { READ_ROLES } from './question-bank.ts';

/** Instruments: one year's survey for one audience, imported from an export or run in Belfry. */

export type InstrumentState = 'draft' | 'scheduled' | 'open' | 'closed' | 'imported';

export function instrumentState(r: InstrumentRow, now: Date): InstrumentState {
  if (r.source !== 'belfry') return 'imported';
  if (!r.published) return 'draft';
  if (r.opensAt && now < r.opensAt) return 'scheduled';
  if (r.closesAt && now >= r.closesAt) return 'closed';
  return 'open';
}

export type Item = {
  id: string;
  position: number;
  kind: 'scale' | 'choice' | 'multi' | 'text';
  wording: string;
  scaleId: string | null;
  options: { code: string; label: string }[];
  allowNotUsed: boolean;
  sourceHeader: string | null;
  questionId: string | null;
  comparability: string | null;
  mappingNotes: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};

export const presentItem = (r: ItemRow): Item => ({
  id: r.id,
  position: r.position,
  kind: r.kind as Item['kind'],
  wording: r.wording,
  scaleId: r.scaleId,
  options: r.options ?? [],
  allowNotUsed: r.allowNotUsed,
  sourceHeader: r.sourceHeader,
  questionId: r.questionId,
  comparability: r.comparability,
  mappingNotes: r.mappingNotes,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt?.toISOString() ?? null,
});

export type InstrumentSummary = {
  id: string;
  code: string;
  audience: Audience;
  audienceLabel: string;
  year: number;
  title: string;
  source: string;
  state: InstrumentState;
  opensAt: string | null;
  closesAt: string | null;
  collection: 'shared' | 'single_use';
  responses: number;
  eligible: number | null;
  responseRate: number | null;
};

function summarise(r: InstrumentRow, responses: number, now: Date): InstrumentSummary {
  const eligible = r.eligible.total;
  return {
    id: r.id,
    code: r.code,
    audience: r.audience as Audience,
    audienceLabel: AUDIENCE_LABELS[r.audience as Audience],
    year: r.year,
    title: r.title,
    source: r.source,
    state: instrumentState(r, now),
    opensAt: r.opensAt?.toISOString() ?? null,
    closesAt: r.closesAt?.toISOString() ?? null,
    collection: r.collection as 'shared' | 'single_use',
    responses,
    eligible,
    responseRate: eligible ? responses / eligible : null,
  };
}

export async function listInstruments(ctx: Ctx): Promise<InstrumentSummary[]> {
  requireRole(ctx, ...READ_ROLES);
  const counts = await selectRespondentCounts(ctx.db);
  const total = (id: string) => counts.filter((c) => c.instrumentId === id).reduce((a, c) => a + c.n, 0);
  return (await selectInstruments(ctx.db)).map((r) => summarise(r, total(r.id), ctx.clock.now()));
}

export type InstrumentDetail = InstrumentSummary & {
  intro: string;
  smileyYears: number[];
  shareToken: string | null;
  segmentsEligible: Record<string, number>;
  manifest: Record<string, unknown> | null;
  manifestVersion: number;
  tokens: { issued: number; used: number; batches: number };
  items: Item[];
  /** Bursts of answers from one address on the shared link, flagged for the Director. */
  bursts: SurveyBurst[];
};

export type SurveyBurst = { id: string; startedAt: string; lastAt: string; responses: number; excluded: boolean };

const presentBurst = (b: BurstRow): SurveyBurst => ({
  id: b.id,
  startedAt: b.startedAt.toISOString(),
  lastAt: b.lastAt.toISOString(),
  responses: b.responses,
  excluded: b.excluded,
});

/**
 * Excludes a flagged burst from the results, or brings it back (admin, audited): the responses
 * and comments in it are then left out of every count, rate and chart.
 */
export async function excludeBurst(ctx: Ctx, instrumentId: string, burstId: string, excluded: boolean): Promise<SurveyBurst> {
  const actor = requireRole(ctx, 'admin');
  const row = await loadInstrumentRow(ctx, instrumentId);
  const burst = (await selectBursts(ctx.db, row.id)).find((b) => b.id === burstId);
  if (!burst) throw new NotFound('No such burst on this survey');
  const updated = await updateBurst(ctx.db, burst.id, {
    excluded,
    excludedBy: excluded ? (actor.kind === 'user' ? actor.email : actor.name) : null,
    excludedAt: excluded ? ctx.clock.now() : null,
  });
  await recordAudit(ctx, {
    action: excluded ? 'surveys.burst_excluded' : 'surveys.burst_included',
    summary: `${excluded ? 'Excluded' : 'Brought back'} a burst of ${burst.responses} answers to ${row.title}`,
    targetType: 'survey',
    targetId: row.id,
  });
  return presentBurst(updated as BurstRow);
}

export async function loadInstrumentRow(ctx: Ctx, id: string): Promise<InstrumentRow> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const row = isUuid ? await selectInstrument(ctx.db, id) : await selectInstrumentByCode(ctx.db, id);
  if (!row) throw new NotFound(`No survey ${id}`);
  return row;
}

export async function getInstrument(ctx: Ctx, id: string): Promise<InstrumentDetail> {
  requireRole(ctx, 'admin');
  const row = await loadInstrumentRow(ctx, id);
  const items = (await selectItems(ctx.db, row.id)).map(presentItem);
  return {
    ...summarise(row, await countResponses(ctx.db, row.id), ctx.clock.now()),
    intro: row.intro,
    smileyYears: row.smileyYears,
    shareToken: row.shareToken,
    segmentsEligible: row.eligible.segments,
    manifest: row.manifest ?? null,
    manifestVersion: row.manifestVersion,
    tokens: await tokenStats(ctx.db, row.id),
    items,
    bursts: (await selectBursts(ctx.db, row.id)).map(presentBurst),
  };
}

const Eligible = z.object({
  total: z.number().int().min(0).nullable(),
  segments: z.record(z.string(), z.number().int().min(0)).default({}),
});

export const NewInstrument = z.object({
  audience: z.enum(AUDIENCES),
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(1).max(200).optional(),
  source: z.enum(['belfry', 'msforms', 'google']).default('belfry'),
  eligible: Eligible.optional(),
});

const DEFAULT_INTRO =
  'This survey is anonymous: we do not record your name or email address, and results are only shown for groups of at ' +
  'least 10 people. It is optional. We use the answers to improve IT in school. If you write something that makes us ' +
  'think someone is at risk, the school will act on it.';

export async function createInstrument(ctx: Ctx, input: z.input<typeof NewInstrument>): Promise<InstrumentDetail> {
  requireRole(ctx, 'admin');
  const data = parseInput(NewInstrument, input);
  const code = `${data.audience}-${data.year}`;
  if (await selectInstrumentByCode(ctx.db, code)) throw new Conflict(`There is already a ${code} survey`);
  const eligible =
    data.eligible ?? (data.source === 'belfry' ? await countEligible(ctx, data.audience) : { total: null, segments: {} });
  const row = await insertInstrument(ctx.db, {
    id: newId(),
    code,
    audience: data.audience,
    year: data.year,
    title: data.title ?? `${AUDIENCE_LABELS[data.audience]}: IT survey ${data.year}`,
    source: data.source,
    intro: data.source === 'belfry' ? DEFAULT_INTRO : '',
    shareToken: data.source === 'belfry' ? newToken(16) : null,
    smileyYears: data.audience === 'prep' ? [3, 4] : [],
    eligible,
  });
  await recordAudit(ctx, {
    action: 'surveys.instrument.create',
    summary: `Created the ${code} survey`,
    targetType: 'survey',
    targetId: row.id,
  });
  return getInstrument(ctx, row.id);
}

export const InstrumentChange = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  intro: z.string().trim().max(4000).optional(),
  opensAt: z.iso.datetime({ offset: true }).nullable().optional(),
  closesAt: z.iso.datetime({ offset: true }).nullable().optional(),
  collection: z.enum(['shared', 'single_use']).optional(),
  smileyYears: z.array(z.number().int().min(1).max(13)).optional(),
  eligible: Eligible.optional(),
  published: z.boolean().optional(),
});

export async function changeInstrument(ctx: Ctx, id: string, input: z.input<typeof InstrumentChange>): Promise<InstrumentDetail> {
  requireRole(ctx, 'admin');
  const data = parseInput(InstrumentChange, input);
  const row = await loadInstrumentRow(ctx, id);
  const opensAt = data.opensAt === undefined ? row.opensAt : data.opensAt ? new Date(data.opensAt) : null;
  const closesAt = data.closesAt === undefined ? row.closesAt : data.closesAt ? new Date(data.closesAt) : null;
  if (opensAt && closesAt && closesAt <= opensAt) throw new Invalid('closesAt: the survey must close after it opens');
  const publishing = data.published === true && !row.published;
  if (publishing) {
    if (row.source !== 'belfry') throw new Invalid('An imported survey cannot be opened for responses');
    if (!opensAt || !closesAt) throw new Invalid('Set the opening and closing dates before publishing');
    if ((await selectItems(ctx.db, row.id)).length === 0) throw new Invalid('Add at least one question before publishing');
  }
  await updateInstrument(ctx.db, row.id, {
    title: data.title,
    intro: data.intro,
    opensAt,
    closesAt,
    collection: data.collection,
    smileyYears: data.smileyYears,
    eligible: data.eligible,
    published: data.published,
  });
  await recordAudit(ctx, {
    action: publishing ? 'surveys.instrument.publish' : 'surveys.instrument.change',
    summary: publishing ? `Published the ${row.code} survey` : `Changed the ${row.code} survey`,
    targetType: 'survey',
    targetId: row.id,
    details: { fields: Object.keys(data) },
  });
  return getInstrument(ctx, row.id);
}
