import { randomInt } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import { seededRng } from '../../../lib/random.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { listStaffGroups, listStaffInGroups } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { phishingCampaigns, phishingLures, phishingProfiles, phishingRecipients } from '../db/tables.ts';
import { allocateLures, shuffle } from './allocation.ts';
import { checkWindow, loadGuardCalendars, type SkippedDay, sendSlots } from './calendar-guard.ts';
import { activeExclusions, EXCLUSION_KINDS, type ExclusionKind } from './exclusions.ts';
import { groupLabel } from './group-label.ts';
import { findLureRows } from './lures.ts';
import { retentionSetting } from './phishing-settings.ts';

export const CAMPAIGN_STATES = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  live: 'Live',
  closed: 'Closed',
  archived: 'Archived',
} as const;
export type CampaignState = keyof typeof CAMPAIGN_STATES;

export const CampaignInput = z.object({
  name: z.string().trim().min(1).max(120),
  purpose: z.string().trim().max(2000).default(''),
  lureIds: z.array(z.uuid()).min(1, 'choose at least one lure').max(20),
  groupIds: z.array(z.uuid()).min(1, 'choose at least one group').max(50),
  profileId: z.uuid().nullable().optional(),
  landingMode: z.enum(['teachable', 'form']).default('teachable'),
  windowStart: z.iso.datetime({ offset: true }).nullable().optional(),
  windowEnd: z.iso.datetime({ offset: true }).nullable().optional(),
  sendFrom: z
    .string()
    .regex(/^\d\d:\d\d$/, 'must be a time, 09:00')
    .default('09:00'),
  sendUntil: z
    .string()
    .regex(/^\d\d:\d\d$/, 'must be a time, 15:30')
    .default('15:30'),
  spread: z.boolean().default(true),
});
export type CampaignInput = z.infer<typeof CampaignInput>;

type Row = typeof phishingCampaigns.$inferSelect;

export type CampaignView = {
  id: string;
  name: string;
  purpose: string;
  state: CampaignState;
  stateLabel: string;
  lureIds: string[];
  groupIds: string[];
  profileId: string | null;
  landingMode: 'teachable' | 'form';
  windowStart: string | null;
  windowEnd: string | null;
  sendFrom: string;
  sendUntil: string;
  spread: boolean;
  retentionDays: number;
  createdBy: string;
  createdAt: string;
  scheduledAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  purgedAt: string | null;
  counts: Record<'total' | 'queued' | 'sending' | 'retrying' | 'accepted' | 'failed' | 'cancelled' | 'excluded', number>;
  commentary: string;
};

export async function countRecipients(ctx: Ctx, campaignIds: string[]): Promise<Map<string, CampaignView['counts']>> {
  const out = new Map<string, CampaignView['counts']>();
  if (!campaignIds.length) return out;
  const rows = await ctx.db
    .select({ campaignId: phishingRecipients.campaignId, status: phishingRecipients.status, n: sql<number>`count(*)::int` })
    .from(phishingRecipients)
    .where(inArray(phishingRecipients.campaignId, campaignIds))
    .groupBy(phishingRecipients.campaignId, phishingRecipients.status);
  for (const id of campaignIds)
    out.set(id, { total: 0, queued: 0, sending: 0, retrying: 0, accepted: 0, failed: 0, cancelled: 0, excluded: 0 });
  for (const r of rows) {
    const c = out.get(r.campaignId) as CampaignView['counts'];
    c[r.status as 'queued'] = Number(r.n);
    c.total += Number(r.n);
  }
  return out;
}

export function presentCampaign(r: Row, counts: CampaignView['counts']): CampaignView {
  return {
    id: r.id,
    name: r.name,
    purpose: r.purpose,
    state: r.state as CampaignState,
    stateLabel: CAMPAIGN_STATES[r.state as CampaignState],
    lureIds: r.lureIds,
    groupIds: r.groupIds,
    profileId: r.profileId,
    landingMode: r.landingMode as 'teachable',
    windowStart: r.windowStart?.toISOString() ?? null,
    windowEnd: r.windowEnd?.toISOString() ?? null,
    sendFrom: r.sendFrom,
    sendUntil: r.sendUntil,
    spread: r.spread,
    retentionDays: r.retentionDays,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    startedAt: r.startedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    purgedAt: r.purgedAt?.toISOString() ?? null,
    counts,
    commentary: r.commentary,
  };
}

export async function findCampaignRow(ctx: Ctx, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(phishingCampaigns).where(eq(phishingCampaigns.id, id));
  if (!row) throw new NotFound('No such campaign');
  return row;
}

export async function listCampaigns(ctx: Ctx): Promise<CampaignView[]> {
  requireRole(ctx, ...IT_ROLES);
  const rows = await ctx.db.select().from(phishingCampaigns).orderBy(desc(phishingCampaigns.createdAt));
  const counts = await countRecipients(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentCampaign(r, counts.get(r.id) as CampaignView['counts']));
}

