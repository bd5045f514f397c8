import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { addMilestone, deleteMilestone, updateMilestone } from '../domain/milestones.ts';
import { MilestoneInput, ProjectFields, ProjectPatch } from '../domain/project-schemas.ts';
import { createProject, getProject, listProjects, updateProject } from '../domain/projects.ts';

const tags = ['projects'];
const Id = z.object({ id: z.uuid() });

export function registerProjectRoutes(app: App): void {
  app.get(
    '/api/projects',
    { schema: { tags, summary: 'Every project with budget, progress and RAG, and the totals' } },
    async (req) => listProjects(req.ctx),
  );

  app.post(
    '/api/projects',
    { schema: { tags, summary: 'Add a project (the Director and IT)', body: ProjectFields } },
    async (req, reply) => {
      reply.code(201);
      return createProject(req.ctx, req.body);
    },
  );

  app.get('/api/projects/:id', { schema: { tags, summary: 'One project with its history', params: Id } }, async (req) =>
    getProject(req.ctx, req.params.id),
  );

  app.patch(
    '/api/projects/:id',
    {
      schema: {
        tags,
        summary: 'Change a project (status, RAG, budget, ...) with a note for its history',
        params: Id,
        body: ProjectPatch,
      },
    },
    async (req) => updateProject(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/projects/:id/milestones',
    { schema: { tags, summary: 'Add a milestone', params: Id, body: MilestoneInput } },
    async (req, reply) => {
      reply.code(201);
      return addMilestone(req.ctx, req.params.id, req.body);
    },
  );

  app.patch(
    '/api/projects/milestones/:id',
    { schema: { tags, summary: 'Change a milestone or mark it done', params: Id, body: MilestoneInput.partial() } },
    async (req) => updateMilestone(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/projects/milestones/:id',
    { schema: { tags, summary: 'Remove a milestone', params: Id } },
    async (req, reply) => {
      await deleteMilestone(req.ctx, req.params.id);
      reply.code(204);
    },
  );
}
