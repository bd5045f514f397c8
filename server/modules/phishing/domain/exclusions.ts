import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, isIsoDate, localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { listStaffByIds } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingExclusions, phishingRecipients } from '../db/tables.ts';
import { newStarterWeeksSetting } from './phishing-settings.ts';

/**
 * People left out of simulations for a while (research §7.6). Only the kind of reason is kept (a
 * wellbeing reason is declared, never described). Adding one cancels the person's pending sends.
 */

export const EXCLUSION_KINDS = {
  leave: 'On leave',
  new_starter: 'New starter',
  wellbeing: 'Wellbeing reason (declared)',
  dsl_incident: 'DSL during a live incident',
} as const;
export type ExclusionKind = keyof typeof EXCLUSION_KINDS;

export const ExclusionInput = z.object({
  personId: z.uuid(),
  kind: z.enum(Object.keys(EXCLUSION_KINDS) as [ExclusionKind, ...ExclusionKind[]]),
  /** For a new starter, the start date; otherwise the first day left out (default today). */
  fromOn: z.string().refine(isIsoDate, 'must be a date, 2026-11-16').optional(),
  untilOn: z.string().refine(isIsoDate, 'must be a date, 2026-12-18').nullable().optional(),
});

export type Exclusion = {
  id: string;
  personId: string;
  personName?: string;
  kind: ExclusionKind;
  kindLabel: string;
  fromOn: string;
  untilOn: string | null;
  createdBy: string;
};

const PENDING = ['queued', 'retrying', 'sending'];

/** The exclusions in force on `date`, by person. */
export async function activeExclusions(ctx: Ctx, date: string): Promise<Map<string, ExclusionKind>> {
  const rows = await ctx.db
    .select({ personId: phishingExclusions.personId, kind: phishingExclusions.kind })
    .from(phishingExclusions)
    .where(
      and(
        isNull(phishingExclusions.endedAt),
        sql`${phishingExclusions.fromOn} <= ${date}`,
        sql`(${phishingExclusions.untilOn} is null or ${phishingExclusions.untilOn} >= ${date})`,
      ),
    );
  return new Map(rows.map((r) => [r.personId, r.kind as ExclusionKind]));
}

export async function listExclusions(ctx: Ctx): Promise<Exclusion[]> {
  requireRole(ctx, ...IT_ROLES);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const rows = await ctx.db
    .select()
    .from(phishingExclusions)
    .where(
      and(
        isNull(phishingExclusions.endedAt),
        sql`(${phishingExclusions.untilOn} is null or ${phishingExclusions.untilOn} >= ${today})`,
      ),
    )
    .orderBy(desc(phishingExclusions.createdAt));
  const names = new Map((await listStaffByIds(ctx, [...new Set(rows.map((r) => r.personId))])).map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    personName: names.get(r.personId) ?? 'Someone no longer in the directory',
    kind: r.kind as ExclusionKind,
    kindLabel: EXCLUSION_KINDS[r.kind as ExclusionKind],
    fromOn: r.fromOn,
    untilOn: r.untilOn,
    createdBy: r.createdBy,
  }));
}

export async function addExclusion(ctx: Ctx, raw: unknown): Promise<Exclusion & { cancelledSends: number }> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const input = parseInput(ExclusionInput, raw);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const fromOn = input.fromOn ?? today;
  let untilOn = input.untilOn ?? null;
  if (input.kind === 'new_starter') {
    const weeks = await getSetting(ctx, newStarterWeeksSetting);
    untilOn = addDays(fromOn, weeks * 7 - 1);
  }
  if (untilOn && untilOn < fromOn) throw new Invalid('The exclusion must end on or after it starts');
  const id = newId();
  const by = actor.kind === 'user' ? actor.email : actor.name;
  await ctx.db.insert(phishingExclusions).values({
    id,
    personId: input.personId,
    kind: input.kind,
    fromOn,
    untilOn,
    createdBy: by,
    createdAt: ctx.clock.now(),
  });
  let cancelledSends = 0;
  if (fromOn <= today) {
    const live = ctx.db
      .select({ id: phishingCampaigns.id })
      .from(phishingCampaigns)
      .where(inArray(phishingCampaigns.state, ['scheduled', 'sending']));
    const cancelled = await ctx.db
      .update(phishingRecipients)
      .set({ status: 'excluded', excludedReason: input.kind, leaseUntil: null })
      .where(
        and(
          eq(phishingRecipients.personId, input.personId),
          inArray(phishingRecipients.status, PENDING),
          inArray(phishingRecipients.campaignId, live),
        ),
      )
      .returning({ id: phishingRecipients.id });
    cancelledSends = cancelled.length;
  }
  await recordAudit(ctx, {
    action: 'phishing.exclusion_added',
    summary: `A member of staff was left out of phishing simulations (${EXCLUSION_KINDS[input.kind]})${cancelledSends ? `; ${cancelledSends} pending message cancelled` : ''}`,
    targetType: 'directory_person',
    targetId: input.personId,
  });
  return {
    id,
    personId: input.personId,
    kind: input.kind,
    kindLabel: EXCLUSION_KINDS[input.kind],
    fromOn,
    untilOn,
    createdBy: by,
    cancelledSends,
  };
}

export async function endExclusion(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...IT_ROLES);
  const [row] = await ctx.db
    .update(phishingExclusions)
    .set({ endedAt: ctx.clock.now() })
    .where(and(eq(phishingExclusions.id, id), isNull(phishingExclusions.endedAt)))
    .returning();
  if (!row) throw new NotFound('No such exclusion');
  await recordAudit(ctx, {
    action: 'phishing.exclusion_ended',
    summary: 'A phishing exclusion was ended',
    targetType: 'directory_person',
    targetId: row.personId,
  });
}