export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignView & { skippedDays: SkippedDay[] }> {
  requireRole(ctx, ...IT_ROLES);
  const row = await findCampaignRow(ctx, id);
  const counts = (await countRecipients(ctx, [id])).get(id) as CampaignView['counts'];
  let skippedDays: SkippedDay[] = [];
  if (row.windowStart && row.windowEnd)
    skippedDays = sendSlots(await loadGuardCalendars(ctx), {
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      sendFrom: row.sendFrom,
      sendUntil: row.sendUntil,
    }).skipped;
  return { ...presentCampaign(row, counts), skippedDays };
}

function draftFields(input: CampaignInput) {
  return {
    name: input.name,
    purpose: input.purpose,
    lureIds: input.lureIds,
    groupIds: input.groupIds,
    profileId: input.profileId ?? null,
    landingMode: input.landingMode,
    windowStart: input.windowStart ? new Date(input.windowStart) : null,
    windowEnd: input.windowEnd ? new Date(input.windowEnd) : null,
    sendFrom: input.sendFrom,
    sendUntil: input.sendUntil,
    spread: input.spread,
  };
}

export async function createCampaign(ctx: Ctx, raw: unknown, options: { seed?: number } = {}): Promise<CampaignView> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const input = parseInput(CampaignInput, raw);
  const [row] = await ctx.db
    .insert(phishingCampaigns)
    .values({
      id: newId(),
      state: 'draft',
      ...draftFields(input),
      seed: options.seed ?? randomInt(1, 2 ** 31 - 1),
      retentionDays: await getSetting(ctx, retentionSetting),
      createdBy: actor.kind === 'user' ? actor.email : actor.name,
      createdAt: ctx.clock.now(),
    })
    .returning();
  await recordAudit(ctx, {
    action: 'phishing.campaign_created',
    summary: `Phishing campaign "${input.name}" drafted`,
    targetType: 'phishing_campaign',
    targetId: row?.id,
  });
  return presentCampaign(row as Row, {
    total: 0,
    queued: 0,
    sending: 0,
    retrying: 0,
    accepted: 0,
    failed: 0,
    cancelled: 0,
    excluded: 0,
  });
}

export async function updateCampaign(ctx: Ctx, id: string, raw: unknown): Promise<CampaignView> {
  requireRole(ctx, ...IT_ROLES);
  const input = parseInput(CampaignInput, raw);
  const before = await findCampaignRow(ctx, id);
  if (before.state !== 'draft') throw new Conflict('Only a draft campaign can be changed: unschedule it first');
  const [row] = await ctx.db.update(phishingCampaigns).set(draftFields(input)).where(eq(phishingCampaigns.id, id)).returning();
  return presentCampaign(row as Row, (await countRecipients(ctx, [id])).get(id) as CampaignView['counts']);
}

export type ScheduleResult = CampaignView & {
  skippedDays: SkippedDay[];
  excluded: { kind: string; n: number }[];
  duplicates: number;
};

/**
 * draft -> scheduled: every rule checked (lures, sign-offs, profile, tracking address, the window
 * against the calendar), the audience resolved (duplicates across groups removed, exclusions left
 * out), a lure dealt to each recipient and the outbox written with each one's token.
 */
