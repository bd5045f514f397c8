import type { Actor, Ctx } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { findAccountByEmail } from '../../accounts/index.ts';
import { findPersonByEmail, listPlaces } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  appendSearchText,
  insertAttachment,
  insertEvent,
  insertMessage,
  insertTicket,
  type MessageRow,
  type TicketRow,
  updateTicketRow,
} from '../db/ticket-queries.ts';
import { attachmentLimitSetting } from './helpdesk-settings.ts';
import type { Channel, EventKind, Priority } from './ticket-model.ts';

/**
 * The writes every channel shares (portal, email, phone, import): a ticket with its `created`
 * event and first message, further messages, events and attachments. Each change appends an
 * event; nothing here edits history.
 */

export const actorLabel = (actor?: Actor): string =>
  actor?.kind === 'user' ? actor.name : actor ? `Belfry (${actor.name})` : 'Belfry';

export async function recordEvent(
  ctx: Ctx,
  ticketId: string,
  kind: EventKind,
  data: Record<string, unknown> = {},
  options: { at?: Date; source?: string; label?: string } = {},
): Promise<void> {
  const at = options.at ?? ctx.clock.now();
  await insertEvent(ctx.db, {
    ticketId,
    at,
    kind,
    actorId: ctx.actor?.kind === 'user' ? ctx.actor.id : null,
    actorLabel: options.label ?? actorLabel(ctx.actor),
    source: options.source ?? 'belfry',
    data,
  });
  await updateTicketRow(ctx.db, ticketId, { updatedAt: at });
}

export type Requester = {
  email: string | null;
  name: string;
  kind: 'staff' | 'pupil' | 'other';
  personId: string | null;
  userId: string | null;
  schoolId: string | null;
};

/** Who a requester is, from the directory and the accounts. */
export async function resolveRequester(ctx: Ctx, email: string | null, fallbackName: string): Promise<Requester> {
  const e = email?.trim().toLowerCase() || null;
  const person = e ? await findPersonByEmail(ctx, e) : undefined;
  const account = e ? await findAccountByEmail(ctx, e) : undefined;
  return {
    email: e,
    name: person?.displayName ?? account?.name ?? (fallbackName.trim() || e || 'Unknown'),
    kind: person?.kind ?? (account?.role === 'pupil' ? 'pupil' : account ? 'staff' : 'other'),
    personId: person?.id ?? null,
    userId: account?.id ?? null,
    schoolId: person?.schoolId ?? null,
  };
}

export type Location = { schoolId: string | null; buildingId: string | null; roomId: string | null; label: string | null };

/** Checks a school / building / room choice against the directory and names it. */
export async function resolveLocation(
  ctx: Ctx,
  ids: { schoolId?: string | null; buildingId?: string | null; roomId?: string | null },
): Promise<Location> {
  if (!ids.schoolId && !ids.buildingId && !ids.roomId) return { schoolId: null, buildingId: null, roomId: null, label: null };
  const places = await listPlaces(ctx);
  for (const s of places) {
    for (const b of s.buildings) {
      const room = ids.roomId ? b.rooms.find((r) => r.id === ids.roomId) : undefined;
      if (room || (ids.buildingId === b.id && !ids.roomId)) {
        if (ids.schoolId && ids.schoolId !== s.schoolId) throw new Invalid('location: that building is at another school');
        return {
          schoolId: s.schoolId,
          buildingId: b.id,
          roomId: room?.id ?? null,
          label: [s.schoolCode, b.name, room?.code].filter(Boolean).join(' / '),
        };
      }
    }
    if (ids.schoolId === s.schoolId && !ids.buildingId && !ids.roomId) {
      return { schoolId: s.schoolId, buildingId: null, roomId: null, label: s.schoolCode };
    }
  }
  throw new Invalid('location: no such school, building or room');
}

export type NewTicket = {
  subject: string;
  body: string;
  bodyHtml?: string | null;
  channel: Channel;
  requester: Requester;
  category: string;
  priority: Priority;
  location: Location;
  asset?: string | null;
  tags?: string[];
  collaborators?: string[];
  restricted?: boolean;
  linkedToId?: string | null;
  isAuto?: boolean;
  email?: { messageId: string; inReplyTo?: string | null; refs?: string[]; raw?: string | null };
  at?: Date;
};

