import { z } from 'zod';
import { type Ctx, type Role, requireRole } from '../../../lib/context.ts';
import { TooManyRequests, Unauthenticated } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  deleteAttemptsBefore,
  insertSignInAttempt,
  selectActiveAdmins,
  selectAttemptsForEmail,
  selectAttemptsSince,
  selectFailuresForIp,
  selectUserByEmail,
  updateUser,
} from '../db/accounts-queries.ts';
import {
  inNetworks,
  ipAttemptsSetting,
  lockoutAttemptsSetting,
  lockoutMinutesSetting,
  trustedNetworksSetting,
} from './account-settings.ts';
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
 * Lock-out that is not a denial-of-service lever (issue 12): failures lock the (account, address)
 * pair, never the account everywhere, so guesses from elsewhere cannot keep the Director out.
 * `limit` failures from one address (since its last success there, or an admin's unlock) within one
 * window lock that address out of that account for a window from the failure that reached the
 * limit. Attempts refused while locked are not recorded, so hammering does not extend the lock.
 */
/** Seconds until `ip` may try `attempts`' account again (attempts in time order), or 0. Pure. */
export function pairLockFrom(
  attempts: readonly { at: Date; ip: string | null; succeeded: boolean }[],
  ip: string | undefined,
  now: Date,
  limit: number,
  windowMs: number,
): number {
  let failures: number[] = [];
  for (const a of attempts) {
    const here = (a.ip ?? '') === (ip ?? '');
    // A success from this address, or an admin's unlock (recorded without an address), starts the
    // count afresh; the owner signing in elsewhere does not hand the guesser a new allowance.
    if (a.succeeded) {
      if (here || a.ip === null) failures = [];
    } else if (here) failures.push(a.at.getTime());
  }
  let until = 0;
  for (let i = limit - 1; i < failures.length; i++) {
    const last = failures[i] as number;
    if (last - (failures[i - limit + 1] as number) <= windowMs) until = Math.max(until, last + windowMs);
  }
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export async function pairLockSeconds(ctx: Ctx, email: string, ip: string | undefined, now: Date): Promise<number> {
  const limit = await getSetting(ctx, lockoutAttemptsSetting);
  const windowMs = (await getSetting(ctx, lockoutMinutesSetting)) * 60_000;
  const attempts = await selectAttemptsForEmail(ctx.db, email, new Date(now.getTime() - 2 * windowMs));
  return pairLockFrom(attempts, ip, now, limit, windowMs);
}

export type ActiveLock = { email: string; ip: string | null; until: string };

/** Every (account, address) pair locked out now, soonest to end first: no role check (callers check). */
async function activeLocks(ctx: Ctx): Promise<ActiveLock[]> {
  const now = ctx.clock.now();
  const limit = await getSetting(ctx, lockoutAttemptsSetting);
  const windowMs = (await getSetting(ctx, lockoutMinutesSetting)) * 60_000;
  const byEmail = new Map<string, { at: Date; ip: string | null; succeeded: boolean }[]>();
  for (const a of await selectAttemptsSince(ctx.db, new Date(now.getTime() - 2 * windowMs))) {
    const list = byEmail.get(a.email) ?? [];
    list.push(a);
    byEmail.set(a.email, list);
  }
  const out: ActiveLock[] = [];
  for (const [email, attempts] of byEmail) {
    const ips = new Set(attempts.filter((a) => !a.succeeded).map((a) => a.ip));
    for (const ip of ips) {
      const seconds = pairLockFrom(attempts, ip ?? undefined, now, limit, windowMs);
      if (seconds > 0) out.push({ email, ip, until: new Date(now.getTime() + seconds * 1000).toISOString() });
    }
  }
  return out.sort((a, b) => a.until.localeCompare(b.until) || a.email.localeCompare(b.email));
}

/** The accounts some address is locked out of now (for the users list). */
export async function lockedOutEmails(ctx: Ctx): Promise<Set<string>> {
  return new Set((await activeLocks(ctx)).map((l) => l.email));
}

/**
 * Today (admins): the accounts an address is locked out of now, so the Director sees a lock-out
 * without reading the audit log; an admin lifts one in Settings > Users.
 */
export async function loadLockoutCard(ctx: Ctx): Promise<{ locks: ActiveLock[] }> {
  requireRole(ctx, 'admin');
  return { locks: await activeLocks(ctx) };
}

/** Failures to this account from anywhere since its last success, within the window: for slowing down. */
async function accountFailures(ctx: Ctx, email: string, now: Date): Promise<number> {
  const windowMs = (await getSetting(ctx, lockoutMinutesSetting)) * 60_000;
  let n = 0;
  for (const a of await selectAttemptsForEmail(ctx.db, email, new Date(now.getTime() - windowMs))) n = a.succeeded ? 0 : n + 1;
  return n;
}

/** An address as a whole is refused after many failures, unless it is one of the school's own. */
async function ipLockSeconds(ctx: Ctx, ip: string | undefined, now: Date): Promise<number> {
  if (!ip || inNetworks(ip, await getSetting(ctx, trustedNetworksSetting))) return 0;
  const limit = await getSetting(ctx, ipAttemptsSetting);
  const windowMs = (await getSetting(ctx, lockoutMinutesSetting)) * 60_000;
  const failures = await selectFailuresForIp(ctx.db, ip, new Date(now.getTime() - windowMs));
  const oldest = failures[failures.length - limit];
  if (failures.length < limit || !oldest) return 0;
  return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
}

/** Refuses, audited, when this address is locked out of this account (or as a whole). */
export async function refuseIfLocked(ctx: Ctx, email: string, ip: string | undefined, now: Date): Promise<void> {
  const locked = Math.max(await pairLockSeconds(ctx, email, ip, now), await ipLockSeconds(ctx, ip, now));
  if (locked <= 0) return;
  await recordAudit(
    ctx,
    { action: 'auth.sign_in_locked', summary: `Refused a locked-out sign-in for ${email}`, details: { email, ip } },
    email,
  );
  throw new TooManyRequests(lockMessage(locked), locked);
}

/** Most a failed attempt is held back once an account is being guessed at from many places. */
const MAX_SLOW_DOWN_MS = 1000;

/**
 * Records a failed password (sign-in, or the current password when changing it). The failure
 * that locks an address out of an account tells the Director: the audit log, and mail to every
 * admin when mail is set up. Once the account has had `limit` failures from anywhere, each
 * further failure is answered more slowly (up to a second), which slows a spread-out attack.
 */
export async function recordFailedPassword(ctx: Ctx, email: string, ip: string | undefined, now: Date): Promise<void> {
  await insertSignInAttempt(ctx.db, { email, ip: ip ?? null, at: now, succeeded: false });
  const locked = await pairLockSeconds(ctx, email, ip, now);
  if (locked > 0) {
    const minutes = Math.ceil(locked / 60);
    const summary = `Locked ${ip ?? 'an unknown address'} out of ${email} for ${minutes} minute${minutes === 1 ? '' : 's'} after repeated wrong passwords`;
    await recordAudit(ctx, { action: 'auth.lockout', summary, details: { email, ip, minutes } }, email);
    if (ctx.mail.isConfigured) {
      const admins = (await selectActiveAdmins(ctx.db)).map((a) => a.email);
      if (admins.length) {
        await ctx.mail
          .send({
            to: admins,
            subject: `Belfry: sign-in lock-out for ${email}`,
            text: `${summary}.\n\nOther addresses can still sign in to this account. If this was not the account's owner, no action is needed; an admin can lift the lock in Settings > Users or with \`belfry user unlock ${email}\`.\n`,
            headers: { 'Auto-Submitted': 'auto-generated' },
          })
          .catch((err: unknown) => ctx.log.warn({ err }, 'could not mail the lock-out notice'));
      }
    }
  }
  const limit = await getSetting(ctx, lockoutAttemptsSetting);
  const failures = await accountFailures(ctx, email, now);
  if (failures >= limit) {
    await new Promise((r) => setTimeout(r, Math.min(MAX_SLOW_DOWN_MS, 100 * (failures - limit + 1))));
  }
}

/**
 * Lifts every lock on an account (admin): the next attempts start afresh from every address.
 * Recorded as a reset in the attempts, so the history of failures stays for the audit.
 */
export async function unlockAccount(ctx: Ctx, email: string): Promise<void> {
  requireRole(ctx, 'admin');
  const address = email.trim().toLowerCase();
  const now = ctx.clock.now();
  await insertSignInAttempt(ctx.db, { email: address, ip: null, at: now, succeeded: true });
  await recordAudit(ctx, {
    action: 'auth.unlock',
    summary: `Lifted the sign-in lock-out on ${address}`,
    targetType: 'user',
    details: { email: address },
  });
}

/** Password sign-in with lock-out. Throws Unauthenticated or TooManyRequests; audits both ways. */
export async function signInWithPassword(
  ctx: Ctx,
  input: Credentials,
  client: { ip?: string; userAgent?: string },
): Promise<SignedIn> {
  const { email, password } = parseInput(Credentials, input);
  const now = ctx.clock.now();
  await refuseIfLocked(ctx, email, client.ip, now);
  const user = await selectUserByEmail(ctx.db, email);
  let ok = false;
  if (user?.passwordHash && user.isActive) ok = await verifyPassword(user.passwordHash, password);
  else await verifyAgainstDummy(password);
  if (ok) await insertSignInAttempt(ctx.db, { email, ip: client.ip ?? null, at: now, succeeded: true });
  else await recordFailedPassword(ctx, email, client.ip, now);
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
