import { type Actor, type Ctx, requireRole } from '../../../lib/context.ts';
import { Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays } from '../../../lib/zoned-time.ts';
import {
  deleteTaskRow,
  insertTask,
  selectTask,
  selectTasks,
  type TaskFilter,
  type TaskRow,
  updateTaskRow,
} from '../db/task-queries.ts';
import { materialiseRecurrences, todayOf } from './recurrences.ts';
import { loadOwners, type Owners, ownerName, requireOwner, TASK_ROLES } from './task-owners.ts';
import { NewTask, type Priority, SourceQuery, TaskPatch, type TaskSource, type TaskStatus } from './task-schemas.ts';

/** Where a to-do sits in the list: what the Today card and the to-do page group by. */
export type TaskBucket = 'overdue' | 'today' | 'week' | 'later' | 'undated' | 'closed';

export type Task = {
  id: string;
  title: string;
  notes: string | null;
  dueOn: string | null;
  priority: Priority;
  status: TaskStatus;
  owner: { id: string; name: string };
  createdBy: string;
  createdAt: string;
  completedAt: string | null;
  source: TaskSource | null;
  recurrenceId: string | null;
  bucket: TaskBucket;
};

export function bucketOf(status: string, dueOn: string | null, today: string): TaskBucket {
  if (status !== 'open') return 'closed';
  if (!dueOn) return 'undated';
  if (dueOn < today) return 'overdue';
  if (dueOn === today) return 'today';
  if (dueOn <= addDays(today, 7)) return 'week';
  return 'later';
}

export function presentTask(r: TaskRow, owners: Owners, today: string): Task {
  return {
    id: r.id,
    title: r.title,
    notes: r.notes,
    dueOn: r.dueOn,
    priority: r.priority as Priority,
    status: r.status as TaskStatus,
    owner: { id: r.ownerId, name: ownerName(owners, r.ownerId) },
    createdBy: r.createdByLabel,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    source:
      r.sourceModule && r.sourceKind && r.sourceId
        ? {
            module: r.sourceModule,
            kind: r.sourceKind,
            id: r.sourceId,
            label: r.sourceLabel ?? r.sourceKind,
            ...(r.sourceUrl ? { url: r.sourceUrl } : {}),
          }
        : null,
    recurrenceId: r.recurrenceId,
    bucket: bucketOf(r.status, r.dueOn, today),
  };
}

const actorId = (a: Actor): string | null => (a.kind === 'user' ? a.id : null);
const actorLabel = (a: Actor): string => (a.kind === 'user' ? a.name : `Belfry (${a.name})`);
/** The Director and IT Services see everyone's to-dos; others see their own and those they gave. */
const seesAll = (a: Actor): boolean => a.role === 'admin' || a.role === 'it';

function canSee(a: Actor, r: TaskRow): boolean {
  return seesAll(a) || r.ownerId === actorId(a) || r.createdBy === actorId(a);
}
function canChange(a: Actor, r: TaskRow): boolean {
  return a.role === 'admin' || r.ownerId === actorId(a) || r.createdBy === actorId(a);
}

/**
 * Creates a to-do. Other modules call this (through tasks/index.ts) to turn a meeting action,
 * an alert or a ticket into a to-do, with `source` saying where it came from. The owner
 * defaults to the actor; Belfry itself (a scheduled task) must name one.
 */
export async function createTask(ctx: Ctx, input: NewTask): Promise<Task> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const data = parseInput(NewTask, input);
  const ownerId = data.ownerId ?? actorId(actor);
  if (!ownerId) throw new Invalid('ownerId: say whose to-do this is');
  const owners = await loadOwners(ctx);
  requireOwner(owners, ownerId);
  const now = ctx.clock.now();
  const row = await insertTask(ctx.db, {
    id: newId(),
    title: data.title,
    notes: data.notes || null,
    dueOn: data.dueOn ?? null,
    priority: data.priority,
    status: 'open',
    ownerId,
    createdBy: actorId(actor),
    createdByLabel: actorLabel(actor),
    createdAt: now,
    updatedAt: now,
    sourceModule: data.source?.module ?? null,
    sourceKind: data.source?.kind ?? null,
    sourceId: data.source?.id ?? null,
    sourceLabel: data.source?.label ?? null,
    sourceUrl: data.source?.url ?? null,
  });
  return presentTask(row, owners, todayOf(ctx));
}

