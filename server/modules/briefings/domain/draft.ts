import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import {
  attachNotes,
  type BriefingRow,
  insertBriefing,
  insertSections,
  type SectionRow,
  selectBriefing,
  selectBriefingOfWeek,
  selectSection,
  selectSections,
  updateBriefingRow,
  updateSectionRow,
} from '../db/briefing-queries.ts';
import type { FeedWindow } from './feed-types.ts';
import { feedById } from './feeds.ts';
import { EDIT_ROLES } from './roles.ts';
import { loadTemplate } from './template.ts';
import { briefingWindow, currentWeek, mondayOf } from './weeks.ts';
import { longDate } from './words.ts';

/**
 * Drafting: each section of the template is drafted by its feeds from other modules' read
 * functions. Drafting a week again redrafts only the sections the Director has not edited;
 * regenerating one section redrafts that one alone. The feeds run before anything is written,
 * so a slow one (the Wi-Fi verdict) never holds a transaction open.
 */

export const DraftInput = z.object({
  week: z
    .string()
    .trim()
    .regex(/^\d{4}-W\d{2}$/, 'Use the ISO week, e.g. 2026-W47')
    .optional(),
});
export type DraftInput = z.input<typeof DraftInput>;

type Drafted = { generated: string; data: Record<string, unknown>; problems: { feed: string; message: string }[] };

/** One section's text from its feeds, in order; a feed that fails is named, the others still draft. */
type Progress = (step: string) => void;

async function draftSection(ctx: Ctx, w: FeedWindow, feeds: readonly string[], progress?: Progress): Promise<Drafted> {
  const parts: string[] = [];
  const data: Record<string, unknown> = {};
  const problems: Drafted['problems'] = [];
  for (const id of feeds) {
    const feed = feedById(id);
    if (!feed) {
      problems.push({ feed: id, message: 'This feed no longer exists' });
      continue;
    }
    progress?.(feed.label);
    try {
      const out = await feed.load(ctx, w);
      if (out?.markdown.trim()) {
        parts.push(out.markdown.trim());
        data[id] = out.data;
      }
    } catch (err) {
      ctx.log.warn({ err, feed: id }, 'briefing feed failed');
      problems.push({ feed: feed.label, message: err instanceof Error ? err.message : 'It failed' });
    }
  }
  return { generated: parts.join('\n\n'), data, problems };
}

async function feedWindow(ctx: Ctx, week: string, briefingId: string): Promise<FeedWindow> {
  const w = await briefingWindow(ctx, week);
  const memo = new Map<string, Promise<unknown>>();
  return {
    ...w,
    briefingId,
    once: <T>(key: string, load: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, load());
      return memo.get(key) as Promise<T>;
    },
  };
}

export function briefingTitle(w: { from: string; termWeek: { term: string; week: number; weeksInTerm: number } | null }) {
  const when = `w/c ${longDate(w.from)}`;
  return w.termWeek
    ? `IT Services briefing, ${when} (${w.termWeek.term} term, week ${w.termWeek.week} of ${w.termWeek.weeksInTerm})`
    : `IT Services briefing, ${when}`;
}

const actorLabel = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.name : 'Belfry');

/**
 * Drafts the briefing for a week (this week by default), or drafts it again: sections the
 * Director has not edited are redrafted, edited ones are kept, and notes made since are taken in.
 * A published briefing is not redrafted: correct it instead.
 */
export async function draftBriefing(
  ctx: Ctx,
  input: DraftInput = {},
  options: { progress?: Progress } = {},
): Promise<{ id: string; created: boolean }> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(DraftInput, input);
  const week = data.week ?? currentWeek(ctx);
  mondayOf(week);
  const existing = await selectBriefingOfWeek(ctx.db, week);
  if (existing) {
    if (existing.status === 'published')
      throw new Conflict(`The briefing for ${existing.week} is published; start a correction to change it`);
    await redraft(ctx, existing, { onlyUnedited: true, progress: options.progress });
    return { id: existing.id, created: false };
  }
  const id = newId();
  const w = await feedWindow(ctx, week, id);
  const template = (await loadTemplate(ctx)).filter((s) => s.enabled);
  const now = ctx.clock.now();
  const sections: SectionRow[] = [];
  for (const s of template) {
    const d = await draftSection(ctx, w, s.feeds, options.progress);
    sections.push({
      id: newId(),
      briefingId: id,
      key: s.key,
      title: s.title,
      position: s.position,
      feeds: s.feeds,
      guidance: s.guidance,
      markdown: d.generated,
      generated: d.generated,
      data: d.data,
      problems: d.problems,
      edited: false,
      generatedAt: now,
      updatedAt: now,
    });
  }
  try {
    await ctx.db.transaction(async (db) => {
      await insertBriefing(db, {
        id,
        week,
        startsOn: w.from,
        endsOn: w.to,
        title: briefingTitle(w),
        status: 'draft',
        draftedAt: now,
        draftedBy: actorLabel(ctx),
        updatedAt: now,
      });
      await insertSections(db, sections);
      await attachNotes(db, id, w.asOf);
    });
  } catch (err) {
    if (await selectBriefingOfWeek(ctx.db, week)) throw new Conflict(`The briefing for ${week} was drafted a moment ago`);
    throw err;
  }
  return { id, created: true };
}

