import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays } from '../../../lib/zoned-time.ts';
import { selectProject } from '../db/project-queries.ts';
import {
  insertRisk,
  insertRiskHistory,
  nextRiskNumber,
  type RiskHistoryRow,
  type RiskRow,
  selectRisk,
  selectRiskHistory,
  selectRisks,
  updateRiskRow,
} from '../db/risk-queries.ts';
import { selectObjective } from '../db/strategy-queries.ts';
import { actorLabel, READ_ROLES, resolveOwner, WRITE_ROLES } from './owners.ts';
import { IsoDate, OwnerInput } from './project-schemas.ts';
import { todayOf } from './project-view.ts';
import { type RiskRating, type RiskTrend, riskRating, riskScore, riskTrend, scoreAt } from './risk-rules.ts';

export const RISK_CATEGORIES = ['cyber', 'infrastructure', 'data', 'supplier'] as const;
const Score = z.number().int().min(1, 'From 1 to 5').max(5, 'From 1 to 5');
const Mitigation = z.object({ text: z.string().trim().min(1).max(500), inPlace: z.boolean().default(false) });

const riskShape = {
  title: z.string().trim().min(1, 'Enter a title').max(200),
  description: z.string().trim().max(5000),
  category: z.enum(RISK_CATEGORIES),
  likelihood: Score,
  impact: Score,
  ...OwnerInput,
  mitigations: z.array(Mitigation).max(30),
  reviewOn: IsoDate.nullish(),
  reviewEveryDays: z.number().int().min(7).max(730),
  objectiveId: z.uuid().nullish(),
  projectId: z.uuid().nullish(),
  status: z.enum(['open', 'closed']),
};
export const RiskInput = z.object({
  ...riskShape,
  description: riskShape.description.default(''),
  mitigations: riskShape.mitigations.default([]),
  reviewEveryDays: riskShape.reviewEveryDays.default(90),
  status: riskShape.status.default('open'),
});
export type RiskInput = z.input<typeof RiskInput>;
export const RiskPatch = z
  .object(riskShape)
  .partial()
  .extend({ note: z.string().trim().max(2000).nullish() });
export type RiskPatch = z.input<typeof RiskPatch>;
export const RiskReview = z.object({
  likelihood: Score,
  impact: Score,
  note: z.string().trim().max(2000).nullish(),
  nextReviewOn: IsoDate.nullish(),
});
export type RiskReview = z.input<typeof RiskReview>;

export type Risk = {
  id: string;
  code: string;
  title: string;
  description: string;
  category: (typeof RISK_CATEGORIES)[number];
  likelihood: number;
  impact: number;
  score: number;
  rating: RiskRating;
  trend: RiskTrend;
  owner: { id: string | null; name: string };
  mitigations: { text: string; inPlace: boolean }[];
  reviewOn: string;
  reviewEveryDays: number;
  dueForReview: boolean;
  status: 'open' | 'closed';
  objectiveId: string | null;
  projectId: string | null;
  history: { at: string; kind: string; likelihood: number; impact: number; score: number; note: string | null; by: string }[];
};

const points = (h: RiskHistoryRow[]) => h.map((x) => ({ at: x.at, likelihood: x.likelihood, impact: x.impact }));

function present(r: RiskRow, history: RiskHistoryRow[], today: string): Risk {
  const mine = history.filter((h) => h.riskId === r.id);
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    description: r.description,
    category: r.category as Risk['category'],
    likelihood: r.likelihood,
    impact: r.impact,
    score: riskScore(r.likelihood, r.impact),
    rating: riskRating(riskScore(r.likelihood, r.impact)),
    trend: riskTrend(points(mine)),
    owner: { id: r.ownerId, name: r.ownerName },
    mitigations: r.mitigations,
    reviewOn: r.reviewOn,
    reviewEveryDays: r.reviewEveryDays,
    dueForReview: r.status === 'open' && r.reviewOn <= today,
    status: r.status as Risk['status'],
    objectiveId: r.objectiveId,
    projectId: r.projectId,
    history: mine.map((h) => ({
      at: h.at.toISOString(),
      kind: h.kind,
      likelihood: h.likelihood,
      impact: h.impact,
      score: riskScore(h.likelihood, h.impact),
      note: h.note,
      by: h.actorLabel,
    })),
  };
}

async function checkRiskLinks(ctx: Ctx, p: { objectiveId?: string | null; projectId?: string | null }) {
  if (p.objectiveId && !(await selectObjective(ctx.db, p.objectiveId))) throw new Invalid('objectiveId: no such objective');
  if (p.projectId && !(await selectProject(ctx.db, p.projectId))) throw new Invalid('projectId: no such project');
}

async function history(ctx: Ctx, r: RiskRow, kind: string, note?: string | null) {
  await insertRiskHistory(ctx.db, {
    riskId: r.id,
    at: ctx.clock.now(),
    kind,
    likelihood: r.likelihood,
    impact: r.impact,
    note: note || null,
    actorLabel: actorLabel(ctx),
  });
}

