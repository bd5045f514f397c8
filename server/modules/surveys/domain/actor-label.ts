import type { Ctx } from '../../../lib/context.ts';

/** Who made a decision, for the records kept beside it (mapping, review, import). */
export const actorLabel = (ctx: Ctx): string =>
  ctx.actor?.kind === 'user' ? ctx.actor.email : ctx.actor ? `system: ${ctx.actor.name}` : 'unknown';
