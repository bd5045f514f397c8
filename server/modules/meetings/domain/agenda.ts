import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { selectEarlierMeetings, selectMeeting, selectSeries, updateMeetingRow } from '../db/meeting-queries.ts';
import { deleteItemRow, type ItemRow, insertItems, selectItem, selectItems, updateItemRow } from '../db/minutes-queries.ts';
import { planAgenda } from './agenda-merge.ts';
import { agendaWindow, draftAgenda } from './agenda-sources.ts';
import { EDIT_ROLES, SECTION_IDS } from './sections.ts';

/**
 * Builds (or refreshes) a planned meeting's agenda from what changed since the series last met,
 * keeping what the Director wrote. A held meeting's agenda is its record and is not rebuilt.
 */
export async function buildAgenda(ctx: Ctx, meetingId: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const meeting = await selectMeeting(ctx.db, meetingId);
  const series = meeting && (await selectSeries(ctx.db, meeting.seriesId));
  if (!meeting || !series) throw new NotFound('No such meeting');
  if (meeting.status !== 'planned') throw new Conflict('Only a meeting still to come has its agenda rebuilt');
  const [previous] = await selectEarlierMeetings(ctx.db, series.id, meeting.startsAt);
  const window = agendaWindow(series, meeting, previous, localDate(meeting.startsAt, ctx.config.timeZone));
  const drafts = await draftAgenda(ctx, window);
  const plan = planAgenda(await selectItems(ctx.db, meetingId), drafts);
  for (const id of plan.remove) await deleteItemRow(ctx.db, id);
  for (const u of plan.update)
    await updateItemRow(ctx.db, u.id, { title: u.title, detail: u.detail, sourceUrl: u.sourceUrl, position: u.position });
  for (const r of plan.reposition) await updateItemRow(ctx.db, r.id, { position: r.position });
  await insertItems(
    ctx.db,
    plan.insert.map((d) => ({
      id: newId(),
      meetingId,
      section: d.section,
      position: d.position,
      title: d.title,
      detail: d.detail,
      sourceKey: d.key,
      sourceUrl: d.url ?? null,
    })),
  );
  await updateMeetingRow(ctx.db, meetingId, { agendaBuiltAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
}

export const ItemInput = z.object({
  section: z.enum(SECTION_IDS).default('discussion'),
  title: z.string().trim().min(1, 'Enter a title').max(300),
  detail: z.string().trim().max(3000).default(''),
});
export type ItemInput = z.input<typeof ItemInput>;
export const ItemPatch = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  detail: z.string().trim().max(3000).optional(),
  minutes: z.string().trim().max(10000).nullish(),
  hidden: z.boolean().optional(),
  /** Up or down one place within its section. */
  move: z.enum(['up', 'down']).optional(),
});
export type ItemPatch = z.input<typeof ItemPatch>;

export async function addItem(ctx: Ctx, meetingId: string, input: ItemInput): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const data = parseInput(ItemInput, input);
  if (!(await selectMeeting(ctx.db, meetingId))) throw new NotFound('No such meeting');
  const inSection = (await selectItems(ctx.db, meetingId)).filter((i) => i.section === data.section);
  await insertItems(ctx.db, [
    { id: newId(), meetingId, section: data.section, position: inSection.length, title: data.title, detail: data.detail },
  ]);
}

/** The Director's edits: words (which then survive a refresh), minutes, removal, order. */
export async function updateItem(ctx: Ctx, id: string, input: ItemPatch): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const patch = parseInput(ItemPatch, input);
  const item = await selectItem(ctx.db, id);
  if (!item) throw new NotFound('No such agenda item');
  const reworded =
    (patch.title !== undefined && patch.title !== item.title) || (patch.detail !== undefined && patch.detail !== item.detail);
  await updateItemRow(ctx.db, id, {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.detail !== undefined ? { detail: patch.detail } : {}),
    ...(patch.minutes !== undefined ? { minutes: patch.minutes || null } : {}),
    ...(patch.hidden !== undefined ? { hidden: patch.hidden } : {}),
    ...(reworded ? { edited: true } : {}),
  });
  if (patch.move) await moveItem(ctx, item, patch.move);
}

async function moveItem(ctx: Ctx, item: ItemRow, direction: 'up' | 'down') {
  const section = (await selectItems(ctx.db, item.meetingId)).filter((i) => i.section === item.section && !i.hidden);
  const at = section.findIndex((i) => i.id === item.id);
  const other = section[direction === 'up' ? at - 1 : at + 1];
  if (!other) return;
  await updateItemRow(ctx.db, item.id, { position: other.position });
  await updateItemRow(ctx.db, other.id, { position: item.position });
}
