import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.ts';
import type { Ctx } from '../../../lib/context.ts';
import { median, wilson } from '../../../lib/stats.ts';
import { phishingCampaigns } from '../db/tables.ts';
import type { Classification } from './classify.ts';
import { type Difficulty, TECHNIQUES, type Technique, THEMES, type Theme } from './lure-rules.ts';

/**
 * Results led by recognition (research §7.3): who reported, how fast, who reported before any
 * human click; then human clicks and submits. Everything is derived from the append-only
 * interactions with each one's latest class; machines and late events are left out, and only
 * messages the relay accepted count (failed and excluded recipients are in no denominator).
 */

export type PhishingRate = { k: number; n: number; rate: number | null; low: number | null; high: number | null };

export function rateOf(k: number, n: number): PhishingRate {
  if (n <= 0) return { k, n, rate: null, low: null, high: null };
  const ci = wilson(k, n);
  return { k, n, rate: k / n, low: ci.lower, high: ci.upper };
}

export type RecipientOutcome = {
  id: string;
  personId: string | null;
  email: string;
  displayName: string;
  groupId: string | null;
  groupName: string;
  lureId: string;
  status: string;
  smtpAcceptedAt: string | null;
  reportedAt: string | null;
  reportedBeforeClick: boolean;
  firstHumanClickAt: string | null;
  clickClass: Classification | null;
  submittedAt: string | null;
  automated: number;
  uncertain: number;
  outcome: 'recognised' | 'reported_after_click' | 'clicked' | 'submitted' | 'no_action' | 'not_delivered';
};

type OutcomeRow = {
  id: string;
  person_id: string | null;
  email: string;
  display_name: string;
  group_id: string | null;
  group_name: string;
  lure_id: string;
  status: string;
  smtp_accepted_at: string | Date | null;
  reported_at: string | Date | null;
  first_human_click_at: string | Date | null;
  click_rank: number | null;
  submitted_at: string | Date | null;
  automated: number | null;
  uncertain: number | null;
};

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const RANK: Record<number, Classification> = { 1: 'automated', 2: 'uncertain', 3: 'likely_human', 4: 'human_confirmed' };

