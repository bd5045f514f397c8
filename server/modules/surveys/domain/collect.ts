import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId, newToken, sha256 } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  consumeToken,
  insertAnswers,
  insertComments,
  insertResponseOnce,
  insertTokens,
  selectToken,
  tokenStats,
} from '../db/response-queries.ts';
import {
  type InstrumentRow,
  type ItemRow,
  selectInstrument,
  selectInstrumentByShareToken,
  selectItems,
} from '../db/survey-queries.ts';
import { AUDIENCE_LABELS, type Audience, SEGMENT_QUESTION, SEGMENTS, type Segment } from './audiences.ts';
import { instrumentState, loadInstrumentRow } from './instruments.ts';
import { findScale, getScale, NOT_USED_LABEL, type ScalePoint } from './scales.ts';
import { addressKey, storeSharedLinkAnswer } from './shared-link-guard.ts';
import { answersPerDeviceSetting } from './survey-settings.ts';

/**
 * Collecting answers in Belfry, signed out: a shared link (one per survey) or single-use links
 * (only their hashes are kept). A submission carries an idempotency key made by the page, so a
 * retried or double-tapped submit is stored once; a single-use link is spent in the same
 * transaction as the response, so it cannot be used twice however many arrive at once. Nothing
 * about the respondent is stored but the group they chose.
 */

type Resolved = { instrument: InstrumentRow; tokenHash?: string };

/**
 * Reads that many answers arriving at once all make (the survey behind a link, its questions)
 * are made once for all the callers waiting on the same one: a caller that arrives after the read
 * has finished reads afresh, so nothing is cached.
 */
const inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();
function readOnce<T>(ctx: Ctx, key: string, read: () => Promise<T>): Promise<T> {
  let reads = inFlight.get(ctx.db);
  if (!reads) {
    reads = new Map();
    inFlight.set(ctx.db, reads);
  }
  const pending = reads.get(key);
  if (pending) return pending as Promise<T>;
  const p = read().finally(() => reads.delete(key));
  reads.set(key, p);
  return p;
}

async function resolveToken(ctx: Ctx, token: string): Promise<Resolved> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw new NotFound('This survey link is not valid');
  const shared = await readOnce(ctx, `share:${token}`, () => selectInstrumentByShareToken(ctx.db, token));
  if (shared) {
    if (shared.collection === 'single_use') throw new NotFound('This survey uses personal links: use the one you were given');
    return { instrument: shared };
  }
  const hash = sha256(token);
  const row = await selectToken(ctx.db, hash);
  const instrument = row ? await selectInstrument(ctx.db, row.instrumentId) : undefined;
  if (!row || !instrument || instrument.collection !== 'single_use') throw new NotFound('This survey link is not valid');
  return { instrument, tokenHash: hash };
}

export type PublicItem = {
  id: string;
  kind: 'scale' | 'choice' | 'multi' | 'text';
  wording: string;
  scale: { id: string; points: ScalePoint[]; pictorial: boolean } | null;
  options: { code: string; label: string }[];
  allowNotUsed: boolean;
};

export type PublicSurvey = {
  state: 'open' | 'not_open' | 'closed' | 'used';
  title: string;
  opensAt: string | null;
  closesAt: string | null;
  survey: {
    intro: string;
    audience: Audience;
    audienceLabel: string;
    segmentQuestion: string;
    segments: Segment[];
    /** Pupils in these year groups see the smiley scale instead of each question's word scale. */
    smileySegments: string[];
    smileyScale: { id: string; points: ScalePoint[]; pictorial: boolean };
    notUsedLabel: string;
    items: PublicItem[];
  } | null;
};

const scaleView = (id: string) => {
  const s = getScale(id);
  return { id: s.id, points: s.points.map(({ code, label, face }) => ({ code, label, face })), pictorial: !!s.pictorial };
};

