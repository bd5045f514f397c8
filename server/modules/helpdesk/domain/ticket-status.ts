import type { Ctx } from '../../../lib/context.ts';
import { getSetting } from '../../settings/index.ts';
import { type TicketRow, updateTicketRow } from '../db/ticket-queries.ts';
import { reopenWindowSetting } from './helpdesk-settings.ts';
import { schoolDaysBetween } from './school-days.ts';
import { loadSlaEnv, targetsFor } from './sla-policies.ts';
import { isThanksOnly } from './thanks-classify.ts';
import type { Status } from './ticket-model.ts';
import { recordEvent } from './ticket-records.ts';

/**
 * Status changes, always through an event (the SLA clock and every metric read them), and what a
 * requester's follow-up does to a ticket: reopens it, is recorded as thanks, or (after the reopen
 * window) starts a new ticket linked to the old one (AT-8, AT-31).
 */

export async function setStatus(
  ctx: Ctx,
  ticket: TicketRow,
  to: Status,
  extra: Record<string, unknown> = {},
  options: { at?: Date; source?: string; label?: string } = {},
): Promise<TicketRow> {
  if (ticket.status === to) return ticket;
  const at = options.at ?? ctx.clock.now();
  await recordEvent(ctx, ticket.id, 'status', { from: ticket.status, to, ...extra }, options);
  const patch: Partial<TicketRow> = { status: to, updatedAt: at };
  if (to === 'resolved') patch.resolvedAt = at;
  if (to === 'closed') {
    patch.closedAt = at;
    if (ticket.status !== 'resolved') patch.resolvedAt = at;
  }
  if (to !== 'resolved' && to !== 'closed' && to !== 'merged') {
    patch.resolvedAt = null;
    patch.closedAt = null;
  }
  await updateTicketRow(ctx.db, ticket.id, patch);
  return { ...ticket, ...patch } as TicketRow;
}

export type FollowUp = 'appended' | 'reopened' | 'thanks' | 'new_ticket';

/** What a requester's message does to a ticket in a given state (the message is not stored here). */
export async function followUpOf(ctx: Ctx, ticket: TicketRow, text: string): Promise<FollowUp> {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return 'appended';
  if (isThanksOnly(text)) return 'thanks';
  const windowDays = await getSetting(ctx, reopenWindowSetting);
  const env = await loadSlaEnv(ctx);
  const cal = await env.calendar(ticket.schoolId);
  const targets = targetsFor(env.policies, ticket.priority, ticket.category);
  const since = ticket.resolvedAt ?? ticket.updatedAt;
  return schoolDaysBetween(cal, targets.countedDays, since, ctx.clock.now()) <= windowDays ? 'reopened' : 'new_ticket';
}

/** After a requester's message: waiting on them ends; a resolved ticket reopens when the follow-up says so. */
export async function applyRequesterFollowUp(
  ctx: Ctx,
  ticket: TicketRow,
  followUp: FollowUp,
  options: { source?: string; label?: string } = {},
): Promise<TicketRow> {
  if (followUp === 'reopened') return setStatus(ctx, ticket, 'open', { reopened: true }, options);
  if (followUp === 'appended' && ticket.status === 'waiting_requester') return setStatus(ctx, ticket, 'open', {}, options);
  return ticket;
}
