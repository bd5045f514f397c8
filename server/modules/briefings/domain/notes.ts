import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Forbidden, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import {
  deleteNoteRow,
  insertNote,
  type NoteRow,
  selectBriefing,
  selectBriefingOfWeek,
  selectNote,
  selectNotes,
} from '../db/briefing-queries.ts';
import { takeInNote } from './draft.ts';
import { noteLine } from './feeds/notes-feeds.ts';
import { TEAM_ROLES } from './roles.ts';
import type { NoteView } from './view-types.ts';
import { currentWeek } from './weeks.ts';

/**
 * Notes for the briefing, made during the week from anywhere. A note lands in the coming
 * briefing: this week's draft when there is one (at once), otherwise the next draft takes it in.
 */

const Url = z
  .string()
  .max(500)
  .refine((u) => u.startsWith('/') && !u.startsWith('//'), 'A path in Belfry, starting with /');

export const NoteInput = z.object({
  text: z.string().trim().min(1, 'Write the note').max(2000),
  source: z
    .object({
      module: z
        .string()
        .regex(/^[a-z][a-z0-9-]*$/)
        .max(40),
      kind: z
        .string()
        .regex(/^[a-z][a-z0-9-]*$/)
        .max(40),
      id: z.string().min(1).max(200),
      label: z.string().trim().min(1).max(200),
      url: Url,
    })
    .nullish(),
});
export type NoteInput = z.input<typeof NoteInput>;

const present = (n: NoteRow): NoteView => ({
  id: n.id,
  text: n.text,
  authorName: n.authorName,
  createdAt: n.createdAt.toISOString(),
  source:
    n.sourceModule && n.sourceKind && n.sourceId && n.sourceLabel && n.sourceUrl
      ? { module: n.sourceModule, kind: n.sourceKind, id: n.sourceId, label: n.sourceLabel, url: n.sourceUrl }
      : null,
  briefingId: n.briefingId,
});

export async function addNote(ctx: Ctx, input: NoteInput): Promise<NoteView & { landedIn: 'draft' | 'next' }> {
  const actor = requireRole(ctx, ...TEAM_ROLES);
  const data = parseInput(NoteInput, input);
  const draft = await selectBriefingOfWeek(ctx.db, currentWeek(ctx));
  const open = draft && draft.status === 'draft' ? draft : undefined;
  const row = await insertNote(ctx.db, {
    id: newId(),
    text: data.text,
    authorId: actor.kind === 'user' ? actor.id : null,
    authorName: actor.kind === 'user' ? actor.name : 'Belfry',
    sourceModule: data.source?.module ?? null,
    sourceKind: data.source?.kind ?? null,
    sourceId: data.source?.id ?? null,
    sourceLabel: data.source?.label ?? null,
    sourceUrl: data.source?.url ?? null,
    briefingId: open?.id ?? null,
    createdAt: ctx.clock.now(),
  });
  if (open) await takeInNote(ctx, open, noteLine(row));
  return { ...present(row), landedIn: open ? 'draft' : 'next' };
}

/** Notes waiting for the next draft. */
export async function listPendingNotes(ctx: Ctx): Promise<NoteView[]> {
  requireRole(ctx, ...TEAM_ROLES);
  return (await selectNotes(ctx.db, null)).map(present);
}

/** Withdraws a note (its author or the Director) while its briefing is not yet published. */
export async function deleteNote(ctx: Ctx, id: string): Promise<void> {
  const actor = requireRole(ctx, ...TEAM_ROLES);
  const note = await selectNote(ctx.db, id);
  if (!note) throw new NotFound('No such note');
  if (actor.role !== 'admin' && (actor.kind !== 'user' || note.authorId !== actor.id))
    throw new Forbidden('Only whoever wrote a note, or the Director, can withdraw it');
  const briefing = note.briefingId ? await selectBriefing(ctx.db, note.briefingId) : undefined;
  if (briefing && briefing.status !== 'draft') throw new Conflict('That note is in a published briefing');
  await deleteNoteRow(ctx.db, id);
}

export type { NoteView } from './view-types.ts';
