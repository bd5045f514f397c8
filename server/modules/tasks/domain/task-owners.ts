import { type Ctx, type Role, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { listUserSummaries, type UserSummary } from '../../accounts/index.ts';

/** Who keeps a to-do list: the Director, IT Services and the senior leadership team. */
export const TASK_ROLES: Role[] = ['admin', 'it', 'slt'];

export type Owners = Map<string, UserSummary>;

export async function loadOwners(ctx: Ctx): Promise<Owners> {
  return new Map((await listUserSummaries(ctx)).map((u) => [u.id, u]));
}

/** The people a to-do can be given to: active accounts with a to-do list. */
export async function listTaskOwners(ctx: Ctx): Promise<{ id: string; name: string; role: Role }[]> {
  requireRole(ctx, ...TASK_ROLES);
  return [...(await loadOwners(ctx)).values()]
    .filter((u) => u.isActive && TASK_ROLES.includes(u.role))
    .map((u) => ({ id: u.id, name: u.name, role: u.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function requireOwner(owners: Owners, id: string, field = 'ownerId'): UserSummary {
  const u = owners.get(id);
  if (!u?.isActive) throw new Invalid(`${field}: no active account with that id`);
  if (!TASK_ROLES.includes(u.role)) throw new Invalid(`${field}: ${u.name} has no to-do list (${u.role} accounts do not)`);
  return u;
}

export const ownerName = (owners: Owners, id: string | null | undefined): string =>
  (id && owners.get(id)?.name) || 'Unknown account';
