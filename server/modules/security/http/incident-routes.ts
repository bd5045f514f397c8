import { z } from 'zod';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { registerCsv, sltIncidentSummary, sltSummaryCsv } from '../incidents/incident-report.ts';
import {
  addAction,
  appendDecision,
  completeAction,
  createIncident,
  getIncident,
  IcoDecision,
  type IncidentPatch,
  listIncidents,
  NewIncident,
  recordIcoDecision,
  updateIncident,
} from '../incidents/incidents.ts';

const tags = ['incidents'];
const id = z.object({ id: z.uuid() });

export function registerIncidentRoutes(app: App): void {
  app.get('/api/incidents', { schema: { tags, summary: 'The incident register (admin, IT)' } }, async (req) => ({
    incidents: await listIncidents(req.ctx),
  }));
  app.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Open an incident',
        body: NewIncident.extend({
          becameAwareAt: z.string(),
          occurredAt: z.string().optional(),
          detectedAt: z.string().optional(),
        }),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createIncident(req.ctx, req.body as z.input<typeof NewIncident>);
    },
  );
  app.get(
    '/api/incidents/summary',
    { schema: { tags, summary: 'SLT summary by month and category (no names)' } },
    async (req) => ({ rows: await sltIncidentSummary(req.ctx) }),
  );
  app.get('/api/incidents/summary.csv', { schema: { tags, summary: 'SLT summary as CSV' } }, async (req, reply) => {
    const csv = await sltSummaryCsv(req.ctx);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', 'incident-summary.csv'));
    return csv;
  });
  app.get('/api/incidents/register.csv', { schema: { tags, summary: 'The register as CSV (admin, IT)' } }, async (req, reply) => {
    const csv = await registerCsv(req.ctx);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', 'incident-register.csv'));
    return csv;
  });
  app.get(
    '/api/incidents/:id',
    { schema: { tags, summary: 'One incident with its decision log, actions and alerts', params: id } },
    async (req) => getIncident(req.ctx, req.params.id),
  );
  app.patch(
    '/api/incidents/:id',
    { schema: { tags, summary: 'Change an incident', params: id, body: z.record(z.string(), z.unknown()) } },
    async (req) => updateIncident(req.ctx, req.params.id, req.body as z.input<typeof IncidentPatch>),
  );
  app.post(
    '/api/incidents/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Append to the decision log (entries cannot be changed)',
        params: id,
        body: z.object({ decision: z.string(), rationale: z.string().default('') }),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return appendDecision(req.ctx, req.params.id, req.body);
    },
  );
  app.post(
    '/api/incidents/:id/ico',
    { schema: { tags, summary: 'Record the ICO decision', params: id, body: IcoDecision } },
    async (req) => recordIcoDecision(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/incidents/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action',
        params: id,
        body: z.object({ text: z.string(), owner: z.string().optional(), dueOn: z.string().optional() }),
      },
    },
    async (req, reply) => {
      reply.code(201);
      return addAction(req.ctx, req.params.id, req.body);
    },
  );
  app.post(
    '/api/incidents/:id/actions/:actionId',
    {
      schema: {
        tags,
        summary: 'Mark an action done or not',
        params: z.object({ id: z.uuid(), actionId: z.uuid() }),
        body: z.object({ done: z.boolean() }),
      },
    },
    async (req) => completeAction(req.ctx, req.params.id, req.params.actionId, req.body.done),
  );
}
