import { z } from 'zod';
import { type Ctx, requireRole, systemActor } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate, localDate } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { createTask, listTasksBySource, setTaskStatus, TASK_ROLES } from '../../tasks/index.ts';
import { type MeetingRow, selectEarlierMeetings, selectMeeting, selectSeries } from '../db/meeting-queries.ts';
import {
  type ActionRow,
  deleteActionRow,
  insertAction,
  selectAction,
  selectActions,
  updateActionRow,
} from '../db/minutes-queries.ts';
import { EDIT_ROLES, longDay } from './sections.ts';

export const ActionInput = z.object({
  text: z.string().trim().min(1, 'Say what is to be done').max(500),
  ownerId: z.uuid().nullish(),
  ownerName: z.string().trim().min(1).max(200).nullish(),
  dueOn: z.string().refine(isIsoDate, 'Use a date like 2026-11-20').nullish(),
  itemId: z.uuid().nullish(),
});
export type ActionInput = z.input<typeof ActionInput>;
export const ActionPatch = ActionInput.partial().extend({ status: z.enum(['open', 'done', 'dropped']).optional() });
export type ActionPatch = z.input<typeof ActionPatch>;

export type ActionView = {
  id: string;
  meetingId: string;
  meetingOn: string;
  itemId: string | null;
  text: string;
  owner: { userId: string | null; name: string; hasTodoList: boolean };
  dueOn: string | null;
  /** Follows the to-do once there is one: done there is done here. */
  status: 'open' | 'done' | 'dropped';
  taskId: string | null;
};

const TASK_TO_ACTION = { open: 'open', done: 'done', cancelled: 'dropped' } as const;

/**
 * Actions with their real status: an action on someone's to-do list is done when the to-do is.
 * The to-dos are read as Belfry itself: whoever may read the meeting may know whether its
 * actions are done, even when the to-do belongs to someone else.
 */
export async function presentActions(ctx: Ctx, rows: ActionRow[], meetings: MeetingRow[]): Promise<ActionView[]> {
  const withTask = rows.filter((r) => r.taskId).map((r) => r.id);
  const tasks = withTask.length
    ? await listTasksBySource({ ...ctx, actor: systemActor('meetings') }, { module: 'meetings', kind: 'action', id: withTask })
    : [];
  const taskStatus = new Map(tasks.map((t) => [t.id, t.status]));
  const users = new Map((await listUserSummaries(ctx)).map((u) => [u.id, u]));
  const meetingOn = new Map(meetings.map((m) => [m.id, localDate(m.startsAt, ctx.config.timeZone)]));
  return rows.map((r) => {
    const fromTask = r.taskId ? taskStatus.get(r.taskId) : undefined;
    const owner = r.ownerUserId ? users.get(r.ownerUserId) : undefined;
    return {
      id: r.id,
      meetingId: r.meetingId,
      meetingOn: meetingOn.get(r.meetingId) ?? '',
      itemId: r.itemId,
      text: r.text,
      owner: {
        userId: r.ownerUserId,
        name: r.ownerName,
        hasTodoList: !!owner && owner.isActive && TASK_ROLES.includes(owner.role),
      },
      dueOn: r.dueOn,
      status: fromTask ? TASK_TO_ACTION[fromTask] : (r.status as ActionView['status']),
      taskId: r.taskId,
    };
  });
}

/** Open actions raised at the series' meetings before `before`, soonest due first. */
export async function listOpenActionsBefore(ctx: Ctx, seriesId: string, before: Date): Promise<ActionView[]> {
  const meetings = await selectEarlierMeetings(ctx.db, seriesId, before);
  if (meetings.length === 0) return [];
  const rows = await selectActions(
    ctx.db,
    meetings.map((m) => m.id),
  );
  const views = await presentActions(ctx, rows, meetings);
  return views
    .filter((a) => a.status === 'open')
    .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.meetingOn.localeCompare(b.meetingOn));
}

