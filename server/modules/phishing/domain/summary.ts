import { and, isNotNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { median } from '../../../lib/stats.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { getSetting } from '../../settings/index.ts';
import { phishingCampaigns } from '../db/tables.ts';
import { tagRows } from './lure-analysis.ts';
import { suppressionSetting } from './phishing-settings.ts';
import { campaignStats, type LureCell, type PhishingRate, rateOf, type StatsBlock } from './results.ts';

/**
 * readPhishingSummary: the phishing figures for a window, for the weekly briefing and the termly
 * SLT report (TEAM.md contract). No role check (callers check); aggregates only. A campaign sent to
 * fewer people than the suppression threshold is left out of `campaigns` (its counts still join the
 * totals), and tags seen by fewer than that many people are left out of `byTag`.
 */

export type { PhishingRate };

export type PhishingCampaignSummary = {
  id: string;
  name: string;
  state: string;
  startedAt: string | null;
  closedAt: string | null;
  delivered: number;
  reported: PhishingRate;
  recognised: PhishingRate;
  humanClicked: PhishingRate;
  submitted: PhishingRate;
  medianMinutesToFirstReport: number | null;
  excludedAutomated: number;
  url: string;
};

export type PhishingSummary = {
  from: string;
  to: string;
  campaigns: PhishingCampaignSummary[];
  totals: Omit<PhishingCampaignSummary, 'id' | 'name' | 'state' | 'startedAt' | 'closedAt' | 'url'> & { campaigns: number };
  byTag: { dimension: 'technique' | 'theme'; tag: string; label: string; humanClicked: PhishingRate; reported: PhishingRate }[];
  suppressionThreshold: number;
};

const rates = (b: StatsBlock) => ({
  delivered: b.delivered,
  reported: b.reported,
  recognised: b.recognised,
  humanClicked: b.humanClicked,
  submitted: b.submitted,
  medianMinutesToFirstReport: b.medianMinutesToFirstReport,
  excludedAutomated: b.excludedAutomated,
});

export async function readPhishingSummary(ctx: Ctx, window: { from: string; to: string }): Promise<PhishingSummary> {
  if (!isIsoDate(window.from) || !isIsoDate(window.to)) throw new Invalid('from and to must be dates, 2026-09-01');
  if (window.to < window.from) throw new Invalid('to must not be before from');
  const threshold = await getSetting(ctx, suppressionSetting);
  const tz = ctx.config.timeZone;
  const rows = await ctx.db
    .select()
    .from(phishingCampaigns)
    .where(
      and(
        isNotNull(phishingCampaigns.startedAt),
        sql`(${phishingCampaigns.startedAt} at time zone ${tz})::date between ${window.from}::date and ${window.to}::date`,
      ),
    )
    .orderBy(phishingCampaigns.startedAt);
  const campaigns: PhishingCampaignSummary[] = [];
  const blocks: StatsBlock[] = [];
  const cells: LureCell[] = [];
  for (const c of rows) {
    const stats = await campaignStats(ctx, c.id);
    blocks.push(stats.overall);
    cells.push(...stats.cells);
    if (stats.overall.delivered < threshold) continue;
    campaigns.push({
      id: c.id,
      name: c.name,
      state: c.state,
      startedAt: c.startedAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      ...rates(stats.overall),
      url: `/phishing/campaigns/${c.id}`,
    });
  }
  const sum = (f: (b: StatsBlock) => PhishingRate) => blocks.reduce((s, b) => s + f(b).k, 0);
  const n = blocks.reduce((s, b) => s + b.delivered, 0);
  const minutes = blocks.flatMap((b) => b.reportMinutes ?? []);
  const pooled = (k: number) => (n < threshold ? rateOf(0, 0) : rateOf(k, n));
  const totals = {
    campaigns: rows.length,
    delivered: n,
    reported: pooled(sum((b) => b.reported)),
    recognised: pooled(sum((b) => b.recognised)),
    humanClicked: pooled(sum((b) => b.humanClicked)),
    submitted: pooled(sum((b) => b.submitted)),
    medianMinutesToFirstReport: n >= threshold && minutes.length ? Math.round(median(minutes) * 10) / 10 : null,
    excludedAutomated: blocks.reduce((s, b) => s + b.excludedAutomated, 0),
  };
  const byTag = (['technique', 'theme'] as const).flatMap((d) =>
    tagRows(cells, d)
      .filter((t) => t.n >= threshold)
      .map((t) => ({ dimension: d, tag: t.tag, label: t.label, humanClicked: t.humanClicked, reported: t.reported })),
  );
  return { from: window.from, to: window.to, campaigns, totals, byTag, suppressionThreshold: threshold };
}
