import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { createProject } from '../../projects/index.ts';
import { createTask, listTasksBySource } from '../../tasks/index.ts';
import {
  type ActionRow,
  insertAction,
  selectAction,
  selectActions,
  selectRequirement,
  selectStandards,
  updateActionRow,
} from '../db/standards-queries.ts';
import { EDIT_ROLES } from './access.ts';

/**
 * What has to happen for a requirement to be met. An action becomes its owner's to-do (through
 * tasks.createTask, its status then follows the to-do) or, when it is bigger, a proposed project.
 */

const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-12-11');
export const ActionInput = z.object({
  text: z.string().trim().min(3).max(300),
  ownerId: z.uuid().optional(),
  dueOn: IsoDate.nullish(),
});
export const ActionPatch = z.object({
  text: z.string().trim().min(3).max(300).optional(),
  dueOn: IsoDate.nullish(),
  status: z.enum(['open', 'done', 'dropped']).optional(),
});

export type ActionView = {
  id: string;
  requirementId: string;
  text: string;
  ownerName: string;
  dueOn: string | null;
  status: 'open' | 'done' | 'dropped';
  task: { id: string; status: string; ownerName: string } | null;
  projectId: string | null;
};

async function owner(ctx: Ctx, ownerId: string | undefined) {
  const people = await listUserSummaries(ctx);
  const actorId = ctx.actor?.kind === 'user' ? ctx.actor.id : undefined;
  const found = people.find((u) => u.id === (ownerId ?? actorId) && u.isActive && ['admin', 'it', 'slt'].includes(u.role));
  if (!found) throw new Invalid('ownerId: choose an active Director, IT or SLT account');
  return found;
}

export async function addStandardsAction(
  ctx: Ctx,
  requirementId: string,
  input: z.input<typeof ActionInput>,
): Promise<ActionRow> {
  requireRole(ctx, ...EDIT_ROLES);
  const a = parseInput(ActionInput, input);
  const r = await selectRequirement(ctx.db, requirementId);
  if (!r || r.retiredIn) throw new NotFound('There is no such current requirement');
  const who = await owner(ctx, a.ownerId);
  const now = ctx.clock.now();
  return insertAction(ctx.db, {
    id: newId(),
    requirementId,
    text: a.text,
    ownerId: who.id,
    ownerName: who.name,
    dueOn: a.dueOn ?? null,
    status: 'open',
    createdAt: now,
    updatedAt: now,
  });
}

export async function updateStandardsAction(ctx: Ctx, id: string, input: z.input<typeof ActionPatch>): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const p = parseInput(ActionPatch, input);
  if (!(await selectAction(ctx.db, id))) throw new NotFound('There is no such action');
  await updateActionRow(ctx.db, id, { ...p, updatedAt: ctx.clock.now() });
}

async function actionWithRequirement(ctx: Ctx, id: string) {
  const action = await selectAction(ctx.db, id);
  if (!action) throw new NotFound('There is no such action');
  const r = await selectRequirement(ctx.db, action.requirementId);
  const standard = (await selectStandards(ctx.db)).find((s) => s.id === r?.standardId);
  return { action, requirementText: r?.text ?? '', standardTitle: standard?.title ?? 'Standards' };
}

export async function sendActionToTasks(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const { action, standardTitle } = await actionWithRequirement(ctx, id);
  if (action.taskId) throw new Conflict('This action is already on a to-do list');
  const task = await createTask(ctx, {
    title: action.text,
    dueOn: action.dueOn,
    ownerId: action.ownerId ?? undefined,
    source: {
      module: 'standards',
      kind: 'action',
      id: action.id,
      label: `Standards: ${standardTitle}`,
      url: `/standards?requirement=${encodeURIComponent(action.requirementId)}`,
    },
  });
  await updateActionRow(ctx.db, id, { taskId: task.id, updatedAt: ctx.clock.now() });
}

export async function sendActionToProject(ctx: Ctx, id: string): Promise<{ projectId: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const { action, requirementText, standardTitle } = await actionWithRequirement(ctx, id);
  if (action.projectId) throw new Conflict('This action is already a project');
  const project = await createProject(ctx, {
    name: action.text,
    summary: `From the standards tracker (${standardTitle}): ${requirementText}`,
    ownerId: action.ownerId,
    status: 'proposed',
    rag: 'green',
    targetOn: action.dueOn,
    capitalBudget: 0,
    capitalCommitted: 0,
    capitalSpent: 0,
    revenueBudget: 0,
    revenueCommitted: 0,
    revenueSpent: 0,
    dependsOn: [],
  });
  await updateActionRow(ctx.db, id, { projectId: project.id, updatedAt: ctx.clock.now() });
  return { projectId: project.id };
}

/** Actions with their to-do's status (a to-do done or cancelled closes the action). */
export async function listActionViews(ctx: Ctx, requirementId?: string): Promise<ActionView[]> {
  const rows = await selectActions(ctx.db, requirementId);
  const withTask = rows.filter((r) => r.taskId);
  const tasks = withTask.length
    ? await listTasksBySource(ctx, { module: 'standards', kind: 'action', id: withTask.map((r) => r.id) })
    : [];
  return rows.map((r) => {
    const task = tasks.find((t) => t.id === r.taskId);
    const status = task ? (task.status === 'done' ? 'done' : task.status === 'cancelled' ? 'dropped' : 'open') : r.status;
    return {
      id: r.id,
      requirementId: r.requirementId,
      text: r.text,
      ownerName: r.ownerName,
      dueOn: r.dueOn,
      status: status as ActionView['status'],
      task: task ? { id: task.id, status: task.status, ownerName: task.owner.name } : null,
      projectId: r.projectId,
    };
  });
}
