import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { App, Registry } from '../../../lib/module.ts';
import { getSchoolDateOrder } from '../../settings/index.ts';
import { checkImportFile } from '../domain/file-kind.ts';
import { getImporter, listImporters, previewCsv, startImport } from '../domain/imports.ts';
import { getJob, listJobs } from '../domain/jobs.ts';
import { receiveUpload } from './receive-upload.ts';

const tags = ['imports'];

const jsonObject = z
  .string()
  .optional()
  .transform((t, c) => {
    if (!t) return undefined;
    try {
      return z.record(z.string(), z.unknown()).parse(JSON.parse(t));
    } catch {
      c.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  });

export function registerJobsRoutes(app: App, registry: Registry): void {
  app.get('/api/imports', { schema: { tags, summary: 'The importers this user may run' } }, async (req) => ({
    importers: listImporters(req.ctx, registry.importers),
    /** The school's date order for files that cannot settle it (null: such a file is refused and asks). */
    schoolDateOrder: (await getSchoolDateOrder(req.ctx)) ?? null,
  }));

  app.post(
    '/api/imports/:kind',
    {
      schema: {
        tags,
        summary: 'Upload a file to import (multipart, field "file"); returns the job to poll',
        params: z.object({ kind: z.string().max(60) }),
        querystring: z.object({
          dryRun: z.stringbool().default(false),
          skipInvalid: z.stringbool().default(false),
          dateOrder: z.enum(['dmy', 'mdy']).optional(),
          mapping: jsonObject,
          extra: jsonObject,
        }),
      },
    },
    async (req, reply) => {
      // The importer's roles are checked before a byte of the file is accepted.
      const importer = getImporter(req.ctx, registry.importers, req.params.kind);
      const { file, fileName } = await receiveUpload(req);
      let job: Awaited<ReturnType<typeof startImport>>;
      try {
        await checkImportFile(registry.importers, importer, file, fileName);
        job = await startImport(req.ctx, importer, file, {
          dryRun: req.query.dryRun,
          skipInvalid: req.query.skipInvalid,
          dateOrder: req.query.dateOrder,
          mapping: req.query.mapping as Record<string, string> | undefined,
          extra: req.query.extra,
          fileName,
        });
      } catch (err) {
        await rm(file, { force: true });
        throw err;
      }
      reply.code(202);
      return { job };
    },
  );

  app.post(
    '/api/imports/:kind/preview',
    {
      schema: {
        tags,
        summary: 'Headers, sample rows and a suggested mapping for a CSV',
        params: z.object({ kind: z.string().max(60) }),
      },
    },
    async (req) => {
      const importer = getImporter(req.ctx, registry.importers, req.params.kind);
      const { file, fileName } = await receiveUpload(req);
      return previewCsv(req.ctx, importer, file, fileName);
    },
  );

  app.get(
    '/api/jobs/:id',
    { schema: { tags, summary: 'A job with its progress and result', params: z.object({ id: z.uuid() }) } },
    async (req) => getJob(req.ctx, req.params.id),
  );

  app.get(
    '/api/jobs',
    {
      schema: {
        tags,
        summary: 'Recent jobs',
        querystring: z.object({
          kind: z.string().max(60).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => ({ jobs: await listJobs(req.ctx, req.query) }),
  );
}
