import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  insertUseful,
  selectTags,
  selectUseful,
  selectUsefulItems,
  type UsefulRow,
  updateUsefulRow,
} from '../db/useful-queries.ts';
import { htmlToWords, renderMarkdown } from './markdown.ts';
import { TEAM_ROLES } from './roles.ts';
import type { UsefulView } from './view-types.ts';

/**
 * "Useful info": the team's repository of how-tos, contacts, procedures and supplier numbers,
 * in Markdown with tags; pinned items come first. Kept by the Director and IT Services.
 */

const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &+./-]*$/u, 'Tags are words: letters, digits, spaces and - . / & +');

export const UsefulInput = z.object({
  title: z.string().trim().min(1, 'Give it a title').max(200),
  body: z.string().trim().max(20_000).default(''),
  tags: z.array(Tag).max(12).default([]),
  pinned: z.boolean().default(false),
});
export type UsefulInput = z.input<typeof UsefulInput>;

const present = (u: UsefulRow): UsefulView => ({
  id: u.id,
  title: u.title,
  body: u.body,
  html: renderMarkdown(u.body),
  tags: u.tags,
  pinned: u.pinned,
  createdBy: u.createdBy,
  createdAt: u.createdAt.toISOString(),
  updatedBy: u.updatedBy,
  updatedAt: u.updatedAt.toISOString(),
});

const who = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.name : 'Belfry');
const derived = (body: string, tags: string[]) => ({
  tagsText: tags.join(' '),
  bodyText: htmlToWords(renderMarkdown(body)),
});

export async function listUseful(
  ctx: Ctx,
  q: { tag?: string } = {},
): Promise<{ items: UsefulView[]; tags: { tag: string; n: number }[] }> {
  requireRole(ctx, ...TEAM_ROLES);
  const [items, tags] = [await selectUsefulItems(ctx.db, { tag: q.tag?.toLowerCase() }), await selectTags(ctx.db)];
  return { items: items.map(present), tags };
}

export async function getUseful(ctx: Ctx, id: string): Promise<UsefulView> {
  requireRole(ctx, ...TEAM_ROLES);
  const row = await selectUseful(ctx.db, id);
  if (!row || row.archivedAt) throw new NotFound('No such useful-info item');
  return present(row);
}

export async function addUseful(ctx: Ctx, input: UsefulInput): Promise<UsefulView> {
  requireRole(ctx, ...TEAM_ROLES);
  const data = parseInput(UsefulInput, input);
  const tags = [...new Set(data.tags)];
  const now = ctx.clock.now();
  const row = await insertUseful(ctx.db, {
    id: newId(),
    title: data.title,
    body: data.body,
    tags,
    ...derived(data.body, tags),
    pinned: data.pinned,
    createdBy: who(ctx),
    createdAt: now,
    updatedBy: who(ctx),
    updatedAt: now,
  });
  return present(row);
}

export async function updateUseful(ctx: Ctx, id: string, input: Partial<UsefulInput>): Promise<UsefulView> {
  requireRole(ctx, ...TEAM_ROLES);
  const data = parseInput(UsefulInput.partial(), input);
  const before = await selectUseful(ctx.db, id);
  if (!before || before.archivedAt) throw new NotFound('No such useful-info item');
  const body = data.body ?? before.body;
  const tags = data.tags ? [...new Set(data.tags)] : before.tags;
  const row = await updateUsefulRow(ctx.db, id, {
    ...(data.title !== undefined ? { title: data.title } : {}),
    body,
    tags,
    ...derived(body, tags),
    ...(data.pinned !== undefined ? { pinned: data.pinned } : {}),
    updatedBy: who(ctx),
    updatedAt: ctx.clock.now(),
  });
  return present(row as UsefulRow);
}

/** Takes an item out of the repository (kept in the database, as the audit log says). */
export async function archiveUseful(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...TEAM_ROLES);
  const row = await selectUseful(ctx.db, id);
  if (!row || row.archivedAt) throw new NotFound('No such useful-info item');
  await updateUsefulRow(ctx.db, id, { archivedAt: ctx.clock.now(), updatedBy: who(ctx) });
  await recordAudit(ctx, {
    action: 'briefings.useful.archive',
    summary: `Removed the useful-info item “${row.title}”`,
    targetType: 'useful_info',
    targetId: id,
  });
}

export type { UsefulView } from './view-types.ts';
