/**
 * tasks: the to-do list. To-dos with a due date, priority, owner and status; repeating to-dos
 * (weekly, monthly, end of term; term-only ones follow the school calendar); and where each came
 * from. Other modules turn their things into to-dos with `createTask` (source: module, kind, id,
 * label, url) and find them again with `listTasksBySource`.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { materialiseRecurrences } from './domain/recurrences.ts';
import { loadTaskCard } from './domain/task-card.ts';
import { TASK_ROLES } from './domain/task-owners.ts';
import { registerTaskRoutes } from './http/task-routes.ts';

export { createRecurrence, type Recurrence, type RecurrenceInput } from './domain/recurrences.ts';
export { TASK_ROLES } from './domain/task-owners.ts';
export type { NewTask, Priority, SourceQuery, TaskSource, TaskStatus } from './domain/task-schemas.ts';
export { createTask, listTasksBySource, setTaskStatus, type Task } from './domain/tasks.ts';
export { type CompletedTask, listTasksCompleted } from './domain/tasks-completed.ts';

export const tasksModule: BelfryModule = {
  name: 'tasks',
  routes: registerTaskRoutes,
  todayCards: [{ id: 'tasks.mine', title: 'Your to-do list', order: 3, roles: TASK_ROLES, load: loadTaskCard }],
  scheduled: [
    {
      name: 'repeating to-dos',
      everyMinutes: 60,
      run: async (ctx) => {
        const made = await materialiseRecurrences(ctx);
        if (made) ctx.log.info({ made }, 'repeating to-dos made');
      },
    },
  ],
};
