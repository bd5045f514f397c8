import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate, localDate } from '../../../lib/zoned-time.ts';
import { insertNotice, type NoticeRow, selectNotices, updateNoticeRow } from '../db/briefing-queries.ts';
import { EDIT_ROLES, TEAM_ROLES } from './roles.ts';
import type { NoticeView } from './view-types.ts';

/** Standing notices: in every briefing from their start until removed (or until their end date). */

const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-20');
export const NoticeInput = z.object({
  text: z.string().trim().min(1, 'Write the notice').max(4000),
  startsOn: IsoDate.optional(),
  endsOn: IsoDate.nullish(),
});
export type NoticeInput = z.input<typeof NoticeInput>;

const present = (n: NoticeRow): NoticeView => ({
  id: n.id,
  text: n.text,
  startsOn: n.startsOn,
  endsOn: n.endsOn,
  createdBy: n.createdBy,
  createdAt: n.createdAt.toISOString(),
});

export async function listNotices(ctx: Ctx): Promise<NoticeView[]> {
  requireRole(ctx, ...TEAM_ROLES);
  return (await selectNotices(ctx.db)).map(present);
}

export async function addNotice(ctx: Ctx, input: NoticeInput): Promise<NoticeView> {
  const actor = requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(NoticeInput, input);
  const startsOn = data.startsOn ?? localDate(ctx.clock.now(), ctx.config.timeZone);
  if (data.endsOn && data.endsOn < startsOn) throw new Invalid('endsOn: the notice ends before it starts');
  return present(
    await insertNotice(ctx.db, {
      id: newId(),
      text: data.text,
      startsOn,
      endsOn: data.endsOn ?? null,
      createdBy: actor.kind === 'user' ? actor.name : 'Belfry',
      createdAt: ctx.clock.now(),
    }),
  );
}

export async function updateNotice(ctx: Ctx, id: string, input: Partial<NoticeInput>): Promise<NoticeView> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(NoticeInput.partial(), input);
  const row = await updateNoticeRow(ctx.db, id, {
    ...(data.text !== undefined ? { text: data.text } : {}),
    ...(data.startsOn ? { startsOn: data.startsOn } : {}),
    ...(data.endsOn !== undefined ? { endsOn: data.endsOn } : {}),
  });
  if (!row) throw new NotFound('No such notice');
  return present(row);
}

/** Removed from the next briefing on; briefings already published keep it. */
export async function removeNotice(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  if (!(await updateNoticeRow(ctx.db, id, { removedAt: ctx.clock.now() }))) throw new NotFound('No such notice');
}

export type { NoticeView } from './view-types.ts';
