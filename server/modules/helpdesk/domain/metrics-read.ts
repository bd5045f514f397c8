import { and, gte, inArray, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, requireActor, requireRole } from '../../../lib/context.ts';
import { csvLine } from '../../../lib/csv.ts';
import { Invalid } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, isIsoDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { selectSurveysSent } from '../db/survey-queries.ts';
import { helpdeskTickets } from '../db/tables.ts';
import { selectEventsForTickets, type TicketRow } from '../db/ticket-queries.ts';
import { mayOpenRestricted } from './access.ts';
import { restrictedRolesSetting } from './helpdesk-settings.ts';
import { METRIC_DEFINITIONS } from './metric-definitions.ts';
import { type Bucket, monthBuckets, termBuckets, weekBuckets } from './metric-periods.ts';
import { evaluateMetrics, type HelpdeskMetrics, type MetricTicket } from './metrics-compute.ts';
import { schoolDaysBetween } from './school-days.ts';
import { computeTicketFacts } from './sla-clock.ts';
import { loadSlaEnv, targetsFor } from './sla-policies.ts';
import { OPEN_STATUSES } from './ticket-model.ts';
import { presentSummary, restrictedPlaceholder, type TicketSummary } from './ticket-view.ts';

/**
 * Metrics for any period, computed on read from the event history and today's calendar and
 * policies (so a calendar change shows in past figures at the next look, AT-22). This is the read
 * function the weekly briefing and the termly SLT report call: `getHelpdeskMetrics(ctx, {from, to})`.
 */

export const MetricsQuery = z.object({
  /** A date (YYYY-MM-DD, from the start of that day in the school's time zone) or an instant. */
  from: z.string(),
  /** A date (inclusive: to the end of that day) or an instant (exclusive). */
  to: z.string(),
  bucket: z.enum(['week', 'month', 'term']).optional(),
});

export type SeriesRow = {
  key: string;
  label: string;
  from: string;
  to: string;
  created: number;
  resolved: number;
  openAtEnd: number;
  firstResponseMedian: number | null;
  resolutionMedian: number | null;
  responseBreachRate: number | null;
  satisfactionAverage: number | null;
};

export type HelpdeskMetricsReport = {
  metrics: HelpdeskMetrics;
  sites: { schoolId: string | null; name: string }[];
  series: SeriesRow[];
  definitions: Record<string, string>;
};

function instantOf(field: 'from' | 'to', text: string, tz: string, endOfDay: boolean): Date {
  if (isIsoDate(text)) {
    return zonedToUtc(endOfDay ? addDays(text, 1) : text, '00:00', tz);
  }
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new Invalid(`${field}: "${text}" is not a date (YYYY-MM-DD) or a date and time (ISO 8601)`);
  return d;
}

export function periodOf(ctx: Ctx, q: { from: string; to: string }): { from: Date; to: Date } {
  const from = instantOf('from', q.from, ctx.config.timeZone, false);
  const to = instantOf('to', q.to, ctx.config.timeZone, true);
  if (to <= from) throw new Invalid('The period ends before it starts');
  if (to.getTime() - from.getTime() > 6 * 366 * 86400000) throw new Invalid('Ask for at most six years at a time');
  return { from, to };
}

type Loaded = { rows: TicketRow[]; tickets: MetricTicket[]; surveys: Awaited<ReturnType<typeof selectSurveysSent>> };

async function loadPeriod(ctx: Ctx, from: Date, to: Date, asOf: Date): Promise<Loaded> {
  const rows = await ctx.db
    .select()
    .from(helpdeskTickets)
    .where(
      and(
        lt(helpdeskTickets.createdAt, to),
        or(gte(helpdeskTickets.updatedAt, from), inArray(helpdeskTickets.status, [...OPEN_STATUSES])),
      ),
    );
  const env = await loadSlaEnv(ctx);
  const byTicket = new Map<string, { at: Date; kind: string; data: Record<string, unknown> }[]>();
  for (let i = 0; i < rows.length; i += 2000) {
    const ids = rows.slice(i, i + 2000).map((r) => r.id);
    for (const e of await selectEventsForTickets(ctx.db, ids, new Date(asOf.getTime() + 1))) {
      const list = byTicket.get(e.ticketId) ?? [];
      list.push({ at: e.at, kind: e.kind, data: e.data });
      byTicket.set(e.ticketId, list);
    }
  }
  const tickets: MetricTicket[] = [];
  for (const r of rows) {
    const targets = targetsFor(env.policies, r.priority, r.category);
    const calendar = await env.calendar(r.schoolId);
    tickets.push({
      id: r.id,
      createdAt: r.createdAt,
      category: r.category,
      schoolId: r.schoolId,
      isAuto: r.isAuto,
      facts: computeTicketFacts({ createdAt: r.createdAt, events: byTicket.get(r.id) ?? [], targets, calendar, asOf }),
      schoolDaysTo: (t) => schoolDaysBetween(calendar, targets.countedDays, r.createdAt, t),
    });
  }
  return { rows, tickets, surveys: await selectSurveysSent(ctx.db, from, to) };
}