export async function getPublicSurvey(ctx: Ctx, token: string): Promise<PublicSurvey> {
  const { instrument, tokenHash } = await resolveToken(ctx, token);
  const state = instrumentState(instrument, ctx.clock.now());
  const head = {
    title: instrument.title,
    opensAt: instrument.opensAt?.toISOString() ?? null,
    closesAt: instrument.closesAt?.toISOString() ?? null,
  };
  if (state !== 'open') return { state: state === 'closed' ? 'closed' : 'not_open', ...head, survey: null };
  if (tokenHash && (await selectToken(ctx.db, tokenHash))?.used) return { state: 'used', ...head, survey: null };
  const audience = instrument.audience as Audience;
  const items = await selectItems(ctx.db, instrument.id);
  return {
    state: 'open',
    ...head,
    survey: {
      intro: instrument.intro,
      audience,
      audienceLabel: AUDIENCE_LABELS[audience],
      segmentQuestion: SEGMENT_QUESTION[audience],
      segments: SEGMENTS[audience],
      smileySegments: instrument.smileyYears.map((y) => `Y${y}`),
      smileyScale: scaleView('smiley3'),
      notUsedLabel: NOT_USED_LABEL,
      items: items.map((i) => ({
        id: i.id,
        kind: i.kind as PublicItem['kind'],
        wording: i.wording,
        scale: i.scaleId ? scaleView(i.scaleId) : null,
        options: i.options ?? [],
        allowNotUsed: i.allowNotUsed,
      })),
    },
  };
}

export const Submission = z.object({
  key: z.uuid(),
  segment: z.string().max(20).nullable(),
  answers: z
    .array(
      z.object({
        itemId: z.uuid(),
        code: z.number().int().min(0).max(10).optional(),
        notUsed: z.literal(true).optional(),
        options: z.array(z.string().max(40)).max(30).optional(),
        text: z.string().max(2000).optional(),
      }),
    )
    .max(80),
});

function checkAnswer(item: ItemRow, a: z.output<typeof Submission>['answers'][number], scaleId: string | null) {
  const where = `"${item.wording}"`;
  if (a.notUsed) {
    if (!item.allowNotUsed) throw new Invalid(`${where} has no "${NOT_USED_LABEL}" answer`);
    return { scaleId, code: null, options: null };
  }
  if (item.kind === 'scale') {
    const scale = findScale(scaleId);
    if (a.code === undefined || !scale?.points.some((p) => p.code === a.code))
      throw new Invalid(`${where}: choose one of the answers`);
    return { scaleId, code: a.code, options: null };
  }
  const known = new Set((item.options ?? []).map((o) => o.code));
  const chosen = [...new Set(a.options ?? [])];
  if (chosen.length === 0 || chosen.some((c) => !known.has(c)) || (item.kind === 'choice' && chosen.length > 1))
    throw new Invalid(`${where}: choose from the options given`);
  return { scaleId: null, code: null, options: chosen };
}

/**
 * What the route knows of the sender of a shared-link answer: how many this browser has sent
 * already (its signed cookie) and its address (for the rate and the burst flag; never stored).
 */
export type SharedLinkClient = { fromThisDevice: number; ip?: string };

