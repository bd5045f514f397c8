import { type Actor, type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import {
  type BriefingRow,
  type RevisionRow,
  selectBriefing,
  selectBriefingOfWeek,
  selectBriefings,
  selectDeliveries,
  selectNotes,
  selectRevisions,
  selectSections,
} from '../db/briefing-queries.ts';
import { feedById } from './feeds.ts';
import { EDIT_ROLES, READ_ROLES } from './roles.ts';
import type { BriefingSummary, BriefingView, RevisionView, ThisWeek } from './view-types.ts';
import { currentWeek, lastSchoolDayOfWeek, loadCalendars, mondayOfDate } from './weeks.ts';

/**
 * Reading briefings. The Director sees drafts and everything; IT Services reads what is
 * published; SLT reads only what the Director has shared with them (anything else is "no such
 * briefing" to them, so they cannot tell what exists).
 */

const isEditor = (a: Actor) => EDIT_ROLES.includes(a.role);

export function mayRead(actor: Actor, b: BriefingRow): boolean {
  if (isEditor(actor)) return true;
  if (!b.currentRevisionId) return false;
  if (actor.role === 'it') return true;
  return actor.role === 'slt' && b.sharedWithSlt;
}

export const presentSummary = (b: BriefingRow): BriefingSummary => ({
  id: b.id,
  week: b.week,
  startsOn: b.startsOn,
  title: b.title,
  status: b.status as BriefingSummary['status'],
  publishedAt: b.publishedAt?.toISOString() ?? null,
  sharedWithSlt: b.sharedWithSlt,
  draftedAt: b.draftedAt.toISOString(),
  updatedAt: b.updatedAt.toISOString(),
});

const presentRevision = (r: RevisionRow): RevisionView => ({
  id: r.id,
  number: r.number,
  title: r.title,
  html: r.html,
  sections: r.sections,
  markdown: r.markdown,
  note: r.note,
  publishedAt: r.publishedAt.toISOString(),
  publishedBy: r.publishedBy,
});

/** The archive, newest week first: what this reader may see. */
export async function listBriefings(ctx: Ctx): Promise<BriefingSummary[]> {
  const actor = requireRole(ctx, ...READ_ROLES);
  const rows = await selectBriefings(ctx.db, {
    publishedOnly: !isEditor(actor),
    sharedOnly: actor.role === 'slt',
  });
  return rows.map(presentSummary);
}

async function readable(ctx: Ctx, id: string): Promise<{ actor: Actor; briefing: BriefingRow }> {
  const actor = requireRole(ctx, ...READ_ROLES);
  const briefing = await selectBriefing(ctx.db, id);
  if (!briefing || !mayRead(actor, briefing)) throw new NotFound('No such briefing');
  return { actor, briefing };
}

export async function getBriefing(ctx: Ctx, id: string): Promise<BriefingView> {
  const { actor, briefing } = await readable(ctx, id);
  const editor = isEditor(actor);
  const revisions = await selectRevisions(ctx.db, id);
  const current = revisions.find((r) => r.id === briefing.currentRevisionId);
  const working = editor && briefing.status !== 'published';
  const numberOf = new Map(revisions.map((r) => [r.id, r.number]));
  const deliveries = editor
    ? await selectDeliveries(
        ctx.db,
        revisions.map((r) => r.id),
      )
    : [];
  const notes = editor ? await selectNotes(ctx.db, id) : [];
  return {
    ...presentSummary(briefing),
    endsOn: briefing.endsOn,
    draftedBy: briefing.draftedBy,
    canEdit: editor,
    current: current ? presentRevision(current) : null,
    revisions: revisions.map((r) => ({
      number: r.number,
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: r.publishedBy,
      note: r.note,
    })),
    deliveries: deliveries.map((d) => ({
      revision: numberOf.get(d.revisionId) ?? 0,
      audience: d.audience as 'team' | 'slt',
      recipients: d.recipients,
      sentAt: d.sentAt.toISOString(),
      sentBy: d.sentBy,
    })),
    sections: working
      ? (await selectSections(ctx.db, id)).map((s) => ({
          id: s.id,
          key: s.key,
          title: s.title,
          guidance: s.guidance,
          feeds: s.feeds.map((f) => ({ id: f, label: feedById(f)?.label ?? f, from: feedById(f)?.from ?? f })),
          markdown: s.markdown,
          generated: s.generated,
          edited: s.edited,
          data: s.data,
          problems: s.problems,
          generatedAt: s.generatedAt?.toISOString() ?? null,
        }))
      : null,
    notes: notes.map((n) => ({
      id: n.id,
      text: n.text,
      authorName: n.authorName,
      createdAt: n.createdAt.toISOString(),
      source: n.sourceLabel && n.sourceUrl ? { label: n.sourceLabel, url: n.sourceUrl } : null,
    })),
  };
}

/** An earlier revision, kept as it was published. */
export async function getRevision(ctx: Ctx, id: string, number: number): Promise<RevisionView> {
  await readable(ctx, id);
  const r = (await selectRevisions(ctx.db, id)).find((x) => x.number === number);
  if (!r) throw new NotFound('No such revision');
  return presentRevision(r);
}

/** This week's briefing (the Director's draft) and the latest published one. */
export async function getThisWeek(ctx: Ctx): Promise<ThisWeek> {
  const actor = requireRole(ctx, ...READ_ROLES);
  const week = currentWeek(ctx);
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  const calendars = (await loadCalendars(ctx)).map((c) => c.calendar);
  const row = await selectBriefingOfWeek(ctx.db, week);
  const [latest] = await selectBriefings(ctx.db, { publishedOnly: true, sharedOnly: actor.role === 'slt', limit: 1 });
  return {
    week,
    draftDay: lastSchoolDayOfWeek(calendars, mondayOfDate(today)) ?? null,
    briefing: row && mayRead(actor, row) ? presentSummary(row) : null,
    latest: latest ? presentSummary(latest) : null,
  };
}

/** Today: the Director sees this week's draft (or when it will be drafted), the team the latest briefing. */
export async function loadBriefingCard(ctx: Ctx) {
  const actor = requireRole(ctx, ...READ_ROLES);
  return { ...(await getThisWeek(ctx)), forDirector: isEditor(actor) };
}

export type { BriefingSummary, BriefingView, RevisionView, SectionView, ThisWeek } from './view-types.ts';
