import { type Ctx, requireRole } from '../../../lib/context.ts';
import { selectIncidents } from '../db/incident-queries.ts';
import { icoClock } from './incidents.ts';

export type IncidentsToday = {
  open: number;
  /** Still to say whether personal data is involved (their ICO clocks run meanwhile). */
  personalDataUnknown: number;
  /** ICO decisions still to make, soonest deadline first; overdue ones lead. */
  deadlines: { id: string; ref: string; title: string | null; deadline: string; hoursLeft: number; overdue: boolean }[];
};

/**
 * The Today card: open incidents, and the ICO deadlines still running (overdue first, then the
 * next). The Director and IT see titles; SLT see refs only, as on their summary.
 */
export async function summariseIncidentsForToday(ctx: Ctx): Promise<IncidentsToday> {
  requireRole(ctx, 'admin', 'it', 'slt');
  const now = ctx.clock.now();
  const titles = !(ctx.actor?.kind === 'user' && ctx.actor.role === 'slt');
  const open = (await selectIncidents(ctx.db)).filter((i) => i.status !== 'closed');
  const deadlines = open
    .map((i) => ({ i, clock: icoClock(i, now) }))
    .filter(({ clock }) => clock.required && clock.hoursLeft !== null && clock.deadline)
    .map(({ i, clock }) => ({
      id: i.id,
      ref: i.ref,
      title: titles ? i.title : null,
      deadline: clock.deadline as string,
      hoursLeft: clock.hoursLeft as number,
      overdue: clock.overdue,
    }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
  return {
    open: open.length,
    personalDataUnknown: open.filter((i) => i.personalData === null).length,
    deadlines,
  };
}
