import { z } from 'zod';
import { type Ctx, requireActor } from '../../../lib/context.ts';
import { Forbidden, Invalid } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { getSetting } from '../../settings/index.ts';
import { selectMessages, type TicketRow } from '../db/ticket-queries.ts';
import { isAgent, loadVisibleTicket } from './access.ts';
import { categoriesSetting } from './helpdesk-settings.ts';
import { deliver } from './outbound-mail.ts';
import { refreshTicketSla } from './sla-policies.ts';
import { formatRef, PRIORITIES, SETTABLE_STATUSES } from './ticket-model.ts';
import { addMessageRecord, createTicketRecord, recordEvent, resolveLocation, resolveRequester } from './ticket-records.ts';
import { applyRequesterFollowUp, type FollowUp, followUpOf, setStatus } from './ticket-status.ts';

/** Raising, replying and resolving from the portal and the queue. */

export const RaiseTicketInput = z.object({
  subject: z.string().trim().min(3, 'Give the problem a short title').max(200),
  description: z.string().trim().min(1, 'Describe the problem').max(20000),
  category: z.string().trim().max(40).optional(),
  schoolId: z.uuid().nullable().optional(),
  buildingId: z.uuid().nullable().optional(),
  roomId: z.uuid().nullable().optional(),
  asset: z.string().trim().max(120).optional(),
  /** IT only: raise on someone's behalf (a phone call, a walk-up). */
  requesterEmail: z.email().optional(),
  requesterName: z.string().trim().max(120).optional(),
  channel: z.enum(['portal', 'phone', 'walk_up']).optional(),
  priority: z.enum(PRIORITIES).optional(),
});

export async function raiseTicket(ctx: Ctx, input: z.input<typeof RaiseTicketInput>): Promise<{ id: string; number: number }> {
  const actor = requireActor(ctx);
  const data = parseInput(RaiseTicketInput, input);
  const agent = isAgent(actor);
  if (!agent && (data.requesterEmail || data.priority || (data.channel && data.channel !== 'portal'))) {
    throw new Forbidden('Only the IT team can raise a ticket for someone else or set its priority');
  }
  const categories = await getSetting(ctx, categoriesSetting);
  const category = data.category ?? 'Other';
  if (!categories.includes(category)) throw new Invalid(`category: choose one of ${categories.join(', ')}`);
  const ownEmail = actor.kind === 'user' ? actor.email : null;
  const requester = await resolveRequester(
    ctx,
    data.requesterEmail ?? ownEmail,
    data.requesterName ?? (actor.kind === 'user' ? actor.name : ''),
  );
  const { ticket } = await createTicketRecord(ctx, {
    subject: data.subject,
    body: data.description,
    channel: data.channel ?? 'portal',
    requester,
    category,
    priority: data.priority ?? 'p3',
    location: await resolveLocation(ctx, data),
    asset: data.asset || null,
  });
  await refreshTicketSla(ctx, ticket.id);
  return { id: ticket.id, number: ticket.number };
}

export const ReplyInput = z.object({
  body: z.string().trim().min(1, 'Write a reply').max(50000),
  visibility: z.enum(['public', 'internal']).default('public'),
  /** IT only: change the status with the reply (e.g. reply and resolve, reply and wait). */
  status: z.enum(SETTABLE_STATUSES).optional(),
});

/** Emails an agent's public reply to the requester and CC'd colleagues, threaded on the conversation. */
async function mailReply(ctx: Ctx, ticket: TicketRow, body: string, fromEmail: string | null): Promise<void> {
  const messages = await selectMessages(ctx.db, ticket.id);
  const ids = messages.map((m) => m.messageId).filter((m): m is string => !!m);
  const lastInbound = [...messages].reverse().find((m) => m.authorKind !== 'agent' && m.messageId)?.messageId;
  const recipients = [ticket.requesterEmail, ...ticket.collaborators].filter((e): e is string => !!e && e !== fromEmail);
  for (const to of new Set(recipients)) {
    await deliver(ctx, {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      kind: 'reply',
      to,
      subject: `Re: ${formatRef(ticket.number)} ${ticket.subject}`,
      text: `${body}\n\n--\nReply to this email to add to your request, or follow it at ${ctx.config.baseUrl}/help/tickets/${ticket.id}`,
      inReplyTo: lastInbound ?? ids[ids.length - 1],
      references: ids.slice(-10),
      automatic: false,
    });
  }
}

export async function replyToTicket(
  ctx: Ctx,
  id: string,
  input: z.input<typeof ReplyInput>,
): Promise<{ followUp: FollowUp | 'agent'; ticketId: string }> {
  const data = parseInput(ReplyInput, input);
  const { ticket, view, actor } = await loadVisibleTicket(ctx, id, 'Replied to');
  if (ticket.status === 'merged') throw new Invalid('This ticket was merged into another; reply there');
  const author = { userId: actor.kind === 'user' ? actor.id : null, email: actor.kind === 'user' ? actor.email : null };
  const name = actor.kind === 'user' ? actor.name : 'Belfry';
  if (view === 'agent') {
    const message = await addMessageRecord(ctx, ticket.id, {
      authorKind: 'agent',
      author: { ...author, name },
      visibility: data.visibility,
      channel: 'web',
      body: data.body,
    });
    if (data.visibility === 'internal') await recordEvent(ctx, ticket.id, 'note', { messageId: message.id });
    else await recordEvent(ctx, ticket.id, 'agent_reply', { messageId: message.id, public: true, channel: 'web' });
    let current = ticket;
    const next = data.status ?? (data.visibility === 'public' && ticket.status === 'new' ? 'open' : undefined);
    if (next) current = await setStatus(ctx, ticket, next);
    if (data.visibility === 'public') await mailReply(ctx, current, data.body, author.email);
    await refreshTicketSla(ctx, ticket.id);
    return { followUp: 'agent', ticketId: ticket.id };
  }
  if (data.visibility === 'internal' || data.status) throw new Forbidden('Only the IT team can add notes or change the status');
  const followUp = await followUpOf(ctx, ticket, data.body);
  if (followUp === 'new_ticket') {
    const requester = await resolveRequester(ctx, author.email, name);
    const { ticket: fresh } = await createTicketRecord(ctx, {
      subject: ticket.subject,
      body: data.body,
      channel: 'portal',
      requester,
      category: ticket.category,
      priority: ticket.priority as 'p3',
      location: { schoolId: ticket.schoolId, buildingId: ticket.buildingId, roomId: ticket.roomId, label: ticket.locationLabel },
      linkedToId: ticket.id,
    });
    await refreshTicketSla(ctx, fresh.id);
    return { followUp, ticketId: fresh.id };
  }
  const kind = ticket.requesterEmail === author.email || ticket.requesterUserId === author.userId ? 'requester' : 'collaborator';
  const message = await addMessageRecord(ctx, ticket.id, {
    authorKind: kind,
    author: { ...author, name },
    visibility: 'public',
    channel: 'portal',
    body: data.body,
  });
  await recordEvent(ctx, ticket.id, followUp === 'thanks' ? 'kudos' : 'requester_reply', { messageId: message.id });
  await applyRequesterFollowUp(ctx, ticket, followUp);
  await refreshTicketSla(ctx, ticket.id);
  return { followUp, ticketId: ticket.id };
}
