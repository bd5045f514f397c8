import { localDate } from '../../../../lib/zoned-time.ts';
import { listMeetingsBetween } from '../../../meetings/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, md, shortDay, weekday } from '../words.ts';
import { teamOf } from './team.ts';

/** Meetings held this week, what they decided, and the actions they gave the team. */
export const meetingsFeed: BriefingFeed = {
  id: 'meetings',
  label: 'Meetings',
  from: 'the meetings held',
  description: 'Meetings held this week, their decisions and the actions for the team',
  load: async (ctx, w) => {
    const today = localDate(w.asOf, ctx.config.timeZone);
    if (today < w.from) return null;
    const held = (await listMeetingsBetween(ctx, { from: w.from, to: today < w.to ? today : w.to })).filter(
      (m) => new Date(m.startsAt) <= w.asOf,
    );
    if (held.length === 0) return null;
    const team = await teamOf(ctx, w);
    const lines: string[] = [];
    for (const m of held) {
      if (lines.length) lines.push('');
      lines.push(`${link(`**${md(m.seriesName)}**`, m.url)}, ${weekday(m.date)}`, '');
      for (const d of m.decisions) lines.push(`- Decided: ${md(d)}`);
      const actions = m.actions.filter((a) => a.ownerUserId && team.has(a.ownerUserId));
      for (const a of actions)
        lines.push(
          `- ${md(a.ownerName)}: ${md(a.text)}${a.dueOn ? `, by ${shortDay(a.dueOn)}` : ''}${a.status === 'done' ? ' (done)' : ''}`,
        );
      if (m.decisions.length === 0 && actions.length === 0) lines.push('- No decisions or actions for the team recorded.');
    }
    return {
      markdown: lines.join('\n'),
      data: {
        meetings: held.map((m) => ({
          id: m.id,
          date: m.date,
          decisions: m.decisions.length,
          teamActions: m.actions.filter((a) => a.ownerUserId && team.has(a.ownerUserId)).map((a) => a.id),
        })),
      },
    };
  },
};
