/** The to-do list's shapes as the API sends them (server/modules/tasks). */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type TaskSource = { module: string; kind: string; id: string; label: string; url?: string };
export type Task = {
  id: string;
  title: string;
  notes: string | null;
  dueOn: string | null;
  priority: Priority;
  status: 'open' | 'done' | 'cancelled';
  owner: { id: string; name: string };
  createdBy: string;
  createdAt: string;
  completedAt: string | null;
  source: TaskSource | null;
  recurrenceId: string | null;
  bucket: 'overdue' | 'today' | 'week' | 'later' | 'undated' | 'closed';
};
export type Owner = { id: string; name: string; role: string };

export const PRIORITY_COLORS: Record<Priority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const PRIORITY_OPTIONS = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent' },
];

export const BUCKET_LABELS: Record<Task['bucket'], string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Next seven days',
  later: 'Later',
  undated: 'No date',
  closed: 'Done',
};

/** 'YYYY-MM-DD' in London for today plus `days`. */
export function londonDate(days = 0): string {
  const now = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

/** The next given weekday (1 Monday .. 7 Sunday) after today, as 'YYYY-MM-DD'. */
export function nextWeekday(weekday: number): string {
  const today = londonDate();
  const d = new Date(`${today}T12:00:00Z`);
  const current = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const ahead = (weekday - current + 7) % 7 || 7;
  return londonDate(ahead);
}
