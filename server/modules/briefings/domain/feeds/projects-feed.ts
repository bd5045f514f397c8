import { localDate } from '../../../../lib/zoned-time.ts';
import { listMilestonesDone, listOpenMilestones, listProjectChangesBetween } from '../../../projects/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, md, shortDay } from '../words.ts';

/**
 * Projects whose RAG, status or budget moved this week (and new ones), milestones reached this
 * week, and milestones not yet done that fall due this week or next.
 */
export const projectsFeed: BriefingFeed = {
  id: 'projects',
  label: 'Projects',
  from: 'the projects and their milestones',
  description: 'Projects whose RAG or status moved, milestones reached this week or due by the end of next week',
  load: async (ctx, w) => {
    const today = localDate(w.asOf, ctx.config.timeZone);
    const changes = await listProjectChangesBetween(ctx, { from: w.start, to: w.asOf });
    const reached = await listMilestonesDone(ctx, { from: w.from, to: today < w.to ? today : w.to });
    const due = await listOpenMilestones(ctx, { from: w.from, to: w.aheadTo });
    if (changes.length === 0 && reached.length === 0 && due.length === 0) return null;
    const lines: string[] = [];
    for (const c of changes) lines.push(`- ${link(`**${md(c.name)}**`, `/projects/${c.projectId}`)}: ${md(c.lines.join('; '))}`);
    if (reached.length) {
      if (lines.length) lines.push('');
      lines.push('**Milestones reached**', '');
      for (const m of reached)
        lines.push(`- ${link(md(`${m.projectName}: ${m.title}`), `/projects/${m.projectId}`)} (${shortDay(m.doneOn as string)})`);
    }
    if (due.length) {
      if (lines.length) lines.push('');
      lines.push(`**Milestones due by ${shortDay(w.aheadTo)}**`, '');
      for (const m of due)
        lines.push(
          `- ${link(md(`${m.projectName}: ${m.title}`), `/projects/${m.projectId}`)} (${m.dueOn < today ? `overdue since ${shortDay(m.dueOn)}` : shortDay(m.dueOn)})`,
        );
    }
    return {
      markdown: lines.join('\n'),
      data: {
        changes: changes.map((c) => ({
          projectId: c.projectId,
          rag: c.rag,
          ragBefore: c.ragBefore,
          status: c.status,
          isNew: c.isNew,
        })),
        reached: reached.map((m) => m.id),
        due: due.map((m) => m.id),
      },
    };
  },
};