async function resolveOwner(ctx: Ctx, input: { ownerId?: string | null; ownerName?: string | null }) {
  if (input.ownerId) {
    const u = (await listUserSummaries(ctx)).find((x) => x.id === input.ownerId);
    if (!u) throw new Invalid('ownerId: no account with that id');
    return { ownerUserId: u.id, ownerName: u.name };
  }
  if (input.ownerName) return { ownerUserId: null, ownerName: input.ownerName };
  throw new Invalid('ownerName: say who will do it');
}

export async function addAction(ctx: Ctx, meetingId: string, input: ActionInput): Promise<ActionRow> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(ActionInput, input);
  if (!(await selectMeeting(ctx.db, meetingId))) throw new NotFound('No such meeting');
  const now = ctx.clock.now();
  return insertAction(ctx.db, {
    id: newId(),
    meetingId,
    itemId: data.itemId ?? null,
    text: data.text,
    ...(await resolveOwner(ctx, data)),
    dueOn: data.dueOn ?? null,
    status: 'open',
    createdAt: now,
    updatedAt: now,
  });
}

async function getActionRow(ctx: Ctx, id: string): Promise<ActionRow> {
  const row = await selectAction(ctx.db, id);
  if (!row) throw new NotFound('No such action');
  return row;
}

/** Changes an action; marking it done or dropped does the same to its to-do. */
export async function updateAction(ctx: Ctx, id: string, input: ActionPatch): Promise<ActionRow> {
  requireRole(ctx, ...EDIT_ROLES);
  const { ownerId, ownerName, status, ...rest } = parseInput(ActionPatch, input);
  const row = await getActionRow(ctx, id);
  const owner = ownerId !== undefined || ownerName !== undefined ? await resolveOwner(ctx, { ownerId, ownerName }) : {};
  if (status && row.taskId) await setTaskStatus(ctx, row.taskId, status === 'dropped' ? 'cancelled' : status);
  const updated = await updateActionRow(ctx.db, id, {
    ...rest,
    ...owner,
    ...(status ? { status, doneOn: status === 'done' ? localDate(ctx.clock.now(), ctx.config.timeZone) : null } : {}),
    updatedAt: ctx.clock.now(),
  });
  return updated as ActionRow;
}

export async function deleteAction(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const row = await getActionRow(ctx, id);
  if (row.taskId) throw new Conflict('This action is on a to-do list: mark it dropped instead');
  await deleteActionRow(ctx.db, id);
}

/**
 * One click: the action becomes a to-do for its owner, linked back to the meeting. An owner
 * without a to-do list (no account, or a staff account) gets it on the Director's list to chase.
 */
export async function sendActionToTasks(ctx: Ctx, id: string): Promise<ActionRow> {
  requireRole(ctx, ...EDIT_ROLES);
  const row = await getActionRow(ctx, id);
  if (row.taskId) throw new Conflict('This action is already on a to-do list');
  const meeting = await selectMeeting(ctx.db, row.meetingId);
  const series = meeting && (await selectSeries(ctx.db, meeting.seriesId));
  if (!meeting || !series) throw new NotFound('No such meeting');
  const [view] = await presentActions(ctx, [row], [meeting]);
  const own = view?.owner.hasTodoList;
  const when = longDay(localDate(meeting.startsAt, ctx.config.timeZone));
  const task = await createTask(ctx, {
    title: own ? row.text : `Chase ${row.ownerName}: ${row.text}`,
    notes: `Action from ${series.name}, ${when}.`,
    dueOn: row.dueOn,
    ownerId: own ? (row.ownerUserId ?? undefined) : undefined,
    source: { module: 'meetings', kind: 'action', id: row.id, label: `${series.name}, ${when}`, url: `/meetings/${meeting.id}` },
  });
  return (await updateActionRow(ctx.db, id, { taskId: task.id, updatedAt: ctx.clock.now() })) as ActionRow;
}
