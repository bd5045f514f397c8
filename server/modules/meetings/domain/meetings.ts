import { z } from 'zod';
import { type Ctx, hasRole, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { describeDay } from '../../../lib/working-time.ts';
import { addDays, isIsoDate, localDate, localParts, pad2, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import {
  insertMeeting,
  type MeetingRow,
  selectMeeting,
  selectMeetings,
  selectMembers,
  selectSeries,
  updateMeetingRow,
} from '../db/meeting-queries.ts';
import { deleteDecisionRow, insertDecision, selectActions, selectDecisions, selectItems } from '../db/minutes-queries.ts';
import { type ActionView, presentActions } from './actions.ts';
import { buildAgenda } from './agenda.ts';
import { EDIT_ROLES, READ_ROLES, SECTIONS } from './sections.ts';
import { type Member, presentMember } from './series.ts';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:00');
const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-20');

export const MeetingInput = z.object({
  /** Local date and time in the school's time zone. */
  date: IsoDate.optional(),
  time: Time.optional(),
  minutes: z.number().int().min(10).max(480).optional(),
  location: z.string().trim().max(200).nullish(),
});
export type MeetingInput = z.input<typeof MeetingInput>;
export const MeetingPatch = MeetingInput.extend({
  notes: z.string().trim().max(20000).nullish(),
  status: z.enum(['planned', 'held', 'cancelled']).optional(),
});
export type MeetingPatch = z.input<typeof MeetingPatch>;

const localTime = (at: Date, tz: string) => {
  const p = localParts(at, tz);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
};

/** Plans a meeting of the series (by default one cadence after its latest) with its agenda built. */
/**
 * A date the cadence proposes, moved on past weekends, bank holidays, closures and the days
 * between Christmas and New Year, when nobody meets. The Director can still choose any date.
 */
async function nextWorkingDay(ctx: Ctx, date: string): Promise<string> {
  const cal = await loadSchoolCalendar(ctx);
  let d = date;
  for (let i = 0; i < 21; i++, d = addDays(d, 1)) {
    const day = describeDay(cal, d);
    const christmas = d.slice(5) >= '12-24' || d.slice(5) === '01-01';
    if (!day.isWeekend && day.kind !== 'bank_holiday' && day.kind !== 'closure' && !christmas) return d;
  }
  return date;
}

export async function createMeeting(ctx: Ctx, seriesId: string, input: MeetingInput = {}): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(MeetingInput, input);
  const series = await selectSeries(ctx.db, seriesId);
  if (!series) throw new NotFound('No such meeting series');
  const tz = ctx.config.timeZone;
  const [latest] = await selectMeetings(ctx.db, seriesId);
  const today = localDate(ctx.clock.now(), tz);
  const date =
    data.date ??
    (await nextWorkingDay(ctx, latest ? addDays(localDate(latest.startsAt, tz), series.cadenceWeeks * 7) : addDays(today, 7)));
  const time = data.time ?? (latest ? localTime(latest.startsAt, tz) : series.defaultTime);
  const now = ctx.clock.now();
  const row = await insertMeeting(ctx.db, {
    id: newId(),
    seriesId,
    startsAt: zonedToUtc(date, time, tz),
    minutes: data.minutes ?? series.defaultMinutes,
    location: data.location ?? series.location,
    status: 'planned',
    createdAt: now,
    updatedAt: now,
  });
  await buildAgenda(ctx, row.id);
  return { id: row.id };
}

export async function updateMeeting(ctx: Ctx, id: string, input: MeetingPatch): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(MeetingPatch, input);
  const row = await selectMeeting(ctx.db, id);
  if (!row) throw new NotFound('No such meeting');
  const tz = ctx.config.timeZone;
  const moved = data.date || data.time;
  await updateMeetingRow(ctx.db, id, {
    ...(moved
      ? { startsAt: zonedToUtc(data.date ?? localDate(row.startsAt, tz), data.time ?? localTime(row.startsAt, tz), tz) }
      : {}),
    ...(data.minutes ? { minutes: data.minutes } : {}),
    ...(data.location !== undefined ? { location: data.location || null } : {}),
    ...(data.notes !== undefined ? { notes: data.notes || null } : {}),
    ...(data.status ? { status: data.status } : {}),
    updatedAt: ctx.clock.now(),
  });
}

/** The series' next meeting after this one: the one already planned, or a new one a cadence later. */
export async function planNextMeeting(ctx: Ctx, id: string): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const row = await selectMeeting(ctx.db, id);
  if (!row) throw new NotFound('No such meeting');
  const later = (await selectMeetings(ctx.db, row.seriesId))
    .filter((m) => m.startsAt > row.startsAt && m.status === 'planned')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  if (later) {
    await buildAgenda(ctx, later.id);
    return { id: later.id };
  }
  return createMeeting(ctx, row.seriesId);
}

