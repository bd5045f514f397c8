import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { parseInput } from '../../../lib/validate.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingMailReports, phishingProfiles } from '../db/tables.ts';
import { CAMPAIGN_STATES, type CampaignState, findCampaignRow, lureNames } from './campaigns.ts';
import { analyseTags } from './lure-analysis.ts';
import { checkLureTemplates, DIFFICULTIES, type Difficulty, type LureText } from './lure-rules.ts';
import { LureInput } from './lures.ts';
import { buildMessage } from './message.ts';
import { suppressionSetting } from './phishing-settings.ts';
import { campaignStats, loadOutcomes, type PhishingRate, rateOf } from './results.ts';
import { trainingByRecipient, trainingCounts } from './training.ts';

/** What the pages show: the overview, a campaign's results, its people, trends, a lure preview. */

export async function overview(ctx: Ctx) {
  requireRole(ctx, ...IT_ROLES);
  const [waiting] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(phishingMailReports)
    .where(eq(phishingMailReports.status, 'review'));
  const p = ctx.config.phishing;
  return {
    tracking: { baseUrl: p?.baseUrl ?? null, port: p?.port ?? null, configured: !!(p?.baseUrl && p.port !== undefined) },
    mailbox: p?.imap ? { user: p.imap.user, host: p.imap.host } : null,
    reportsWaiting: Number(waiting?.n ?? 0),
    mailConfigured: ctx.mail.isConfigured,
  };
}

export async function campaignResults(ctx: Ctx, id: string) {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  const stats = await campaignStats(ctx, id);
  const threshold = await getSetting(ctx, suppressionSetting);
  // IT sees every group; intervals say how little a small group can tell.
  return {
    stats,
    threshold,
    techniques: analyseTags(stats.cells, 'technique', 1),
    themes: analyseTags(stats.cells, 'theme', 1),
    lures: [...(await lureNames(ctx, c.lureIds))].map(([lureId, name]) => {
      const cells = stats.cells.filter((x) => x.lureId === lureId);
      const n = cells.reduce((s, x) => s + x.n, 0);
      return {
        lureId,
        name,
        n,
        humanClicked: rateOf(
          cells.reduce((s, x) => s + x.clicked, 0),
          n,
        ),
        reported: rateOf(
          cells.reduce((s, x) => s + x.reported, 0),
          n,
        ),
      };
    }),
    training: await trainingCounts(ctx, id),
  };
}

export async function campaignPeople(ctx: Ctx, id: string, page: { limit?: number; offset?: number }) {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  const limit = Math.min(page.limit ?? 100, 500);
  const rows = await loadOutcomes(ctx, id, { limit, offset: page.offset ?? 0 });
  const names = await lureNames(ctx, c.lureIds);
  const training = await trainingByRecipient(ctx, id);
  const [total] = await ctx.db
    .execute(sql`SELECT count(*)::int AS n FROM phishing_recipients WHERE campaign_id = ${id}`)
    .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
  return {
    total: Number(total?.n ?? 0),
    people: rows.map((r) => ({ ...r, lureName: names.get(r.lureId) ?? '', training: training.get(r.id) ?? null })),
  };
}

export type TrendPoint = {
  campaignId: string;
  name: string;
  startedAt: string;
  n: number;
  humanClicked: PhishingRate;
  reported: PhishingRate;
};
export type Trend = { group: string; difficulty: Difficulty; difficultyLabel: string; points: TrendPoint[] };

/**
 * Each group's results across campaigns, on lures of the same difficulty (NIST Phish Scale), so
 * a fall in clicks cannot come from sending easier emails. Cells under the threshold are left out.
 */
