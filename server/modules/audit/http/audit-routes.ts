import { z } from 'zod';
import type { App } from '../../../lib/module.ts';
import { listAuditEvents } from '../domain/audit.ts';

export function registerAuditRoutes(app: App): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          beforeId: z.coerce.number().int().positive().optional(),
          action: z.string().max(100).optional(),
        }),
      },
    },
    async (req) => ({ events: await listAuditEvents(req.ctx, req.query) }),
  );
}
