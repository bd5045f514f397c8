import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { getApDetail } from '../domain/ap-detail.ts';
import { getClientDetail } from '../domain/client-detail.ts';
import { analyseComplaints, ComplaintInput } from '../domain/complaints.ts';
import { listWifiContacts } from '../domain/contacts.ts';
import { makeFindingTodo, TodoInput } from '../domain/finding-todo.ts';
import { getWifiOverview } from '../domain/overview.ts';
import { getServiceLevels } from '../domain/service-levels.ts';
import { analyseWifiTickets } from '../domain/ticket-complaints.ts';
import { getWifiVerdict } from '../domain/verdict.ts';

const tags = ['wifi'];
const window = z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() });

export function registerWifiRoutes(app: App): void {
  app.get(
    '/api/wifi/overview',
    { schema: { tags, summary: 'The last school day and the days with Wi-Fi data (admin, IT, SLT)' } },
    async (req) => getWifiOverview(req.ctx),
  );

  app.get(
    '/api/wifi/verdict',
    {
      schema: {
        tags,
        summary: 'General problem or individual devices, with evidence (admin, IT; SLT without devices)',
        querystring: window.extend({ scope: z.string().max(120).optional() }),
      },
    },
    async (req) => getWifiVerdict(req.ctx, req.query),
  );

  app.get(
    '/api/wifi/service',
    {
      schema: {
        tags,
        summary: 'Service levels per site, building, AP, SSID and band; heatmap (admin, IT, SLT)',
        querystring: window,
      },
    },
    async (req) => getServiceLevels(req.ctx, req.query),
  );

  app.get(
    '/api/wifi/aps/:id',
    {
      schema: {
        tags,
        summary: 'One access point: 5-minute bins, events; its devices for admin and IT',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: window,
      },
    },
    async (req) => getApDetail(req.ctx, req.params.id, req.query),
  );

  app.get(
    '/api/wifi/clients/:key',
    {
      schema: {
        tags,
        summary: "One person's or device's Wi-Fi, with the drafted contact message (admin, IT)",
        params: z.object({ key: z.string().min(1).max(200) }),
        querystring: window,
      },
    },
    async (req) => getClientDetail(req.ctx, req.params.key, req.query),
  );

  app.get(
    '/api/wifi/contacts',
    {
      schema: {
        tags,
        summary: 'People to contact from the individual findings, with drafted messages (admin, IT)',
        querystring: window,
      },
    },
    async (req) => listWifiContacts(req.ctx, req.query),
  );

  app.post(
    '/api/wifi/complaints',
    {
      schema: { tags, summary: 'Analyse complaints from a list of people, a place and a time (admin, IT)', body: ComplaintInput },
    },
    async (req) => analyseComplaints(req.ctx, req.body),
  );

  app.get(
    '/api/wifi/tickets',
    { schema: { tags, summary: "Analyse the help desk's Wi-Fi tickets for a window (admin, IT)", querystring: window } },
    async (req) => analyseWifiTickets(req.ctx, req.query),
  );

  app.post(
    '/api/wifi/todos',
    { schema: { tags, summary: 'Make a to-do from a general finding (admin, IT)', body: TodoInput } },
    async (req, reply) => {
      reply.code(201);
      return makeFindingTodo(req.ctx, req.body);
    },
  );
}
