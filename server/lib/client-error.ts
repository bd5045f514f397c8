import { z } from 'zod';
import type { Ctx } from './context.ts';
import { parseInput } from './validate.ts';

/**
 * A page that broke in someone's browser, reported by the web's error boundary: the error's
 * message and the route's path only (no query string, no stack, no page data), logged at warn
 * with who saw it, so the Director can find it in the server log.
 */
export const ClientError = z.object({
  message: z.string().max(2000),
  route: z.string().max(500),
});

export function reportClientError(ctx: Ctx, input: z.input<typeof ClientError>): void {
  const data = parseInput(ClientError, input);
  const route = (data.route.split(/[?#]/)[0] ?? '').slice(0, 200) || '/';
  const message = data.message.replace(/\s+/g, ' ').trim().slice(0, 300) || '(no message)';
  const who = ctx.actor?.kind === 'user' ? { userId: ctx.actor.id, role: ctx.actor.role } : {};
  ctx.log.warn({ route, error: message, ...who }, `A page failed in the browser: ${route}: ${message}`);
}
