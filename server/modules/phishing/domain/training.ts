import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { phishingLures, phishingRecipients, phishingTraining } from '../db/tables.ts';
import { findCampaignRow } from './campaigns.ts';
import { loadOutcomes } from './results.ts';

/**
 * Follow-up that supports rather than blames (research §5): a two-minute lesson on the cue that
 * was missed for those who clicked, a thank-you for those who reported. Sent from IT Services'
 * own address (Belfry's mail), not the simulation's; the lesson link is on the tracking domain
 * and records when it was read.
 */

export type FollowUpResult = { lessons: number; thanks: number; mailed: number; mailNotSetUp: boolean };

export async function findLesson(ctx: Ctx, token: string) {
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(token)) return undefined;
  const [row] = await ctx.db
    .select({ id: phishingTraining.id, completedAt: phishingTraining.completedAt, lureId: phishingRecipients.lureId })
    .from(phishingTraining)
    .innerJoin(phishingRecipients, eq(phishingRecipients.id, phishingTraining.recipientId))
    .where(and(eq(phishingTraining.token, token), eq(phishingTraining.kind, 'lesson')));
  return row;
}

export async function completeLesson(ctx: Ctx, token: string) {
  const found = await findLesson(ctx, token);
  if (!found) return undefined;
  if (!found.completedAt)
    await ctx.db
      .update(phishingTraining)
      .set({ completedAt: ctx.clock.now() })
      .where(and(eq(phishingTraining.id, found.id), isNull(phishingTraining.completedAt)));
  return { ...found, completedAt: found.completedAt ?? ctx.clock.now() };
}

/** Assigns (once each) and mails the lessons and thank-yous for a campaign. */
export async function sendFollowUp(ctx: Ctx, campaignId: string): Promise<FollowUpResult> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, campaignId);
  if (c.purgedAt)
    throw new Invalid("This campaign's per-person results have been deleted (retention period): there is no one to follow up");
  const outcomes = await loadOutcomes(ctx, campaignId);
  const now = ctx.clock.now();
  const wanted = outcomes.flatMap((o) => {
    const out: { recipientId: string; kind: 'lesson' | 'thanks' }[] = [];
    if (o.firstHumanClickAt || o.submittedAt) out.push({ recipientId: o.id, kind: 'lesson' });
    if (o.reportedAt) out.push({ recipientId: o.id, kind: 'thanks' });
    return out;
  });
  if (wanted.length)
    await ctx.db
      .insert(phishingTraining)
      .values(
        wanted.map((w) => ({
          id: newId(),
          campaignId,
          recipientId: w.recipientId,
          kind: w.kind,
          token: newToken(18),
          assignedAt: now,
        })),
      )
      .onConflictDoNothing();
  const due = await ctx.db
    .select({
      id: phishingTraining.id,
      kind: phishingTraining.kind,
      token: phishingTraining.token,
      email: phishingRecipients.email,
      firstName: phishingRecipients.firstName,
      lureName: phishingLures.name,
    })
    .from(phishingTraining)
    .innerJoin(phishingRecipients, eq(phishingRecipients.id, phishingTraining.recipientId))
    .innerJoin(phishingLures, eq(phishingLures.id, phishingRecipients.lureId))
    .where(and(eq(phishingTraining.campaignId, campaignId), isNull(phishingTraining.mailedAt)));
  const result: FollowUpResult = {
    lessons: wanted.filter((w) => w.kind === 'lesson').length,
    thanks: wanted.filter((w) => w.kind === 'thanks').length,
    mailed: 0,
    mailNotSetUp: !ctx.mail.isConfigured,
  };
  if (!ctx.mail.isConfigured) return result;
  const school = await getSetting(ctx, schoolNameSetting);
  const base = ctx.config.phishing?.baseUrl ?? ctx.config.baseUrl;
  for (const d of due) {
    const text =
      d.kind === 'lesson'
        ? `Hello ${d.firstName},\n\nA recent email ("${d.lureName}") was one of IT Services' practice phishing messages, and its link was opened from your account. Nobody is in trouble: these messages are written to be convincing.\n\nThis two-minute lesson shows the signs that were there to see:\n${base}/l/${d.token}\n\nThank you,\n${school} IT Services`
        : `Hello ${d.firstName},\n\nThank you for reporting "${d.lureName}". It was one of IT Services' practice phishing messages, and reporting it was exactly the right thing to do: a quick report is how the school stops a real attack.\n\nThank you,\n${school} IT Services`;
    await ctx.mail.send({
      to: d.email,
      subject: d.kind === 'lesson' ? 'A two-minute lesson on a practice phishing email' : 'Thank you for reporting that email',
      text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    await ctx.db.update(phishingTraining).set({ mailedAt: ctx.clock.now() }).where(eq(phishingTraining.id, d.id));
    result.mailed++;
  }
  await recordAudit(ctx, {
    action: 'phishing.follow_up_sent',
    summary: `Phishing follow-up for "${c.name}": ${result.lessons} lessons, ${result.thanks} thank-yous, ${result.mailed} emails`,
    targetType: 'phishing_campaign',
    targetId: campaignId,
  });
  return result;
}

/** Per recipient: the lesson assigned and when it was completed (for the CSV and the results table). */
export async function trainingByRecipient(
  ctx: Ctx,
  campaignId: string,
): Promise<Map<string, { assigned: boolean; completedAt: string | null }>> {
  const rows = await ctx.db
    .select({ recipientId: phishingTraining.recipientId, completedAt: phishingTraining.completedAt })
    .from(phishingTraining)
    .where(and(eq(phishingTraining.campaignId, campaignId), eq(phishingTraining.kind, 'lesson')));
  return new Map(rows.map((r) => [r.recipientId, { assigned: true, completedAt: r.completedAt?.toISOString() ?? null }]));
}

export async function trainingCounts(ctx: Ctx, campaignId: string) {
  const [row] = await ctx.db
    .select({
      lessons: sql<number>`count(*) filter (where ${phishingTraining.kind} = 'lesson')::int`,
      completed: sql<number>`count(*) filter (where ${phishingTraining.kind} = 'lesson' and ${phishingTraining.completedAt} is not null)::int`,
      thanks: sql<number>`count(*) filter (where ${phishingTraining.kind} = 'thanks')::int`,
    })
    .from(phishingTraining)
    .where(eq(phishingTraining.campaignId, campaignId));
  return { lessons: Number(row?.lessons ?? 0), completed: Number(row?.completed ?? 0), thanks: Number(row?.thanks ?? 0) };
}
