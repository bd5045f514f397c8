import type { Ctx, Role } from '../../../lib/context.ts';
import { localDate } from '../../../lib/zoned-time.ts';

/** The Director edits the tracker; IT Services and senior leaders read it. */
export const READ_ROLES: Role[] = ['admin', 'it', 'slt'];
export const EDIT_ROLES: Role[] = ['admin'];

export const todayOf = (ctx: Ctx): string => localDate(ctx.clock.now(), ctx.config.timeZone);

export function actorLabel(ctx: Ctx): string {
  const a = ctx.actor;
  if (!a) return 'Belfry';
  return a.kind === 'user' ? a.name : `Belfry (${a.name})`;
}

const LONG = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
/** '2026-11-20' as '20 November 2026', for the words the history keeps. */
export const longDate = (date: string): string => LONG.format(new Date(`${date}T00:00:00Z`));
