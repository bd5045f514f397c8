import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { createRisk, getRisk, listRisks, RiskInput, RiskPatch, RiskReview, reviewRisk, updateRisk } from '../domain/risks.ts';

const tags = ['risks'];
const Id = z.object({ id: z.uuid() });

export function registerRiskRoutes(app: App): void {
  app.get('/api/risks', { schema: { tags, summary: 'The risk register, highest score first' } }, async (req) => ({
    risks: await listRisks(req.ctx),
  }));

  app.post(
    '/api/risks',
    { schema: { tags, summary: 'Add a risk (the Director and IT)', body: RiskInput } },
    async (req, reply) => {
      reply.code(201);
      return createRisk(req.ctx, req.body);
    },
  );

  app.get('/api/risks/:id', { schema: { tags, summary: 'One risk with its score history', params: Id } }, async (req) =>
    getRisk(req.ctx, req.params.id),
  );

  app.patch('/api/risks/:id', { schema: { tags, summary: 'Change a risk', params: Id, body: RiskPatch } }, async (req) =>
    updateRisk(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/risks/:id/review',
    { schema: { tags, summary: 'Record a review: scores now, a note, the next review date', params: Id, body: RiskReview } },
    async (req) => reviewRisk(req.ctx, req.params.id, req.body),
  );
}
