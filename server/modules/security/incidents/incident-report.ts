import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { csvLine } from '../../../lib/csv.ts';
import { localParts } from '../../../lib/zoned-time.ts';
import { type IncidentRow, selectIncidents } from '../db/incident-queries.ts';
import { icoClock } from './incidents.ts';

/**
 * The SLT view of the register: counts and timings by month and category, and nothing that
 * names anyone (no titles, no accounts, no notes), so pupils' names cannot reach it.
 */

export type SltRow = {
  month: string;
  category: string;
  incidents: number;
  personalData: number;
  reportedToIco: number;
  icoDecisionsOnTime: number;
  icoDecisionsDue: number;
  open: number;
  medianHoursToContain: number | null;
};

function medianOf(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2) * 10) / 10;
}

export function summariseIncidents(rows: IncidentRow[], timeZone: string, now: Date): SltRow[] {
  const groups = new Map<string, IncidentRow[]>();
  for (const r of rows) {
    const p = localParts(r.becameAwareAt, timeZone);
    const key = `${p.year}-${String(p.month).padStart(2, '0')}|${r.category}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const [month, category] = key.split('|') as [string, string];
      const due = list.filter((r) => icoClock(r, now).required);
      const onTime = due.filter((r) => {
        const deadline = icoClock(r, now).deadline;
        return (
          r.icoDecision !== 'pending' && r.icoDecisionAt && deadline && r.icoDecisionAt.getTime() <= new Date(deadline).getTime()
        );
      });
      return {
        month,
        category,
        incidents: list.length,
        personalData: due.length,
        reportedToIco: list.filter((r) => r.icoDecision === 'reported').length,
        icoDecisionsOnTime: onTime.length,
        icoDecisionsDue: due.length,
        open: list.filter((r) => r.status !== 'closed').length,
        medianHoursToContain: medianOf(
          list
            .filter((r) => r.containedAt)
            .map((r) => ((r.containedAt as Date).getTime() - r.becameAwareAt.getTime()) / 3_600_000),
        ),
      };
    })
    .sort((a, b) => b.month.localeCompare(a.month) || a.category.localeCompare(b.category));
}

export async function sltIncidentSummary(ctx: Ctx): Promise<SltRow[]> {
  requireRole(ctx, 'admin', 'it', 'slt');
  return summariseIncidents(await selectIncidents(ctx.db), ctx.config.timeZone, ctx.clock.now());
}

export async function sltSummaryCsv(ctx: Ctx): Promise<string> {
  const rows = await sltIncidentSummary(ctx);
  const head = [
    'Month',
    'Category',
    'Incidents',
    'Personal data',
    'Reported to ICO',
    'ICO decisions on time',
    'ICO decisions due',
    'Open',
    'Median hours to contain',
  ];
  return (
    csvLine(head) +
    rows
      .map((r) =>
        csvLine([
          r.month,
          r.category,
          r.incidents,
          r.personalData,
          r.reportedToIco,
          r.icoDecisionsOnTime,
          r.icoDecisionsDue,
          r.open,
          r.medianHoursToContain,
        ]),
      )
      .join('')
  );
}

/** The full register as CSV for the Director and IT (cells neutralised against formula injection). */
export async function registerCsv(ctx: Ctx): Promise<string> {
  requireRole(ctx, ...IT_ROLES);
  const now = ctx.clock.now();
  const head = [
    'Ref',
    'Title',
    'Status',
    'Category',
    'Severity',
    'Became aware',
    'Occurred',
    'Detected',
    'Contained',
    'Closed',
    'Personal data',
    'Data subjects',
    'People affected',
    'ICO deadline',
    'ICO decision',
    'ICO decided at',
    'ICO reference',
    'ICO rationale',
    'DPO',
    'Outcome',
    'Lessons',
    'Root cause',
  ];
  const rows = await selectIncidents(ctx.db);
  return (
    csvLine(head) +
    rows
      .map((i) =>
        csvLine([
          i.ref,
          i.title,
          i.status,
          i.category,
          i.severity,
          i.becameAwareAt,
          i.occurredAt,
          i.detectedAt,
          i.containedAt,
          i.closedAt,
          i.personalData === null ? 'not yet known' : i.personalData ? 'yes' : 'no',
          i.dataSubjects.join('; '),
          i.peopleAffected,
          icoClock(i, now).deadline,
          i.icoDecision,
          i.icoDecisionAt,
          i.icoReference,
          i.icoRationale,
          i.dpoName,
          i.outcome,
          i.lessons,
          i.rootCause,
        ]),
      )
      .join('')
  );
}
