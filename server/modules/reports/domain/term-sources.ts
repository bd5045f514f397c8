import type { Ctx } from '../../../lib/context.ts';
import { addDays, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { getHelpdeskMetrics, type HelpdeskMetricsReport, readTicketBreakdown } from '../../helpdesk/index.ts';
import { type PhishingSummary, readPhishingSummary } from '../../phishing/index.ts';
import { type PortfolioAt, type RiskAt, readPortfolioAt, readRisksAt } from '../../projects/index.ts';
import { countAlertsBySeverity, type IncidentActivity, readIncidentActivity } from '../../security/index.ts';
import { readStandardsRollup, type StandardsRollup } from '../../standards/index.ts';
import { readWifiServiceLevel, type WifiWindowLevel } from '../../wifi/index.ts';

/**
 * Everything a term's KPIs are computed from, loaded through the other modules' exported read
 * functions only (never their tables). One object per term; the KPI catalogue reads it.
 */

export type ReportTerm = { name: string; startsOn: string; endsOn: string; label: string };

export type ManualValue = { value: string; evidence: string; evidenceUrl: string | null; enteredBy: string; enteredAt: string };

export type TermSources = {
  term: ReportTerm;
  /** The instant the term's figures stand at: its end, or now while it runs. */
  asOf: string;
  /** The school-calendar date the figures stand at: the term's last day, or today while it runs. */
  on: string;
  helpdesk: HelpdeskMetricsReport;
  tickets: Awaited<ReturnType<typeof readTicketBreakdown>>;
  alerts: Record<string, number>;
  incidents: IncidentActivity;
  wifi: WifiWindowLevel;
  portfolio: PortfolioAt;
  risks: RiskAt[];
  standards: StandardsRollup;
  manual: Record<string, ManualValue>;
  phishing: PhishingSummary;
};

/** Which sources are installed, by the name the KPI catalogue uses. */
export const AVAILABLE_SOURCES: ReadonlySet<string> = new Set([
  'helpdesk',
  'security',
  'wifi',
  'projects',
  'standards',
  'surveys',
  'manual',
  'phishing',
]);

export async function loadTermSources(
  ctx: Ctx,
  term: ReportTerm,
  previousEnd: string | null,
  manual: Record<string, ManualValue>,
): Promise<TermSources> {
  const tz = ctx.config.timeZone;
  const now = ctx.clock.now();
  const end = zonedToUtc(addDays(term.endsOn, 1), '00:00', tz);
  const asOf = end < now ? end : now;
  const window = { from: term.startsOn, to: term.endsOn };
  const helpdesk = await getHelpdeskMetrics(ctx, window);
  const drill = helpdesk.metrics.drill;
  const tickets = await readTicketBreakdown(ctx, {
    created: drill.created ?? [],
    resolved: drill.resolved ?? [],
    openAtEnd: drill.openAtEnd ?? [],
    at: asOf,
  });
  const alerts = await countAlertsBySeverity(ctx, { from: zonedToUtc(term.startsOn, '00:00', tz), to: end });
  const incidents = await readIncidentActivity(ctx, window);
  const wifi = await readWifiServiceLevel(ctx, window, { poorDayBelow: 0.95 });
  const portfolio = await readPortfolioAt(ctx, asOf);
  const since = zonedToUtc(previousEnd ? addDays(previousEnd, 1) : term.startsOn, '00:00', tz);
  const risks = await readRisksAt(ctx, { at: asOf, since });
  const on = asOf === end ? term.endsOn : localDate(now, tz);
  const standards = await readStandardsRollup(ctx, { on: on < term.endsOn ? on : term.endsOn, window });
  const phishing = await readPhishingSummary(ctx, window);
  return {
    term,
    asOf: asOf.toISOString(),
    on: on < term.endsOn ? on : term.endsOn,
    helpdesk,
    tickets,
    alerts,
    incidents,
    wifi,
    portfolio,
    risks,
    standards,
    manual,
    phishing,
  };
}
