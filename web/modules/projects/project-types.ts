/**
 * Projects and risks as the API sends them (server/modules/projects). Money is whole pence.
 * Shapes the server declares in files the browser build can read are imported from there.
 */
import type { BudgetView } from '../../../server/modules/projects/domain/budget.ts';
import type { HistoryEntry } from '../../../server/modules/projects/domain/project-history.ts';
import type { Rag } from '../../../server/modules/projects/domain/project-schemas.ts';
import type { Milestone, Project } from '../../../server/modules/projects/domain/project-view.ts';

export type { BudgetView, HistoryEntry, Milestone, Project, Rag };
export type ProjectDetail = Project & { history: HistoryEntry[] };
export type ProjectList = {
  projects: Project[];
  /** Across the live projects (not completed or cancelled), as the meeting agendas count them. */
  totals: BudgetView;
  live: number;
  byStatus: Record<string, number>;
  byRag: Record<string, number>;
};

export type Risk = {
  id: string;
  code: string;
  title: string;
  description: string;
  category: 'cyber' | 'infrastructure' | 'data' | 'supplier';
  likelihood: number;
  impact: number;
  score: number;
  rating: 'low' | 'medium' | 'high' | 'critical';
  trend: 'new' | 'rising' | 'falling' | 'steady';
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

export const RAG_COLORS: Record<string, string> = { green: 'green', amber: 'yellow', red: 'red' };
export const RATING_COLORS: Record<Risk['rating'], string> = { low: 'green', medium: 'yellow', high: 'orange', critical: 'red' };
export const STATUS_LABELS: Record<string, string> = {
  proposed: 'Proposed',
  planned: 'Planned',
  active: 'Under way',
  on_hold: 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const STATUS_OPTIONS = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }));
export const CATEGORY_LABELS: Record<Risk['category'], string> = {
  cyber: 'Cyber',
  infrastructure: 'Infrastructure',
  data: 'Data protection',
  supplier: 'Supplier',
};

/** '£12,500' for whole pounds, '£12,500.50' otherwise. */
export function money(pence: number): string {
  const sign = pence < 0 ? '−' : '';
  const abs = Math.abs(pence);
  const p = abs % 100;
  return `${sign}£${Math.floor(abs / 100).toLocaleString('en-GB')}${p ? `.${String(p).padStart(2, '0')}` : ''}`;
}

/** Pounds typed in a form to pence. */
export const toPence = (pounds: number | string): number => Math.round(Number(pounds || 0) * 100);
