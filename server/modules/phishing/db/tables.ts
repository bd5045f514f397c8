import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Phishing simulations. Lures and campaigns are shared by the Director and IT; recipients (the
 * per-person outbox with each token) and interactions (append-only) are personal data, deleted
 * after the retention period while each campaign's aggregates stay on the campaign row.
 * Nothing here ever holds what a person typed into a landing page: there is no column for it.
 */

export type TeachableCue = { cue: string; where: string; explain: string };
export type EthicsSignOff = { by: string; byName: string; at: string; note: string };

export const phishingLures = pgTable(
  'phishing_lures',
  {
    id: uuid('id').primaryKey(),
    /** The starter library's key ('it-password-expiry'); null for the school's own lures. */
    starterKey: text('starter_key'),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    senderName: text('sender_name').notNull(),
    senderAddress: text('sender_address').notNull(),
    pretext: text('pretext').notNull(),
    technique: text('technique').notNull(),
    theme: text('theme').notNull(),
    documentName: text('document_name'),
    /** NIST Phish Scale cues present in the message, one entry per cue. */
    cues: jsonb('cues').$type<string[]>().notNull(),
    premiseAlignment: text('premise_alignment').notNull(),
    /** Derived from cues and premise alignment (NIST TN 2276); kept for trends and filters. */
    difficulty: text('difficulty').notNull(),
    ethicsFlags: jsonb('ethics_flags').$type<string[]>().notNull(),
    signOff: jsonb('sign_off').$type<EthicsSignOff | null>(),
    teachable: jsonb('teachable').$type<TeachableCue[]>().notNull(),
    lesson: text('lesson').notNull(),
    archived: boolean('archived').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('phishing_lures_starter_idx').on(t.starterKey)],
);

export const phishingProfiles = pgTable('phishing_profiles', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  secure: boolean('secure').notNull(),
  username: text('username'),
  /** AES-256-GCM under the phishing key (data directory or BELFRY_PHISHING_KEY). */
  passwordEnc: text('password_enc'),
  envelopeFrom: text('envelope_from').notNull(),
  headerName: text('header_name').notNull(),
  /** 0: no limit (a loopback test, a bench). */
  perMinute: integer('per_minute').notNull(),
  perDay: integer('per_day').notNull(),
  jitterSeconds: integer('jitter_seconds').notNull(),
  maxConnections: integer('max_connections').notNull(),
  retryMinSeconds: integer('retry_min_seconds').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  createdAt: ts('created_at').notNull(),
});

export type CampaignStatsBlob = Record<string, unknown>;

export const phishingCampaigns = pgTable(
  'phishing_campaigns',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    state: text('state').notNull(),
    lureIds: jsonb('lure_ids').$type<string[]>().notNull(),
    groupIds: jsonb('group_ids').$type<string[]>().notNull(),
    profileId: uuid('profile_id').references(() => phishingProfiles.id, { onDelete: 'restrict' }),
    landingMode: text('landing_mode').notNull(),
    windowStart: ts('window_start'),
    windowEnd: ts('window_end'),
    /** Local 'HH:MM'; sends happen only between these on school days. */
    sendFrom: text('send_from').notNull(),
    sendUntil: text('send_until').notNull(),
    /** Spread the sends at random over the window (else as fast as the rate limit allows). */
    spread: boolean('spread').notNull(),
    seed: integer('seed').notNull(),
    retentionDays: integer('retention_days').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    scheduledAt: ts('scheduled_at'),
    /** When the first message was accepted by the relay. */
    startedAt: ts('started_at'),
    closedAt: ts('closed_at'),
    archivedAt: ts('archived_at'),
    purgedAt: ts('purged_at'),
    /** One sender at a time: the server's loop or `belfry phishing send` holds this lease. */
    senderId: text('sender_id'),
    senderLeaseUntil: ts('sender_lease_until'),
    /** What the SLT report said at close: immutable once written. */
    snapshot: jsonb('snapshot').$type<CampaignStatsBlob | null>(),
    /** The aggregates, refreshed until the per-person rows are purged, then kept for good. */
    aggregates: jsonb('aggregates').$type<CampaignStatsBlob | null>(),
    commentary: text('commentary').notNull().default(''),
  },
  (t) => [check('phishing_campaigns_state_check', sql`${t.state} in ('draft','scheduled','sending','live','closed','archived')`)],
);

