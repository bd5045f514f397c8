import { z } from 'zod';
import { type Ctx, ROLES, type Role, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  countActiveAdmins,
  countUsers,
  deleteFailedAttemptsForEmail,
  deleteUserSessions,
  insertUser,
  selectUserByEmail,
  selectUserById,
  selectUsers,
  type UserRow,
  updateUser,
} from '../db/accounts-queries.ts';
import { generatePassword, hashPassword, passwordProblem } from './passwords.ts';
import { lockedOutEmails, unlockAccount } from './sign-in.ts';

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  isActive: boolean;
  hasPassword: boolean;
  personId: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  /** Some address is locked out of this account after repeated wrong passwords (the users list only). */
  lockedOut?: boolean;
};

export const presentUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  isActive: r.isActive,
  hasPassword: r.passwordHash !== null,
  personId: r.personId,
  lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export const NewUser = z.object({
  email: z.email('Enter a valid email address').transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().min(1, 'Enter a name').max(120),
  role: z.enum(ROLES),
  /** Omit to generate one (returned once); SSO-only accounts pass `sso: true`. */
  password: z.string().optional(),
  sso: z.boolean().default(false),
  personId: z.uuid().nullable().optional(),
});
export type NewUser = z.input<typeof NewUser>;

/** Creates an account (admin). Returns the generated password, if one was generated, once. */
export async function createUser(ctx: Ctx, input: NewUser): Promise<{ user: User; generatedPassword?: string }> {
  requireRole(ctx, 'admin');
  const data = parseInput(NewUser, input);
  if (await selectUserByEmail(ctx.db, data.email)) throw new Conflict(`An account for ${data.email} already exists`);
  let generatedPassword: string | undefined;
  let password = data.password;
  if (!password && !data.sso) password = generatedPassword = generatePassword();
  if (password) {
    const problem = passwordProblem(password, { name: data.name, email: data.email });
    if (problem) throw new Invalid(`Password: ${problem}`);
  }
  const now = ctx.clock.now();
  const row = await insertUser(ctx.db, {
    id: newId(),
    email: data.email,
    name: data.name,
    role: data.role,
    passwordHash: password ? await hashPassword(password) : null,
    personId: data.personId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(ctx, {
    action: 'users.create',
    summary: `Created ${data.role} account for ${data.email}`,
    targetType: 'user',
    targetId: row.id,
    details: { email: data.email, role: data.role },
  });
  return { user: presentUser(row), generatedPassword };
}

export async function listUsers(ctx: Ctx): Promise<User[]> {
  requireRole(ctx, 'admin');
  const locked = await lockedOutEmails(ctx);
  return (await selectUsers(ctx.db)).map((r) => ({ ...presentUser(r), lockedOut: locked.has(r.email) }));
}

async function getUserRow(ctx: Ctx, idOrEmail: string): Promise<UserRow> {
  const row = idOrEmail.includes('@') ? await selectUserByEmail(ctx.db, idOrEmail) : await selectUserById(ctx.db, idOrEmail);
  if (!row) throw new NotFound(`No account ${idOrEmail}`);
  return row;
}

export const UserPatch = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES).optional(),
  isActive: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

/** Changes name, role or whether the account may sign in (admin). The last admin stays an admin. */
export async function changeUser(ctx: Ctx, id: string, input: UserPatch): Promise<User> {
  const actor = requireRole(ctx, 'admin');
  const patch = parseInput(UserPatch, input);
  const row = await getUserRow(ctx, id);
  const losesAdmin = row.role === 'admin' && row.isActive && ((patch.role && patch.role !== 'admin') || patch.isActive === false);
  if (losesAdmin && (await countActiveAdmins(ctx.db)) <= 1) {
    throw new Conflict('Belfry needs at least one active admin: make someone else an admin first');
  }
  if (actor.kind === 'user' && actor.id === row.id && patch.isActive === false) {
    throw new Conflict('You cannot disable your own account');
  }
  const updated = await updateUser(ctx.db, row.id, {
    ...patch,
    updatedAt: ctx.clock.now(),
  });
  if (!updated) throw new NotFound(`No account ${id}`);
  // A role change or a disabled account takes effect now, not when the session expires.
  if (patch.isActive === false || (patch.role && patch.role !== row.role)) await deleteUserSessions(ctx.db, row.id);
  await recordAudit(ctx, {
    action: 'users.change',
    summary: `Changed account ${row.email}`,
    targetType: 'user',
    targetId: row.id,
    details: {
      before: { name: row.name, role: row.role, isActive: row.isActive },
      after: patch,
    },
  });
  return presentUser(updated);
}

/**
 * Sets a new password (admin; or the CLI). Without `password`, one is generated and returned
 * once. Signs the account out everywhere and clears any lock-out.
 */
export async function resetPassword(
  ctx: Ctx,
  idOrEmail: string,
  password?: string,
): Promise<{ user: User; generatedPassword?: string }> {
  requireRole(ctx, 'admin');
  const row = await getUserRow(ctx, idOrEmail);
  const generatedPassword = password ? undefined : generatePassword();
  const next = password ?? (generatedPassword as string);
  const problem = passwordProblem(next, { name: row.name, email: row.email });
  if (problem) throw new Invalid(`Password: ${problem}`);
  const updated = await updateUser(ctx.db, row.id, {
    passwordHash: await hashPassword(next),
    updatedAt: ctx.clock.now(),
  });
  await deleteUserSessions(ctx.db, row.id);
  await deleteFailedAttemptsForEmail(ctx.db, row.email);
  await recordAudit(ctx, {
    action: 'users.reset_password',
    summary: `Reset the password of ${row.email}`,
    targetType: 'user',
    targetId: row.id,
  });
  return { user: presentUser(updated ?? row), generatedPassword };
}

/** How many accounts exist (the CLI and start-up use it to tell a new installation). */
export function countAccounts(ctx: Ctx): Promise<number> {
  return countUsers(ctx.db);
}

/** Lifts the sign-in lock-out on an account (admin): every address may try again. */
export async function unlockUser(ctx: Ctx, idOrEmail: string): Promise<User> {
  requireRole(ctx, 'admin');
  const row = await getUserRow(ctx, idOrEmail);
  await unlockAccount(ctx, row.email);
  return { ...presentUser(row), lockedOut: false };
}
