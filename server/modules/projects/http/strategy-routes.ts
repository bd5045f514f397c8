import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import {
  createInitiative,
  createObjective,
  deleteInitiative,
  getPublishedStrategy,
  getStrategy,
  InitiativeInput,
  ObjectiveInput,
  StrategyInput,
  saveStrategy,
  updateInitiative,
  updateObjective,
} from '../domain/strategy.ts';

const tags = ['strategy'];
const Id = z.object({ id: z.uuid() });

export function registerStrategyRoutes(app: App): void {
  app.get(
    '/api/strategy/published',
    { schema: { tags, summary: 'The technology strategy as staff read it (everyone)' } },
    async (req) => getPublishedStrategy(req.ctx),
  );

  app.get('/api/strategy', { schema: { tags, summary: 'The whole strategy with projects, money and progress' } }, async (req) =>
    getStrategy(req.ctx),
  );

  app.put(
    '/api/strategy',
    { schema: { tags, summary: 'Vision, period and review dates (the Director)', body: StrategyInput } },
    async (req) => saveStrategy(req.ctx, req.body),
  );

  app.post(
    '/api/strategy/objectives',
    { schema: { tags, summary: 'Add an objective', body: ObjectiveInput } },
    async (req, reply) => {
      reply.code(201);
      return createObjective(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/strategy/objectives/:id',
    { schema: { tags, summary: 'Change or publish an objective', params: Id, body: ObjectiveInput.partial() } },
    async (req) => updateObjective(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/strategy/initiatives',
    { schema: { tags, summary: 'Add an initiative', body: InitiativeInput } },
    async (req, reply) => {
      reply.code(201);
      return createInitiative(req.ctx, req.body);
    },
  );

  app.patch(
    '/api/strategy/initiatives/:id',
    { schema: { tags, summary: 'Change an initiative', params: Id, body: InitiativeInput.partial() } },
    async (req) => updateInitiative(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/strategy/initiatives/:id',
    { schema: { tags, summary: 'Remove an initiative', params: Id } },
    async (req, reply) => {
      await deleteInitiative(req.ctx, req.params.id);
      reply.code(204);
    },
  );
}
