import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from './clock.ts';
import { Forbidden, Unauthenticated } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mailer.ts';

/** The five roles. `admin` is the Director; `slt` reads reports and registers. */
export const ROLES = ['admin', 'it', 'slt', 'staff', 'pupil'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: a signed-in user, or Belfry itself (CLI, scheduler, demo loader). */
export type Actor =
  | {
      kind: 'user';
      id: string;
      email: string;
      name: string;
      role: Role;
      sessionId?: string;
      ip?: string;
    }
  | { kind: 'system'; name: string; role: 'admin' };

/** What every use case receives first. */
export type Ctx = {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  mail: Mailer;
  actor?: Actor;
};

export const systemActor = (name: string): Actor => ({
  kind: 'system',
  name,
  role: 'admin',
});

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Unauthenticated('Sign in to continue');
  return ctx.actor;
}

/** Throws Forbidden unless the actor holds one of `roles`; returns the actor. */
export function requireRole(ctx: Ctx, ...roles: Role[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) throw new Forbidden('You do not have permission to do that');
  return actor;
}

export const hasRole = (ctx: Ctx, ...roles: Role[]): boolean => !!ctx.actor && roles.includes(ctx.actor.role);

/** Staff-side roles: everyone who is not a pupil. */
export const STAFF_ROLES: Role[] = ['admin', 'it', 'slt', 'staff'];
/** Roles that run IT: the Director and the IT Services team. */
export const IT_ROLES: Role[] = ['admin', 'it'];
