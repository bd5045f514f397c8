import { z } from 'zod';
import { type Ctx, requireActor, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  deleteInitiativeRow,
  insertInitiative,
  insertObjective,
  selectObjective,
  selectObjectives,
  selectStrategy,
  updateInitiativeRow,
  updateObjectiveRow,
  upsertStrategy,
} from '../db/strategy-queries.ts';
import { READ_ROLES } from './owners.ts';
import { IsoDate } from './project-schemas.ts';
import { loadPortfolio } from './project-view.ts';
import { buildStrategyTree, type ObjectiveNode } from './strategy-tree.ts';

/** The Director keeps the strategy; the IT management group agrees it. */
const EDIT_ROLES = ['admin'] as const;

export const StrategyInput = z.object({
  title: z.string().trim().min(1).max(200),
  vision: z.string().trim().min(1).max(5000),
  period: z.string().trim().min(1).max(60),
  reviewedOn: IsoDate.nullish(),
  nextReviewOn: IsoDate.nullish(),
});
export type StrategyInput = z.input<typeof StrategyInput>;

export const ObjectiveInput = z.object({
  code: z.string().trim().min(1).max(10),
  title: z.string().trim().min(1, 'Enter a title').max(200),
  summary: z.string().trim().max(3000).default(''),
  position: z.number().int().min(0).max(1000).optional(),
  status: z.enum(['draft', 'published', 'retired']).default('draft'),
});
export type ObjectiveInput = z.input<typeof ObjectiveInput>;

export const InitiativeInput = z.object({
  objectiveId: z.uuid(),
  title: z.string().trim().min(1, 'Enter a title').max(200),
  summary: z.string().trim().max(3000).default(''),
  position: z.number().int().min(0).max(1000).optional(),
});
export type InitiativeInput = z.input<typeof InitiativeInput>;

export type StrategyHeader = {
  title: string;
  vision: string;
  period: string;
  reviewedOn: string | null;
  nextReviewOn: string | null;
};

const EMPTY: StrategyHeader = {
  title: 'Technology strategy',
  vision: '',
  period: '',
  reviewedOn: null,
  nextReviewOn: null,
};

async function header(ctx: Ctx): Promise<StrategyHeader> {
  const s = await selectStrategy(ctx.db);
  return s
    ? { title: s.title, vision: s.vision, period: s.period, reviewedOn: s.reviewedOn, nextReviewOn: s.nextReviewOn }
    : EMPTY;
}

/** The whole strategy with every objective (drafts too), its projects, money and progress. */
export async function getStrategy(ctx: Ctx): Promise<StrategyHeader & { objectives: ObjectiveNode[] }> {
  requireRole(ctx, ...READ_ROLES);
  return { ...(await header(ctx)), objectives: await loadStrategyTree(ctx) };
}

/** For other modules (the IT management group's agenda): no role check, the caller checks. */
export async function loadStrategyTree(ctx: Ctx): Promise<ObjectiveNode[]> {
  const { projects, objectives, initiatives } = await loadPortfolio(ctx);
  return buildStrategyTree(objectives, initiatives, projects);
}

export async function saveStrategy(ctx: Ctx, input: StrategyInput): Promise<StrategyHeader> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(StrategyInput, input);
  await upsertStrategy(ctx.db, {
    title: data.title,
    vision: data.vision,
    period: data.period,
    reviewedOn: data.reviewedOn ?? null,
    nextReviewOn: data.nextReviewOn ?? null,
    updatedAt: ctx.clock.now(),
  });
  return header(ctx);
}

export async function createObjective(ctx: Ctx, input: ObjectiveInput): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(ObjectiveInput, input);
  const now = ctx.clock.now();
  const position = data.position ?? (await selectObjectives(ctx.db)).length;
  const row = await insertObjective(ctx.db, { id: newId(), ...data, position, createdAt: now, updatedAt: now });
  return { id: row.id };
}

export async function updateObjective(ctx: Ctx, id: string, input: Partial<ObjectiveInput>): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(ObjectiveInput.partial(), input);
  const before = await selectObjective(ctx.db, id);
  const row = await updateObjectiveRow(ctx.db, id, { ...data, updatedAt: ctx.clock.now() });
  if (!row || !before) throw new NotFound('No such objective');
  // Publishing puts words in front of every member of staff and every pupil.
  if (before.status !== row.status)
    await recordAudit(ctx, {
      action: 'strategy.objective_status',
      summary: `Strategy objective ${row.code} ${before.status} → ${row.status}`,
      targetType: 'objective',
      targetId: id,
    });
  return { id };
}

export async function createInitiative(ctx: Ctx, input: InitiativeInput): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(InitiativeInput, input);
  if (!(await selectObjective(ctx.db, data.objectiveId))) throw new NotFound('No such objective');
  const row = await insertInitiative(ctx.db, { id: newId(), ...data, position: data.position ?? 0 });
  return { id: row.id };
}

export async function updateInitiative(ctx: Ctx, id: string, input: Partial<InitiativeInput>): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(InitiativeInput.partial(), input);
  if (!(await updateInitiativeRow(ctx.db, id, data))) throw new NotFound('No such initiative');
  return { id };
}

/** Its projects stay, tied to the objective directly. */
export async function deleteInitiative(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  if (!(await deleteInitiativeRow(ctx.db, id))) throw new NotFound('No such initiative');
}

/** Plain words for a project's state, for staff who do not speak RAG. */
export function plainStatus(p: { status: string; rag: string }): string {
  if (p.status === 'completed') return 'Done';
  if (p.status === 'cancelled') return 'Stopped';
  if (p.status === 'on_hold') return 'Paused';
  if (p.status === 'proposed' || p.status === 'planned') return 'Coming up';
  if (p.rag === 'red') return 'Running late';
  if (p.rag === 'amber') return 'Some delays';
  return 'On track';
}

export type PublishedStrategy = StrategyHeader & {
  objectives: {
    code: string;
    title: string;
    summary: string;
    progress: number | null;
    initiatives: {
      title: string;
      summary: string;
      progress: number | null;
      projects: { name: string; summary: string; state: string; progress: number | null; targetOn: string | null }[];
    }[];
  }[];
};

/**
 * The page every member of staff (and every pupil) can read: published objectives in plain
 * words, what is being done about each and how far it has got. No money, risks or names.
 */
export async function getPublishedStrategy(ctx: Ctx): Promise<PublishedStrategy> {
  requireActor(ctx);
  const tree = (await loadStrategyTree(ctx)).filter((o) => o.status === 'published');
  const plain = (p: ObjectiveNode['projects'][number]) => ({
    name: p.name,
    summary: p.staffSummary ?? '',
    state: plainStatus(p),
    progress: p.progress,
    targetOn: p.targetOn,
  });
  return {
    ...(await header(ctx)),
    objectives: tree.map((o) => ({
      code: o.code,
      title: o.title,
      summary: o.summary,
      progress: o.progress,
      initiatives: [
        ...o.initiatives.map((i) => ({
          title: i.title,
          summary: i.summary,
          progress: i.progress,
          projects: i.projects.filter((p) => p.status !== 'cancelled').map(plain),
        })),
        ...(o.projects.length
          ? [
              {
                title: 'Other work',
                summary: '',
                progress: null,
                projects: o.projects.filter((p) => p.status !== 'cancelled').map(plain),
              },
            ]
          : []),
      ],
    })),
  };
}
