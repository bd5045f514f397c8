import { listTasksCompleted } from '../../../tasks/index.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, md } from '../words.ts';
import { teamOf } from './team.ts';

const SHOWN = 8;

/** To-dos the team ticked off this week, by person, each linked to what it came from. */
export const tasksFeed: BriefingFeed = {
  id: 'tasks',
  label: 'To-dos done',
  from: 'the to-dos done',
  description: 'To-dos the team marked done this week, by person',
  load: async (ctx, w) => {
    const team = await teamOf(ctx, w);
    const done = (await listTasksCompleted(ctx, { from: w.start, to: w.asOf })).filter((t) => team.has(t.owner.id));
    if (done.length === 0) return null;
    const byOwner = new Map<string, typeof done>();
    for (const t of done) byOwner.set(t.owner.name, [...(byOwner.get(t.owner.name) ?? []), t]);
    const lines: string[] = [];
    for (const [name, tasks] of [...byOwner].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
      const shown = tasks
        .slice(0, SHOWN)
        .map((t) => (t.source?.url ? link(md(t.title), t.source.url) : md(t.title)))
        .join('; ');
      lines.push(
        `- **${md(name)}** (${tasks.length}): ${shown}${tasks.length > SHOWN ? `; and ${tasks.length - SHOWN} more` : ''}`,
      );
    }
    return {
      markdown: lines.join('\n'),
      data: {
        done: done.map((t) => ({ id: t.id, ownerId: t.owner.id })),
        byOwner: Object.fromEntries([...byOwner].map(([n, l]) => [n, l.length])),
      },
    };
  },
};
