import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import {
  insertProject,
  insertUpdate,
  type ProjectRow,
  replaceDependencies,
  selectDependencies,
  selectProject,
  updateProjectRow,
} from '../db/project-queries.ts';
import { selectInitiative, selectObjective } from '../db/strategy-queries.ts';
import { BUDGET_FIELDS, type Budget, pickBudget, sumBudgets, viewBudget } from './budget.ts';
import { actorLabel, READ_ROLES, resolveOwner, WRITE_ROLES } from './owners.ts';
import { describeHistory, type HistoryEntry } from './project-history.ts';
import { ProjectFields, type ProjectInput, ProjectPatch } from './project-schemas.ts';
import { loadPortfolio, type Project, todayOf } from './project-view.ts';

/** The fields a change to which is noted in the history by name (the state is recorded in full). */
const DETAIL_FIELDS = [
  'name',
  'summary',
  'staffSummary',
  'ownerName',
  'objectiveId',
  'initiativeId',
  'startOn',
  'targetOn',
  'completedOn',
] as const satisfies readonly (keyof ProjectRow)[];

/** The tracked state: what the history records after every change. */
const STATE_FIELDS = ['status', 'rag', 'ragReason', ...BUDGET_FIELDS] as const;

function stateOf(r: ProjectRow) {
  return { status: r.status, rag: r.rag, ragReason: r.ragReason, ...pickBudget(r) };
}

async function recordState(ctx: Ctx, r: ProjectRow, kind: string, changed: string[], note?: string | null) {
  await insertUpdate(ctx.db, {
    projectId: r.id,
    at: ctx.clock.now(),
    actorLabel: actorLabel(ctx),
    kind,
    changed,
    note: note || null,
    ...stateOf(r),
  });
}

/** Links: an initiative brings its objective; a RAG other than green needs its reason. */
async function checkLinks(
  ctx: Ctx,
  p: { rag?: string; ragReason?: string | null; objectiveId?: string | null; initiativeId?: string | null },
) {
  if (p.rag && p.rag !== 'green' && !p.ragReason) throw new Invalid(`ragReason: say why the project is ${p.rag}`);
  if (p.initiativeId) {
    const initiative = await selectInitiative(ctx.db, p.initiativeId);
    if (!initiative) throw new Invalid('initiativeId: no such initiative');
    return { objectiveId: initiative.objectiveId, initiativeId: initiative.id };
  }
  if (p.objectiveId && !(await selectObjective(ctx.db, p.objectiveId))) throw new Invalid('objectiveId: no such objective');
  return { objectiveId: p.objectiveId ?? null, initiativeId: null };
}

/** Refuses a dependency on itself, on a project that does not exist, or one that closes a loop. */
async function checkDependencies(ctx: Ctx, projectId: string, dependsOn: string[]) {
  const edges = (await selectDependencies(ctx.db)).filter((d) => d.projectId !== projectId);
  for (const d of dependsOn) {
    if (d === projectId) throw new Invalid('dependsOn: a project cannot depend on itself');
    if (!(await selectProject(ctx.db, d))) throw new Invalid('dependsOn: no such project');
  }
  const next = (id: string) => [
    ...edges.filter((e) => e.projectId === id).map((e) => e.dependsOnId),
    ...(id === projectId ? dependsOn : []),
  ];
  const seen = new Set<string>();
  const stack = [...dependsOn];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === projectId) throw new Invalid('dependsOn: that would make the projects wait on each other');
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...next(id));
  }
}

export async function createProject(ctx: Ctx, input: ProjectInput): Promise<Project> {
  requireRole(ctx, ...WRITE_ROLES);
  const data = parseInput(ProjectFields, input);
  const links = await checkLinks(ctx, data);
  const owner = await resolveOwner(ctx, data);
  const id = newId();
  if (data.dependsOn.length) await checkDependencies(ctx, id, data.dependsOn);
  const now = ctx.clock.now();
  const row = await insertProject(ctx.db, {
    id,
    name: data.name,
    summary: data.summary,
    staffSummary: data.staffSummary || null,
    ...owner,
    status: data.status,
    rag: data.rag,
    ragReason: data.ragReason || null,
    ...links,
    startOn: data.startOn ?? null,
    targetOn: data.targetOn ?? null,
    completedOn: data.status === 'completed' ? (data.completedOn ?? todayOf(ctx)) : null,
    ...pickBudget(data as Budget),
    createdAt: now,
    updatedAt: now,
  });
  await replaceDependencies(ctx.db, id, data.dependsOn);
  await recordState(ctx, row, 'created', [], null);
  return getProject(ctx, id);
}