export async function submitResponse(
  ctx: Ctx,
  token: string,
  input: z.input<typeof Submission>,
  client?: SharedLinkClient,
): Promise<{ stored: boolean; duplicate: boolean; sharedLink: boolean }> {
  const data = parseInput(Submission, input);
  const { instrument, tokenHash } = await resolveToken(ctx, token);
  if (instrumentState(instrument, ctx.clock.now()) !== 'open') throw new Conflict('This survey is not open');
  const shared = !tokenHash;
  const key = shared && client?.ip ? addressKey(ctx.config.sessionSecret, instrument.id, client.ip) : undefined;
  if (
    shared &&
    client &&
    client.fromThisDevice >=
      (await readOnce(ctx, `setting:${answersPerDeviceSetting.key}`, () => getSetting(ctx, answersPerDeviceSetting)))
  )
    throw new Conflict(
      'This browser has already answered this survey. If pupils share this device, ask IT Services to allow more answers per device.',
    );
  const audience = instrument.audience as Audience;
  if (data.segment !== null && !SEGMENTS[audience].some((s) => s.code === data.segment))
    throw new Invalid('segment: not one of the groups offered');
  const items = new Map(
    (await readOnce(ctx, `items:${instrument.id}`, () => selectItems(ctx.db, instrument.id))).map((i) => [i.id, i]),
  );
  const smiley = data.segment !== null && instrument.smileyYears.map((y) => `Y${y}`).includes(data.segment);
  const answers: { itemId: string; scaleId: string | null; code: number | null; options: string[] | null }[] = [];
  const comments: { itemId: string; body: string }[] = [];
  const seen = new Set<string>();
  for (const a of data.answers) {
    const item = items.get(a.itemId);
    if (!item) throw new Invalid('An answer is for a question that is not in this survey');
    if (seen.has(a.itemId)) throw new Invalid(`"${item.wording}" is answered twice`);
    seen.add(a.itemId);
    if (item.kind === 'text') {
      const body = (a.text ?? '').trim();
      if (body) comments.push({ itemId: item.id, body });
      continue;
    }
    answers.push({ itemId: item.id, ...checkAnswer(item, a, smiley && item.kind === 'scale' ? 'smiley3' : item.scaleId) });
  }
  const responseId = newId();
  const response = {
    id: responseId,
    instrumentId: instrument.id,
    sourceKey: `web:${data.key}`,
    segment: data.segment,
    submittedAt: ctx.clock.now(),
  };
  const commentRows = comments.map((c) => ({
    id: newId(),
    instrumentId: instrument.id,
    itemId: c.itemId,
    body: c.body,
    review: audience === 'staff' ? 'not_required' : 'pending',
  }));
  const answerRows = answers.map((a) => ({ ...a, responseId }));
  if (shared) {
    // Stored with the other answers arriving now, the address's rate checked in the same turn.
    const stored = await storeSharedLinkAnswer({ ctx, clientKey: key, response, answers: answerRows, comments: commentRows });
    return { stored, duplicate: !stored, sharedLink: true };
  }
  const outcome = await ctx.db.transaction(async (db) => {
    const id = await insertResponseOnce(db, response);
    if (!id) return { stored: false, duplicate: true };
    if (tokenHash && !(await consumeToken(db, tokenHash))) throw new Conflict('This link has already been used');
    await insertAnswers(db, answerRows);
    await insertComments(db, commentRows);
    return { stored: true, duplicate: false };
  });
  return { ...outcome, sharedLink: false };
}

/** Makes `count` single-use links; the links are shown once, only their hashes are kept. */
export async function issueSingleUseLinks(ctx: Ctx, instrumentId: string, count: number): Promise<{ links: string[] }> {
  requireRole(ctx, 'admin');
  if (!Number.isInteger(count) || count < 1 || count > 5000) throw new Invalid('count: between 1 and 5,000 links at a time');
  const instrument = await loadInstrumentRow(ctx, instrumentId);
  if (instrument.source !== 'belfry') throw new Invalid('Links are for surveys run in Belfry');
  const batch = (await tokenStats(ctx.db, instrument.id)).batches + 1;
  const tokens = Array.from({ length: count }, () => newToken(18));
  await insertTokens(
    ctx.db,
    tokens.map((t) => ({ tokenHash: sha256(t), instrumentId: instrument.id, batch })),
  );
  await recordAudit(ctx, {
    action: 'surveys.links',
    summary: `Made ${count} single-use links for ${instrument.code} (batch ${batch})`,
    targetType: 'survey',
    targetId: instrument.id,
  });
  return { links: tokens.map((t) => `${ctx.config.baseUrl}/s/${t}`) };
}