export async function createTicketRecord(ctx: Ctx, t: NewTicket): Promise<{ ticket: TicketRow; message: MessageRow }> {
  const at = t.at ?? ctx.clock.now();
  const tags = [...new Set([...(t.tags ?? []), ...(t.category === 'Wi-Fi' ? ['wifi'] : [])])];
  const ticket = await insertTicket(ctx.db, {
    id: newId(),
    subject: t.subject.slice(0, 200),
    status: 'new',
    priority: t.priority,
    category: t.category,
    tags,
    channel: t.channel,
    requesterEmail: t.requester.email,
    requesterName: t.requester.name,
    requesterKind: t.requester.kind,
    requesterPersonId: t.requester.personId,
    requesterUserId: t.requester.userId,
    collaborators: t.collaborators ?? [],
    schoolId: t.location.schoolId ?? t.requester.schoolId,
    buildingId: t.location.buildingId,
    roomId: t.location.roomId,
    locationLabel: t.location.label,
    asset: t.asset ?? null,
    restricted: !!t.restricted,
    linkedToId: t.linkedToId ?? null,
    isAuto: !!t.isAuto,
    conversation: t.body.slice(0, SEARCH_TEXT_LIMIT),
    createdAt: at,
    updatedAt: at,
  });
  await recordEvent(
    ctx,
    ticket.id,
    'created',
    { status: 'new', channel: t.channel, priority: t.priority, category: t.category, schoolId: ticket.schoolId },
    { at, source: t.channel === 'email' ? 'email' : 'belfry', label: t.channel === 'email' ? t.requester.name : undefined },
  );
  const message = await insertMessage(ctx.db, {
    id: newId(),
    ticketId: ticket.id,
    at,
    authorKind: 'requester',
    authorUserId: t.requester.userId,
    authorEmail: t.requester.email,
    authorName: t.requester.name,
    visibility: 'public',
    channel: t.channel,
    bodyText: t.body,
    bodyHtml: t.bodyHtml ?? null,
    messageId: t.email?.messageId ?? null,
    inReplyTo: t.email?.inReplyTo ?? null,
    refs: t.email?.refs ?? null,
    raw: t.email?.raw ?? null,
  });
  return { ticket, message };
}

export type NewMessage = {
  authorKind: 'requester' | 'collaborator' | 'agent' | 'system';
  author: { userId?: string | null; email?: string | null; name: string };
  visibility: 'public' | 'internal';
  channel: string;
  body: string;
  bodyHtml?: string | null;
  autoKind?: string;
  email?: { messageId: string; inReplyTo?: string | null; refs?: string[]; raw?: string | null };
  at?: Date;
};

/** Search text kept per ticket (PostgreSQL caps a tsvector at 1 MB). */
const SEARCH_TEXT_LIMIT = 200_000;

export async function addMessageRecord(ctx: Ctx, ticketId: string, m: NewMessage): Promise<MessageRow> {
  await appendSearchText(ctx.db, ticketId, m.visibility, m.body, SEARCH_TEXT_LIMIT);
  return insertMessage(ctx.db, {
    id: newId(),
    ticketId,
    at: m.at ?? ctx.clock.now(),
    authorKind: m.authorKind,
    authorUserId: m.author.userId ?? null,
    authorEmail: m.author.email ?? null,
    authorName: m.author.name,
    visibility: m.visibility,
    channel: m.channel,
    bodyText: m.body,
    bodyHtml: m.bodyHtml ?? null,
    autoKind: m.autoKind ?? 'none',
    messageId: m.email?.messageId ?? null,
    inReplyTo: m.email?.inReplyTo ?? null,
    refs: m.email?.refs ?? null,
    raw: m.email?.raw ?? null,
  });
}

const ALLOWED_TYPES =
  /^(image\/(png|jpeg|gif|webp|heic)|application\/pdf|text\/plain|text\/csv|application\/(zip|msword|vnd\.openxmlformats-officedocument\.[a-z.]+|vnd\.ms-excel|vnd\.ms-powerpoint)|message\/rfc822|video\/(mp4|quicktime))$/i;

export type NewAttachment = { fileName: string; contentType: string; content: Buffer };

/** Checks an attachment against the size and type limits; returns why it is refused, or undefined. */
export async function attachmentProblem(ctx: Ctx, a: NewAttachment): Promise<string | undefined> {
  const maxMb = await getSetting(ctx, attachmentLimitSetting);
  if (a.content.length > maxMb * 1024 * 1024) return `${a.fileName} is larger than ${maxMb} MB`;
  if (!ALLOWED_TYPES.test(a.contentType)) return `${a.fileName}: files of type ${a.contentType} are not accepted`;
  return undefined;
}

export async function addAttachmentRecord(ctx: Ctx, ticketId: string, messageId: string | null, a: NewAttachment) {
  const id = newId();
  await insertAttachment(ctx.db, {
    id,
    ticketId,
    messageId,
    fileName: a.fileName.replace(/[\\/\0]/g, '_').slice(0, 200) || 'attachment',
    contentType: a.contentType,
    size: a.content.length,
    content: a.content,
    createdAt: ctx.clock.now(),
  });
  return id;
}
