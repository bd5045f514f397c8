import { eq, inArray, sql } from 'drizzle-orm';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { phishingCampaigns, phishingMailReports } from '../db/tables.ts';
import { countRecipients } from './campaigns.ts';
import { campaignStats } from './results.ts';

/** Today: the campaigns in flight (sent so far, reports so far) and real reports waiting for review. */
export async function loadPhishingCard(ctx: Ctx) {
  requireRole(ctx, ...IT_ROLES);
  const rows = await ctx.db
    .select({
      id: phishingCampaigns.id,
      name: phishingCampaigns.name,
      state: phishingCampaigns.state,
      windowEnd: phishingCampaigns.windowEnd,
    })
    .from(phishingCampaigns)
    .where(inArray(phishingCampaigns.state, ['scheduled', 'sending', 'live']));
  const counts = await countRecipients(
    ctx,
    rows.map((r) => r.id),
  );
  const campaigns = [];
  for (const r of rows) {
    const c = counts.get(r.id);
    const stats = r.state === 'scheduled' ? undefined : await campaignStats(ctx, r.id);
    campaigns.push({
      id: r.id,
      name: r.name,
      state: r.state,
      total: c?.total ?? 0,
      accepted: c?.accepted ?? 0,
      reported: stats?.overall.reported.k ?? 0,
      humanClicked: stats?.overall.humanClicked.k ?? 0,
      windowEnd: r.windowEnd?.toISOString() ?? null,
    });
  }
  const [waiting] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(phishingMailReports)
    .where(eq(phishingMailReports.status, 'review'));
  return { campaigns, reportsWaiting: Number(waiting?.n ?? 0) };
}
