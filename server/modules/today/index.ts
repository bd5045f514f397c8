/**
 * today: the page the Director opens first. It owns no data: each module contributes cards
 * through its BelfryModule.todayCards, and this module loads the ones the user's role may see.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { registerTodayRoutes } from './http/today-routes.ts';

export const todayModule: BelfryModule = { name: 'today', routes: registerTodayRoutes };
