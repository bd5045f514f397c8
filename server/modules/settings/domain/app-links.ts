import { z } from 'zod';
import { type Ctx, ROLES, requireActor, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type AppLinkRow,
  deleteAppLink,
  insertAppLink,
  selectAppLink,
  selectAppLinks,
  updateAppLink,
} from '../db/settings-queries.ts';

/** Icons the web app knows how to draw; anything else falls back to a link icon. */
export const APP_ICONS = [
  'link',
  'mail',
  'calendar',
  'school',
  'cloud',
  'shield',
  'wifi',
  'server',
  'printer',
  'device-laptop',
  'ticket',
  'chart',
  'users',
  'book',
  'lock',
  'files',
  'world',
  'brand-windows',
  'brand-google',
  'video',
] as const;

const name = z.string().trim().min(1, 'Give the app a name').max(60);
const url = z
  .string()
  .trim()
  .url('Enter a full address starting with https://')
  .refine((u) => /^https?:\/\//i.test(u), 'Only http and https addresses can be opened');

export const AppLinkInput = z.object({
  name,
  url,
  icon: z.enum(APP_ICONS).default('link'),
  roles: z.array(z.enum(ROLES)).default([]),
});
export type AppLinkInput = z.input<typeof AppLinkInput>;

export const AppLinkPatch = z.object({
  name: name.optional(),
  url: url.optional(),
  icon: z.enum(APP_ICONS).optional(),
  roles: z.array(z.enum(ROLES)).optional(),
  position: z.number().int().min(0).optional(),
});
export type AppLinkPatch = z.infer<typeof AppLinkPatch>;

export type AppLink = {
  id: string;
  name: string;
  url: string;
  icon: string;
  position: number;
  roles: string[];
};

const present = (r: AppLinkRow): AppLink => ({
  id: r.id,
  name: r.name,
  url: r.url,
  icon: r.icon,
  position: r.position,
  roles: r.roles,
});

/** The links this user sees: those for everyone, and those for their role. */
export async function listMyAppLinks(ctx: Ctx): Promise<AppLink[]> {
  const actor = requireActor(ctx);
  const rows = await selectAppLinks(ctx.db);
  return rows.filter((r) => r.roles.length === 0 || r.roles.includes(actor.role)).map(present);
}

export async function listAllAppLinks(ctx: Ctx): Promise<AppLink[]> {
  requireRole(ctx, 'admin');
  return (await selectAppLinks(ctx.db)).map(present);
}

export async function addAppLink(ctx: Ctx, input: AppLinkInput): Promise<AppLink> {
  requireRole(ctx, 'admin');
  const data = parseInput(AppLinkInput, input);
  // Last in the list: after a removal the count would reuse a position already taken.
  const existing = await selectAppLinks(ctx.db);
  const row = { id: newId(), ...data, position: Math.max(-1, ...existing.map((l) => l.position)) + 1 };
  await insertAppLink(ctx.db, row);
  await recordAudit(ctx, {
    action: 'apps.add',
    summary: `Added app link ${data.name}`,
    targetType: 'app-link',
    targetId: row.id,
    details: data,
  });
  return { ...row, roles: data.roles };
}

export async function changeAppLink(ctx: Ctx, id: string, input: AppLinkPatch): Promise<AppLink> {
  requireRole(ctx, 'admin');
  const patch = parseInput(AppLinkPatch, input);
  // An empty patch (a form saved unchanged) is no error; an UPDATE needs at least one column.
  const row = Object.keys(patch).length ? await updateAppLink(ctx.db, id, patch) : await selectAppLink(ctx.db, id);
  if (!row) throw new NotFound('That app link no longer exists');
  if (Object.keys(patch).length)
    await recordAudit(ctx, {
      action: 'apps.change',
      summary: `Changed app link ${row.name}`,
      targetType: 'app-link',
      targetId: id,
      details: patch,
    });
  return present(row);
}

export async function removeAppLink(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin');
  const row = await deleteAppLink(ctx.db, id);
  if (!row) throw new NotFound('That app link no longer exists');
  await recordAudit(ctx, {
    action: 'apps.remove',
    summary: `Removed app link ${row.name}`,
    targetType: 'app-link',
    targetId: id,
  });
}