export const DecisionInput = z.object({
  text: z.string().trim().min(1, 'Write the decision').max(2000),
  itemId: z.uuid().nullish(),
});
export type DecisionInput = z.input<typeof DecisionInput>;

export async function addDecision(ctx: Ctx, meetingId: string, input: DecisionInput): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(DecisionInput, input);
  if (!(await selectMeeting(ctx.db, meetingId))) throw new NotFound('No such meeting');
  const row = await insertDecision(ctx.db, {
    id: newId(),
    meetingId,
    itemId: data.itemId ?? null,
    text: data.text,
    createdAt: ctx.clock.now(),
  });
  return { id: row.id };
}

export async function deleteDecision(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  if (!(await deleteDecisionRow(ctx.db, id))) throw new NotFound('No such decision');
}

export type AgendaItem = {
  id: string;
  section: string;
  title: string;
  detail: string;
  auto: boolean;
  edited: boolean;
  minutes: string | null;
  url: string | null;
};

export type MeetingView = {
  id: string;
  series: { id: string; name: string; kind: string; purpose: string };
  startsAt: string;
  date: string;
  time: string;
  minutes: number;
  location: string | null;
  status: 'planned' | 'held' | 'cancelled';
  notes: string | null;
  agendaBuiltAt: string | null;
  agendaSentAt: string | null;
  minutesSentAt: string | null;
  members: Member[];
  sections: { id: string; title: string; items: AgendaItem[] }[];
  decisions: { id: string; text: string; itemId: string | null }[];
  /** Actions raised at this meeting. */
  actions: ActionView[];
  previous: { id: string; date: string } | null;
  next: { id: string; date: string } | null;
};

/** A meeting with its agenda by section, decisions and actions (and a first agenda if it has none). */
export async function getMeeting(ctx: Ctx, id: string): Promise<MeetingView> {
  requireRole(ctx, ...READ_ROLES);
  let row = await selectMeeting(ctx.db, id);
  if (!row) throw new NotFound('No such meeting');
  if (!row.agendaBuiltAt && row.status === 'planned' && hasRole(ctx, ...EDIT_ROLES)) {
    await buildAgenda(ctx, id);
    row = (await selectMeeting(ctx.db, id)) as MeetingRow;
  }
  const series = await selectSeries(ctx.db, row.seriesId);
  if (!series) throw new NotFound('No such meeting series');
  const tz = ctx.config.timeZone;
  const [items, decisions, actionRows, members, all] = await Promise.all([
    selectItems(ctx.db, id),
    selectDecisions(ctx.db, id),
    selectActions(ctx.db, [id]),
    selectMembers(ctx.db, series.id),
    selectMeetings(ctx.db, series.id),
  ]);
  const ordered = [...all].filter((m) => m.status !== 'cancelled' || m.id === id).reverse();
  const at = ordered.findIndex((m) => m.id === id);
  const link = (m: MeetingRow | undefined) => (m ? { id: m.id, date: localDate(m.startsAt, tz) } : null);
  const visible = items.filter((i) => !i.hidden);
  return {
    id: row.id,
    series: { id: series.id, name: series.name, kind: series.kind, purpose: series.purpose },
    startsAt: row.startsAt.toISOString(),
    date: localDate(row.startsAt, tz),
    time: localTime(row.startsAt, tz),
    minutes: row.minutes,
    location: row.location,
    status: row.status as MeetingView['status'],
    notes: row.notes,
    agendaBuiltAt: row.agendaBuiltAt?.toISOString() ?? null,
    agendaSentAt: row.agendaSentAt?.toISOString() ?? null,
    minutesSentAt: row.minutesSentAt?.toISOString() ?? null,
    members: members.map(presentMember),
    sections: SECTIONS.map((s) => ({
      id: s.id,
      title: s.title,
      items: visible
        .filter((i) => i.section === s.id)
        .map((i) => ({
          id: i.id,
          section: i.section,
          title: i.title,
          detail: i.detail,
          auto: !!i.sourceKey,
          edited: i.edited,
          minutes: i.minutes,
          url: i.sourceUrl,
        })),
    })).filter((s) => s.items.length > 0),
    decisions: decisions.map((d) => ({ id: d.id, text: d.text, itemId: d.itemId })),
    actions: await presentActions(ctx, actionRows, [row]),
    previous: link(ordered[at - 1]),
    next: link(ordered[at + 1]),
  };
}
