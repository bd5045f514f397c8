import { z } from 'zod';
import { type Ctx, requireRole, STAFF_ROLES } from '../../../lib/context.ts';
import { Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { findPersonByEmail } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { selectComment, selectCommentCounts, selectComments, updateComment } from '../db/response-queries.ts';
import { selectAllItems, selectInstruments } from '../db/survey-queries.ts';
import { actorLabel } from './actor-label.ts';
import { CELL_MIN } from './suppression.ts';
import { safeguardingReviewersSetting } from './survey-settings.ts';

/**
 * Free-text answers (research §2.7, §2.11). A pupil's comment is read first by a safeguarding
 * reviewer (the DSL, named in Settings) and only then themed; staff comments are themed by the
 * Director. No comment is ever published verbatim: results show themes and counts, and a theme
 * mentioned fewer than 5 times is not counted out.
 */

async function isReviewer(ctx: Ctx): Promise<boolean> {
  const actor = requireRole(ctx, ...STAFF_ROLES);
  if (actor.kind !== 'user') return actor.role === 'admin';
  const reviewers = (await getSetting(ctx, safeguardingReviewersSetting)).map((e) => e.toLowerCase());
  return reviewers.includes(actor.email.toLowerCase());
}

export type CommentAccess = {
  /** Whether the Comments tab is this person's to see at all. */
  canRead: boolean;
  reviewer: boolean;
  /** For the Director only: who reads pupils' comments first, by name where the directory knows them. */
  reviewers: { email: string; name: string | null }[] | null;
};

/** Who may open the Comments tab, and (for the Director) who the safeguarding reviewers are. */
export async function readCommentAccess(ctx: Ctx): Promise<CommentAccess> {
  const reviewer = await isReviewer(ctx);
  const admin = ctx.actor?.role === 'admin';
  const reviewers = admin
    ? await Promise.all(
        (await getSetting(ctx, safeguardingReviewersSetting)).map(async (email) => ({
          email,
          name: (await findPersonByEmail(ctx, email))?.displayName ?? null,
        })),
      )
    : null;
  return { canRead: reviewer || admin, reviewer, reviewers };
}

export type CommentView = { id: string; survey: string; question: string; body: string; review: string; theme: string | null };

/** The comments this person may read: pupils' comments for a safeguarding reviewer; staff comments for the Director. */
export async function listCommentsToReview(ctx: Ctx): Promise<{ reviewer: boolean; comments: CommentView[] }> {
  const reviewer = await isReviewer(ctx);
  const admin = ctx.actor?.role === 'admin';
  if (!reviewer && !admin) throw new Forbidden('Only the safeguarding reviewers and the Director read survey comments');
  const instruments = new Map((await selectInstruments(ctx.db)).map((i) => [i.id, i.code]));
  const items = new Map((await selectAllItems(ctx.db)).map((i) => [i.id, i.wording]));
  const rows = [
    ...(reviewer ? await selectComments(ctx.db, { review: 'pending' }) : []),
    ...(admin ? await selectComments(ctx.db, { review: 'not_required' }) : []),
  ];
  return {
    reviewer,
    comments: rows
      .filter((r) => r.review === 'pending' || !r.theme)
      .slice(0, 500)
      .map((r) => ({
        id: r.id,
        survey: instruments.get(r.instrumentId) ?? '',
        question: items.get(r.itemId) ?? '',
        body: r.body,
        review: r.review,
        theme: r.theme,
      })),
  };
}

export const CommentDecision = z.object({
  decision: z.enum(['cleared', 'escalated', 'themed']),
  theme: z.string().trim().min(1).max(60).nullish(),
});

export async function decideComment(ctx: Ctx, id: string, input: z.input<typeof CommentDecision>): Promise<void> {
  const data = parseInput(CommentDecision, input);
  const row = await selectComment(ctx.db, id);
  if (!row) throw new NotFound('No such comment');
  if (row.review === 'not_required' || (row.review !== 'pending' && data.decision === 'themed')) {
    requireRole(ctx, 'admin');
    if (data.decision !== 'themed' || !data.theme) throw new Invalid('theme: give the comment a theme');
  } else if (!(await isReviewer(ctx))) {
    throw new Forbidden("Only a safeguarding reviewer may review pupils' comments");
  }
  const review = row.review === 'not_required' ? 'not_required' : data.decision === 'themed' ? row.review : data.decision;
  await updateComment(ctx.db, id, {
    review,
    theme: data.theme ?? row.theme,
    reviewedBy: actorLabel(ctx),
    reviewedAt: ctx.clock.now(),
  });
  await recordAudit(ctx, {
    action: `surveys.comment.${data.decision}`,
    summary: `Survey comment ${data.decision}${data.theme ? ` (theme: ${data.theme})` : ''}`,
    targetType: 'survey-comment',
    targetId: id,
  });
}

export type ThemeCount = { instrumentId: string; theme: string; count: number | null };

/** Themes of reviewed comments per survey; counts under 5 withheld. Pending ones are only counted. */
export async function listCommentThemes(ctx: Ctx): Promise<{ themes: ThemeCount[]; pending: Record<string, number> }> {
  const rows = await selectCommentCounts(ctx.db);
  const themes = new Map<string, ThemeCount>();
  const pending: Record<string, number> = {};
  for (const r of rows) {
    if (r.review === 'pending') pending[r.instrumentId] = (pending[r.instrumentId] ?? 0) + r.n;
    if (r.review === 'escalated' || r.review === 'pending' || !r.theme) continue;
    const key = `${r.instrumentId}|${r.theme}`;
    const t = themes.get(key) ?? { instrumentId: r.instrumentId, theme: r.theme, count: 0 };
    t.count = (t.count ?? 0) + r.n;
    themes.set(key, t);
  }
  return {
    themes: [...themes.values()]
      .map((t) => ({ ...t, count: (t.count ?? 0) >= CELL_MIN ? t.count : null }))
      .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.theme.localeCompare(b.theme)),
    pending,
  };
}
