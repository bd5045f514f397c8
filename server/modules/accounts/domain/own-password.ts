import { type Ctx, requireActor } from '../../../lib/context.ts';
import { Invalid, Unauthenticated } from '../../../lib/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import { deleteUserSessions, selectUserById, updateUser } from '../db/accounts-queries.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { type NewSession, startSession } from './sessions.ts';
import { recordFailedPassword, refuseIfLocked } from './sign-in.ts';

/** Changes the signed-in user's password; every other session of theirs is signed out. */
export async function changeOwnPassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  client: { ip?: string; userAgent?: string },
): Promise<NewSession> {
  const actor = requireActor(ctx);
  if (actor.kind !== 'user') throw new Unauthenticated('Sign in to change your password');
  const user = await selectUserById(ctx.db, actor.id);
  if (!user) throw new Unauthenticated('Sign in to change your password');
  // Guessing the current password here counts as a failed sign-in (a stolen session is no shortcut).
  const now = ctx.clock.now();
  await refuseIfLocked(ctx, user.email, client.ip, now);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordFailedPassword(ctx, user.email, client.ip, now);
    throw new Invalid('Your current password is not right');
  }
  const problem = passwordProblem(input.newPassword, { name: user.name, email: user.email });
  if (problem) throw new Invalid(`New password: ${problem}`);
  await updateUser(ctx.db, user.id, { passwordHash: await hashPassword(input.newPassword), updatedAt: ctx.clock.now() });
  await deleteUserSessions(ctx.db, user.id);
  await recordAudit(ctx, {
    action: 'users.change_own_password',
    summary: 'Changed their own password',
    targetType: 'user',
    targetId: user.id,
  });
  return startSession(ctx, user.id, 'password', client);
}
