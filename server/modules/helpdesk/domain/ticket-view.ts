import type { Ctx } from '../../../lib/context.ts';
import { selectSurveyOfTicket } from '../db/survey-queries.ts';
import { selectAttachmentList, selectEvents, selectMessages, selectTicketById, type TicketRow } from '../db/ticket-queries.ts';
import { loadVisibleTicket, type View } from './access.ts';
import { slaSummary } from './sla-clock.ts';
import { factsOf, loadSlaEnv, targetsFor } from './sla-policies.ts';

/** One ticket as its requester or the IT team sees it; the SLA is computed from events on read. */

export type TicketSummary = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  category: string;
  tags: string[];
  channel: string;
  requesterName: string;
  requesterEmail: string | null;
  requesterKind: string;
  assigneeId: string | null;
  assigneeName: string | null;
  team: string | null;
  schoolId: string | null;
  buildingId: string | null;
  roomId: string | null;
  locationLabel: string | null;
  asset: string | null;
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  responseBreached: boolean;
  resolutionBreached: boolean;
  slaPaused: boolean;
  /** Open and running, yet no due date: the calendar has no term dates ahead for its policy. */
  dueUnknown: boolean;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSummary(t: TicketRow): TicketSummary {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    category: t.category,
    tags: t.tags,
    channel: t.channel,
    requesterName: t.requesterName,
    requesterEmail: t.requesterEmail,
    requesterKind: t.requesterKind,
    assigneeId: t.assigneeId,
    assigneeName: t.assigneeName,
    team: t.team,
    schoolId: t.schoolId,
    buildingId: t.buildingId,
    roomId: t.roomId,
    locationLabel: t.locationLabel,
    asset: t.asset,
    restricted: t.restricted,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    resolvedAt: iso(t.resolvedAt),
    responseDueAt: iso(t.responseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    responseBreached: t.responseBreached,
    resolutionBreached: t.resolutionBreached,
    slaPaused: t.slaPaused,
    // Every open ticket has a policy (a default at worst), so an open, running ticket without a
    // resolution due date is one the calendar could not place.
    dueUnknown: !['resolved', 'closed'].includes(t.status) && !t.slaPaused && t.resolutionDueAt === null,
  };
}

/** What a queue shows of a restricted ticket to someone who may not open it (AT-36). */
export function restrictedPlaceholder(t: TicketRow): TicketSummary {
  return {
    ...presentSummary(t),
    subject: 'Restricted ticket',
    requesterName: 'Restricted',
    requesterEmail: null,
    locationLabel: null,
    asset: null,
    tags: [],
  };
}

export type TicketDetail = {
  view: View;
  ticket: TicketSummary;
  sla: {
    responseTarget: number;
    resolutionTarget: number;
    responseMinutes: number;
    resolutionMinutes: number;
    responseState: string;
    resolutionState: string;
    responseDueAt: string | null;
    resolutionDueAt: string | null;
    firstResponseAt: string | null;
    paused: boolean;
    /** No due date yet: the calendar has no term dates ahead for this ticket's policy. */
    dueUnknown: boolean;
  } | null;
  messages: {
    id: string;
    at: string;
    authorKind: string;
    authorName: string;
    visibility: string;
    channel: string;
    body: string;
    autoKind: string;
  }[];
  attachments: { id: string; messageId: string | null; fileName: string; contentType: string; size: number }[];
  events: { at: string; kind: string; actor: string; data: Record<string, unknown> }[];
  collaborators: string[];
  mergedInto: { id: string; number: number } | null;
  linkedTo: { id: string; number: number } | null;
  survey: { rating: number | null; comment: string | null; canRate: boolean } | null;
};

export async function getTicket(ctx: Ctx, id: string): Promise<TicketDetail> {
  const { ticket, view } = await loadVisibleTicket(ctx, id, 'Opened');
  const agent = view === 'agent';
  const [messages, attachments, events, survey] = await Promise.all([
    selectMessages(ctx.db, id),
    selectAttachmentList(ctx.db, id),
    agent ? selectEvents(ctx.db, id) : Promise.resolve([]),
    selectSurveyOfTicket(ctx.db, id),
  ]);
  const env = await loadSlaEnv(ctx);
  const facts = await factsOf(ctx, env, ticket, ctx.clock.now());
  const s = slaSummary(facts);
  const targets = targetsFor(env.policies, ticket.priority, ticket.category);
  const visible = messages.filter((m) => agent || m.visibility === 'public');
  const visibleIds = new Set(visible.map((m) => m.id));
  const linked = async (otherId: string | null) => {
    if (!otherId) return null;
    const o = await selectTicketById(ctx.db, otherId);
    return o ? { id: o.id, number: o.number } : null;
  };
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  return {
    view,
    ticket: presentSummary(ticket),
    sla:
      ticket.status === 'merged'
        ? null
        : {
            responseTarget: targets.responseMinutes,
            resolutionTarget: targets.resolutionMinutes,
            responseMinutes: s.responseMinutes,
            resolutionMinutes: s.resolutionMinutes,
            responseState: s.responseState,
            resolutionState: s.resolutionState,
            responseDueAt: iso(s.responseDueAt),
            resolutionDueAt: iso(s.resolutionDueAt),
            firstResponseAt: iso(s.firstResponseAt),
            paused: s.paused,
            dueUnknown: s.dueUnknown,
          },
    messages: visible.map((m) => ({
      id: m.id,
      at: m.at.toISOString(),
      authorKind: m.authorKind,
      authorName: m.authorName,
      visibility: m.visibility,
      channel: m.channel,
      body: m.bodyText,
      autoKind: m.autoKind,
    })),
    attachments: attachments.filter((a) => agent || !a.messageId || visibleIds.has(a.messageId)),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actorLabel, data: e.data })),
    collaborators: ticket.collaborators,
    mergedInto: await linked(ticket.mergedIntoId),
    linkedTo: await linked(ticket.linkedToId),
    survey:
      view === 'requester' || survey
        ? {
            rating: survey?.rating ?? null,
            comment: survey?.comment ?? null,
            canRate: view === 'requester' && done && !ticket.isAuto,
          }
        : null,
  };
}
