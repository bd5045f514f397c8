import type { Ctx } from '../../../lib/context.ts';
import { listSchools } from '../../directory/index.ts';
import { clearAlertsOfKind } from '../db/mail-queries.ts';
import { selectStaleOpenTickets } from '../db/ticket-queries.ts';
import { loadSlaEnv, NO_TERM_DATES, refreshTicketSla, termDatesAhead } from './sla-policies.ts';

/**
 * When the calendar or an SLA policy changes, the due dates cached on open tickets are
 * recomputed (the scheduler runs this every few minutes; `belfry helpdesk recompute` on demand).
 * Metrics need no recompute: they are computed from events with the current calendar.
 */
export async function recomputeSla(ctx: Ctx): Promise<number> {
  const env = await loadSlaEnv(ctx);
  const schools = [null, ...(await listSchools(ctx)).map((s) => s.id)];
  let n = 0;
  for (const schoolId of schools) {
    const stale = await selectStaleOpenTickets(ctx.db, schoolId, await env.fingerprint(schoolId));
    for (const { id } of stale) {
      await refreshTicketSla(ctx, id, env);
      n++;
    }
  }
  // Once the term dates are in, the warning that tickets had no due date goes.
  if (await termDatesAhead(env, schools, ctx.clock.now())) await clearAlertsOfKind(ctx.db, NO_TERM_DATES, ctx.clock.now());
  return n;
}
