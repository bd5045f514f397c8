import type { Ctx } from '../../../lib/context.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectIncidents } from '../db/incident-queries.ts';
import { icoClock } from './incidents.ts';

export type IncidentActivity = {
  opened: { id: string; ref: string; category: string; severity: string; openedAt: string; url: string }[];
  closed: { id: string; ref: string; category: string; closedAt: string; url: string }[];
  /** ICO deadlines falling in the window, or still open ones due within 7 days after it. */
  icoDeadlines: {
    id: string;
    ref: string;
    deadline: string;
    decidedAt: string | null;
    decision: string | null;
    met: boolean | null;
    url: string;
  }[];
  /** Incidents the school was aware of by the end of the window and had not closed by then. */
  openAtEnd: number;
};

/**
 * The register's activity in a window of school-calendar dates (both inclusive), for the weekly
 * briefing and the termly report. No role check (callers check); references and categories only,
 * never titles or people. An incident is opened when the school became aware of it (the moment
 * the ICO's clock starts).
 */
export async function readIncidentActivity(ctx: Ctx, window: { from: string; to: string }): Promise<IncidentActivity> {
  const tz = ctx.config.timeZone;
  const start = zonedToUtc(window.from, '00:00', tz);
  const end = zonedToUtc(addDays(window.to, 1), '00:00', tz);
  const soon = zonedToUtc(addDays(window.to, 8), '00:00', tz);
  const now = ctx.clock.now();
  const inWindow = (d: Date | null) => !!d && d >= start && d < end;
  const url = (id: string) => `/incidents?open=${id}`;
  const rows = [...(await selectIncidents(ctx.db))].sort((a, b) => a.becameAwareAt.getTime() - b.becameAwareAt.getTime());
  const out: IncidentActivity = { opened: [], closed: [], icoDeadlines: [], openAtEnd: 0 };
  for (const i of rows) {
    if (inWindow(i.becameAwareAt))
      out.opened.push({
        id: i.id,
        ref: i.ref,
        category: i.category,
        severity: i.severity,
        openedAt: i.becameAwareAt.toISOString(),
        url: url(i.id),
      });
    if (i.closedAt && inWindow(i.closedAt))
      out.closed.push({ id: i.id, ref: i.ref, category: i.category, closedAt: i.closedAt.toISOString(), url: url(i.id) });
    if (i.becameAwareAt < end && !(i.closedAt && i.closedAt < end)) out.openAtEnd++;
    const ico = icoClock(i, now);
    if (!ico.deadline) continue;
    const deadline = new Date(ico.deadline);
    const decided = i.icoDecision !== 'pending';
    if (inWindow(deadline) || (!decided && deadline >= end && deadline < soon)) {
      out.icoDeadlines.push({
        id: i.id,
        ref: i.ref,
        deadline: ico.deadline,
        decidedAt: i.icoDecisionAt?.toISOString() ?? null,
        decision: decided ? i.icoDecision : null,
        met: decided ? !!i.icoDecisionAt && i.icoDecisionAt <= deadline : deadline < now ? false : null,
        url: url(i.id),
      });
    }
  }
  out.closed.sort((a, b) => a.closedAt.localeCompare(b.closedAt));
  out.icoDeadlines.sort((a, b) => a.deadline.localeCompare(b.deadline));
  return out;
}
