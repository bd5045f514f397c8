import type { Ctx } from '../../../lib/context.ts';
import { addDays, localDate, localParts, pad2, zonedToUtc } from '../../../lib/zoned-time.ts';
import { selectAllSeries, selectMeetings } from '../db/meeting-queries.ts';
import { selectActions, selectDecisions } from '../db/minutes-queries.ts';
import { presentActions } from './actions.ts';

export type MeetingInWindow = {
  id: string;
  seriesName: string;
  /** Local date and time in the school's time zone. */
  date: string;
  time: string;
  startsAt: string;
  status: 'planned' | 'held' | 'cancelled';
  decisions: string[];
  /** Actions raised at the meeting, with their real status (a to-do done is the action done). */
  actions: { id: string; text: string; ownerName: string; ownerUserId: string | null; dueOn: string | null; status: string }[];
  url: string;
};

/**
 * Meetings (not cancelled) starting between two school-calendar dates, both inclusive, oldest
 * first, with their decisions and actions: for the weekly briefing (held this week, coming next
 * week). No role check: the caller checks.
 */
export async function listMeetingsBetween(ctx: Ctx, window: { from: string; to: string }): Promise<MeetingInWindow[]> {
  const tz = ctx.config.timeZone;
  const start = zonedToUtc(window.from, '00:00', tz);
  const end = zonedToUtc(addDays(window.to, 1), '00:00', tz);
  const meetings = (await selectMeetings(ctx.db))
    .filter((m) => m.status !== 'cancelled' && m.startsAt >= start && m.startsAt < end)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (meetings.length === 0) return [];
  const series = new Map((await selectAllSeries(ctx.db)).map((s) => [s.id, s.name]));
  const actions = await presentActions(
    ctx,
    await selectActions(
      ctx.db,
      meetings.map((m) => m.id),
    ),
    meetings,
  );
  const out: MeetingInWindow[] = [];
  for (const m of meetings) {
    const p = localParts(m.startsAt, tz);
    out.push({
      id: m.id,
      seriesName: series.get(m.seriesId) ?? 'Meeting',
      date: localDate(m.startsAt, tz),
      time: `${pad2(p.hour)}:${pad2(p.minute)}`,
      startsAt: m.startsAt.toISOString(),
      status: m.status as MeetingInWindow['status'],
      decisions: (await selectDecisions(ctx.db, m.id)).map((d) => d.text),
      actions: actions
        .filter((a) => a.meetingId === m.id)
        .map((a) => ({
          id: a.id,
          text: a.text,
          ownerName: a.owner.name,
          ownerUserId: a.owner.userId,
          dueOn: a.dueOn,
          status: a.status,
        })),
      url: `/meetings/${m.id}`,
    });
  }
  return out;
}