export async function getHelpdeskMetrics(ctx: Ctx, input: z.input<typeof MetricsQuery>): Promise<HelpdeskMetricsReport> {
  requireRole(ctx, 'admin', 'it', 'slt');
  const q = parseInput(MetricsQuery, input);
  const { from, to } = periodOf(ctx, q);
  const asOf = new Date(Math.min(to.getTime(), ctx.clock.now().getTime()));
  const data = await loadPeriod(ctx, from, to, asOf);
  const metrics = evaluateMetrics({ tickets: data.tickets, surveys: data.surveys, from, to, asOf });
  const schools = await listSchools(ctx);
  const sites = metrics.bySite.map((s) => ({
    schoolId: s.schoolId,
    name: schools.find((x) => x.id === s.schoolId)?.name ?? 'No school given',
  }));
  let buckets: Bucket[] = [];
  if (q.bucket === 'week') buckets = weekBuckets(from, to, ctx.config.timeZone);
  if (q.bucket === 'month') buckets = monthBuckets(from, to, ctx.config.timeZone);
  if (q.bucket === 'term') buckets = termBuckets(await (await loadSlaEnv(ctx)).calendar(null), from, to);
  const series = buckets
    .filter((b) => b.from < asOf)
    .map((b) => {
      const m = evaluateMetrics({
        tickets: data.tickets,
        surveys: data.surveys,
        from: b.from < from ? from : b.from,
        to: b.to > to ? to : b.to,
        asOf,
      });
      return {
        key: b.key,
        label: b.label,
        from: b.from.toISOString(),
        to: b.to.toISOString(),
        created: m.created,
        resolved: m.resolved,
        openAtEnd: m.openAtEnd,
        firstResponseMedian: m.firstResponse.median,
        resolutionMedian: m.resolution.median,
        responseBreachRate: m.responseSla.breachRate,
        satisfactionAverage: m.satisfaction.average,
      };
    });
  return { metrics, sites, series, definitions: METRIC_DEFINITIONS };
}

/** The tickets behind one figure (AT-26); restricted ones appear as placeholders unless the reader may open them. */
export async function listMetricTickets(
  ctx: Ctx,
  input: z.input<typeof MetricsQuery> & { metric: string },
): Promise<{ metric: string; tickets: TicketSummary[] }> {
  const actor = requireActor(ctx);
  requireRole(ctx, 'admin', 'it', 'slt');
  const q = parseInput(MetricsQuery, input);
  const { from, to } = periodOf(ctx, q);
  const asOf = new Date(Math.min(to.getTime(), ctx.clock.now().getTime()));
  const data = await loadPeriod(ctx, from, to, asOf);
  const metrics = evaluateMetrics({ tickets: data.tickets, surveys: data.surveys, from, to, asOf });
  const ids = metrics.drill[input.metric] ?? [];
  const roles = await getSetting(ctx, restrictedRolesSetting);
  const byId = new Map(data.rows.map((r) => [r.id, r]));
  const fullView = actor.role === 'admin' || actor.role === 'it';
  const tickets = ids
    .map((id) => byId.get(id))
    .filter((r): r is TicketRow => !!r)
    .map((r) =>
      r.restricted && !mayOpenRestricted(actor, r, roles)
        ? restrictedPlaceholder(r)
        : fullView
          ? presentSummary(r)
          : {
              ...presentSummary(r),
              requesterName: r.requesterKind === 'pupil' ? 'A pupil' : r.requesterName,
              requesterEmail: null,
            },
    );
  return { metric: input.metric, tickets };
}

/** Terms (shared calendar) for the metrics page's period picker: this year's and last year's. */
export async function listTermPeriods(ctx: Ctx): Promise<{ name: string; from: string; to: string }[]> {
  requireRole(ctx, 'admin', 'it', 'slt');
  const cal = await (await loadSlaEnv(ctx)).calendar(null);
  return [...cal.terms]
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn))
    .map((t) => ({ name: `${t.name} ${t.startsOn.slice(0, 4)}`, from: t.startsOn, to: t.endsOn }));
}

const pct = (x: number | null) => (x === null ? '' : (Math.round(x * 1000) / 10).toFixed(1));
const num = (x: number | null) => (x === null ? '' : String(Math.round(x * 100) / 100));

/** The headline figures as CSV (the same numbers as the page and the API, AT-25). */
export function metricsCsv(report: HelpdeskMetricsReport): string {
  const m = report.metrics;
  const rows: [string, string | number][] = [
    ['from', m.from],
    ['to', m.to],
    ['created', m.created],
    ['merged', m.merged],
    ['resolved', m.resolved],
    ['open at start', m.openAtStart],
    ['open at end', m.openAtEnd],
    ['net flow', m.netFlow],
    ['first response median (working min)', num(m.firstResponse.median)],
    ['first response p90 (working min)', num(m.firstResponse.p90)],
    ['first response mean (working min)', num(m.firstResponse.mean)],
    ['awaiting first response', m.awaitingFirstResponse],
    ['resolution median (working min)', num(m.resolution.median)],
    ['resolution p90 (working min)', num(m.resolution.p90)],
    ['resolution mean (working min)', num(m.resolution.mean)],
    ['reopen rate %', pct(m.reopenRate)],
    ['one-touch rate %', pct(m.oneTouchRate)],
    ['response SLA breached', m.responseSla.breached],
    ['response SLA breach rate %', pct(m.responseSla.breachRate)],
    ['resolution SLA breached', m.resolutionSla.breached],
    ['resolution SLA breach rate %', pct(m.resolutionSla.breachRate)],
    ['surveys sent', m.satisfaction.sent],
    ['survey response rate %', pct(m.satisfaction.responseRate)],
    ['satisfaction average', num(m.satisfaction.average)],
    ['satisfaction 4-5 %', pct(m.satisfaction.positiveShare)],
    ...m.byCategory.map((c) => [`created: ${c.category}`, c.created] as [string, number]),
    ...m.bySite.map((s, i) => [`created at: ${report.sites[i]?.name ?? s.schoolId}`, s.created] as [string, number]),
  ];
  return `${csvLine(['metric', 'value'])}${rows.map((r) => csvLine(r)).join('')}`;
}