export async function groupTrends(ctx: Ctx): Promise<{ threshold: number; trends: Trend[] }> {
  requireRole(ctx, 'admin', 'it', 'slt');
  const threshold = await getSetting(ctx, suppressionSetting);
  const rows = await ctx.db
    .select()
    .from(phishingCampaigns)
    .where(and(isNotNull(phishingCampaigns.startedAt), inArray(phishingCampaigns.state, ['live', 'closed', 'archived'])))
    .orderBy(phishingCampaigns.startedAt);
  const trends = new Map<string, Trend>();
  for (const c of rows) {
    const stats = await campaignStats(ctx, c.id);
    const cells = new Map<string, { group: string; difficulty: Difficulty; n: number; clicked: number; reported: number }>();
    for (const x of stats.cells) {
      const k = `${x.groupName}|${x.difficulty}`;
      const e = cells.get(k) ?? { group: x.groupName, difficulty: x.difficulty, n: 0, clicked: 0, reported: 0 };
      e.n += x.n;
      e.clicked += x.clicked;
      e.reported += x.reported;
      cells.set(k, e);
    }
    for (const [k, e] of cells) {
      if (e.n < threshold) continue;
      const t = trends.get(k) ?? {
        group: e.group,
        difficulty: e.difficulty,
        difficultyLabel: DIFFICULTIES[e.difficulty],
        points: [],
      };
      t.points.push({
        campaignId: c.id,
        name: c.name,
        startedAt: c.startedAt?.toISOString() ?? '',
        n: e.n,
        humanClicked: rateOf(e.clicked, e.n),
        reported: rateOf(e.reported, e.n),
      });
      trends.set(k, t);
    }
  }
  return {
    threshold,
    trends: [...trends.values()].sort((a, b) => a.group.localeCompare(b.group) || a.difficulty.localeCompare(b.difficulty)),
  };
}

/** The campaigns SLT may read a report of: started ones, newest first, no per-person data. */
export async function listReports(ctx: Ctx) {
  requireRole(ctx, 'admin', 'it', 'slt');
  const rows = await ctx.db
    .select({
      id: phishingCampaigns.id,
      name: phishingCampaigns.name,
      state: phishingCampaigns.state,
      startedAt: phishingCampaigns.startedAt,
      closedAt: phishingCampaigns.closedAt,
    })
    .from(phishingCampaigns)
    .where(isNotNull(phishingCampaigns.startedAt))
    .orderBy(desc(phishingCampaigns.startedAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    stateLabel: CAMPAIGN_STATES[r.state as CampaignState],
    startedAt: r.startedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
  }));
}

/** A lure as one recipient would see it (sample values, a dummy token), checked first. */
export async function previewLure(ctx: Ctx, raw: unknown) {
  requireRole(ctx, ...IT_ROLES);
  const input = parseInput(LureInput, raw);
  checkLureTemplates(input as LureText);
  const m = await buildMessage({
    lure: { ...input, documentName: input.documentName ?? null },
    token: 'PREVIEW-token-not-tracked-000',
    email: 'a.colleague@school.example',
    firstName: 'Alex',
    messageId: '<preview@belfry>',
    campaignId: 'preview',
    baseUrl: ctx.config.phishing?.baseUrl ?? 'https://simulation.example',
    schoolName: await getSetting(ctx, schoolNameSetting),
    envelopeFrom:
      (await ctx.db.select({ e: phishingProfiles.envelopeFrom }).from(phishingProfiles).limit(1))[0]?.e ??
      'simulations@lookalike.example',
    headerName: 'X-Simulation-Id',
    date: ctx.clock.now(),
    timeZone: ctx.config.timeZone,
  });
  // The QR image is an attachment in a real message; the preview inlines it. The open pixel is
  // left out: a preview must not reach the tracking listener (and the page's policy would block it).
  let html = m.html.replace(/<img src="[^"]*\/o\/[^"]*"[^>]*>/, '');
  for (const a of m.attachments)
    html = html.replace(`cid:${a.cid}`, `data:${a.contentType};base64,${a.content.toString('base64')}`);
  return { subject: m.subject, from: `${m.from.name} <${m.from.address}>`, html, text: m.text };
}
