/**
 * projects: the project portfolio (owner, status, RAG with its reason, capital and revenue
 * budgets in pence, milestones, dependencies, an append-only history), the risk register
 * (likelihood x impact, mitigations, reviews, trend) and the technology strategy (objectives ->
 * initiatives -> projects, progress rolled up, a plain-words page for all staff).
 * The read functions exported here for other modules (the meeting agenda) do no role check.
 */
import type { App, BelfryModule } from '../../lib/module.ts';
import { registerProjectRoutes } from './http/project-routes.ts';
import { registerRiskRoutes } from './http/risk-routes.ts';
import { registerStrategyRoutes } from './http/strategy-routes.ts';

export { type Budget, type BudgetView, formatPence } from './domain/budget.ts';
export { addMilestone, listOpenMilestones, type UpcomingMilestone, updateMilestone } from './domain/milestones.ts';
export { type PortfolioAt, type RiskAt, readPortfolioAt, readRisksAt } from './domain/portfolio-at.ts';
export { listProjectChangesSince, type ProjectChange } from './domain/project-history.ts';
export type { ProjectInput } from './domain/project-schemas.ts';
export type { Project } from './domain/project-view.ts';
export { listMilestonesDone, listProjectChangesBetween, type ReachedMilestone } from './domain/project-window.ts';
export { createProject, type PortfolioSummary, summarisePortfolio, updateProject } from './domain/projects.ts';
export {
  type AgendaRisk,
  createRisk,
  listRisksForAgenda,
  type Risk,
  type RiskInput,
  reviewRisk,
  updateRisk,
} from './domain/risks.ts';
export {
  createInitiative,
  createObjective,
  loadStrategyTree,
  saveStrategy,
} from './domain/strategy.ts';
export type { ObjectiveNode } from './domain/strategy-tree.ts';

export const projectsModule: BelfryModule = {
  name: 'projects',
  routes: (app: App) => {
    registerProjectRoutes(app);
    registerRiskRoutes(app);
    registerStrategyRoutes(app);
  },
};
