/**
 * The metrics API's shape, and the period picker's choices (school weeks run Monday to Sunday).
 * Shapes the server declares in files the browser build can read are imported from there.
 */
import type { Distribution, SlaCounts } from '../../../server/modules/helpdesk/domain/metrics-compute.ts';

export type { Distribution, SlaCounts };
export type MetricsReport = {
  metrics: {
    created: number;
    merged: number;
    resolved: number;
    openAtStart: number;
    openAtEnd: number;
    netFlow: number;
    firstResponse: Distribution;
    awaitingFirstResponse: number;
    resolution: Distribution;
    reopened: number;
    reopenRate: number | null;
    oneTouch: number;
    oneTouchRate: number | null;
    responseSla: SlaCounts;
    resolutionSla: SlaCounts;
    satisfaction: {
      sent: number;
      answered: number;
      responseRate: number | null;
      average: number | null;
      positive: number;
      positiveShare: number | null;
      low: number;
    };
    kudos: { ticketNumber: number; rating: number; comment: string; agentName: string | null; at: string }[];
    byCategory: { category: string; created: number }[];
    bySite: { schoolId: string | null; created: number }[];
    backlogAge: { band: string; count: number }[];
  };
  sites: { schoolId: string | null; name: string }[];
  series: { key: string; label: string; created: number; resolved: number; openAtEnd: number }[];
  definitions: Record<string, string>;
};

export type Preset = { value: string; label: string; from: string; to: string; bucket?: 'week' | 'month' | 'term' };

const ymd = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

export function periodPresets(now: Date, terms: { name: string; from: string; to: string }[]): Preset[] {
  const monday = addDays(now, -((now.getDay() + 6) % 7));
  const firstOfMonth = new Date(now.getFullYear(), now.getMonth(), 1);
  const lastMonth = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return [
    { value: 'this-week', label: 'This week', from: ymd(monday), to: ymd(addDays(monday, 6)) },
    { value: 'last-week', label: 'Last week', from: ymd(addDays(monday, -7)), to: ymd(addDays(monday, -1)) },
    {
      value: 'this-month',
      label: 'This month',
      from: ymd(firstOfMonth),
      to: ymd(addDays(new Date(now.getFullYear(), now.getMonth() + 1, 1), -1)),
      bucket: 'week',
    },
    { value: 'last-month', label: 'Last month', from: ymd(lastMonth), to: ymd(addDays(firstOfMonth, -1)), bucket: 'week' },
    // Terms that have begun, the current one first: a term not yet started has no tickets to count.
    ...terms
      .filter((t) => t.from <= ymd(now))
      .sort((a, b) => b.from.localeCompare(a.from))
      .slice(0, 6)
      .map((t) => ({ value: `term:${t.from}`, label: t.name, from: t.from, to: t.to, bucket: 'week' as const })),
  ];
}
