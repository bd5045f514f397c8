import { localDate, localParts, pad2 } from '../../../../lib/zoned-time.ts';
import { countAlertsBySeverity, readIncidentActivity } from '../../../security/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, listWords, plural, shortDay } from '../words.ts';

const ORDER = ['critical', 'high', 'medium', 'low', 'info'];
const category = (c: string) => c.replace(/_/g, ' ');

/**
 * Security in plain words: the account-security alerts raised this week by severity, incidents
 * opened or closed (by reference and category, never titles or names), the ICO deadlines that
 * fell this week or come within seven days, and how many incidents are still open.
 */
export const securityFeed: BriefingFeed = {
  id: 'security',
  label: 'Security',
  from: 'the alerts and the incident register',
  description: 'Alerts by severity, incidents opened or closed, ICO deadlines coming',
  load: async (ctx, w) => {
    const tz = ctx.config.timeZone;
    const alerts = await countAlertsBySeverity(ctx, { from: w.start, to: w.asOf });
    const activity = await readIncidentActivity(ctx, { from: w.from, to: w.to });
    const total = Object.values(alerts).reduce((a, b) => a + b, 0);
    const { opened, closed, icoDeadlines, openAtEnd } = activity;
    if (total === 0 && opened.length === 0 && closed.length === 0 && icoDeadlines.length === 0 && openAtEnd === 0) return null;
    const when = (iso: string) => {
      const d = new Date(iso);
      const p = localParts(d, tz);
      return `${shortDay(localDate(d, tz))} ${pad2(p.hour)}:${pad2(p.minute)}`;
    };
    const lines: string[] = [];
    if (total) {
      const bySeverity = ORDER.filter((s) => (alerts[s] ?? 0) > 0).map((s) => `${alerts[s]} ${s}`);
      lines.push(
        `- ${link(`**${total}** account-security ${total === 1 ? 'alert was' : 'alerts were'} raised`, '/security')}: ${listWords(bySeverity)}.`,
      );
    } else lines.push('- No account-security alerts were raised.');
    if (opened.length)
      lines.push(
        `- Incidents opened: ${listWords(opened.map((i) => `${link(i.ref, i.url)} (${category(i.category)}, ${i.severity}, ${shortDay(localDate(new Date(i.openedAt), tz))})`))}.`,
      );
    if (closed.length)
      lines.push(`- Incidents closed: ${listWords(closed.map((i) => `${link(i.ref, i.url)} (${category(i.category)})`))}.`);
    for (const d of icoDeadlines) {
      const state =
        d.decision === null
          ? d.met === false
            ? `the ICO decision is **overdue** (was due ${when(d.deadline)})`
            : `the ICO decision is due by **${when(d.deadline)}**`
          : `${d.decision === 'reported' ? 'reported to the ICO' : 'judged not reportable to the ICO'} ${d.met ? 'within the 72 hours' : 'after the 72-hour deadline'}`;
      lines.push(`- ${link(d.ref, d.url)}: ${state}.`);
    }
    if (openAtEnd) lines.push(`- ${link(plural(openAtEnd, 'incident'), '/incidents')} on the register still open.`);
    return { markdown: lines.join('\n'), data: { alerts, total, incidents: activity } };
  },
};
