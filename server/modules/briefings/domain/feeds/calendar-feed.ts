import { describeDay } from '../../../../lib/working-time.ts';
import { addDays } from '../../../../lib/zoned-time.ts';
import { listMeetingsBetween } from '../../../meetings/index.ts';
import type { BriefingFeed, FeedWindow } from '../feed-types.ts';
import { link, md, shortDay } from '../words.ts';

export type AheadDay = { from: string; to: string; kind: string; name: string; schools: string[] };

/** 'INSET day: cyber security training', 'Half-term', 'Last day of the Autumn term'. */
function dayWords(d: AheadDay): string {
  if (d.kind === 'term_start') return `First day of the ${d.name}`;
  if (d.kind === 'term_end') return `Last day of the ${d.name}`;
  if (d.kind === 'bank_holiday') return `Bank holiday (${d.name})`;
  if (d.kind === 'half_term') return 'Half-term';
  if (d.kind === 'closure') return `School closed: ${d.name}`;
  return d.name;
}

/**
 * What the school calendar holds between two dates, for every school: INSET days, closures, bank
 * holidays, half-term, and the first and last days of term. Consecutive weekdays of the same
 * closure are one range; a day shared by every school names none of them.
 */
export function calendarAhead(w: Pick<FeedWindow, 'aheadFrom' | 'aheadTo' | 'schools'>): AheadDay[] {
  const found = new Map<string, AheadDay>();
  const add = (date: string, kind: string, name: string, school: string | null) => {
    const key = `${date}|${kind}|${name}`;
    const day = found.get(key) ?? { from: date, to: date, kind, name, schools: [] };
    if (school && !day.schools.includes(school)) day.schools.push(school);
    found.set(key, day);
  };
  for (const { school, calendar } of w.schools) {
    for (let d = w.aheadFrom; d <= w.aheadTo; d = addDays(d, 1)) {
      const day = describeDay(calendar, d);
      if (day.kind === 'bank_holiday') add(d, 'bank_holiday', day.name, school);
      else if (!day.isWeekend && (day.kind === 'inset' || day.kind === 'closure' || day.kind === 'half_term'))
        add(d, day.kind, day.name, school);
      for (const t of calendar.terms) {
        if (t.startsOn === d) add(d, 'term_start', `${t.name} term`, school);
        if (t.endsOn === d) add(d, 'term_end', `${t.name} term`, school);
      }
    }
  }
  const everyone = w.schools.filter((s) => s.school).length;
  const days = [...found.values()]
    .map((d) => ({ ...d, schools: d.schools.length === everyone ? [] : d.schools.sort() }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.kind.localeCompare(b.kind));
  // Consecutive weekdays of the same closure become one range.
  const out: AheadDay[] = [];
  for (const d of days) {
    const prev = out.findLast((x) => x.kind === d.kind && x.name === d.name && x.schools.join() === d.schools.join());
    const next = prev && addDays(prev.to, prev.to && new Date(`${prev.to}T00:00:00Z`).getUTCDay() === 5 ? 3 : 1);
    if (prev && (d.kind === 'half_term' || d.kind === 'inset' || d.kind === 'closure') && next === d.from) prev.to = d.to;
    else out.push({ ...d });
  }
  return out;
}

/** The week ahead: the calendar's days that matter and the meetings planned. */
export const calendarFeed: BriefingFeed = {
  id: 'calendar',
  label: 'The week ahead',
  from: 'the school calendar and the meetings planned',
  description: 'INSET days, half-term, the end of term, bank holidays and meetings in the coming week',
  load: async (ctx, w) => {
    const days = calendarAhead(w);
    const meetings = (await listMeetingsBetween(ctx, { from: w.aheadFrom, to: w.aheadTo })).filter(
      (m) => m.status === 'planned' && new Date(m.startsAt) > w.asOf,
    );
    if (days.length === 0 && meetings.length === 0) return null;
    const lines = [
      ...days.map((d) => ({
        at: d.from,
        line: `- ${link(`**${d.from === d.to ? shortDay(d.from) : `${shortDay(d.from)} to ${shortDay(d.to)}`}**`, '/calendar')}: ${md(dayWords(d))}${
          d.schools.length ? ` at ${md(d.schools.join(' and '))}` : ''
        }`,
      })),
      ...meetings.map((m) => ({
        at: `${m.date} ${m.time}`,
        line: `- **${shortDay(m.date)}, ${m.time}**: ${link(md(m.seriesName), m.url)}`,
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return {
      markdown: lines.map((l) => l.line).join('\n'),
      data: { from: w.aheadFrom, to: w.aheadTo, days, meetings: meetings.map((m) => ({ id: m.id, date: m.date })) },
    };
  },
};
