import { z } from 'zod';
import { type Ctx, IT_ROLES, requireActor, requireRole } from '../../../lib/context.ts';
import { parseInput } from '../../../lib/validate.ts';
import { getSetting } from '../../settings/index.ts';
import { selectOpenAlerts } from '../db/mail-queries.ts';
import { selectByNumber, selectOwnTickets, selectQueue, selectQueueCounts, selectSearch } from '../db/queue-queries.ts';
import type { TicketRow } from '../db/ticket-queries.ts';
import { isAgent, mayOpenRestricted, viewOf } from './access.ts';
import { restrictedRolesSetting, warnMinutesSetting } from './helpdesk-settings.ts';
import { presentSummary, restrictedPlaceholder, type TicketSummary } from './ticket-view.ts';

/** The IT team's queues, a requester's own tickets, and search: each scoped to what the reader may see. */

export const QueueQuery = z.object({
  view: z.enum(['mine', 'unassigned', 'breaching', 'open', 'waiting', 'resolved', 'all']).default('open'),
  schoolId: z.uuid().optional(),
  category: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});

export async function listQueue(
  ctx: Ctx,
  input: z.input<typeof QueueQuery>,
): Promise<{ tickets: TicketSummary[]; hasMore: boolean }> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const q = parseInput(QueueQuery, input);
  const warn = await getSetting(ctx, warnMinutesSetting);
  const rows = await selectQueue(ctx.db, {
    ...q,
    actorId: actor.kind === 'user' ? actor.id : undefined,
    breachBefore: new Date(ctx.clock.now().getTime() + warn * 60000),
    limit: q.limit + 1,
  });
  const roles = await getSetting(ctx, restrictedRolesSetting);
  return {
    tickets: rows
      .slice(0, q.limit)
      .map((r) => (r.restricted && !mayOpenRestricted(actor, r, roles) ? restrictedPlaceholder(r) : presentSummary(r))),
    hasMore: rows.length > q.limit,
  };
}

/** The portal: the tickets I raised or am copied in on. */
export async function listMyTickets(ctx: Ctx): Promise<TicketSummary[]> {
  const actor = requireActor(ctx);
  if (actor.kind !== 'user') return [];
  return (await selectOwnTickets(ctx.db, actor.email.toLowerCase(), 200)).map(presentSummary);
}

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * Full-text search. The IT team searches everything but restricted tickets they may not open
 * (which never appear, not even as placeholders: AT-36); everyone else searches the public
 * conversation of their own tickets only (AT-35). "#123" or "123" finds that ticket by number.
 */
export async function searchTickets(ctx: Ctx, input: z.input<typeof SearchQuery>): Promise<TicketSummary[]> {
  const actor = requireActor(ctx);
  const { q, limit } = parseInput(SearchQuery, input);
  const roles = await getSetting(ctx, restrictedRolesSetting);
  const agent = isAgent(actor);
  const allowed = (r: TicketRow) => viewOf(actor, r, roles) !== undefined;
  const number = /^#?(\d{1,9})$/.exec(q);
  if (number) return (await selectByNumber(ctx.db, Number(number[1]))).filter(allowed).map(presentSummary);
  const email = actor.kind === 'user' ? actor.email.toLowerCase() : undefined;
  const mayOpenAll = actor.kind === 'system' || roles.includes(actor.role);
  const rows = await selectSearch(
    ctx.db,
    q,
    agent
      ? { publicOnly: false, excludeRestrictedExcept: mayOpenAll ? undefined : actor.kind === 'user' ? actor.id : '' }
      : { email: email ?? '', publicOnly: true },
    limit,
  );
  return rows.filter(allowed).map(presentSummary);
}

/** Today: the IT team's numbers at a glance, and anything wrong with the desk itself. */
export async function loadQueueCard(ctx: Ctx) {
  const actor = requireRole(ctx, ...IT_ROLES);
  const now = ctx.clock.now();
  const warn = await getSetting(ctx, warnMinutesSetting);
  const counts = await selectQueueCounts(
    ctx.db,
    now,
    new Date(now.getTime() + warn * 60000),
    actor.kind === 'user' ? actor.id : null,
  );
  const alerts = (await selectOpenAlerts(ctx.db)).map((a) => ({
    id: a.id,
    at: a.at.toISOString(),
    kind: a.kind,
    message: a.message,
  }));
  return { ...counts, alerts };
}

/** Today for everyone else: my open tickets. */
export async function loadMyTicketsCard(ctx: Ctx) {
  const mine = (await listMyTickets(ctx)).filter((t) => !['resolved', 'closed'].includes(t.status));
  return { tickets: mine.slice(0, 5), open: mine.length };
}
