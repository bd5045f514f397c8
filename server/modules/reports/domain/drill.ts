import { type Ctx, hasRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { getHelpdeskMetrics, listMetricTickets, readTicketBreakdown } from '../../helpdesk/index.ts';
import { readPhishingSummary } from '../../phishing/index.ts';
import { formatPence, readPortfolioAt, readRisksAt } from '../../projects/index.ts';
import { listAlertsRaised, readIncidentActivity } from '../../security/index.ts';
import { readStandardsRollup } from '../../standards/index.ts';
import { readWifiServiceLevel } from '../../wifi/index.ts';
import { selectManualValues } from '../db/report-queries.ts';
import { KPI_CATALOGUE } from './kpi-catalogue.ts';
import { getReport } from './reports.ts';

/**
 * The records behind a figure (issue 17 item 3): the tickets, alerts, incidents, projects,
 * risks or requirements a KPI counted for a term, each opening its own page where the reader
 * may go there. Senior leaders get tickets without subjects or requesters.
 */

export type DrillRecord = { key: string; title: string; detail: string; when: string | null; url: string | null };
export type DrillResult = { kpiId: string; label: string; term: string; records: DrillRecord[]; note: string | null };

export async function drillRecords(ctx: Ctx, reportId: string, kpiId: string, termStartsOn?: string): Promise<DrillResult> {
  const report = await getReport(ctx, reportId);
  const kpi = KPI_CATALOGUE.find((k) => k.id === kpiId);
  if (!kpi?.drill) throw new NotFound('That figure has no records behind it');
  const term = report.figures.terms.find((t) => t.startsOn === (termStartsOn ?? report.termStartsOn));
  if (!term) throw new NotFound('That term is not in this report');
  const tz = ctx.config.timeZone;
  const start = zonedToUtc(term.startsOn, '00:00', tz);
  const end = zonedToUtc(addDays(term.endsOn, 1), '00:00', tz);
  const asOf = new Date(term.asOf);
  const window = { from: term.startsOn, to: term.endsOn };
  const it = hasRole(ctx, 'admin', 'it');
  const out = (records: DrillRecord[], note: string | null = null): DrillResult => ({
    kpiId,
    label: kpi.label,
    term: term.label,
    records,
    note,
  });
  const d = kpi.drill;
  switch (d.kind) {
    case 'tickets': {
      let metric = d.metric;
      let only: Set<string> | null = null;
      if (metric === 'openOlderThan30') {
        const m = await getHelpdeskMetrics(ctx, window);
        const b = await readTicketBreakdown(ctx, {
          created: [],
          resolved: [],
          openAtEnd: m.metrics.drill.openAtEnd ?? [],
          at: asOf,
        });
        only = new Set(b.openOlderThan.ids);
        metric = 'openAtEnd';
      }
      const { tickets } = await listMetricTickets(ctx, { ...window, metric });
      return out(
        tickets
          .filter((t) => !only || only.has(t.id))
          .map((t) => ({
            key: t.id,
            title: it ? `#${t.number} ${t.subject}` : `#${t.number} ${t.category}`,
            detail: it
              ? `${t.category}, ${t.status}, ${t.requesterName}`
              : `${t.status}, raised by ${t.requesterKind === 'pupil' ? 'a pupil' : t.requesterKind === 'staff' ? 'staff' : 'someone else'}`,
            when: t.createdAt,
            url: it ? `/helpdesk/tickets/${t.id}` : null,
          })),
        it ? null : 'Subjects and requesters are left out for senior leaders.',
      );
    }
    case 'alerts': {
      const alerts = await listAlertsRaised(ctx, { from: start, to: end });
      return out(
        alerts
          .filter((a) => !d.severities || d.severities.includes(a.severity))
          .map((a) => ({
            key: a.id,
            title: a.title,
            detail: `${a.severity}, ${a.status}`,
            when: a.raisedAt,
            url: it ? '/security' : null,
          })),
      );
    }
    case 'incidents': {
      const act = await readIncidentActivity(ctx, window);
      if (d.list === 'opened')
        return out(
          act.opened.map((i) => ({
            key: i.id,
            title: i.ref,
            detail: `${i.category.replace(/_/g, ' ')}, ${i.severity}`,
            when: i.openedAt,
            url: i.url,
          })),
        );
      return out(
        act.icoDeadlines.map((i) => ({
          key: i.id,
          title: i.ref,
          detail:
            i.met === null
              ? 'deadline still running'
              : i.met
                ? `decided in time (${i.decision?.replace(/_/g, ' ')})`
                : 'late or overdue',
          when: i.deadline,
          url: it ? i.url : null,
        })),
      );
    }
    case 'projects': {
      const p = await readPortfolioAt(ctx, asOf);
      return out(
        p.live
          .filter((x) => (d.rag ? x.rag === d.rag : true) && (!d.overBudget || x.budget.overBudget))
          .map((x) => ({
            key: x.id,
            title: x.name,
            detail: `${x.rag}${x.ragReason ? `: ${x.ragReason}` : ''}; ${formatPence(x.budget.totalSpent)} spent of ${formatPence(x.budget.totalBudget)}`,
            when: null,
            url: x.url,
          })),
      );
    }
    case 'risks': {
      const i = report.figures.terms.findIndex((t) => t.startsOn === term.startsOn);
      const prev = report.figures.terms[i - 1];
      const since = zonedToUtc(prev ? addDays(prev.endsOn, 1) : term.startsOn, '00:00', tz);
      const risks = await readRisksAt(ctx, { at: asOf, since });
      return out(
        risks
          .filter((r) => d.ratings.includes(r.rating))
          .map((r) => ({
            key: r.id,
            title: `${r.code} ${r.title}`,
            detail: `score ${r.score} (${r.rating}), ${r.movement}`,
            when: null,
            url: r.url,
          })),
      );
    }
    case 'standards': {
      const on = term.endsOn < asOf.toISOString().slice(0, 10) ? term.endsOn : asOf.toISOString().slice(0, 10);
      const s = await readStandardsRollup(ctx, { on, window });
      const link = (id: string) => `/standards?requirement=${encodeURIComponent(id)}`;
      if (d.what === 'overdue')
        return out(
          s.overdue.map((o) => ({
            key: o.requirementId,
            title: `${o.standard}: ${o.text}`,
            detail: `${o.rag} (due ${o.due ?? 'never reviewed'})`,
            when: null,
            url: link(o.requirementId),
          })),
        );
      if (d.what === 'actions')
        return out(
          s.actionsDue.map((a) => ({ key: a.id, title: a.text, detail: a.ownerName, when: a.dueOn, url: link(a.requirementId) })),
        );
      return out(
        s.frameworks
          .flatMap((f) => f.standards.filter((x) => x.core))
          .map((x) => ({
            key: x.id,
            title: x.title,
            detail: `${x.met ? 'met' : 'not yet met'}: ${x.metCount} of ${x.applicable} requirements`,
            when: null,
            url: `/standards?standard=${encodeURIComponent(x.id)}`,
          })),
      );
    }
    case 'wifi': {
      const w = await readWifiServiceLevel(ctx, window, { poorDayBelow: 0.95 });
      return out(
        [
          ...w.poorDays.map((p) => ({
            key: p.day,
            title: `School day ${p.day}`,
            detail: `${Math.round(p.successRate * 1000) / 10}% of ${p.attempts.toLocaleString('en-GB')} connections succeeded`,
            when: null,
            url: `/wifi?from=${p.day}&to=${p.day}`,
          })),
          ...w.buildings.map((b) => ({
            key: `b:${b.code}`,
            title: b.name,
            detail:
              b.successRate === null
                ? 'no attempts'
                : `${Math.round(b.successRate * 1000) / 10}% of ${b.attempts.toLocaleString('en-GB')} connections succeeded`,
            when: null,
            url: `/wifi?tab=service&from=${term.startsOn}&to=${term.endsOn}`,
          })),
        ],
        'Days with a site-wide problem first, then each building over the term. The verdict for a day tells a general problem from individual devices.',
      );
    }
    case 'manual': {
      const v = (await selectManualValues(ctx.db, term.startsOn)).find((m) => m.kpiId === kpiId);
      return out(
        v
          ? [
              {
                key: kpiId,
                title: `Entered by ${v.enteredBy}`,
                detail: v.evidence,
                when: v.enteredAt.toISOString(),
                url: v.evidenceUrl,
              },
            ]
          : [],
        v ? null : 'Not entered for this term.',
      );
    }
    case 'phishing': {
      const summary = await readPhishingSummary(ctx, window);
      const withheld = summary.totals.campaigns - summary.campaigns.length;
      const rate = (r: { k: number; n: number }) => `${r.k} of ${r.n}`;
      return out(
        summary.campaigns.map((c) => ({
          key: c.id,
          title: c.name,
          detail: `${c.delivered} delivered; ${rate(c.reported)} reported, ${rate(c.recognised)} before a click, ${rate(c.humanClicked)} clicked`,
          when: c.startedAt,
          url: it ? c.url : null,
        })),
        withheld > 0
          ? `${withheld} campaign${withheld === 1 ? '' : 's'} smaller than ${summary.suppressionThreshold} people ${withheld === 1 ? 'is' : 'are'} counted in the totals but not listed.`
          : summary.campaigns.length
            ? null
            : 'No simulation was delivered in this term.',
      );
    }
  }
}
