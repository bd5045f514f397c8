import { type Ctx, requireRole } from '../../../lib/context.ts';
import { listOpenActionsBefore } from './actions.ts';
import { READ_ROLES } from './sections.ts';
import { listSeries } from './series.ts';

export type MeetingsCard = {
  series: { id: string; name: string; next: { id: string; date: string } | null; openActions: number }[];
};

/** Today: each series' next meeting and how many actions are still open. */
export async function loadMeetingsCard(ctx: Ctx): Promise<MeetingsCard> {
  requireRole(ctx, ...READ_ROLES);
  const series = await listSeries(ctx);
  const far = new Date(ctx.clock.now().getTime() + 400 * 86_400_000);
  return {
    series: await Promise.all(
      series.map(async (s) => ({
        id: s.id,
        name: s.name,
        next: s.next ? { id: s.next.id, date: s.next.date } : null,
        openActions: (await listOpenActionsBefore(ctx, s.id, s.next ? new Date(s.next.startsAt) : far)).length,
      })),
    ),
  };
}
