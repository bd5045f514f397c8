import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import {
  createRecurrence,
  listRecurrences,
  RecurrenceInput,
  setRecurrenceActive,
  updateRecurrence,
} from '../domain/recurrences.ts';
import { listTaskOwners } from '../domain/task-owners.ts';
import { NewTask, STATUSES, TaskPatch } from '../domain/task-schemas.ts';
import { createTask, deleteTask, getTask, listTasks, listTasksBySource, updateTask } from '../domain/tasks.ts';

const tags = ['tasks'];
const Id = z.object({ id: z.uuid() });

export function registerTaskRoutes(app: App): void {
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'To-dos: your own, or everyone’s (the Director and IT); open by default',
        querystring: z.object({
          scope: z.enum(['mine', 'all']).default('mine'),
          status: z.enum(STATUSES).default('open'),
          ownerId: z.uuid().optional(),
          sourceModule: z.string().optional(),
          sourceKind: z.string().optional(),
          sourceId: z.string().optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      if (q.sourceModule)
        return { tasks: await listTasksBySource(req.ctx, { module: q.sourceModule, kind: q.sourceKind, id: q.sourceId }) };
      return { tasks: await listTasks(req.ctx, { scope: q.scope, status: q.status, ownerId: q.ownerId }) };
    },
  );

  app.get('/api/tasks/owners', { schema: { tags, summary: 'Who a to-do can be given to' } }, async (req) => {
    return { owners: await listTaskOwners(req.ctx) };
  });

  app.post('/api/tasks', { schema: { tags, summary: 'Add a to-do', body: NewTask } }, async (req, reply) => {
    reply.code(201);
    return createTask(req.ctx, req.body);
  });

  app.get('/api/tasks/:id', { schema: { tags, summary: 'One to-do', params: Id } }, async (req) =>
    getTask(req.ctx, req.params.id),
  );

  app.patch(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Change a to-do, or mark it done', params: Id, body: TaskPatch } },
    async (req) => updateTask(req.ctx, req.params.id, req.body),
  );

  app.delete('/api/tasks/:id', { schema: { tags, summary: 'Delete a to-do', params: Id } }, async (req, reply) => {
    await deleteTask(req.ctx, req.params.id);
    reply.code(204);
  });

  app.get('/api/tasks/recurring', { schema: { tags, summary: 'Repeating to-dos with their next dates' } }, async (req) => ({
    recurrences: await listRecurrences(req.ctx),
  }));

  app.post(
    '/api/tasks/recurring',
    { schema: { tags, summary: 'Add a repeating to-do', body: RecurrenceInput } },
    async (req, reply) => {
      reply.code(201);
      return createRecurrence(req.ctx, req.body);
    },
  );

  app.put(
    '/api/tasks/recurring/:id',
    { schema: { tags, summary: 'Change a repeating to-do from today on', params: Id, body: RecurrenceInput } },
    async (req) => updateRecurrence(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/tasks/recurring/:id/active',
    {
      schema: { tags, summary: 'Stop or restart a repeating to-do', params: Id, body: z.object({ isActive: z.boolean() }) },
    },
    async (req) => setRecurrenceActive(req.ctx, req.params.id, req.body.isActive),
  );
}
