import { addDays, localDate } from '../../../../lib/zoned-time.ts';
import { type PhishingCampaignSummary, type PhishingRate, readPhishingSummary } from '../../../phishing/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, listWords, md, plural, shortDay } from '../words.ts';

/** How far back a campaign may have started and still close, or still run, in the week. */
const LOOK_BACK_DAYS = 90;

const rate = (r: PhishingRate) => `${r.k} of ${r.n}`;

/**
 * Phishing awareness in plain words, from `readPhishingSummary` only: the simulations that
 * started, closed or were still running in the week, with how many were delivered, reported,
 * recognised before a click and clicked. Campaigns under the suppression threshold are not named
 * (the phishing module withholds them); the briefing says how many were left out. Never a person.
 */
export const phishingFeed: BriefingFeed = {
  id: 'phishing',
  label: 'Phishing simulations',
  from: 'the phishing simulations',
  description: 'Simulations started, running or closed this week, with report and click counts',
  load: async (ctx, w) => {
    const tz = ctx.config.timeZone;
    const summary = await readPhishingSummary(ctx, { from: addDays(w.from, -LOOK_BACK_DAYS), to: w.to });
    const day = (iso: string | null) => (iso ? localDate(new Date(iso), tz) : null);
    const inWeek = (iso: string | null) => {
      const d = day(iso);
      return d !== null && d >= w.from && d <= w.to;
    };
    const started = summary.campaigns.filter((c) => inWeek(c.startedAt));
    const closed = summary.campaigns.filter((c) => inWeek(c.closedAt) && !inWeek(c.startedAt));
    const running = summary.campaigns.filter(
      (c) => c.closedAt === null && !inWeek(c.startedAt) && (day(c.startedAt) ?? '') < w.from,
    );
    if (!started.length && !closed.length && !running.length) return null;
    const figures = (c: PhishingCampaignSummary) =>
      `${plural(c.delivered, 'message')} delivered; ${rate(c.reported)} reported, ${rate(c.recognised)} before anyone clicked, ${rate(c.humanClicked)} clicked`;
    const name = (c: PhishingCampaignSummary) => link(md(c.name), c.url);
    const lines: string[] = [];
    for (const c of started)
      lines.push(
        `- Started ${shortDay(day(c.startedAt) as string)}: ${name(c)}${c.closedAt ? `, closed ${shortDay(day(c.closedAt) as string)}` : ''}. ${figures(c)} so far.`,
      );
    for (const c of closed) lines.push(`- Closed ${shortDay(day(c.closedAt) as string)}: ${name(c)}. ${figures(c)}.`);
    if (running.length) lines.push(`- Still running: ${listWords(running.map((c) => `${name(c)} (${figures(c)} so far)`))}.`);
    const withheld = summary.totals.campaigns - summary.campaigns.length;
    if (withheld > 0)
      lines.push(
        `- ${plural(withheld, 'smaller campaign')} (under ${summary.suppressionThreshold} people) in the last ${LOOK_BACK_DAYS} days ${withheld === 1 ? 'is' : 'are'} not listed.`,
      );
    return { markdown: lines.join('\n'), data: { started, closed, running, withheld } };
  },
};
