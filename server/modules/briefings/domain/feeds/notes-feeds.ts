import { type NoteRow, selectNotesForDraft, selectNotices } from '../../db/briefing-queries.ts';
import { selectUsefulChanged } from '../../db/useful-queries.ts';
import type { BriefingFeed } from '../feed-types.ts';
import { link, md } from '../words.ts';

/** A Markdown block as one list item: continuation lines indented under it. */
export const bullet = (text: string): string =>
  `- ${text
    .trim()
    .split('\n')
    .map((l, i) => (i === 0 || !l.trim() ? l : `  ${l}`))
    .join('\n')}`;

/** Standing notices: each repeats every week from its start until it is removed or ends. */
export const noticesFeed: BriefingFeed = {
  id: 'notices',
  label: 'Standing notices',
  from: 'the standing notices',
  description: 'The standing notices, every week until removed',
  load: async (ctx, w) => {
    const notices = await selectNotices(ctx.db, { activeAt: w.asOf, week: { from: w.from, to: w.to } });
    if (notices.length === 0) return null;
    return { markdown: notices.map((n) => bullet(n.text)).join('\n'), data: { notices: notices.map((n) => n.id) } };
  },
};

/** One note as a list item: its words, a link back to what it was about, and who wrote it. */
export const noteLine = (n: NoteRow): string =>
  bullet(
    `${n.text.trim()}${n.sourceUrl && n.sourceLabel ? ` (${link(md(n.sourceLabel), n.sourceUrl)})` : ''} — ${md(n.authorName)}`,
  );

/** Notes the team made for this briefing during the week, each with a link back to what it was about. */
export const notesFeed: BriefingFeed = {
  id: 'notes',
  label: 'Notes from the week',
  from: "the team's notes",
  description: 'Notes for the briefing made during the week (from a ticket, an alert, a project, a meeting or the quick add)',
  load: async (ctx, w) => {
    const notes = await selectNotesForDraft(ctx.db, w.briefingId, w.asOf);
    if (notes.length === 0) return null;
    return {
      markdown: notes.map(noteLine).join('\n'),
      data: { notes: notes.map((n) => n.id) },
    };
  },
};

/** Useful-info items added or changed this week. */
export const usefulFeed: BriefingFeed = {
  id: 'useful',
  label: 'Useful info',
  from: 'the useful info added this week',
  description: 'Useful-info items added or updated this week',
  load: async (ctx, w) => {
    const items = await selectUsefulChanged(ctx.db, w.start, w.asOf);
    if (items.length === 0) return null;
    return {
      markdown: items
        .map(
          (u) =>
            `- ${link(md(u.title), `/briefings/useful/${u.id}`)}${u.createdAt >= w.start ? ' (new)' : ' (updated)'}${u.tags.length ? `: ${md(u.tags.join(', '))}` : ''}`,
        )
        .join('\n'),
      data: { items: items.map((u) => u.id) },
    };
  },
};
