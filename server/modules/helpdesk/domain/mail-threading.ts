import type { Ctx } from '../../../lib/context.ts';
import { selectOutboundByMessageIds } from '../db/mail-queries.ts';
import { selectTicketById, selectTicketByNumber, selectTicketIdsByMessageIds, type TicketRow } from '../db/ticket-queries.ts';
import { referencedNumbers } from './mail-classify.ts';

/**
 * Which ticket an inbound mail belongs to (research §5.1, AT-2-5):
 * 1. In-Reply-To / References naming a message of the ticket or one we sent about it: trusted,
 *    whoever sends it (a CC'd colleague replying to the original joins as a collaborator).
 * 2. "[Ref #N]" in the subject, only from the ticket's requester, a collaborator or the IT team
 *    (osTicket's rule): anyone else quoting a reference is not let into the conversation.
 * A merged ticket hands its mail on to the ticket it went into.
 */

export type ThreadMatch =
  | { kind: 'headers'; ticket: TicketRow }
  | { kind: 'reference'; ticket: TicketRow }
  | { kind: 'spoofed'; ticket: TicketRow }
  | { kind: 'none' };

async function followMerges(ctx: Ctx, ticket: TicketRow): Promise<TicketRow> {
  let t = ticket;
  for (let i = 0; i < 5 && t.mergedIntoId; i++) {
    const next = await selectTicketById(ctx.db, t.mergedIntoId);
    if (!next) break;
    t = next;
  }
  return t;
}

export async function findThread(
  ctx: Ctx,
  mail: { ids: string[]; subject: string; sender: string; senderIsAgent: boolean },
): Promise<ThreadMatch> {
  if (mail.ids.length) {
    const fromMessages = await selectTicketIdsByMessageIds(ctx.db, mail.ids);
    const fromOutbound = (await selectOutboundByMessageIds(ctx.db, mail.ids))
      .map((o) => o.ticketId)
      .filter((id): id is string => !!id);
    const id = fromOutbound[0] ?? fromMessages[0];
    const ticket = id ? await selectTicketById(ctx.db, id) : undefined;
    if (ticket) return { kind: 'headers', ticket: await followMerges(ctx, ticket) };
  }
  for (const n of referencedNumbers(mail.subject)) {
    const ticket = await selectTicketByNumber(ctx.db, n);
    if (!ticket) continue;
    const target = await followMerges(ctx, ticket);
    const known = [ticket, target].some((t) => t.requesterEmail === mail.sender || t.collaborators.includes(mail.sender));
    return known || mail.senderIsAgent ? { kind: 'reference', ticket: target } : { kind: 'spoofed', ticket: target };
  }
  return { kind: 'none' };
}
