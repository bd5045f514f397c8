import { type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import {
  deleteMilestoneRow,
  insertMilestone,
  insertUpdate,
  type ProjectRow,
  selectMilestone,
  selectOpenMilestonesDue,
  selectProject,
  selectProjects,
  updateMilestoneRow,
} from '../db/project-queries.ts';
import { pickBudget } from './budget.ts';
import { actorLabel, WRITE_ROLES } from './owners.ts';
import { MilestoneInput } from './project-schemas.ts';
import { type Milestone, presentMilestone, todayOf } from './project-view.ts';

const dayFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
/** '2026-11-20' as the UK writes it in a sentence: 'Fri 20 Nov 2026'. */
const ukDay = (date: string): string => dayFmt.format(new Date(`${date}T00:00:00Z`)).replace(/,/g, '');

/** Milestone changes go into the project's history as notes (the state is unchanged). */
async function note(ctx: Ctx, project: ProjectRow, text: string) {
  await insertUpdate(ctx.db, {
    projectId: project.id,
    at: ctx.clock.now(),
    actorLabel: actorLabel(ctx),
    kind: 'milestone',
    changed: ['milestone'],
    note: text,
    status: project.status,
    rag: project.rag,
    ragReason: project.ragReason,
    ...pickBudget(project),
  });
}

async function projectOf(ctx: Ctx, id: string): Promise<ProjectRow> {
  const p = await selectProject(ctx.db, id);
  if (!p) throw new NotFound('No such project');
  return p;
}

export async function addMilestone(ctx: Ctx, projectId: string, input: MilestoneInput): Promise<Milestone> {
  requireRole(ctx, ...WRITE_ROLES);
  const data = parseInput(MilestoneInput, input);
  const project = await projectOf(ctx, projectId);
  const row = await insertMilestone(ctx.db, {
    id: newId(),
    projectId,
    title: data.title,
    dueOn: data.dueOn,
    doneOn: data.doneOn ?? null,
  });
  await note(ctx, project, `Milestone added: ${data.title} (due ${ukDay(data.dueOn)})`);
  return presentMilestone(row, todayOf(ctx));
}

export async function updateMilestone(ctx: Ctx, id: string, input: Partial<MilestoneInput>): Promise<Milestone> {
  requireRole(ctx, ...WRITE_ROLES);
  const data = parseInput(MilestoneInput.partial(), input);
  const before = await selectMilestone(ctx.db, id);
  if (!before) throw new NotFound('No such milestone');
  const row = await updateMilestoneRow(ctx.db, id, data);
  if (!row) throw new NotFound('No such milestone');
  const project = await projectOf(ctx, row.projectId);
  if (!before.doneOn && row.doneOn) await note(ctx, project, `Milestone done: ${row.title}`);
  else if (before.doneOn && !row.doneOn) await note(ctx, project, `Milestone reopened: ${row.title}`);
  else if (before.dueOn !== row.dueOn)
    await note(ctx, project, `Milestone moved: ${row.title}, ${ukDay(before.dueOn)} → ${ukDay(row.dueOn)}`);
  return presentMilestone(row, todayOf(ctx));
}

export async function deleteMilestone(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...WRITE_ROLES);
  const row = await deleteMilestoneRow(ctx.db, id);
  if (!row) throw new NotFound('No such milestone');
  await note(ctx, await projectOf(ctx, row.projectId), `Milestone removed: ${row.title}`);
}

export type UpcomingMilestone = Milestone & { projectName: string };

/**
 * Milestones not done that fall due by `to`: overdue ones too, unless `from` is given. For
 * other modules (the meeting agenda): no role check, the caller checks.
 */
export async function listOpenMilestones(ctx: Ctx, range: { to: string; from?: string }): Promise<UpcomingMilestone[]> {
  const [rows, projects] = await Promise.all([selectOpenMilestonesDue(ctx.db, range.to, range.from), selectProjects(ctx.db)]);
  const live = new Map(projects.filter((p) => p.status !== 'cancelled' && p.status !== 'completed').map((p) => [p.id, p]));
  const today = todayOf(ctx);
  return rows
    .filter((m) => live.has(m.projectId))
    .map((m) => ({ ...presentMilestone(m, today), projectName: live.get(m.projectId)?.name ?? '' }));
}
