import { z } from 'zod';
import type { Ctx, Role } from '../../../lib/context.ts';
import { TooManyRequests, Unauthenticated } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  deleteAttemptsBefore,
  insertSignInAttempt,
  selectAttemptsForEmail,
  selectFailuresForIp,
  selectUserByEmail,
  updateUser,
} from '../db/accounts-queries.ts';
import { ipAttemptsSetting, lockoutAttemptsSetting, lockoutMinutesSetting } from './account-settings.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { type NewSession, startSession } from './sessions.ts';

export const Credentials = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});
export type Credentials = z.infer<typeof Credentials>;

export type SignedIn = NewSession & {
  user: { id: string; email: string; name: string; role: Role };
};

/** The same words whether or not the account exists, or is disabled. */
export const BAD_CREDENTIALS = 'That email address and password do not match an account that can sign in';

function lockMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask IT Services to reset your password.`;
}

/**
 * Seconds until this email may try again, or 0. `limit` failures (since the last success)
 * within one window lock the account for a window from the failure that reached the limit.
 * Attempts refused while locked are not recorded, so hammering does not extend the lock.
 */
async function emailLockSeconds(ctx: Ctx, email: string, now: Date, limit: number, windowMs: number): Promise<number> {
  const attempts = await selectAttemptsForEmail(ctx.db, email, new Date(now.getTime() - 2 * windowMs));
  let failures: number[] = [];
  for (const a of attempts) failures = a.succeeded ? [] : [...failures, a.at.getTime()];
  let until = 0;
  for (let i = limit - 1; i < failures.length; i++) {
    const last = failures[i] as number;
    if (last - (failures[i - limit + 1] as number) <= windowMs) until = Math.max(until, last + windowMs);
  }
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

async function ipLockSeconds(ctx: Ctx, ip: string | undefined, now: Date, limit: number, windowMs: number): Promise<number> {
  if (!ip) return 0;
  const failures = await selectFailuresForIp(ctx.db, ip, new Date(now.getTime() - windowMs));
  const oldest = failures[failures.length - limit];
  if (failures.length < limit || !oldest) return 0;
  return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
}

/** Password sign-in with lock-out. Throws Unauthenticated or TooManyRequests; audits both ways. */
export async function signInWithPassword(
  ctx: Ctx,
  input: Credentials,
  client: { ip?: string; userAgent?: string },
): Promise<SignedIn> {
  const { email, password } = parseInput(Credentials, input);
  const now = ctx.clock.now();
  const windowMs = (await getSetting(ctx, lockoutMinutesSetting)) * 60_000;
  const locked = Math.max(
    await emailLockSeconds(ctx, email, now, await getSetting(ctx, lockoutAttemptsSetting), windowMs),
    await ipLockSeconds(ctx, client.ip, now, await getSetting(ctx, ipAttemptsSetting), windowMs),
  );
  if (locked > 0) {
    await recordAudit(
      ctx,
      {
        action: 'auth.sign_in_locked',
        summary: `Refused a locked-out sign-in for ${email}`,
        details: { email, ip: client.ip },
      },
      email,
    );
    throw new TooManyRequests(lockMessage(locked), locked);
  }
  const user = await selectUserByEmail(ctx.db, email);
  let ok = false;
  if (user?.passwordHash && user.isActive) ok = await verifyPassword(user.passwordHash, password);
  else await verifyAgainstDummy(password);
  await insertSignInAttempt(ctx.db, {
    email,
    ip: client.ip ?? null,
    at: now,
    succeeded: ok,
  });
  if (!ok || !user) {
    await recordAudit(
      ctx,
      {
        action: 'auth.sign_in_failed',
        summary: `Failed password sign-in for ${email}`,
        details: { email, ip: client.ip },
      },
      email,
    );
    throw new Unauthenticated(BAD_CREDENTIALS);
  }
  const session = await startSession(ctx, user.id, 'password', client);
  await updateUser(ctx.db, user.id, { lastSignInAt: now });
  const who = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Role,
  };
  await recordAudit(
    { ...ctx, actor: { kind: 'user', ...who, ip: client.ip } },
    {
      action: 'auth.sign_in',
      summary: `Signed in with a password`,
      targetType: 'user',
      targetId: user.id,
      details: { method: 'password' },
    },
  );
  // Attempts older than 30 days serve no lock-out; keep the table small.
  await deleteAttemptsBefore(ctx.db, new Date(now.getTime() - 30 * 86400_000));
  return { ...session, user: who };
}