async function getVisibleRow(ctx: Ctx, id: string): Promise<{ actor: Actor; row: TaskRow }> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const row = await selectTask(ctx.db, id);
  if (!row || !canSee(actor, row)) throw new NotFound('No such to-do');
  return { actor, row };
}

export async function getTask(ctx: Ctx, id: string): Promise<Task> {
  const { row } = await getVisibleRow(ctx, id);
  return presentTask(row, await loadOwners(ctx), todayOf(ctx));
}

/** Changes a to-do (its owner, whoever gave it, or the Director). Done and reopened set the completion time. */
export async function updateTask(ctx: Ctx, id: string, input: TaskPatch): Promise<Task> {
  const { actor, row } = await getVisibleRow(ctx, id);
  if (!canChange(actor, row)) throw new Forbidden('Only its owner, whoever gave it or the Director can change this to-do');
  const patch = parseInput(TaskPatch, input);
  const owners = await loadOwners(ctx);
  if (patch.ownerId) requireOwner(owners, patch.ownerId);
  const now = ctx.clock.now();
  const status = patch.status ?? row.status;
  const updated = await updateTaskRow(ctx.db, id, {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes || null } : {}),
    ...(patch.dueOn !== undefined ? { dueOn: patch.dueOn } : {}),
    ...(patch.priority ? { priority: patch.priority } : {}),
    ...(patch.ownerId ? { ownerId: patch.ownerId } : {}),
    status,
    completedAt: status === 'open' ? null : status === row.status ? row.completedAt : now,
    updatedAt: now,
  });
  if (!updated) throw new NotFound('No such to-do');
  return presentTask(updated, owners, todayOf(ctx));
}

/** Marks a to-do done, cancelled or open again. */
export function setTaskStatus(ctx: Ctx, id: string, status: TaskStatus): Promise<Task> {
  return updateTask(ctx, id, { status });
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  const { actor, row } = await getVisibleRow(ctx, id);
  if (!canChange(actor, row)) throw new Forbidden('Only its owner, whoever gave it or the Director can delete this to-do');
  await deleteTaskRow(ctx.db, id);
}

export type TaskListQuery = {
  /** mine (default): the actor's own; all: everyone's (the Director and IT only). */
  scope?: 'mine' | 'all';
  ownerId?: string;
  status?: TaskStatus;
  limit?: number;
};

export async function listTasks(ctx: Ctx, q: TaskListQuery = {}): Promise<Task[]> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const me = actorId(actor);
  if (q.scope === 'all' && !seesAll(actor)) throw new Forbidden('Only the Director and IT Services see everyone’s to-dos');
  const filter: TaskFilter = { status: q.status ?? 'open', limit: q.limit ?? 500 };
  if (q.ownerId) {
    filter.ownerId = q.ownerId;
    if (!seesAll(actor)) filter.visibleTo = me ?? '';
  } else if (q.scope !== 'all') {
    if (!me) throw new Invalid('Belfry itself has no to-do list');
    filter.ownerId = me;
  }
  // Repeating to-dos due within their lead time are made first, so the list is never behind.
  await materialiseRecurrences(ctx);
  const rows = await selectTasks(ctx.db, filter);
  const owners = await loadOwners(ctx);
  const today = todayOf(ctx);
  return rows.map((r) => presentTask(r, owners, today));
}

/** To-dos that came from one thing (or one kind of thing) in another module, any status. */
export async function listTasksBySource(ctx: Ctx, source: SourceQuery): Promise<Task[]> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  const q = parseInput(SourceQuery, source);
  const ids = q.id === undefined ? undefined : Array.isArray(q.id) ? q.id : [q.id];
  const rows = await selectTasks(ctx.db, {
    source: { module: q.module, kind: q.kind, ids },
    visibleTo: seesAll(actor) ? undefined : (actorId(actor) ?? ''),
  });
  const owners = await loadOwners(ctx);
  const today = todayOf(ctx);
  return rows.map((r) => presentTask(r, owners, today));
}
