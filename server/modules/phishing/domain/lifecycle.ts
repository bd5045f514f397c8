import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { createTask } from '../../tasks/index.ts';
import { phishingCampaigns, phishingInteractions, phishingRecipients, phishingReclassifications } from '../db/tables.ts';
import { CAMPAIGN_STATES, type CampaignState, findCampaignRow } from './campaigns.ts';
import { CLASS_LABELS, type Classification, EVIDENCE_LABELS } from './classify.ts';
import { refreshAggregates } from './results.ts';
import { sltReport } from './slt-report.ts';
import { recordInteraction } from './track.ts';

/** Closing, archiving, and the changes IT makes by hand: an override of a class, a phoned-in report. */

const PENDING = ['queued', 'sending', 'retrying'];

/** live (or still sending) -> closed: pending sends cancelled, aggregates and the SLT snapshot kept, follow-up to-dos made. */
export async function closeCampaign(ctx: Ctx, id: string): Promise<{ state: CampaignState; tasks: number }> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  if (!['scheduled', 'sending', 'live'].includes(c.state))
    throw new Conflict(
      `The campaign is ${CAMPAIGN_STATES[c.state as CampaignState].toLowerCase()}: only a scheduled, sending or live campaign can be closed`,
    );
  const now = ctx.clock.now();
  await ctx.db
    .update(phishingRecipients)
    .set({ status: 'cancelled', leaseUntil: null, lastError: 'The campaign was closed before this message was sent' })
    .where(and(eq(phishingRecipients.campaignId, id), inArray(phishingRecipients.status, PENDING)));
  await ctx.db
    .update(phishingCampaigns)
    .set({ state: 'closed', closedAt: now, senderLeaseUntil: null, senderId: null })
    .where(eq(phishingCampaigns.id, id));
  await refreshAggregates(ctx, id);
  const report = await sltReport(ctx, id, { allowIt: true });
  await ctx.db
    .update(phishingCampaigns)
    .set({ snapshot: report as unknown as Record<string, unknown> })
    .where(eq(phishingCampaigns.id, id));
  await recordAudit(ctx, {
    action: 'phishing.campaign_closed',
    summary: `Phishing campaign "${c.name}" closed`,
    targetType: 'phishing_campaign',
    targetId: id,
  });
  let tasks = 0;
  if (actor.kind === 'user') {
    const source = (kind: string) => ({ module: 'phishing', kind, id, label: c.name, url: `/phishing/campaigns/${id}` });
    const today = localDate(now, ctx.config.timeZone);
    await createTask(ctx, {
      title: `Send the follow-up lessons and thank-yous for "${c.name}"`,
      dueOn: addDays(today, 2),
      priority: 'normal',
      source: source('follow-up'),
    });
    await createTask(ctx, {
      title: `Edit the commentary and share the SLT findings for "${c.name}"`,
      dueOn: addDays(today, 7),
      priority: 'normal',
      source: source('slt-report'),
    });
    tasks = 2;
  }
  return { state: 'closed', tasks };
}

export async function archiveCampaign(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  if (c.state !== 'closed') throw new Conflict('Only a closed campaign can be archived');
  await ctx.db
    .update(phishingCampaigns)
    .set({ state: 'archived', archivedAt: ctx.clock.now() })
    .where(eq(phishingCampaigns.id, id));
  await recordAudit(ctx, {
    action: 'phishing.campaign_archived',
    summary: `Phishing campaign "${c.name}" archived`,
    targetType: 'phishing_campaign',
    targetId: id,
  });
}

export async function setCommentary(ctx: Ctx, id: string, text: string): Promise<void> {
  requireRole(ctx, 'admin');
  if (text.length > 4000) throw new Invalid('The commentary is limited to 4,000 characters');
  await findCampaignRow(ctx, id);
  await ctx.db.update(phishingCampaigns).set({ commentary: text }).where(eq(phishingCampaigns.id, id));
}

export const OverrideInput = z.object({
  classification: z.enum(['human_confirmed', 'likely_human', 'uncertain', 'automated']),
  reason: z.string().trim().min(5, 'give a reason (at least 5 characters)').max(500),
});

