import type { Ctx } from '../../../../lib/context.ts';
import { getHelpdeskMetrics, type HelpdeskMetricsReport, listMetricTickets } from '../../../helpdesk/index.ts';
import type { BriefingFeed, FeedWindow } from '../feed-types.ts';
import { link, listWords, md, path, plural, workingTime } from '../words.ts';

type TicketLine = { id: string; number: number; subject: string; priority: string; reasons: string[] };

/** The week's help desk figures: one read, shared by the numbers and the kudos. */
export const helpdeskWeek = (ctx: Ctx, w: FeedWindow): Promise<HelpdeskMetricsReport> =>
  w.once('helpdesk:metrics', () => getHelpdeskMetrics(ctx, { from: w.from, to: w.to }));

/** The tickets behind one figure of the week (the metrics page's own drill-down). */
export const weekTickets = (ctx: Ctx, w: FeedWindow, metric: string) =>
  w.once(`helpdesk:tickets:${metric}`, async () => (await listMetricTickets(ctx, { from: w.from, to: w.to, metric })).tickets);

/** The metrics page, for the week, opening the tickets behind `metric`. */
export const drillUrl = (w: { from: string; to: string }, metric: string) =>
  path('/helpdesk/metrics', { from: w.from, to: w.to, drill: metric });

const PRIORITY: Record<string, string> = { p1: 'P1', p2: 'P2', p3: 'P3', p4: 'P4' };

/** Serious or late ones: P1s raised this week, SLA targets missed, reopened after resolution. */
async function notableTickets(ctx: Ctx, w: FeedWindow, report: HelpdeskMetricsReport): Promise<TicketLine[]> {
  const d = report.metrics.drill;
  const response = new Set(d['responseSla:breached'] ?? []);
  const resolution = new Set(d['resolutionSla:breached'] ?? []);
  const reopened = new Set(d.reopened ?? []);
  const created = report.metrics.created ? await weekTickets(ctx, w, 'created') : [];
  const others = reopened.size ? await weekTickets(ctx, w, 'reopened') : [];
  const seen = new Map<string, TicketLine>();
  for (const t of [...created, ...others]) {
    if (t.restricted || seen.has(t.id)) continue;
    const reasons = [
      response.has(t.id) ? 'first response late' : '',
      resolution.has(t.id) ? 'resolution target missed' : '',
      reopened.has(t.id) ? 'reopened' : '',
    ].filter(Boolean);
    if (t.priority !== 'p1' && reasons.length === 0) continue;
    seen.set(t.id, { id: t.id, number: t.number, subject: t.subject, priority: t.priority, reasons });
  }
  const weight = (t: TicketLine) => (t.priority === 'p1' ? 0 : t.priority === 'p2' ? 1 : 2) * 10 - t.reasons.length;
  return [...seen.values()].sort((a, b) => weight(a) - weight(b) || a.number - b.number);
}

const NOTABLE_SHOWN = 8;

export const helpdeskFeed: BriefingFeed = {
  id: 'helpdesk',
  label: 'Help desk: the week in numbers',
  from: "the help desk's figures",
  description:
    'Requests raised and resolved, the backlog, first response and resolution medians in working time, SLA breaches and notable tickets',
  load: async (ctx, w) => {
    const report = await helpdeskWeek(ctx, w);
    const m = report.metrics;
    if (m.created === 0 && m.resolved === 0 && m.openAtEnd === 0) return null;
    const at = (metric: string) => drillUrl(w, metric);
    const over10 = m.backlogAge.find((b) => b.band === '>10')?.count ?? 0;
    const lines: string[] = [];
    lines.push(
      `- ${link(`**${m.created}** raised`, at('created'))} and ${link(`**${m.resolved}** resolved`, at('resolved'))}; ` +
        `${link(`**${m.openAtEnd}** open`, at('openAtEnd'))} ${w.asOf < w.end ? 'now' : 'at the end of the week'} (${m.openAtStart} at the start).`,
    );
    if (m.firstResponse.n)
      lines.push(
        `- First response: median ${link(`**${workingTime(m.firstResponse.median)}**`, at('firstResponse'))} of working time` +
          `, nine in ten within ${workingTime(m.firstResponse.p90)}` +
          (m.awaitingFirstResponse
            ? `; ${link(plural(m.awaitingFirstResponse, 'request'), at('awaitingFirstResponse'))} still waiting for one.`
            : '.'),
      );
    if (m.resolution.n)
      lines.push(
        `- Resolution: median ${link(`**${workingTime(m.resolution.median)}**`, at('resolution'))} of working time, nine in ten within ${workingTime(m.resolution.p90)}.`,
      );
    const late = m.responseSla.breached + m.resolutionSla.breached;
    if (late)
      lines.push(
        `- SLA: ${listWords(
          [
            m.responseSla.breached
              ? link(
                  `**${m.responseSla.breached}** first ${m.responseSla.breached === 1 ? 'response' : 'responses'}`,
                  at('responseSla:breached'),
                )
              : '',
            m.resolutionSla.breached
              ? link(
                  `**${m.resolutionSla.breached}** ${m.resolutionSla.breached === 1 ? 'resolution' : 'resolutions'}`,
                  at('resolutionSla:breached'),
                )
              : '',
          ].filter(Boolean),
        )} missed ${late === 1 ? 'its target' : 'their targets'}.`,
      );
    else if (m.responseSla.met + m.resolutionSla.met > 0) lines.push('- SLA: no target missed by anything raised this week.');
    if (m.reopened) lines.push(`- ${link(plural(m.reopened, 'request'), at('reopened'))} reopened after being resolved.`);
    if (over10) lines.push(`- ${link(plural(over10, 'open request'), at('backlogAge:>10'))} more than ten school days old.`);
    const top = m.byCategory.slice(0, 3);
    if (top.length)
      lines.push(
        `- Most raised about: ${listWords(top.map((c) => `${link(md(c.category), at(`category:${c.category}`))} (${c.created})`))}.`,
      );
    const notable = await notableTickets(ctx, w, report);
    if (notable.length) {
      lines.push('', '**Notable**', '');
      for (const t of notable.slice(0, NOTABLE_SHOWN))
        lines.push(
          `- ${link(`#${t.number} ${md(t.subject)}`, `/helpdesk/tickets/${t.id}`)}: ${[PRIORITY[t.priority] ?? t.priority, ...t.reasons].join(', ')}`,
        );
      if (notable.length > NOTABLE_SHOWN)
        lines.push(`- and ${link(`${notable.length - NOTABLE_SHOWN} more`, at('resolutionSla:breached'))} late or reopened`);
    }
    return {
      markdown: lines.join('\n'),
      data: {
        from: m.from,
        to: m.to,
        asOf: m.asOf,
        created: m.created,
        resolved: m.resolved,
        openAtStart: m.openAtStart,
        openAtEnd: m.openAtEnd,
        firstResponseMedian: m.firstResponse.median,
        firstResponseP90: m.firstResponse.p90,
        awaitingFirstResponse: m.awaitingFirstResponse,
        resolutionMedian: m.resolution.median,
        resolutionP90: m.resolution.p90,
        responseBreached: m.responseSla.breached,
        resolutionBreached: m.resolutionSla.breached,
        reopened: m.reopened,
        backlogOverTenDays: over10,
        topCategories: top,
        notable: notable.map((t) => ({ id: t.id, number: t.number, priority: t.priority, reasons: t.reasons })),
      },
    };
  },
};
