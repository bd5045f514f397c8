import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The canonical question bank: one row per construct measured across years and audiences. */
export const surveysQuestions = pgTable('surveys_questions', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  construct: text('construct').notNull(),
  wording: text('wording').notNull(),
  scaleId: text('scale_id').notNull(),
  /** 1: agreeing is favourable; -1: a negatively worded item, reverse-scored before analysis. */
  polarity: integer('polarity').notNull().default(1),
  audiences: jsonb('audiences').$type<string[]>().notNull(),
  active: boolean('active').notNull().default(true),
  notes: text('notes'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One year's survey for one audience: imported from Forms/Google, or run in Belfry. */
export const surveysInstruments = pgTable(
  'surveys_instruments',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    audience: text('audience').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    source: text('source').notNull(),
    intro: text('intro').notNull().default(''),
    published: boolean('published').notNull().default(false),
    opensAt: ts('opens_at'),
    closesAt: ts('closes_at'),
    collection: text('collection').notNull().default('shared'),
    shareToken: text('share_token'),
    /** Year groups that see the 3-point smiley scale instead of the word scale (prep: 3 and 4). */
    smileyYears: jsonb('smiley_years').$type<number[]>().notNull().default([]),
    /** Denominators for response rates: the whole audience and each segment. */
    eligible: jsonb('eligible').$type<{ total: number | null; segments: Record<string, number> }>().notNull(),
    manifest: jsonb('manifest').$type<Record<string, unknown>>(),
    manifestVersion: integer('manifest_version').notNull().default(0),
    comms: jsonb('comms').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('surveys_instruments_audience_year_idx').on(t.audience, t.year),
    uniqueIndex('surveys_instruments_share_idx').on(t.shareToken),
  ],
);

/** A question as asked in one instrument, and its mapping to the canonical bank. */
export const surveysItems = pgTable(
  'surveys_items',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    wording: text('wording').notNull(),
    scaleId: text('scale_id'),
    options: jsonb('options').$type<{ code: string; label: string }[]>(),
    allowNotUsed: boolean('allow_not_used').notNull().default(false),
    sourceHeader: text('source_header'),
    questionId: uuid('question_id').references(() => surveysQuestions.id, { onDelete: 'set null' }),
    comparability: text('comparability'),
    mappingNotes: text('mapping_notes'),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('surveys_items_instrument_idx').on(t.instrumentId, t.position),
    index('surveys_items_question_idx').on(t.questionId),
    check('surveys_items_kind_check', sql`${t.kind} in ('scale','choice','multi','text','segment')`),
  ],
);

/** One respondent's submission. No name, email or account: only the segment they chose. */
export const surveysResponses = pgTable(
  'surveys_responses',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    /** Idempotency: the export's response ID, a row fingerprint, or the browser's submission key. */
    sourceKey: text('source_key').notNull(),
    segment: text('segment'),
    /** Used for window checks and provenance only; never shown or exported per response. */
    submittedAt: ts('submitted_at'),
    importId: uuid('import_id'),
    /** A burst from one address this response was part of (the address itself is never kept). */
    burstId: uuid('burst_id'),
  },
  (t) => [uniqueIndex('surveys_responses_key_idx').on(t.instrumentId, t.sourceKey)],
);

/** Closed answers in long format. `code` is null for a non-substantive answer ("I don't use this"). */
export const surveysAnswers = pgTable(
  'surveys_answers',
  {
    responseId: uuid('response_id')
      .notNull()
      .references(() => surveysResponses.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => surveysItems.id, { onDelete: 'cascade' }),
    scaleId: text('scale_id'),
    code: integer('code'),
    options: jsonb('options').$type<string[]>(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.itemId] }), index('surveys_answers_item_idx').on(t.itemId)],
);

/**
 * Free-text answers, kept apart from the responses (no response id) so a comment cannot be joined
 * to a respondent's segment and other answers. Pupils' comments wait for the safeguarding reviewer.
 */
export const surveysComments = pgTable(
  'surveys_comments',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => surveysItems.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    review: text('review').notNull(),
    theme: text('theme'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    burstId: uuid('burst_id'),
  },
  (t) => [index('surveys_comments_instrument_idx').on(t.instrumentId, t.review)],
);

/** Single-use links: only a hash of each token is kept, and whether it has been used. */
export const surveysTokens = pgTable(
  'surveys_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    batch: integer('batch').notNull(),
    used: boolean('used').notNull().default(false),
  },
  (t) => [index('surveys_tokens_instrument_idx').on(t.instrumentId)],
);

/** Provenance of each history import. */
export const surveysImports = pgTable('surveys_imports', {
  id: uuid('id').primaryKey(),
  instrumentId: uuid('instrument_id')
    .notNull()
    .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  format: text('format').notNull(),
  manifestVersion: integer('manifest_version').notNull(),
  importerVersion: text('importer_version').notNull(),
  rowsIn: integer('rows_in').notNull(),
  created: integer('created').notNull(),
  unchanged: integer('unchanged').notNull(),
  rejected: integer('rejected').notNull(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  actorLabel: text('actor_label').notNull(),
  at: ts('at').notNull(),
});

/** Announcements, the key-staff briefing and reminders: drafted from templates, sent once. */
export const surveysMessages = pgTable(
  'surveys_messages',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    dueOn: text('due_on').notNull(),
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [uniqueIndex('surveys_messages_kind_idx').on(t.instrumentId, t.kind)],
);

/**
 * Bursts on a shared link: many submissions from one address in a few minutes (one client
 * refreshing, or a script). Flagged for the Director, who may exclude one: the results then
 * leave its responses and comments out. No address is stored, only the times and the count.
 */
export const surveysBursts = pgTable('surveys_bursts', {
  id: uuid('id').primaryKey(),
  instrumentId: uuid('instrument_id')
    .notNull()
    .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
  startedAt: ts('started_at').notNull(),
  lastAt: ts('last_at').notNull(),
  responses: integer('responses').notNull(),
  excluded: boolean('excluded').notNull().default(false),
  excludedBy: text('excluded_by'),
  excludedAt: ts('excluded_at'),
});

/**
 * Answers through a shared link in the last 10 minutes, one row each, so the per-address rate and
 * an open burst hold across a restart. The sender is a keyed hash of (survey, address) made with
 * the server's session secret: never the address, and no response or comment is named. Rows older
 * than 10 minutes are deleted as answers arrive and by the scheduler.
 */
export const surveysLinkHits = pgTable(
  'surveys_link_hits',
  {
    id: uuid('id').primaryKey(),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => surveysInstruments.id, { onDelete: 'cascade' }),
    clientKey: text('client_key').notNull(),
    at: ts('at').notNull(),
    /** The burst this answer was counted in, so a burst open before a restart goes on after it. */
    burstId: uuid('burst_id'),
  },
  (t) => [index('surveys_link_hits_key_idx').on(t.clientKey, t.at), index('surveys_link_hits_at_idx').on(t.at)],
);
