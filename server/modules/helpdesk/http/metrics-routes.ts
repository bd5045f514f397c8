import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { clearAlert } from '../db/mail-queries.ts';
import { getHelpdeskMetrics, listMetricTickets, listTermPeriods, MetricsQuery, metricsCsv } from '../domain/metrics-read.ts';
import { listSlaPolicies, SlaPoliciesInput, setSlaPolicies } from '../domain/sla-policies.ts';
import { listWifiComplaints } from '../domain/wifi-complaints.ts';

const tags = ['helpdesk'];

async function dismissAlert(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...IT_ROLES);
  if (!(await clearAlert(ctx.db, id, ctx.clock.now()))) throw new NotFound('No such alert');
}

export function registerMetricsRoutes(app: App): void {
  app.get(
    '/api/helpdesk/metrics',
    {
      schema: {
        tags,
        summary: 'Help desk metrics for a period, optionally by week, month or term (admin, IT, SLT)',
        querystring: MetricsQuery,
      },
    },
    (req) => getHelpdeskMetrics(req.ctx, req.query),
  );

  app.get('/api/helpdesk/metrics/terms', { schema: { tags, summary: 'Terms to report on' } }, async (req) => ({
    terms: await listTermPeriods(req.ctx),
  }));

  app.get(
    '/api/helpdesk/metrics/tickets',
    {
      schema: {
        tags,
        summary: 'The tickets behind one figure (drill-down)',
        querystring: MetricsQuery.extend({ metric: z.string().min(1).max(80) }),
      },
    },
    (req) => listMetricTickets(req.ctx, req.query),
  );

  app.get(
    '/api/helpdesk/metrics.csv',
    { schema: { tags, summary: 'The headline figures as CSV', querystring: MetricsQuery } },
    async (req, reply) => {
      const report = await getHelpdeskMetrics(req.ctx, req.query);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', 'helpdesk-metrics.csv'));
      return metricsCsv(report);
    },
  );

  app.get(
    '/api/helpdesk/wifi-complaints',
    {
      schema: {
        tags,
        summary: 'Wi-Fi tickets in a period, for the Wi-Fi evidence (admin, IT)',
        querystring: MetricsQuery.pick({ from: true, to: true }),
      },
    },
    async (req) => ({ complaints: await listWifiComplaints(req.ctx, req.query) }),
  );

  app.get('/api/helpdesk/sla-policies', { schema: { tags, summary: 'SLA targets per priority and category' } }, async (req) => ({
    policies: await listSlaPolicies(req.ctx),
  }));
  app.put(
    '/api/helpdesk/sla-policies',
    { schema: { tags, summary: 'Replace the SLA targets (admin)', body: z.object({ policies: SlaPoliciesInput }) } },
    async (req) => ({
      policies: await setSlaPolicies(req.ctx, req.body.policies),
    }),
  );

  app.post(
    '/api/helpdesk/alerts/:id/clear',
    { schema: { tags, summary: 'Dismiss a help desk alert (IT)', params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      await dismissAlert(req.ctx, req.params.id);
      reply.code(204);
    },
  );
}
