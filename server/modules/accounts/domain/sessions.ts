import { timingSafeEqual } from 'node:crypto';
import type { Actor, Ctx, Role } from '../../../lib/context.ts';
import { newToken, sha256 } from '../../../lib/ids.ts';
import { deleteExpiredSessions, deleteSession, insertSession, selectLiveSession, touchSession } from '../db/accounts-queries.ts';

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

export async function startSession(
  ctx: Ctx,
  userId: string,
  method: string,
  client: { ip?: string; userAgent?: string },
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000);
  await insertSession(ctx.db, {
    id: sha256(token),
    userId,
    csrfToken,
    method,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export type SessionActor = Extract<Actor, { kind: 'user' }> & {
  csrfToken: string;
  expiresAt: Date;
};

/** Writes last-seen at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** The signed-in user behind a session cookie's token, sliding its expiry; undefined if none. */
export async function resolveSession(ctx: Ctx, token: string, ip?: string): Promise<SessionActor | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = sha256(token);
  const now = ctx.clock.now();
  const found = await selectLiveSession(ctx.db, id, now);
  if (!found) return undefined;
  let expiresAt = found.session.expiresAt;
  if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000);
    await touchSession(ctx.db, id, now, expiresAt);
  }
  const u = found.user;
  return {
    kind: 'user',
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    sessionId: id,
    ip,
    csrfToken: found.session.csrfToken,
    expiresAt,
  };
}

export async function endSession(ctx: Ctx, sessionId: string): Promise<void> {
  await deleteSession(ctx.db, sessionId);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function purgeExpiredSessions(ctx: Ctx): Promise<number> {
  return deleteExpiredSessions(ctx.db, ctx.clock.now());
}