async function redraft(
  ctx: Ctx,
  briefing: BriefingRow,
  options: { onlyUnedited: boolean; sectionId?: string; progress?: Progress },
) {
  const w = await feedWindow(ctx, briefing.week, briefing.id);
  const sections = await selectSections(ctx.db, briefing.id);
  const now = ctx.clock.now();
  const results: { row: SectionRow; d: Drafted }[] = [];
  for (const row of sections) {
    if (options.sectionId && row.id !== options.sectionId) continue;
    if (row.feeds.length === 0) continue;
    results.push({ row, d: await draftSection(ctx, w, row.feeds, options.progress) });
  }
  await ctx.db.transaction(async (db) => {
    for (const { row, d } of results) {
      const keep = options.onlyUnedited && row.edited;
      await updateSectionRow(db, row.id, {
        generated: d.generated,
        data: d.data,
        problems: d.problems,
        generatedAt: now,
        updatedAt: now,
        ...(keep ? {} : { markdown: d.generated, edited: false }),
      });
    }
    await attachNotes(db, briefing.id, w.asOf);
    await updateBriefingRow(db, briefing.id, { updatedAt: now });
  });
}

async function editableSection(ctx: Ctx, sectionId: string): Promise<{ section: SectionRow; briefing: BriefingRow }> {
  const section = await selectSection(ctx.db, sectionId);
  const briefing = section && (await selectBriefing(ctx.db, section.briefingId));
  if (!section || !briefing) throw new NotFound('No such section');
  if (briefing.status === 'published')
    throw new Conflict('This briefing is published and cannot change; start a correction to change it');
  return { section, briefing };
}

/** Redrafts one section from its feeds (the Director's words in it go); every other section is untouched. */
export async function regenerateSection(ctx: Ctx, sectionId: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const { section, briefing } = await editableSection(ctx, sectionId);
  if (section.feeds.length === 0) throw new Invalid('This section is written by hand: there is nothing to draft it from');
  await redraft(ctx, briefing, { onlyUnedited: false, sectionId });
}

export const SectionPatch = z.object({ markdown: z.string().max(50_000, 'A section is at most 50,000 characters') });
export type SectionPatch = z.input<typeof SectionPatch>;

/** The Director's words for a section. A section changed from its draft is kept when the week is drafted again. */
export async function updateSection(ctx: Ctx, sectionId: string, input: SectionPatch): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const { markdown } = parseInput(SectionPatch, input);
  const { section } = await editableSection(ctx, sectionId);
  const now = ctx.clock.now();
  await updateSectionRow(ctx.db, section.id, {
    markdown,
    edited: markdown.trim() !== section.generated.trim(),
    updatedAt: now,
  });
  await updateBriefingRow(ctx.db, section.briefingId, { updatedAt: now });
}

/** After a note arrives: the draft's note sections take it in (appended where the Director has edited). */
export async function takeInNote(ctx: Ctx, briefing: BriefingRow, line: string): Promise<void> {
  const sections = (await selectSections(ctx.db, briefing.id)).filter((s) => s.feeds.includes('notes'));
  for (const s of sections) {
    if (!s.edited) await redraft(ctx, briefing, { onlyUnedited: false, sectionId: s.id });
    else
      await updateSectionRow(ctx.db, s.id, {
        markdown: `${s.markdown.trimEnd()}${s.markdown.trim() ? '\n' : ''}${line}`,
        updatedAt: ctx.clock.now(),
      });
  }
}
