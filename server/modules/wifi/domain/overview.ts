import { type Ctx, requireRole } from '../../../lib/context.ts';
import { selectAps } from '../db/ap-queries.ts';
import { selectRecentDays, selectRecentImports } from '../db/overview-queries.ts';
import { lastSchoolDay, loadSchoolDays } from './school-days.ts';

/** What the Wi-Fi page opens with: the default day, the days that have data, the inventory's size. */
export async function getWifiOverview(ctx: Ctx) {
  const actor = requireRole(ctx, 'admin', 'it', 'slt');
  const days = await loadSchoolDays(ctx);
  const since = new Date(ctx.clock.now().getTime() - 120 * 86400000);
  const [withData, aps, imports] = await Promise.all([
    selectRecentDays(ctx.db, since, ctx.config.timeZone),
    selectAps(ctx.db),
    actor.role === 'slt' ? Promise.resolve([]) : selectRecentImports(ctx.db),
  ]);
  const last = lastSchoolDay(ctx, days);
  return {
    lastSchoolDay: last,
    defaultDay: withData.find((d) => d <= last && days.isSchoolDay(d)) ?? withData[0] ?? last,
    daysWithData: withData,
    schoolDays: withData.filter((d) => days.isSchoolDay(d)),
    aps: aps.length,
    apsPlaced: aps.filter((a) => a.buildingCode).length,
    imports,
    canSeeDevices: actor.role !== 'slt',
  };
}
