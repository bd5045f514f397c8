import type { Ctx, Role } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { listUserSummaries } from '../../accounts/index.ts';

/** Who reads projects and risks, and who changes them. */
export const READ_ROLES: Role[] = ['admin', 'it', 'slt'];
export const WRITE_ROLES: Role[] = ['admin', 'it'];

/**
 * An owner is an account (its name is kept with it) or, for someone without an account (the
 * Director of EdTech, a supplier), just a name. With neither, the actor owns it.
 */
export async function resolveOwner(
  ctx: Ctx,
  input: { ownerId?: string | null; ownerName?: string | null },
): Promise<{ ownerId: string | null; ownerName: string }> {
  if (input.ownerId) {
    const user = (await listUserSummaries(ctx)).find((u) => u.id === input.ownerId);
    if (!user) throw new Invalid('ownerId: no account with that id');
    return { ownerId: user.id, ownerName: user.name };
  }
  if (input.ownerName) return { ownerId: null, ownerName: input.ownerName };
  if (ctx.actor?.kind === 'user') return { ownerId: ctx.actor.id, ownerName: ctx.actor.name };
  throw new Invalid('ownerName: say who owns it');
}

export const actorLabel = (ctx: Ctx): string =>
  ctx.actor?.kind === 'user' ? ctx.actor.name : ctx.actor ? `Belfry (${ctx.actor.name})` : 'Belfry';
