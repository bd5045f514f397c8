import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { findPersonByEmail } from '../../directory/index.ts';
import {
  insertSeries,
  type MemberRow,
  replaceMembers,
  type SeriesRow,
  selectAllSeries,
  selectMeetings,
  selectMembers,
  selectSeries,
  updateSeriesRow,
} from '../db/meeting-queries.ts';
import { EDIT_ROLES, READ_ROLES, SERIES_KINDS } from './sections.ts';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:00');

export const MemberInput = z.object({
  userId: z.uuid().nullish(),
  personId: z.uuid().nullish(),
  name: z.string().trim().min(1).max(200).nullish(),
  email: z.email().nullish(),
  roleLabel: z.string().trim().max(200).nullish(),
});
export type MemberInput = z.input<typeof MemberInput>;

const seriesShape = {
  name: z.string().trim().min(1, 'Enter a name').max(200),
  kind: z.enum(SERIES_KINDS),
  purpose: z.string().trim().max(2000),
  cadenceWeeks: z.number().int().min(1).max(26),
  defaultTime: Time,
  defaultMinutes: z.number().int().min(10).max(480),
  location: z.string().trim().max(200).nullish(),
  members: z.array(MemberInput).max(40),
};
export const SeriesInput = z.object({
  ...seriesShape,
  purpose: seriesShape.purpose.default(''),
  cadenceWeeks: seriesShape.cadenceWeeks.default(4),
  defaultTime: seriesShape.defaultTime.default('09:00'),
  defaultMinutes: seriesShape.defaultMinutes.default(60),
  members: seriesShape.members.default([]),
});
export type SeriesInput = z.input<typeof SeriesInput>;
export const SeriesPatch = z.object(seriesShape).partial();
export type SeriesPatch = z.input<typeof SeriesPatch>;

export type Member = {
  id: string;
  userId: string | null;
  personId: string | null;
  name: string;
  email: string | null;
  roleLabel: string | null;
};

export const presentMember = (m: MemberRow): Member => ({
  id: m.id,
  userId: m.userId,
  personId: m.personId,
  name: m.name,
  email: m.email,
  roleLabel: m.roleLabel,
});

/**
 * A member is an account, a directory person, or a name (and address) for someone outside
 * both. People are matched to their account by email address, so actions can become their to-dos.
 */
async function resolveMembers(ctx: Ctx, input: z.output<typeof MemberInput>[]) {
  const users = await listUserSummaries(ctx);
  const out: Omit<MemberRow, 'seriesId'>[] = [];
  for (const [i, m] of input.entries()) {
    const field = `members.${i}`;
    let { name, email, roleLabel } = m;
    let userId = m.userId ?? null;
    let personId = m.personId ?? null;
    if (userId) {
      const u = users.find((x) => x.id === userId);
      if (!u) throw new Invalid(`${field}.userId: no account with that id`);
      name ??= u.name;
      email ??= u.email;
    }
    if (email && !personId) personId = (await findPersonByEmail(ctx, email))?.id ?? null;
    if (personId) {
      const p = email ? await findPersonByEmail(ctx, email) : undefined;
      if (!p || p.id !== personId) throw new Invalid(`${field}.personId: give the person's email address from the directory`);
      name ??= p.displayName;
      roleLabel ??= p.jobTitle;
    }
    if (!userId && email) userId = users.find((u) => u.email === email.toLowerCase())?.id ?? null;
    if (!name) throw new Invalid(`${field}.name: enter a name`);
    out.push({ id: newId(), userId, personId, name, email: email ?? null, roleLabel: roleLabel ?? null, position: i });
  }
  return out;
}

export async function createSeries(ctx: Ctx, input: SeriesInput): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const { members, ...data } = parseInput(SeriesInput, input);
  const resolved = await resolveMembers(ctx, members);
  const now = ctx.clock.now();
  const row = await insertSeries(ctx.db, {
    id: newId(),
    ...data,
    location: data.location ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await replaceMembers(ctx.db, row.id, resolved);
  return { id: row.id };
}

export async function updateSeries(ctx: Ctx, id: string, input: SeriesPatch): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const { members, ...data } = parseInput(SeriesPatch, input);
  if (!(await selectSeries(ctx.db, id))) throw new NotFound('No such meeting series');
  const resolved = members ? await resolveMembers(ctx, members) : undefined;
  await updateSeriesRow(ctx.db, id, { ...data, updatedAt: ctx.clock.now() });
  if (resolved) await replaceMembers(ctx.db, id, resolved);
  return { id };
}

export type SeriesSummary = {
  id: string;
  name: string;
  kind: string;
  purpose: string;
  cadenceWeeks: number;
  defaultTime: string;
  defaultMinutes: number;
  location: string | null;
  members: Member[];
  next: { id: string; startsAt: string; date: string } | null;
  last: { id: string; startsAt: string; date: string } | null;
  meetings: { id: string; startsAt: string; date: string; status: string }[];
};

export async function listSeries(ctx: Ctx): Promise<SeriesSummary[]> {
  requireRole(ctx, ...READ_ROLES);
  const [series, members, meetings] = await Promise.all([selectAllSeries(ctx.db), selectMembers(ctx.db), selectMeetings(ctx.db)]);
  const tz = ctx.config.timeZone;
  const brief = (m: (typeof meetings)[number]) => ({
    id: m.id,
    startsAt: m.startsAt.toISOString(),
    date: localDate(m.startsAt, tz),
    status: m.status,
  });
  return series.map((s: SeriesRow) => {
    const mine = meetings.filter((m) => m.seriesId === s.id);
    const planned = mine.filter((m) => m.status === 'planned').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const held = mine.filter((m) => m.status === 'held');
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      purpose: s.purpose,
      cadenceWeeks: s.cadenceWeeks,
      defaultTime: s.defaultTime,
      defaultMinutes: s.defaultMinutes,
      location: s.location,
      members: members.filter((m) => m.seriesId === s.id).map(presentMember),
      next: planned[0] ? brief(planned[0]) : null,
      last: held[0] ? brief(held[0]) : null,
      meetings: mine.map(brief),
    };
  });
}
