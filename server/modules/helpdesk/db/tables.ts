import { type SQL, sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The help desk's tables. `helpdesk_events` is the append-only history every metric is computed
 * from; the SLA columns on `helpdesk_tickets` are a cache of that computation (refreshed on each
 * change and when the calendar changes) so queues can sort and filter by due time.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

export const helpdeskTickets = pgTable(
  'helpdesk_tickets',
  {
    id: uuid('id').primaryKey(),
    /** The reference people quote: "[Ref #1234]". */
    number: serial('number').notNull().unique(),
    subject: text('subject').notNull(),
    status: text('status').notNull().default('new'),
    priority: text('priority').notNull().default('p3'),
    category: text('category').notNull().default('Other'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    channel: text('channel').notNull(),
    /** Lower-case; null for a walk-up pupil without a school address. */
    requesterEmail: text('requester_email'),
    requesterName: text('requester_name').notNull(),
    requesterKind: text('requester_kind').notNull().default('other'),
    requesterPersonId: uuid('requester_person_id'),
    requesterUserId: uuid('requester_user_id'),
    /** CC'd colleagues who may reply by email and follow the ticket (lower-case emails). */
    collaborators: text('collaborators').array().notNull().default(sql`'{}'::text[]`),
    assigneeId: uuid('assignee_id'),
    assigneeName: text('assignee_name'),
    team: text('team'),
    schoolId: uuid('school_id'),
    buildingId: uuid('building_id'),
    roomId: uuid('room_id'),
    locationLabel: text('location_label'),
    asset: text('asset'),
    restricted: boolean('restricted').notNull().default(false),
    /** Account ids of the people named on a restricted ticket. */
    restrictedTo: uuid('restricted_to').array().notNull().default(sql`'{}'::uuid[]`),
    mergedIntoId: uuid('merged_into_id'),
    linkedToId: uuid('linked_to_id'),
    isAuto: boolean('is_auto').notNull().default(false),
    externalRef: text('external_ref').unique(),
    importHash: text('import_hash'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    firstResponseAt: ts('first_response_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    responseDueAt: ts('response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    responseBreached: boolean('response_breached').notNull().default(false),
    resolutionBreached: boolean('resolution_breached').notNull().default(false),
    slaPaused: boolean('sla_paused').notNull().default(false),
    slaWarnedAt: ts('sla_warned_at'),
    slaFingerprint: text('sla_fingerprint'),
    reopenCount: integer('reopen_count').notNull().default(0),
    agentReplies: integer('agent_replies').notNull().default(0),
    /** The public conversation's text and the internal notes' text, kept for full-text search. */
    conversation: text('conversation').notNull().default(''),
    notes: text('notes').notNull().default(''),
    /** What a requester may search (title, place, public conversation) and what IT may (plus notes). */
    publicSearch: tsvector('public_search').generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english', subject || ' ' || coalesce(asset, '') || ' ' || coalesce(location_label, '') || ' ' || conversation)`,
    ),
    allSearch: tsvector('all_search').generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english', subject || ' ' || coalesce(asset, '') || ' ' || coalesce(location_label, '') || ' ' || conversation || ' ' || notes)`,
    ),
  },
  (t) => [
    index('helpdesk_tickets_status_idx').on(t.status, t.createdAt),
    index('helpdesk_tickets_assignee_idx').on(t.assigneeId, t.status, t.updatedAt),
    index('helpdesk_tickets_requester_idx').on(t.requesterEmail, t.updatedAt),
    index('helpdesk_tickets_collaborators_idx').using('gin', t.collaborators),
    index('helpdesk_tickets_created_idx').on(t.createdAt),
    index('helpdesk_tickets_updated_idx').on(t.updatedAt),
    index('helpdesk_tickets_due_idx').on(t.resolutionDueAt),
    index('helpdesk_tickets_unassigned_idx')
      .on(t.createdAt)
      .where(sql`assignee_id is null and status in ('new','open','waiting_requester','waiting_third_party')`),
    index('helpdesk_tickets_public_search_idx').using('gin', t.publicSearch),
    index('helpdesk_tickets_all_search_idx').using('gin', t.allSearch),
    check('helpdesk_tickets_priority_check', sql`${t.priority} in ('p1','p2','p3','p4')`),
    check(
      'helpdesk_tickets_status_check',
      sql`${t.status} in ('new','open','waiting_requester','waiting_third_party','resolved','closed','merged')`,
    ),
  ],
);

/** Replies, internal notes and system messages (Zammad's articles). */
export const helpdeskMessages = pgTable(
  'helpdesk_messages',
  {
    id: uuid('id').primaryKey(),
    /** Arrival order, for messages stamped with the same instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => helpdeskTickets.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    /** requester, collaborator, agent, system */
    authorKind: text('author_kind').notNull(),
    authorUserId: uuid('author_user_id'),
    authorEmail: text('author_email'),
    authorName: text('author_name').notNull(),
    /** public or internal */
    visibility: text('visibility').notNull(),
    channel: text('channel').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    refs: text('refs').array(),
    /** none, auto_reply, bulk, bounce */
    autoKind: text('auto_kind').notNull().default('none'),
    /** The message as it arrived (email): the quoted history stripped from body_text is still here. */
    raw: text('raw'),
  },
  (t) => [
    index('helpdesk_messages_ticket_idx').on(t.ticketId, t.at),
    uniqueIndex('helpdesk_messages_message_id_idx').on(t.messageId),
  ],
);

export const helpdeskAttachments = pgTable(
  'helpdesk_attachments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => helpdeskTickets.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('helpdesk_attachments_ticket_idx').on(t.ticketId)],
);

/** Append-only: what happened to each ticket, when and by whom. Metrics are computed from these. */
export const helpdeskEvents = pgTable(
  'helpdesk_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => helpdeskTickets.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    /** belfry, email, import, system */
    source: text('source').notNull().default('belfry'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('helpdesk_events_ticket_idx').on(t.ticketId, t.at), index('helpdesk_events_kind_idx').on(t.kind, t.at)],
);

/** Every inbound mail seen, whatever became of it: dedupe by Message-ID, per-sender rate limits. */
export const helpdeskInbound = pgTable(
  'helpdesk_inbound',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id').notNull().unique(),
    receivedAt: ts('received_at').notNull(),
    sender: text('sender').notNull(),
    subject: text('subject').notNull(),
    source: text('source').notNull(),
    disposition: text('disposition').notNull(),
    detail: text('detail'),
    ticketId: uuid('ticket_id'),
  },
  (t) => [index('helpdesk_inbound_sender_idx').on(t.sender, t.receivedAt)],
);

/** Every mail the help desk sent: threading of replies, loop limits, bounce matching. */
export const helpdeskOutbound = pgTable(
  'helpdesk_outbound',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id'),
    messageId: text('message_id').notNull().unique(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    failedAt: ts('failed_at'),
    failure: text('failure'),
  },
  (t) => [
    index('helpdesk_outbound_recipient_idx').on(t.recipient, t.kind, t.at),
    index('helpdesk_outbound_ticket_idx').on(t.ticketId, t.at),
  ],
);

/** One satisfaction survey per ticket; the link's token is stored only as a hash. */
export const helpdeskSurveys = pgTable(
  'helpdesk_surveys',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .unique()
      .references(() => helpdeskTickets.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    recipientEmail: text('recipient_email'),
    sentAt: ts('sent_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    rating: integer('rating'),
    comment: text('comment'),
    consent: boolean('consent').notNull().default(false),
    answeredAt: ts('answered_at'),
    updatedAt: ts('updated_at'),
    /** The agent the ticket was with when it was resolved, for per-person thanks. */
    agentId: uuid('agent_id'),
    agentName: text('agent_name'),
  },
  (t) => [
    index('helpdesk_surveys_sent_idx').on(t.sentAt),
    check('helpdesk_surveys_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/** Targets per priority (and optionally category) in working minutes of the school calendar. */
export const helpdeskSlaPolicies = pgTable(
  'helpdesk_sla_policies',
  {
    id: uuid('id').primaryKey(),
    priority: text('priority').notNull(),
    category: text('category'),
    responseMinutes: integer('response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    /** Kinds of day the clock runs on: term, inset, holiday, half_term, bank_holiday, closure. */
    countedDays: text('counted_days').array().notNull(),
  },
  (t) => [uniqueIndex('helpdesk_sla_policies_key_idx').on(t.priority, sql`coalesce(${t.category}, '')`)],
);

export const helpdeskCannedResponses = pgTable('helpdesk_canned_responses', {
  id: uuid('id').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** Things the IT team must know about the desk itself: a mail loop held, a mailbox that cannot be read. */
export const helpdeskAlerts = pgTable('helpdesk_alerts', {
  id: uuid('id').primaryKey(),
  key: text('key').notNull().unique(),
  at: ts('at').notNull(),
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  clearedAt: ts('cleared_at'),
});

/** Small bits of state: the IMAP mailbox's last UID, the calendar fingerprint. */
export const helpdeskState = pgTable('helpdesk_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
});

/** Provenance of each ticket history import. */
export const helpdeskImports = pgTable('helpdesk_imports', {
  id: uuid('id').primaryKey(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  at: ts('at').notNull(),
  actorLabel: text('actor_label').notNull(),
  rowsIn: integer('rows_in').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  rejected: integer('rejected').notNull(),
});
