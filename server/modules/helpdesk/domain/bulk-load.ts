import { copyCsvTextInto } from '../../../db/copy.ts';
import type { Ctx } from '../../../lib/context.ts';
import { newToken, sha256 } from '../../../lib/ids.ts';
import { computeTicketFacts, slaSummary } from './sla-clock.ts';
import { loadSlaEnv, targetsFor } from './sla-policies.ts';

/**
 * Many tickets at once with COPY (the demo school's two terms, the 100,000-ticket benchmark): the
 * same rows, messages and events the use cases write, with the SLA cache computed from the events
 * exactly as refreshTicketSla does. Must run inside a transaction (COPY is all-or-nothing).
 */

export type BulkTicket = {
  id: string;
  subject: string;
  status: string;
  priority: string;
  category: string;
  tags: string[];
  channel: string;
  requesterEmail: string | null;
  requesterName: string;
  requesterKind: string;
  requesterPersonId: string | null;
  requesterUserId?: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  team: string | null;
  schoolId: string | null;
  buildingId: string | null;
  roomId: string | null;
  locationLabel: string | null;
  asset: string | null;
  restricted?: boolean;
  createdAt: Date;
  messages: {
    at: Date;
    authorKind: string;
    authorName: string;
    authorEmail: string | null;
    visibility: string;
    channel: string;
    body: string;
  }[];
  events: { at: Date; kind: string; actorLabel: string; data: Record<string, unknown> }[];
  survey?: {
    sentAt: Date;
    rating: number | null;
    comment: string | null;
    consent: boolean;
    answeredAt: Date | null;
    agentName: string | null;
  };
};

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = Array.isArray(v)
    ? `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);
  return `"${s.replace(/"/g, '""')}"`;
}
const line = (values: unknown[]) => `${values.map(cell).join(',')}\n`;

const TICKET_COLUMNS = [
  'id',
  'subject',
  'status',
  'priority',
  'category',
  'tags',
  'channel',
  'requester_email',
  'requester_name',
  'requester_kind',
  'requester_person_id',
  'requester_user_id',
  'assignee_id',
  'assignee_name',
  'team',
  'school_id',
  'building_id',
  'room_id',
  'location_label',
  'asset',
  'restricted',
  'created_at',
  'updated_at',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'response_due_at',
  'resolution_due_at',
  'response_breached',
  'resolution_breached',
  'sla_paused',
  'reopen_count',
  'agent_replies',
  'sla_fingerprint',
  'conversation',
  'notes',
];

export async function bulkLoadTickets(ctx: Ctx, tickets: readonly BulkTicket[], asOf = ctx.clock.now()): Promise<number> {
  const env = await loadSlaEnv(ctx);
  const chunk = 5000;
  for (let start = 0; start < tickets.length; start += chunk) {
    let t = '';
    let m = '';
    let e = '';
    let s = '';
    for (const ticket of tickets.slice(start, start + chunk)) {
      const events = [...ticket.events].sort((a, b) => a.at.getTime() - b.at.getTime());
      const facts = computeTicketFacts({
        createdAt: ticket.createdAt,
        events,
        targets: targetsFor(env.policies, ticket.priority, ticket.category),
        calendar: await env.calendar(ticket.schoolId),
        asOf,
      });
      const sla = slaSummary(facts);
      const done = ticket.status === 'resolved' || ticket.status === 'closed';
      const lastResolved = facts.resolutions.at(-1) ?? null;
      const closed = [...events].reverse().find((x) => x.kind === 'status' && x.data.to === 'closed')?.at ?? null;
      t += line([
        ticket.id,
        ticket.subject,
        ticket.status,
        ticket.priority,
        ticket.category,
        ticket.tags,
        ticket.channel,
        ticket.requesterEmail,
        ticket.requesterName,
        ticket.requesterKind,
        ticket.requesterPersonId,
        ticket.requesterUserId ?? null,
        ticket.assigneeId,
        ticket.assigneeName,
        ticket.team,
        ticket.schoolId,
        ticket.buildingId,
        ticket.roomId,
        ticket.locationLabel,
        ticket.asset,
        !!ticket.restricted,
        ticket.createdAt,
        events.at(-1)?.at ?? ticket.createdAt,
        sla.firstResponseAt,
        done ? lastResolved : null,
        ticket.status === 'closed' ? closed : null,
        sla.responseDueAt,
        sla.resolutionDueAt,
        sla.responseState === 'breached',
        sla.resolutionState === 'breached',
        sla.paused,
        sla.reopenCount,
        sla.agentReplies,
        await env.fingerprint(ticket.schoolId),
        ticket.messages
          .filter((x) => x.visibility === 'public')
          .map((x) => x.body)
          .join(' ')
          .slice(0, 200_000),
        ticket.messages
          .filter((x) => x.visibility !== 'public')
          .map((x) => x.body)
          .join(' ')
          .slice(0, 200_000),
      ]);
      for (const msg of ticket.messages) {
        m += line([
          crypto.randomUUID(),
          ticket.id,
          msg.at,
          msg.authorKind,
          msg.authorEmail,
          msg.authorName,
          msg.visibility,
          msg.channel,
          msg.body,
        ]);
      }
      for (const ev of events) e += line([ticket.id, ev.at, ev.kind, ev.actorLabel, 'belfry', ev.data]);
      if (ticket.survey) {
        const v = ticket.survey;
        s += line([
          crypto.randomUUID(),
          ticket.id,
          sha256(newToken(18)),
          ticket.requesterEmail,
          v.sentAt,
          new Date(v.sentAt.getTime() + 30 * 86400000),
          v.rating,
          v.comment,
          v.consent,
          v.answeredAt,
          v.answeredAt,
          ticket.assigneeId,
          v.agentName,
        ]);
      }
    }
    await copyCsvTextInto(ctx.db, 'helpdesk_tickets', TICKET_COLUMNS, t);
    if (m)
      await copyCsvTextInto(
        ctx.db,
        'helpdesk_messages',
        ['id', 'ticket_id', 'at', 'author_kind', 'author_email', 'author_name', 'visibility', 'channel', 'body_text'],
        m,
      );
    if (e) await copyCsvTextInto(ctx.db, 'helpdesk_events', ['ticket_id', 'at', 'kind', 'actor_label', 'source', 'data'], e);
    if (s) {
      await copyCsvTextInto(
        ctx.db,
        'helpdesk_surveys',
        [
          'id',
          'ticket_id',
          'token_hash',
          'recipient_email',
          'sent_at',
          'expires_at',
          'rating',
          'comment',
          'consent',
          'answered_at',
          'updated_at',
          'agent_id',
          'agent_name',
        ],
        s,
      );
    }
  }
  return tickets.length;
}
