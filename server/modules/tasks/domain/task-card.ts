import { type Ctx, requireRole } from '../../../lib/context.ts';
import { TASK_ROLES } from './task-owners.ts';
import { listTasks, type Task } from './tasks.ts';

export type TaskCard = { overdue: Task[]; today: Task[]; week: Task[]; later: number; undated: number };

/** Today's card: the signed-in user's own open to-dos that are overdue, due today or in the next seven days. */
export async function loadTaskCard(ctx: Ctx): Promise<TaskCard> {
  const actor = requireRole(ctx, ...TASK_ROLES);
  if (actor.kind !== 'user') return { overdue: [], today: [], week: [], later: 0, undated: 0 };
  const open = await listTasks(ctx, { scope: 'mine' });
  const of = (b: Task['bucket']) => open.filter((t) => t.bucket === b);
  return {
    overdue: of('overdue'),
    today: of('today'),
    week: of('week'),
    later: of('later').length,
    undated: of('undated').length,
  };
}
