import { listThanks } from '../../../helpdesk/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, listWords, md } from '../words.ts';
import { helpdeskWeek, weekTickets } from './helpdesk-feed.ts';

const WHO: Record<string, string> = { staff: 'a member of staff', pupil: 'a pupil', parent: 'a parent' };
const SHOWN = 10;

type Kudos = {
  ticketId: string | null;
  ticketNumber: number;
  text: string;
  thanked: string | null;
  from: string | null;
  rating: number | null;
};

/**
 * The positive feedback: satisfaction comments rated 4 or 5 whose authors agreed to share them,
 * and thank-you replies after resolution, each with whom it thanks. Never the author's name.
 */
export const kudosFeed: BriefingFeed = {
  id: 'kudos',
  label: 'Kudos',
  from: 'satisfaction comments and thank-you replies',
  description: 'Satisfaction comments their authors agreed to share, and thank-you replies, with whom they thank',
  load: async (ctx, w) => {
    const report = await helpdeskWeek(ctx, w);
    const thanks = await listThanks(ctx, { from: w.start, to: w.asOf });
    const surveys = report.metrics.kudos;
    if (surveys.length === 0 && thanks.length === 0) return null;
    const answered = surveys.length ? await weekTickets(ctx, w, 'surveysAnswered') : [];
    const idOf = new Map(answered.map((t) => [t.number, t.id]));
    const all: Kudos[] = [
      ...surveys.map((k) => ({
        ticketId: idOf.get(k.ticketNumber) ?? null,
        ticketNumber: k.ticketNumber,
        text: k.comment,
        thanked: k.agentName,
        from: null,
        rating: k.rating,
      })),
      ...thanks.map((t) => ({
        ticketId: t.ticketId,
        ticketNumber: t.ticketNumber,
        text: t.text,
        thanked: t.thanked,
        from: WHO[t.requesterKind] ?? 'a requester',
        rating: null,
      })),
    ];
    const byPerson = new Map<string, number>();
    for (const k of all) if (k.thanked) byPerson.set(k.thanked, (byPerson.get(k.thanked) ?? 0) + 1);
    const lines: string[] = [];
    if (all.length > 1 && byPerson.size)
      lines.push(
        `${all.length} kind words this week, for ${listWords(
          [...byPerson].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, n]) => `**${md(name)}** (${n})`),
        )}.`,
        '',
      );
    for (const k of all.slice(0, SHOWN)) {
      const ticket = k.ticketId ? link(`#${k.ticketNumber}`, `/helpdesk/tickets/${k.ticketId}`) : `#${k.ticketNumber}`;
      const about = [k.from, k.rating ? `${k.rating} out of 5` : '', ticket].filter(Boolean).join(', ');
      lines.push(`- “${md(k.text)}”${k.thanked ? ` — for **${md(k.thanked)}**` : ''} (${about})`);
    }
    if (all.length > SHOWN) lines.push(`- and ${all.length - SHOWN} more on the help desk`);
    return {
      markdown: lines.join('\n'),
      data: {
        surveyComments: surveys.map((k) => ({ ticketNumber: k.ticketNumber, rating: k.rating, agentName: k.agentName })),
        thanks: thanks.map((t) => ({ ticketNumber: t.ticketNumber, thanked: t.thanked })),
        byPerson: Object.fromEntries(byPerson),
      },
    };
  },
};
