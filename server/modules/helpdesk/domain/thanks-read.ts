import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { helpdeskEvents, helpdeskMessages, helpdeskTickets } from '../db/tables.ts';

export type ThanksReply = {
  ticketId: string;
  ticketNumber: number;
  at: string;
  /** The requester's words (the quoted history is already stripped), at most 300 characters. */
  text: string;
  /** Whom they thank: the last person in IT to reply before it, else the ticket's assignee. */
  thanked: string | null;
  /** staff, pupil, parent or other; never their name. */
  requesterKind: string;
};

const clip = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 297).trimEnd()}…` : t;
};

/**
 * Thank-you replies after resolution (recorded as kudos, not reopening the ticket) in [from, to),
 * oldest first: the positive feedback the weekly briefing shares. Restricted tickets are left out.
 * No role check: the caller checks.
 */
export async function listThanks(ctx: Ctx, window: { from: Date; to: Date }): Promise<ThanksReply[]> {
  const events = await ctx.db
    .select({
      at: helpdeskEvents.at,
      data: helpdeskEvents.data,
      ticketId: helpdeskTickets.id,
      number: helpdeskTickets.number,
      assigneeName: helpdeskTickets.assigneeName,
      requesterKind: helpdeskTickets.requesterKind,
    })
    .from(helpdeskEvents)
    .innerJoin(helpdeskTickets, eq(helpdeskTickets.id, helpdeskEvents.ticketId))
    .where(
      and(
        eq(helpdeskEvents.kind, 'kudos'),
        gte(helpdeskEvents.at, window.from),
        lt(helpdeskEvents.at, window.to),
        eq(helpdeskTickets.restricted, false),
      ),
    )
    .orderBy(helpdeskEvents.at);
  if (events.length === 0) return [];
  const messages = await ctx.db
    .select({
      id: helpdeskMessages.id,
      ticketId: helpdeskMessages.ticketId,
      at: helpdeskMessages.at,
      authorKind: helpdeskMessages.authorKind,
      authorName: helpdeskMessages.authorName,
      visibility: helpdeskMessages.visibility,
      bodyText: helpdeskMessages.bodyText,
    })
    .from(helpdeskMessages)
    .where(inArray(helpdeskMessages.ticketId, [...new Set(events.map((e) => e.ticketId))]))
    .orderBy(desc(helpdeskMessages.at));
  const out: ThanksReply[] = [];
  for (const e of events) {
    const message = messages.find((m) => m.id === (e.data as { messageId?: string }).messageId);
    if (!message?.bodyText.trim()) continue;
    const agent = messages.find(
      (m) => m.ticketId === e.ticketId && m.authorKind === 'agent' && m.visibility === 'public' && m.at <= message.at,
    );
    out.push({
      ticketId: e.ticketId,
      ticketNumber: e.number,
      at: e.at.toISOString(),
      text: clip(message.bodyText),
      thanked: agent?.authorName ?? e.assigneeName,
      requesterKind: e.requesterKind,
    });
  }
  return out;
}