/** Changes a project; every change, with its note, goes into the project's history. */
export async function updateProject(ctx: Ctx, id: string, input: ProjectPatch): Promise<Project> {
  requireRole(ctx, ...WRITE_ROLES);
  const patch = parseInput(ProjectPatch, input);
  const row = await selectProject(ctx.db, id);
  if (!row) throw new NotFound('No such project');
  const { note, dependsOn, ownerId, ownerName, ...fields } = patch;
  const rag = patch.rag ?? row.rag;
  // A new RAG without a new reason drops the old reason (it explained the old colour).
  const ragReason = patch.ragReason !== undefined ? patch.ragReason || null : rag !== row.rag ? null : row.ragReason;
  const movedObjective = patch.objectiveId !== undefined && patch.initiativeId === undefined;
  const links = await checkLinks(ctx, {
    rag,
    ragReason,
    objectiveId: patch.objectiveId !== undefined ? patch.objectiveId : row.objectiveId,
    initiativeId: movedObjective ? null : patch.initiativeId !== undefined ? patch.initiativeId : row.initiativeId,
  });
  if (dependsOn) await checkDependencies(ctx, id, dependsOn);
  const owner = ownerId !== undefined || ownerName !== undefined ? await resolveOwner(ctx, { ownerId, ownerName }) : {};
  const status = patch.status ?? row.status;
  const updated = (await updateProjectRow(ctx.db, id, {
    ...fields,
    ...owner,
    ...links,
    ragReason,
    completedOn: status === 'completed' ? (patch.completedOn ?? row.completedOn ?? todayOf(ctx)) : null,
    updatedAt: ctx.clock.now(),
  })) as ProjectRow;
  const depsBefore = (await selectDependencies(ctx.db))
    .filter((d) => d.projectId === id)
    .map((d) => d.dependsOnId)
    .sort();
  if (dependsOn) await replaceDependencies(ctx.db, id, dependsOn);
  const before = stateOf(row);
  const after = stateOf(updated);
  const changed: string[] = STATE_FIELDS.filter((f) => before[f] !== after[f]);
  // The other fields that really changed (a form sends them all, changed or not).
  const details = DETAIL_FIELDS.filter((f) => row[f] !== updated[f]) as string[];
  if (dependsOn && [...dependsOn].sort().join() !== depsBefore.join()) details.push('dependsOn');
  if (changed.length || note || details.length)
    await recordState(
      ctx,
      updated,
      changed.length ? 'update' : details.length ? 'details' : 'note',
      [...changed, ...details],
      note,
    );
  return getProject(ctx, id);
}

export type ProjectDetail = Project & { history: HistoryEntry[] };

export async function getProject(ctx: Ctx, id: string): Promise<ProjectDetail> {
  requireRole(ctx, ...READ_ROLES);
  const project = (await loadPortfolio(ctx)).projects.find((p) => p.id === id);
  if (!project) throw new NotFound('No such project');
  return { ...project, history: await describeHistory(ctx, id) };
}

export type ProjectList = {
  projects: Project[];
  /** The money across the live projects: the same definition as the agendas' (isLiveProject). */
  totals: ReturnType<typeof viewBudget>;
  /** How many projects the totals cover. */
  live: number;
  byStatus: Record<string, number>;
  byRag: Record<string, number>;
};

/**
 * The one definition of the portfolio's money, for the Projects page, the meeting agendas and
 * Today: the projects not yet completed or cancelled. A finished project's spend is in its own
 * record and in the termly report for its term, not in what is left to manage now.
 */
export const isLiveProject = (p: { status: string }): boolean => p.status !== 'completed' && p.status !== 'cancelled';

export async function listProjects(ctx: Ctx): Promise<ProjectList> {
  requireRole(ctx, ...READ_ROLES);
  const { projects } = await loadPortfolio(ctx);
  const live = projects.filter(isLiveProject);
  const count = (key: (p: Project) => string, list: Project[]) =>
    list.reduce<Record<string, number>>((acc, p) => {
      acc[key(p)] = (acc[key(p)] ?? 0) + 1;
      return acc;
    }, {});
  return {
    projects,
    totals: viewBudget(sumBudgets(live.map((p) => p.budget))),
    live: live.length,
    byStatus: count((p) => p.status, projects),
    byRag: count((p) => p.rag, live),
  };
}

export type PortfolioSummary = {
  totals: ReturnType<typeof viewBudget>;
  live: number;
  red: string[];
  amber: string[];
};

/** Money and RAG across the projects not yet finished. For other modules: no role check. */
export async function summarisePortfolio(ctx: Ctx): Promise<PortfolioSummary> {
  const { projects } = await loadPortfolio(ctx);
  const live = projects.filter(isLiveProject);
  return {
    totals: viewBudget(sumBudgets(live.map((p) => p.budget))),
    live: live.length,
    red: live.filter((p) => p.rag === 'red').map((p) => p.name),
    amber: live.filter((p) => p.rag === 'amber').map((p) => p.name),
  };
}
