/** Projects and risks as the API sends them (server/modules/projects). Money is whole pence. */
export type BudgetView = {
  capitalBudget: number;
  capitalCommitted: number;
  capitalSpent: number;
  revenueBudget: number;
  revenueCommitted: number;
  revenueSpent: number;
  capitalAvailable: number;
  revenueAvailable: number;
  totalBudget: number;
  totalCommitted: number;
  totalSpent: number;
  totalAvailable: number;
  usedPercent: number | null;
  overBudget: boolean;
};
export type Milestone = { id: string; projectId: string; title: string; dueOn: string; doneOn: string | null; overdue: boolean };
export type Rag = 'green' | 'amber' | 'red';
export type Project = {
  id: string;
  name: string;
  summary: string;
  staffSummary: string | null;
  owner: { id: string | null; name: string };
  status: string;
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
  dependsOn: { id: string; name: string; status: string }[];
  waitingOn: { id: string; name: string }[];
  updatedAt: string;
};
export type HistoryEntry = {
  at: string;
  by: string;
  kind: string;
  note: string | null;
  lines: string[];
  rag: string;
  status: string;
};
export type ProjectDetail = Project & { history: HistoryEntry[] };
export type ProjectList = {
  projects: Project[];
  totals: BudgetView;
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
