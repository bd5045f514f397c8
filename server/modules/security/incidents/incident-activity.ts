import type { Ctx } from '../../../lib/context.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectIncidents } from '../db/incident-queries.ts';
import { icoClock } from './incidents.ts';

/**
 * The register's activity in a window of school-calendar dates (both inclusive), for the termly
 * report and the weekly briefing: incidents opened (became aware) and closed in it, the ICO
 * deadlines that fell in it (or fall within 7 days after it and are still open), and how many
 * were open at its end. Refs and categories only: no titles, notes or people. No role check:
 * the caller checks.
 */

export type IncidentActivity = {
  opened: { id: string; ref: string; category: string; severity: string; openedAt: string; url: string }[];
  closed: { id: string; ref: string; category: string; closedAt: string; url: string }[];
  /** `met`: decided by the deadline (true), decided late or overdue (false), still running (null). */
  icoDeadlines: {
    id: string;
    ref: string;
    deadline: string;
    decidedAt: string | null;
    decision: string | null;
    met: boolean | null;
    url: string;
  }[];
  openAtEnd: number;
};

export async function readIncidentActivity(ctx: Ctx, window: { from: string; to: string }): Promise<IncidentActivity> {
  const tz = ctx.config.timeZone;
  const start = zonedToUtc(window.from, '00:00', tz);
  const end = zonedToUtc(addDays(window.to, 1), '00:00', tz);
  const soon = new Date(end.getTime() + 7 * 86_400_000);
  const now = ctx.clock.now();
  const asOf = now < end ? now : end;
  const rows = (await selectIncidents(ctx.db)).sort(
    (a, b) => a.becameAwareAt.getTime() - b.becameAwareAt.getTime() || a.ref.localeCompare(b.ref),
  );
  const url = (id: string) => `/incidents?open=${id}`;
  const inWindow = (d: Date | null) => !!d && d >= start && d < end;
  const out: IncidentActivity = { opened: [], closed: [], icoDeadlines: [], openAtEnd: 0 };
  for (const r of rows) {
    if (inWindow(r.becameAwareAt))
      out.opened.push({
        id: r.id,
        ref: r.ref,
        category: r.category,
        severity: r.severity,
        openedAt: r.becameAwareAt.toISOString(),
        url: url(r.id),
      });
    if (r.closedAt && inWindow(r.closedAt))
      out.closed.push({ id: r.id, ref: r.ref, category: r.category, closedAt: r.closedAt.toISOString(), url: url(r.id) });
    // Open at the end: aware before it, not closed by then.
    if (r.becameAwareAt < end && r.becameAwareAt <= asOf && (!r.closedAt || r.closedAt >= end)) out.openAtEnd++;
    const clock = icoClock(r, asOf);
    if (!clock.deadline) continue;
    const deadline = new Date(clock.deadline);
    const decided = r.icoDecision !== 'pending' && r.icoDecisionAt && r.icoDecisionAt < end ? r.icoDecisionAt : null;
    const falls = deadline >= start && deadline < end;
    const dueSoon = deadline >= end && deadline < soon && !decided && r.becameAwareAt < end;
    if (!falls && !dueSoon) continue;
    out.icoDeadlines.push({
      id: r.id,
      ref: r.ref,
      deadline: clock.deadline,
      decidedAt: decided ? decided.toISOString() : null,
      decision: decided ? r.icoDecision : null,
      met: decided ? decided <= deadline : deadline < asOf ? false : null,
      url: url(r.id),
    });
  }
  return out;
}
