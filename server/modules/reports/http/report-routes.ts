import { z } from 'zod';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { getKpiCatalogue } from '../domain/catalogue-view.ts';
import { drillRecords } from '../domain/drill.ts';
import { listManualValues, ManualInput, setManualValue } from '../domain/manual-values.ts';
import {
  editSection,
  exportReport,
  getReport,
  listReports,
  openTermReport,
  publishReport,
  SectionEdit,
  startRefresh,
} from '../domain/reports.ts';

const tags = ['reports'];
const Id = z.object({ id: z.uuid() });
const TermDate = z.string().refine(isIsoDate, 'Use the term’s first day, e.g. 2026-09-03');

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

export function registerReportRoutes(app: App): void {
  app.get('/api/reports', { schema: { tags, summary: 'Terms and their reports (SLT: published ones)' } }, (req) =>
    listReports(req.ctx),
  );
  app.get('/api/reports/kpis', { schema: { tags, summary: 'The KPI catalogue with the thresholds in force' } }, (req) =>
    getKpiCatalogue(req.ctx),
  );
  app.post(
    '/api/reports/terms/:startsOn',
    {
      schema: {
        tags,
        summary: 'Open the term’s report, drafting it the first time (the Director)',
        params: z.object({ startsOn: TermDate }),
      },
    },
    (req) => openTermReport(req.ctx, req.params.startsOn),
  );
  app.get('/api/reports/:id', { schema: { tags, summary: 'A report: figures, narrative, charts', params: Id } }, (req) =>
    getReport(req.ctx, req.params.id),
  );
  app.post(
    '/api/reports/:id/refresh',
    { schema: { tags, summary: 'Recompute a draft’s figures (a job to poll)', params: Id } },
    async (req, reply) => {
      reply.code(202);
      return { job: await startRefresh(req.ctx, req.params.id) };
    },
  );
  app.patch(
    '/api/reports/:id/narrative',
    { schema: { tags, summary: 'Edit a section, or put Belfry’s draft back (null)', params: Id, body: SectionEdit } },
    (req) => editSection(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/reports/:id/publish',
    { schema: { tags, summary: 'Publish: store the snapshot SLT reads', params: Id } },
    (req) => publishReport(req.ctx, req.params.id),
  );
  app.get(
    '/api/reports/:id/records/:kpiId',
    {
      schema: {
        tags,
        summary: 'The records behind a figure',
        params: Id.extend({ kpiId: z.string().max(80) }),
        querystring: z.object({ term: TermDate.optional() }),
      },
    },
    (req) => drillRecords(req.ctx, req.params.id, req.params.kpiId, req.query.term),
  );
  app.get(
    '/api/reports/:id/file/:kind',
    { schema: { tags, summary: 'The report as Word or PDF', params: Id.extend({ kind: z.enum(['docx', 'pdf']) }) } },
    async (req, reply) => {
      const { fileName, bytes } = await exportReport(req.ctx, req.params.id, req.params.kind);
      return reply
        .header('content-type', MIME[req.params.kind])
        .header('content-disposition', contentDisposition('attachment', fileName))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
  app.get(
    '/api/reports/manual/:startsOn',
    { schema: { tags, summary: 'The figures entered by hand for a term', params: z.object({ startsOn: TermDate }) } },
    async (req) => ({ values: await listManualValues(req.ctx, req.params.startsOn) }),
  );
  app.put(
    '/api/reports/manual',
    { schema: { tags, summary: 'Enter a figure by hand, with its evidence', body: ManualInput } },
    async (req) => {
      await setManualValue(req.ctx, req.body);
      return { ok: true };
    },
  );
}
