import type { App } from '../../../lib/module.ts';
import { readStorageUse } from '../domain/storage.ts';

export function registerSystemRoutes(app: App): void {
  app.get(
    '/api/system/storage',
    { schema: { tags: ['system'], summary: "The data directory's use: database, uploads, backups; the last verified backup" } },
    async (req) => readStorageUse(req.ctx, req.ctx.config.databaseUrl ? 'postgres' : 'pglite'),
  );
}