/** Every recipient of a campaign with their derived outcome (a page of them with `limit`). */
export async function loadOutcomes(
  ctx: Ctx,
  campaignId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<RecipientOutcome[]> {
  const rows = await queryRows<OutcomeRow>(
    ctx.db,
    sql`WITH eff AS (
          SELECT i.recipient_id, i.kind, i.at,
                 coalesce((SELECT r.classification FROM phishing_reclassifications r WHERE r.interaction_id = i.id ORDER BY r.id DESC LIMIT 1), i.classification) AS cls
          FROM phishing_interactions i WHERE i.campaign_id = ${campaignId} AND NOT i.late
        ), agg AS (
          SELECT recipient_id,
            min(at) FILTER (WHERE kind = 'report' AND cls <> 'automated') AS reported_at,
            min(at) FILTER (WHERE (kind = 'click' AND cls IN ('human_confirmed','likely_human')) OR (kind = 'beacon' AND cls = 'human_confirmed')) AS first_human_click_at,
            max(CASE WHEN kind IN ('click','beacon') AND cls = 'human_confirmed' THEN 4
                     WHEN kind = 'click' AND cls = 'likely_human' THEN 3
                     WHEN kind = 'click' AND cls = 'uncertain' THEN 2
                     WHEN kind = 'click' THEN 1 END) AS click_rank,
            min(at) FILTER (WHERE kind = 'submit' AND cls <> 'automated') AS submitted_at,
            count(*) FILTER (WHERE cls = 'automated')::int AS automated,
            count(*) FILTER (WHERE cls = 'uncertain')::int AS uncertain
          FROM eff GROUP BY recipient_id
        )
        SELECT p.id, p.person_id, p.email, p.display_name, p.group_id, p.group_name, p.lure_id, p.status, p.smtp_accepted_at,
               a.reported_at, a.first_human_click_at, a.click_rank, a.submitted_at, a.automated, a.uncertain
        FROM phishing_recipients p LEFT JOIN agg a ON a.recipient_id = p.id
        WHERE p.campaign_id = ${campaignId}
        ORDER BY p.group_name, p.display_name
        ${page.limit ? sql`LIMIT ${page.limit} OFFSET ${page.offset ?? 0}` : sql``}`,
  );
  return rows.map((r) => {
    const reportedAt = iso(r.reported_at);
    const clickAt = iso(r.first_human_click_at);
    const submittedAt = iso(r.submitted_at);
    const reportedBeforeClick = !!reportedAt && (!clickAt || reportedAt < clickAt);
    const delivered = r.status === 'accepted';
    const outcome: RecipientOutcome['outcome'] = !delivered
      ? 'not_delivered'
      : submittedAt
        ? 'submitted'
        : reportedBeforeClick
          ? 'recognised'
          : clickAt && reportedAt
            ? 'reported_after_click'
            : clickAt
              ? 'clicked'
              : 'no_action';
    return {
      id: r.id,
      personId: r.person_id,
      email: r.email,
      displayName: r.display_name,
      groupId: r.group_id,
      groupName: r.group_name,
      lureId: r.lure_id,
      status: r.status,
      smtpAcceptedAt: iso(r.smtp_accepted_at),
      reportedAt,
      reportedBeforeClick,
      firstHumanClickAt: clickAt,
      clickClass: r.click_rank ? (RANK[Number(r.click_rank)] ?? null) : null,
      submittedAt,
      automated: Number(r.automated ?? 0),
      uncertain: Number(r.uncertain ?? 0),
      outcome,
    };
  });
}

export type StatsBlock = {
  delivered: number;
  reported: PhishingRate;
  recognised: PhishingRate;
  humanClicked: PhishingRate;
  submitted: PhishingRate;
  uncertainClicks: number;
  medianMinutesToFirstReport: number | null;
  excludedAutomated: number;
  /** Minutes from delivery to each report, sorted: no identity, for pooled medians. */
  reportMinutes: number[];
};

export type LureCell = {
  lureId: string;
  name: string;
  technique: Technique;
  theme: Theme;
  difficulty: Difficulty;
  groupName: string;
  n: number;
  clicked: number;
  reported: number;
  recognised: number;
};

export type CampaignStats = {
  version: 1;
  campaignId: string;
  computedAt: string;
  recipients: number;
  failed: number;
  excluded: number;
  cancelled: number;
  firstDeliveryAt: string | null;
  minutesToFirstReport: number | null;
  overall: StatsBlock;
  groups: { name: string; n: number; block: StatsBlock }[];
  /** Counts per lure and group, for pooled lure analysis and difficulty-matched trends. */
  cells: LureCell[];
};

export function blockOf(outcomes: readonly RecipientOutcome[]): StatsBlock {
  const delivered = outcomes.filter((o) => o.status === 'accepted');
  const n = delivered.length;
  const reporters = delivered.filter((o) => o.reportedAt);
  const minutes = reporters
    .filter((o) => o.smtpAcceptedAt)
    .map((o) => (Date.parse(o.reportedAt as string) - Date.parse(o.smtpAcceptedAt as string)) / 60_000);
  return {
    delivered: n,
    reported: rateOf(reporters.length, n),
    recognised: rateOf(delivered.filter((o) => o.reportedBeforeClick).length, n),
    humanClicked: rateOf(delivered.filter((o) => o.firstHumanClickAt).length, n),
    submitted: rateOf(delivered.filter((o) => o.submittedAt).length, n),
    uncertainClicks: delivered.filter((o) => !o.firstHumanClickAt && o.clickClass === 'uncertain').length,
    medianMinutesToFirstReport: minutes.length ? Math.round(median(minutes) * 10) / 10 : null,
    excludedAutomated: outcomes.reduce((s, o) => s + o.automated, 0),
    reportMinutes: minutes.map((m) => Math.round(m * 10) / 10).sort((a, b) => a - b),
  };
}

export type LureMeta = { id: string; name: string; technique: string; theme: string; difficulty: string };

export function computeStats(campaignId: string, outcomes: RecipientOutcome[], lures: LureMeta[], now: Date): CampaignStats {
  const lureById = new Map(lures.map((l) => [l.id, l]));
  const groupNames = [...new Set(outcomes.map((o) => o.groupName))].sort();
  const groups = groupNames.map((name) => {
    const mine = outcomes.filter((o) => o.groupName === name);
    return { name, n: mine.filter((o) => o.status === 'accepted').length, block: blockOf(mine) };
  });
  const cells = new Map<string, LureCell>();
  for (const o of outcomes) {
    if (o.status !== 'accepted') continue;
    const l = lureById.get(o.lureId);
    if (!l) continue;
    const key = `${o.lureId}|${o.groupName}`;
    const c = cells.get(key) ?? {
      lureId: l.id,
      name: l.name,
      technique: l.technique as Technique,
      theme: l.theme as Theme,
      difficulty: l.difficulty as Difficulty,
      groupName: o.groupName,
      n: 0,
      clicked: 0,
      reported: 0,
      recognised: 0,
    };
    c.n++;
    if (o.firstHumanClickAt) c.clicked++;
    if (o.reportedAt) c.reported++;
    if (o.reportedBeforeClick) c.recognised++;
    cells.set(key, c);
  }
  const accepted = outcomes
    .filter((o) => o.smtpAcceptedAt)
    .map((o) => o.smtpAcceptedAt as string)
    .sort();
  const reports = outcomes
    .filter((o) => o.reportedAt)
    .map((o) => o.reportedAt as string)
    .sort();
  const firstDeliveryAt = accepted[0] ?? null;
  return {
    version: 1,
    campaignId,
    computedAt: now.toISOString(),
    recipients: outcomes.length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    excluded: outcomes.filter((o) => o.status === 'excluded').length,
    cancelled: outcomes.filter((o) => o.status === 'cancelled').length,
    firstDeliveryAt,
    minutesToFirstReport:
      firstDeliveryAt && reports[0] ? Math.round((Date.parse(reports[0]) - Date.parse(firstDeliveryAt)) / 6000) / 10 : null,
    overall: blockOf(outcomes),
    groups,
    cells: [...cells.values()],
  };
}

export async function lureMetas(ctx: Ctx, ids: string[]): Promise<LureMeta[]> {
  if (!ids.length) return [];
  return queryRows<LureMeta>(
    ctx.db,
    sql`SELECT id, name, technique, theme, difficulty FROM phishing_lures WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
}

/** The campaign's figures: live from its interactions, or the stored aggregates once purged. */
export async function campaignStats(ctx: Ctx, campaignId: string): Promise<CampaignStats> {
  const [c] = await ctx.db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, campaignId));
  if (c?.purgedAt && c.aggregates) return c.aggregates as unknown as CampaignStats;
  const outcomes = await loadOutcomes(ctx, campaignId);
  return computeStats(campaignId, outcomes, await lureMetas(ctx, c?.lureIds ?? []), ctx.clock.now());
}

/** Recomputes and stores the aggregates (while the per-person rows still exist). */
export async function refreshAggregates(ctx: Ctx, campaignId: string): Promise<CampaignStats> {
  const [c] = await ctx.db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, campaignId));
  if (c?.purgedAt && c.aggregates) return c.aggregates as unknown as CampaignStats;
  const stats = await campaignStats(ctx, campaignId);
  await ctx.db
    .update(phishingCampaigns)
    .set({ aggregates: stats as unknown as Record<string, unknown> })
    .where(eq(phishingCampaigns.id, campaignId));
  return stats;
}

export const TAG_LABELS = { technique: TECHNIQUES, theme: THEMES } as const;
