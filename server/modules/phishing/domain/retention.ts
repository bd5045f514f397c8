import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  phishingCampaigns,
  phishingInteractions,
  phishingMailReports,
  phishingRecipients,
  phishingReclassifications,
  phishingTraining,
} from '../db/tables.ts';
import { refreshAggregates } from './results.ts';

/**
 * Per-person results are kept for the campaign's retention period after it closes (ICO: a limit
 * set in advance), then deleted: recipients with their tokens and addresses, every interaction,
 * the training records. The campaign's aggregates and its SLT snapshot stay.
 */
export async function purgeExpiredResults(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .select({ id: phishingCampaigns.id, name: phishingCampaigns.name })
    .from(phishingCampaigns)
    .where(
      and(
        isNull(phishingCampaigns.purgedAt),
        isNotNull(phishingCampaigns.closedAt),
        sql`${phishingCampaigns.closedAt} + make_interval(days => ${phishingCampaigns.retentionDays}) <= ${now.toISOString()}::timestamptz`,
      ),
    );
  for (const c of due) {
    await ctx.db.transaction(async (db) => {
      const tx = { ...ctx, db };
      await refreshAggregates(tx, c.id);
      await db.delete(phishingReclassifications).where(eq(phishingReclassifications.campaignId, c.id));
      await db.delete(phishingInteractions).where(eq(phishingInteractions.campaignId, c.id));
      await db.delete(phishingTraining).where(eq(phishingTraining.campaignId, c.id));
      await db
        .update(phishingMailReports)
        .set({ recipientId: null, fromAddress: '' })
        .where(eq(phishingMailReports.campaignId, c.id));
      await db.delete(phishingRecipients).where(eq(phishingRecipients.campaignId, c.id));
      await db.update(phishingCampaigns).set({ purgedAt: now }).where(eq(phishingCampaigns.id, c.id));
      await recordAudit(tx, {
        action: 'phishing.results_purged',
        summary: `Per-person results of phishing campaign "${c.name}" deleted after the retention period (aggregates kept)`,
        targetType: 'phishing_campaign',
        targetId: c.id,
      });
    });
  }
  return due.length;
}
