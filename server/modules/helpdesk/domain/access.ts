import { type Actor, type Ctx, IT_ROLES, requireActor } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import { selectTicketById, type TicketRow } from '../db/ticket-queries.ts';
import { restrictedRolesSetting } from './helpdesk-settings.ts';

/**
 * Who may see a ticket, and how much of it (research §9 H). A requester or a CC'd colleague sees
 * the public conversation of their own tickets; the IT team sees everything except restricted
 * (safeguarding) tickets, which only the roles in `helpdesk.restrictedRoles` and the people named
 * on the ticket may open, each opening audited. Everyone else gets 404, never 403, so a ticket's
 * existence is not given away (AT-35).
 */

export type View = 'agent' | 'requester';

export const isAgent = (actor: Actor): boolean => (IT_ROLES as string[]).includes(actor.role);

export function isRequesterOf(actor: Actor, t: TicketRow): boolean {
  if (actor.kind !== 'user') return false;
  const email = actor.email.toLowerCase();
  return t.requesterUserId === actor.id || (!!t.requesterEmail && t.requesterEmail === email) || t.collaborators.includes(email);
}

export function mayOpenRestricted(actor: Actor, t: TicketRow, restrictedRoles: readonly string[]): boolean {
  if (actor.kind === 'system') return true;
  return restrictedRoles.includes(actor.role) || t.restrictedTo.includes(actor.id);
}

/** The view this actor has of the ticket, or undefined for none. */
export function viewOf(actor: Actor, t: TicketRow, restrictedRoles: readonly string[]): View | undefined {
  if (actor.kind === 'system') return 'agent';
  if (t.restricted) {
    if (mayOpenRestricted(actor, t, restrictedRoles)) return 'agent';
    return isRequesterOf(actor, t) ? 'requester' : undefined;
  }
  if (isAgent(actor)) return 'agent';
  return isRequesterOf(actor, t) ? 'requester' : undefined;
}

/** Loads a ticket the actor may see, auditing every opening of a restricted one. */
export async function loadVisibleTicket(
  ctx: Ctx,
  id: string,
  purpose: string,
): Promise<{ ticket: TicketRow; view: View; actor: Actor }> {
  const actor = requireActor(ctx);
  const ticket = await selectTicketById(ctx.db, id);
  const roles = await getSetting(ctx, restrictedRolesSetting);
  const view = ticket ? viewOf(actor, ticket, roles) : undefined;
  if (!ticket || !view) throw new NotFound('No such ticket');
  if (ticket.restricted && actor.kind === 'user') {
    await recordAudit(ctx, {
      action: 'helpdesk.restricted_access',
      summary: `${purpose} restricted ticket #${ticket.number}`,
      targetType: 'helpdesk_ticket',
      targetId: ticket.id,
      details: { number: ticket.number, purpose },
    });
  }
  return { ticket, view, actor };
}

/** Loads a ticket only the IT team (or a named person, for a restricted one) may change. */
export async function loadTicketForAgent(ctx: Ctx, id: string, purpose: string): Promise<{ ticket: TicketRow; actor: Actor }> {
  const loaded = await loadVisibleTicket(ctx, id, purpose);
  if (loaded.view !== 'agent') throw new NotFound('No such ticket');
  return loaded;
}
