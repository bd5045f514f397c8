import type { App, Registry } from '../../../lib/module.ts';
import { loadToday } from '../domain/today.ts';

export function registerTodayRoutes(app: App, registry: Registry): void {
  app.get(
    '/api/today',
    { schema: { tags: ['today'], summary: "The signed-in user's Today cards, with their data" } },
    async (req) => ({
      cards: await loadToday(req.ctx, registry.todayCards),
    }),
  );
}