export async function createRisk(ctx: Ctx, input: RiskInput): Promise<Risk> {
  requireRole(ctx, ...WRITE_ROLES);
  const data = parseInput(RiskInput, input);
  await checkRiskLinks(ctx, data);
  const now = ctx.clock.now();
  const row = await insertRisk(ctx.db, {
    id: newId(),
    code: `R${String(await nextRiskNumber(ctx.db)).padStart(2, '0')}`,
    title: data.title,
    description: data.description,
    category: data.category,
    likelihood: data.likelihood,
    impact: data.impact,
    ...(await resolveOwner(ctx, data)),
    mitigations: data.mitigations,
    reviewOn: data.reviewOn ?? addDays(todayOf(ctx), data.reviewEveryDays),
    reviewEveryDays: data.reviewEveryDays,
    status: data.status,
    objectiveId: data.objectiveId ?? null,
    projectId: data.projectId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await history(ctx, row, 'created');
  return getRisk(ctx, row.id);
}

/** Changes a risk; a new score or status goes into its history. */
export async function updateRisk(ctx: Ctx, id: string, input: RiskPatch): Promise<Risk> {
  requireRole(ctx, ...WRITE_ROLES);
  const { note, ownerId, ownerName, ...patch } = parseInput(RiskPatch, input);
  const row = await selectRisk(ctx.db, id);
  if (!row) throw new NotFound('No such risk');
  await checkRiskLinks(ctx, patch);
  const owner = ownerId !== undefined || ownerName !== undefined ? await resolveOwner(ctx, { ownerId, ownerName }) : {};
  const { reviewOn, ...rest } = patch;
  const updated = (await updateRiskRow(ctx.db, id, {
    ...rest,
    ...(reviewOn ? { reviewOn } : {}),
    ...owner,
    updatedAt: ctx.clock.now(),
  })) as RiskRow;
  const rescored = updated.likelihood !== row.likelihood || updated.impact !== row.impact;
  if (updated.status !== row.status) await history(ctx, updated, updated.status === 'closed' ? 'closed' : 'reopened', note);
  else if (rescored || note) await history(ctx, updated, 'change', note);
  return getRisk(ctx, id);
}

/** A review: the scores as they stand now, a note, and the next review date (default: the usual interval). */
export async function reviewRisk(ctx: Ctx, id: string, input: RiskReview): Promise<Risk> {
  requireRole(ctx, ...WRITE_ROLES);
  const data = parseInput(RiskReview, input);
  const row = await selectRisk(ctx.db, id);
  if (!row) throw new NotFound('No such risk');
  const updated = (await updateRiskRow(ctx.db, id, {
    likelihood: data.likelihood,
    impact: data.impact,
    reviewOn: data.nextReviewOn ?? addDays(todayOf(ctx), row.reviewEveryDays),
    updatedAt: ctx.clock.now(),
  })) as RiskRow;
  await history(ctx, updated, 'review', data.note);
  return getRisk(ctx, id);
}

export async function getRisk(ctx: Ctx, id: string): Promise<Risk> {
  requireRole(ctx, ...READ_ROLES);
  const row = await selectRisk(ctx.db, id);
  if (!row) throw new NotFound('No such risk');
  return present(row, await selectRiskHistory(ctx.db, [id]), todayOf(ctx));
}

export async function listRisks(ctx: Ctx): Promise<Risk[]> {
  requireRole(ctx, ...READ_ROLES);
  const [rows, hist] = await Promise.all([selectRisks(ctx.db), selectRiskHistory(ctx.db)]);
  const today = todayOf(ctx);
  return rows.map((r) => present(r, hist, today)).sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}

export type AgendaRisk = Risk & { scoreThen: number | null; rising: boolean };

/**
 * Open risks due for review by `reviewBy`, or scoring higher now than at `since` (the last
 * meeting). For other modules (the meeting agenda): no role check, the caller checks.
 */
export async function listRisksForAgenda(ctx: Ctx, window: { since: Date; reviewBy: string }): Promise<AgendaRisk[]> {
  const [rows, hist] = await Promise.all([selectRisks(ctx.db), selectRiskHistory(ctx.db)]);
  const today = todayOf(ctx);
  const out: AgendaRisk[] = [];
  for (const r of rows) {
    if (r.status !== 'open') continue;
    const then = scoreAt(points(hist.filter((h) => h.riskId === r.id)), window.since);
    const risk = present(r, hist, today);
    const rising = then !== undefined && risk.score > then;
    if (rising || r.reviewOn <= window.reviewBy) out.push({ ...risk, scoreThen: then ?? null, rising });
  }
  return out.sort((a, b) => Number(b.rising) - Number(a.rising) || b.score - a.score || a.code.localeCompare(b.code));
}