/** An admin's change of an interaction's class: appended with who, when and why; audited. */
export async function overrideInteraction(ctx: Ctx, interactionId: number, raw: unknown): Promise<void> {
  const actor = requireRole(ctx, 'admin');
  const input = parseInput(OverrideInput, raw);
  const [i] = await ctx.db.select().from(phishingInteractions).where(eq(phishingInteractions.id, interactionId));
  if (!i) throw new NotFound('No such interaction');
  const by = actor.kind === 'user' ? actor.email : actor.name;
  await ctx.db.insert(phishingReclassifications).values({
    interactionId,
    campaignId: i.campaignId,
    classification: input.classification,
    evidence: [...i.evidence, 'manual'],
    reason: input.reason,
    byLabel: by,
    at: ctx.clock.now(),
  });
  await recordAudit(ctx, {
    action: 'phishing.interaction_reclassified',
    summary: `A phishing ${i.kind} was reclassified as "${CLASS_LABELS[input.classification]}": ${input.reason}`,
    targetType: 'phishing_interaction',
    targetId: String(interactionId),
    details: { campaignId: i.campaignId, from: i.classification, to: input.classification },
  });
  await refreshAggregates(ctx, i.campaignId);
}

/** Someone phoned IT or said so in person: a report recorded by hand. */
export async function markReported(ctx: Ctx, recipientId: string): Promise<void> {
  requireRole(ctx, ...IT_ROLES);
  const [r] = await ctx.db.select().from(phishingRecipients).where(eq(phishingRecipients.id, recipientId));
  if (!r) throw new NotFound('No such recipient');
  await recordInteraction(ctx, {
    kind: 'report',
    token: r.token,
    method: 'MANUAL',
    ip: undefined,
    userAgent: undefined,
    source: 'manual',
  });
  await recordAudit(ctx, {
    action: 'phishing.marked_reported',
    summary: 'A phishing report was recorded by hand (told to IT)',
    targetType: 'phishing_recipient',
    targetId: recipientId,
  });
  await refreshAggregates(ctx, r.campaignId);
}

export type InteractionView = {
  id: number;
  recipientId: string;
  kind: string;
  at: string;
  source: string;
  method: string | null;
  ipPrefix: string | null;
  uaFamily: string | null;
  classification: Classification;
  classLabel: string;
  evidence: { code: string; label: string }[];
  secondsAfterDelivery: number | null;
  late: boolean;
  overriddenBy: string | null;
  overrideReason: string | null;
};

/** A campaign's interactions (newest first), or one recipient's, with their class now. Admin and IT. */
export async function listInteractions(
  ctx: Ctx,
  campaignId: string,
  filter: { recipientId?: string; limit?: number; offset?: number } = {},
): Promise<InteractionView[]> {
  requireRole(ctx, ...IT_ROLES);
  const rows = await ctx.db
    .select({
      i: phishingInteractions,
      cls: sql<Classification | null>`(select r.classification from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1)`,
      ev: sql<
        string[] | null
      >`(select r.evidence from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1)`,
      by: sql<
        string | null
      >`(select r.by_label from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1)`,
      why: sql<
        string | null
      >`(select r.reason from phishing_reclassifications r where r.interaction_id = phishing_interactions.id order by r.id desc limit 1)`,
    })
    .from(phishingInteractions)
    .where(
      and(
        eq(phishingInteractions.campaignId, campaignId),
        filter.recipientId ? eq(phishingInteractions.recipientId, filter.recipientId) : undefined,
      ),
    )
    .orderBy(asc(phishingInteractions.at), asc(phishingInteractions.id))
    .limit(Math.min(filter.limit ?? 200, 1000))
    .offset(filter.offset ?? 0);
  return rows.map(({ i, cls, ev, by, why }) => {
    const classification = cls ?? (i.classification as Classification);
    const evidence = ev ?? i.evidence;
    return {
      id: i.id,
      recipientId: i.recipientId,
      kind: i.kind,
      at: i.at.toISOString(),
      source: i.source,
      method: i.method,
      ipPrefix: i.ipPrefix,
      uaFamily: i.uaFamily,
      classification,
      classLabel: CLASS_LABELS[classification],
      evidence: evidence.map((code) => ({ code, label: EVIDENCE_LABELS[code] ?? code })),
      secondsAfterDelivery: i.secondsAfterDelivery,
      late: i.late,
      overriddenBy: by,
      overrideReason: why,
    };
  });
}
