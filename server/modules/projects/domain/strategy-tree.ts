import type { InitiativeRow, ObjectiveRow } from '../db/strategy-queries.ts';
import { type BudgetView, rollUpProgress, sumBudgets, viewBudget } from './budget.ts';
import type { Project } from './project-view.ts';

export type InitiativeNode = {
  id: string;
  objectiveId: string;
  title: string;
  summary: string;
  position: number;
  progress: number | null;
  budget: BudgetView;
  projects: Project[];
};

export type ObjectiveNode = {
  id: string;
  code: string;
  title: string;
  summary: string;
  status: string;
  position: number;
  /** The mean of its initiatives' progress and of the projects tied to it directly. */
  progress: number | null;
  /** Every project under it, directly or through an initiative. */
  budget: BudgetView;
  initiatives: InitiativeNode[];
  /** Projects tied to the objective but to none of its initiatives. */
  projects: Project[];
  counts: { projects: number; completed: number; red: number; amber: number };
};

/**
 * Objectives -> initiatives -> projects, with progress and money rolled up. Each initiative's
 * progress is the mean of its projects' (cancelled ones left out); each objective's is the mean
 * of its initiatives' and its direct projects', each weighing the same.
 */
export function buildStrategyTree(
  objectives: readonly ObjectiveRow[],
  initiatives: readonly InitiativeRow[],
  projects: readonly Project[],
): ObjectiveNode[] {
  return objectives.map((o) => {
    const inits: InitiativeNode[] = initiatives
      .filter((i) => i.objectiveId === o.id)
      .map((i) => {
        const ps = projects.filter((p) => p.initiative?.id === i.id);
        return {
          id: i.id,
          objectiveId: o.id,
          title: i.title,
          summary: i.summary,
          position: i.position,
          progress: rollUpProgress(ps.map((p) => p.progress)),
          budget: viewBudget(sumBudgets(ps.map((p) => p.budget))),
          projects: ps,
        };
      });
    const direct = projects.filter((p) => p.objective?.id === o.id && !p.initiative);
    const all = [...inits.flatMap((i) => i.projects), ...direct];
    return {
      id: o.id,
      code: o.code,
      title: o.title,
      summary: o.summary,
      status: o.status,
      position: o.position,
      progress: rollUpProgress([...inits.map((i) => i.progress), ...direct.map((p) => p.progress)]),
      budget: viewBudget(sumBudgets(all.map((p) => p.budget))),
      initiatives: inits,
      projects: direct,
      counts: {
        projects: all.length,
        completed: all.filter((p) => p.status === 'completed').length,
        red: all.filter((p) => p.rag === 'red' && p.status !== 'completed' && p.status !== 'cancelled').length,
        amber: all.filter((p) => p.rag === 'amber' && p.status !== 'completed' && p.status !== 'cancelled').length,
      },
    };
  });
}
