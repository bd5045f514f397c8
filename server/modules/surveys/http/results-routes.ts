import { z } from 'zod';
import { contentDisposition } from '../../../lib/http.ts';
import type { App } from '../../../lib/module.ts';
import { AUDIENCES } from '../domain/audiences.ts';
import { exportResultsCsv, exportSummaryDocx, getSltSummary } from '../domain/reports.ts';
import { getResults } from '../domain/results.ts';

const tags = ['surveys'];
const audienceQuery = z.object({ audience: z.enum(AUDIENCES).optional() });

/** Results, the SLT summary and the exports: the Director, IT and SLT. */
export function registerResultsRoutes(app: App): void {
  app.get(
    '/api/surveys/results',
    { schema: { tags, summary: 'Every question by audience and year, with changes and trends', querystring: audienceQuery } },
    async (req) => getResults(req.ctx, req.query),
  );
  app.get('/api/surveys/summary', { schema: { tags, summary: 'The SLT summary: the changes that matter' } }, async (req) =>
    getSltSummary(req.ctx),
  );
  app.get(
    '/api/surveys/export.csv',
    { schema: { tags, summary: 'The results as CSV', querystring: audienceQuery } },
    async (req, reply) => {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', contentDisposition('attachment', 'survey-results.csv'));
      return exportResultsCsv(req.ctx, req.query);
    },
  );
  app.get(
    '/api/surveys/summary.docx',
    { schema: { tags, summary: 'The SLT summary as a Word document' } },
    async (req, reply) => {
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      reply.header('content-disposition', contentDisposition('attachment', 'survey-summary.docx'));
      return exportSummaryDocx(req.ctx);
    },
  );
}
