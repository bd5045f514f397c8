import type { Ctx } from '../../../lib/context.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import {
  type MilestoneRow,
  type ProjectRow,
  selectDependencies,
  selectMilestones,
  selectProjects,
} from '../db/project-queries.ts';
import { type InitiativeRow, type ObjectiveRow, selectInitiatives, selectObjectives } from '../db/strategy-queries.ts';
import { type BudgetView, pickBudget, projectProgress, viewBudget } from './budget.ts';
import type { ProjectStatus, Rag } from './project-schemas.ts';

export type Milestone = { id: string; projectId: string; title: string; dueOn: string; doneOn: string | null; overdue: boolean };

export type Project = {
  id: string;
  name: string;
  summary: string;
  staffSummary: string | null;
  owner: { id: string | null; name: string };
  status: ProjectStatus;
  rag: Rag;
  ragReason: string | null;
  objective: { id: string; code: string; title: string } | null;
  initiative: { id: string; title: string } | null;
  startOn: string | null;
  targetOn: string | null;
  completedOn: string | null;
  budget: BudgetView;
  progress: number | null;
  milestones: Milestone[];
  nextMilestone: Milestone | null;
  dependsOn: { id: string; name: string; status: ProjectStatus }[];
  /** Dependencies not yet completed. */
  waitingOn: { id: string; name: string }[];
  updatedAt: string;
};

export const todayOf = (ctx: Ctx): string => localDate(ctx.clock.now(), ctx.config.timeZone);

export const presentMilestone = (m: MilestoneRow, today: string): Milestone => ({
  id: m.id,
  projectId: m.projectId,
  title: m.title,
  dueOn: m.dueOn,
  doneOn: m.doneOn,
  overdue: !m.doneOn && m.dueOn < today,
});

export type Portfolio = {
  projects: Project[];
  objectives: ObjectiveRow[];
  initiatives: InitiativeRow[];
};

/** Every project with its milestones, dependencies, objective, budget and progress. */
export async function loadPortfolio(ctx: Ctx): Promise<Portfolio> {
  const [rows, milestones, deps, objectives, initiatives] = await Promise.all([
    selectProjects(ctx.db),
    selectMilestones(ctx.db),
    selectDependencies(ctx.db),
    selectObjectives(ctx.db),
    selectInitiatives(ctx.db),
  ]);
  const today = todayOf(ctx);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const objectiveById = new Map(objectives.map((o) => [o.id, o]));
  const initiativeById = new Map(initiatives.map((i) => [i.id, i]));
  const projects = rows.map((r: ProjectRow): Project => {
    const ms = milestones.filter((m) => m.projectId === r.id).map((m) => presentMilestone(m, today));
    const dependsOn = deps
      .filter((d) => d.projectId === r.id)
      .map((d) => byId.get(d.dependsOnId))
      .filter((d): d is ProjectRow => !!d)
      .map((d) => ({ id: d.id, name: d.name, status: d.status as ProjectStatus }));
    const objective = r.objectiveId ? objectiveById.get(r.objectiveId) : undefined;
    const initiative = r.initiativeId ? initiativeById.get(r.initiativeId) : undefined;
    return {
      id: r.id,
      name: r.name,
      summary: r.summary,
      staffSummary: r.staffSummary,
      owner: { id: r.ownerId, name: r.ownerName },
      status: r.status as ProjectStatus,
      rag: r.rag as Rag,
      ragReason: r.ragReason,
      objective: objective ? { id: objective.id, code: objective.code, title: objective.title } : null,
      initiative: initiative ? { id: initiative.id, title: initiative.title } : null,
      startOn: r.startOn,
      targetOn: r.targetOn,
      completedOn: r.completedOn,
      budget: viewBudget(pickBudget(r)),
      progress: projectProgress({ status: r.status, milestones: ms }),
      milestones: ms,
      nextMilestone: ms.find((m) => !m.doneOn) ?? null,
      dependsOn,
      waitingOn: dependsOn
        .filter((d) => d.status !== 'completed' && d.status !== 'cancelled')
        .map(({ id, name }) => ({ id, name })),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { projects, objectives, initiatives };
}