export async function scheduleCampaign(ctx: Ctx, id: string): Promise<ScheduleResult> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  if (c.state !== 'draft')
    throw new Conflict(`The campaign is ${CAMPAIGN_STATES[c.state as CampaignState].toLowerCase()}, not a draft`);
  if (!ctx.config.phishing?.baseUrl)
    throw new Invalid(
      'Tracking is not set up: set BELFRY_PHISHING_BASE_URL (the look-alike address of the tracking listener) and BELFRY_PHISHING_PORT',
    );
  if (!c.profileId) throw new Invalid('Choose a sending profile');
  const [profile] = await ctx.db.select().from(phishingProfiles).where(eq(phishingProfiles.id, c.profileId));
  if (!profile) throw new Invalid('The sending profile no longer exists');
  const lures = await findLureRows(ctx, c.lureIds);
  if (lures.length !== c.lureIds.length) throw new Invalid('A chosen lure no longer exists');
  for (const l of lures) {
    if (l.archived) throw new Invalid(`The lure "${l.name}" is archived`);
    if (l.ethicsFlags.length && !l.signOff)
      throw new Invalid(
        `The lure "${l.name}" uses a sensitive pretext (${l.ethicsFlags.join(', ')}): record the SLT sign-off before using it`,
      );
  }
  if (!c.windowStart || !c.windowEnd) throw new Invalid('Choose when to send: the window needs a start and an end');
  const now = ctx.clock.now();
  const guard = await loadGuardCalendars(ctx);
  const { slots, skipped } = checkWindow(
    guard,
    { windowStart: c.windowStart, windowEnd: c.windowEnd, sendFrom: c.sendFrom, sendUntil: c.sendUntil },
    now,
  );

  const groups = new Map((await listStaffGroups(ctx)).map((g) => [g.id, groupLabel(g.name)]));
  const order = new Map(c.groupIds.map((g, i) => [g, i]));
  const members = (await listStaffInGroups(ctx, c.groupIds)).sort(
    (a, b) => (order.get(a.groupId) ?? 0) - (order.get(b.groupId) ?? 0),
  );
  const seen = new Map<string, (typeof members)[number]>();
  for (const m of members) if (!seen.has(m.email.toLowerCase())) seen.set(m.email.toLowerCase(), m);
  const duplicates = members.length - seen.size;
  const excludedNow = await activeExclusions(ctx, localDate(slots[0]?.start ?? now, ctx.config.timeZone));
  const excludedCount = new Map<string, number>();
  const eligible = [...seen.values()].filter((m) => {
    const kind = excludedNow.get(m.personId);
    if (kind) excludedCount.set(kind, (excludedCount.get(kind) ?? 0) + 1);
    return !kind;
  });
  const excluded = [...excludedCount].map(([kind, n]) => ({ kind: EXCLUSION_KINDS[kind as ExclusionKind], n }));
  if (eligible.length === 0) {
    throw new Invalid(
      seen.size === 0
        ? 'No eligible recipient: the chosen groups have no active staff with an email address'
        : `No eligible recipient: all ${seen.size} staff in the chosen groups are excluded (${excluded.map((e) => `${e.n} ${e.kind.toLowerCase()}`).join(', ')})`,
    );
  }

  const rng = seededRng(c.seed);
  const allocation = allocateLures(
    eligible.map((m) => ({ key: m.personId, group: m.groupId })),
    c.lureIds,
    rng,
  );
  let ordered = shuffle(eligible, rng).map((m) => ({ m, notBefore: null as Date | null }));
  if (c.spread) {
    const total = slots.reduce((s, x) => s + (x.end.getTime() - x.start.getTime()), 0);
    ordered = ordered
      .map(({ m }) => {
        let t = rng.next() * total;
        for (const s of slots) {
          const len = s.end.getTime() - s.start.getTime();
          if (t < len) return { m, notBefore: new Date(s.start.getTime() + Math.floor(t)) };
          t -= len;
        }
        return { m, notBefore: slots[0]?.start ?? null };
      })
      .sort((a, b) => (a.notBefore?.getTime() ?? 0) - (b.notBefore?.getTime() ?? 0));
  }
  const domain = profile.envelopeFrom.split('@')[1] ?? 'invalid';
  const rows = ordered.map(({ m, notBefore }, i) => ({
    id: newId(),
    campaignId: c.id,
    personId: m.personId,
    email: m.email,
    firstName: m.preferredName ?? m.givenName,
    displayName: `${m.preferredName ?? m.givenName} ${m.familyName}`,
    groupId: m.groupId,
    groupName: groups.get(m.groupId) ?? 'Group',
    lureId: allocation.get(m.personId) as string,
    token: newToken(18),
    status: 'queued',
    sendOrder: i,
    notBefore,
    backoffs: [],
    messageId: `<${newId()}@${domain}>`,
  }));
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insert(phishingRecipients).values(rows.slice(i, i + 500));
  const [row] = await ctx.db
    .update(phishingCampaigns)
    .set({ state: 'scheduled', scheduledAt: now })
    .where(and(eq(phishingCampaigns.id, id), eq(phishingCampaigns.state, 'draft')))
    .returning();
  await recordAudit(ctx, {
    action: 'phishing.campaign_scheduled',
    summary: `Phishing campaign "${c.name}" scheduled: ${rows.length} recipients, ${lures.length} lure(s)${guard.enforced === false ? ' (calendar guard off)' : ''}`,
    targetType: 'phishing_campaign',
    targetId: id,
  });
  return {
    ...presentCampaign(row as Row, (await countRecipients(ctx, [id])).get(id) as CampaignView['counts']),
    skippedDays: skipped,
    excluded,
    duplicates,
  };
}

/** scheduled -> draft, while nothing has been sent: the outbox is emptied. */
export async function unscheduleCampaign(ctx: Ctx, id: string): Promise<CampaignView> {
  requireRole(ctx, ...IT_ROLES);
  const c = await findCampaignRow(ctx, id);
  if (c.state !== 'scheduled' || c.startedAt)
    throw new Conflict('Only a scheduled campaign that has not started sending can go back to draft');
  await ctx.db.delete(phishingRecipients).where(eq(phishingRecipients.campaignId, id));
  const [row] = await ctx.db
    .update(phishingCampaigns)
    .set({ state: 'draft', scheduledAt: null })
    .where(eq(phishingCampaigns.id, id))
    .returning();
  await recordAudit(ctx, {
    action: 'phishing.campaign_unscheduled',
    summary: `Phishing campaign "${c.name}" back to draft`,
    targetType: 'phishing_campaign',
    targetId: id,
  });
  return presentCampaign(row as Row, (await countRecipients(ctx, [id])).get(id) as CampaignView['counts']);
}

export const lureNames = async (ctx: Ctx, ids: string[]) =>
  ids.length
    ? new Map(
        (
          await ctx.db
            .select({ id: phishingLures.id, name: phishingLures.name })
            .from(phishingLures)
            .where(inArray(phishingLures.id, ids))
        ).map((l) => [l.id, l.name]),
      )
    : new Map<string, string>();