/** The durable per-recipient outbox and the token every URL carries. */
export const phishingRecipients = pgTable(
  'phishing_recipients',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => phishingCampaigns.id, { onDelete: 'cascade' }),
    personId: uuid('person_id'),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    displayName: text('display_name').notNull(),
    /** The reporting group (the first chosen directory group the person is in). */
    groupId: uuid('group_id'),
    groupName: text('group_name').notNull(),
    lureId: uuid('lure_id').notNull(),
    /** 24 characters of base64url: 144 random bits. */
    token: text('token').notNull(),
    status: text('status').notNull(),
    sendOrder: integer('send_order').notNull(),
    notBefore: ts('not_before'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    leaseUntil: ts('lease_until'),
    backoffs: jsonb('backoffs').$type<number[]>().notNull(),
    lastError: text('last_error'),
    messageId: text('message_id').notNull(),
    smtpAcceptedAt: ts('smtp_accepted_at'),
    excludedReason: text('excluded_reason'),
  },
  (t) => [
    uniqueIndex('phishing_recipients_token_idx').on(t.token),
    uniqueIndex('phishing_recipients_email_idx').on(t.campaignId, sql`lower(${t.email})`),
    index('phishing_recipients_outbox_idx').on(t.campaignId, t.status, t.sendOrder),
    check(
      'phishing_recipients_status_check',
      sql`${t.status} in ('queued','sending','retrying','accepted','failed','cancelled','excluded')`,
    ),
  ],
);

/** Append-only: what reached the tracking listener, the mailbox or IT, with its class and evidence. */
export const phishingInteractions = pgTable(
  'phishing_interactions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    recipientId: uuid('recipient_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    source: text('source').notNull(),
    method: text('method'),
    /** The address cut to its /24 (IPv4) or /48 (IPv6): enough to recognise a scanner's network. */
    ipPrefix: text('ip_prefix'),
    /** A keyed hash of the whole address, to see one address open several people's links. */
    ipHash: text('ip_hash'),
    uaFamily: text('ua_family'),
    classification: text('classification').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull(),
    secondsAfterDelivery: real('seconds_after_delivery'),
    /** Only ever a count: how many fields were filled in on a landing page. */
    fieldsFilled: integer('fields_filled'),
    late: boolean('late').notNull(),
  },
  (t) => [
    index('phishing_interactions_recipient_idx').on(t.recipientId, t.at),
    index('phishing_interactions_campaign_idx').on(t.campaignId, t.at),
    index('phishing_interactions_ip_idx').on(t.ipHash, t.at),
    check('phishing_interactions_kind_check', sql`${t.kind} in ('open','click','beacon','submit','report')`),
    check(
      'phishing_interactions_class_check',
      sql`${t.classification} in ('human_confirmed','likely_human','uncertain','automated')`,
    ),
  ],
);

/**
 * A change of an interaction's class: by an admin with a reason, or by Belfry when later evidence
 * (a honeypot hit, a fan-out) reaches back to earlier requests. The latest one wins.
 */
export const phishingReclassifications = pgTable(
  'phishing_reclassifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    interactionId: bigint('interaction_id', { mode: 'number' }).notNull(),
    campaignId: uuid('campaign_id').notNull(),
    classification: text('classification').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull(),
    reason: text('reason').notNull(),
    byLabel: text('by_label').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('phishing_reclassifications_interaction_idx').on(t.interactionId, t.id)],
);

/** Messages from the reporting mailbox: matched to a recipient, or a real report to review. */
export const phishingMailReports = pgTable(
  'phishing_mail_reports',
  {
    id: uuid('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    receivedAt: ts('received_at').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    recipientId: uuid('recipient_id'),
    campaignId: uuid('campaign_id'),
    matchedBy: text('matched_by'),
    status: text('status').notNull(),
    reviewNote: text('review_note'),
    reviewedBy: text('reviewed_by'),
  },
  (t) => [uniqueIndex('phishing_mail_reports_dedupe_idx').on(t.dedupeKey)],
);

/** The short lesson for someone who clicked, the thank-you for someone who reported. */
export const phishingTraining = pgTable(
  'phishing_training',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => phishingCampaigns.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id').notNull(),
    kind: text('kind').notNull(),
    token: text('token').notNull(),
    assignedAt: ts('assigned_at').notNull(),
    mailedAt: ts('mailed_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('phishing_training_token_idx').on(t.token),
    uniqueIndex('phishing_training_once_idx').on(t.recipientId, t.kind),
  ],
);

/** People left out of campaigns for a while: leave, a new start, wellbeing, the DSL in an incident. */
export const phishingExclusions = pgTable(
  'phishing_exclusions',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    fromOn: date('from_on').notNull(),
    untilOn: date('until_on'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [index('phishing_exclusions_person_idx').on(t.personId)],
);

export const phishingWebhooks = pgTable('phishing_webhooks', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  secretEnc: text('secret_enc').notNull(),
  active: boolean('active').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** At-least-once webhook delivery: each interaction's event waits here until a 2xx. */
export const phishingWebhookDeliveries = pgTable(
  'phishing_webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => phishingWebhooks.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    delays: jsonb('delays').$type<number[]>().notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    deliveredAt: ts('delivered_at'),
    lastStatus: integer('last_status'),
  },
  (t) => [
    uniqueIndex('phishing_webhook_deliveries_key_idx').on(t.webhookId, t.idempotencyKey),
    index('phishing_webhook_deliveries_due_idx').on(t.deliveredAt, t.nextAttemptAt),
  ],
);
