import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The weekly IT Services briefing: the template (sections in the Director's order and the feeds
 * that draft each), standing notices, notes made during the week, each week's briefing with its
 * editable sections, the published revisions (never changed once written: a correction is a new
 * one), who each was mailed to, and the "useful info" pages. Published revisions and useful info
 * carry a full-text vector for the archive's search.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The template: one row per section, in order. `feeds` names what drafts it (empty: the Director writes it). */
export const briefingsTemplate = pgTable('briefings_template', {
  key: text('key').primaryKey(),
  title: text('title').notNull(),
  position: integer('position').notNull(),
  feeds: text('feeds').array().notNull().default(sql`'{}'::text[]`),
  /** A hint shown in the editor for what goes here. */
  guidance: text('guidance').notNull().default(''),
  enabled: boolean('enabled').notNull().default(true),
});

/** A notice that appears in every briefing from `startsOn` until it is removed (or `endsOn`). */
export const briefingsNotices = pgTable('briefings_notices', {
  id: uuid('id').primaryKey(),
  text: text('text').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on'),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  removedAt: ts('removed_at'),
});

/** One week's briefing. `currentRevisionId` is what readers see once it has been published. */
export const briefingsBriefings = pgTable(
  'briefings_briefings',
  {
    id: uuid('id').primaryKey(),
    /** ISO week, 'YYYY-Www'. */
    week: text('week').notNull(),
    /** Monday and Sunday of that week. */
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    title: text('title').notNull(),
    /** draft (never published), published, correcting (published, a correction being edited). */
    status: text('status').notNull(),
    draftedAt: ts('drafted_at').notNull(),
    draftedBy: text('drafted_by').notNull(),
    currentRevisionId: uuid('current_revision_id'),
    publishedAt: ts('published_at'),
    sharedWithSlt: boolean('shared_with_slt').notNull().default(false),
    sharedAt: ts('shared_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('briefings_briefings_week_idx').on(t.week),
    check('briefings_briefings_status_check', sql`${t.status} in ('draft','published','correcting')`),
  ],
);

/**
 * A briefing's sections while it is being written. `generated` is what the feeds last drafted;
 * `markdown` is what will be published. `edited` says the Director changed it, so drafting the
 * week again leaves it alone.
 */
export const briefingsSections = pgTable(
  'briefings_sections',
  {
    id: uuid('id').primaryKey(),
    briefingId: uuid('briefing_id')
      .notNull()
      .references(() => briefingsBriefings.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    feeds: text('feeds').array().notNull().default(sql`'{}'::text[]`),
    guidance: text('guidance').notNull().default(''),
    markdown: text('markdown').notNull().default(''),
    generated: text('generated').notNull().default(''),
    /** The figures behind the drafted text, per feed (what each source's read function returned). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Feeds that failed, with their error, so the editor can say so. */
    problems: jsonb('problems').$type<{ feed: string; message: string }[]>().notNull().default([]),
    edited: boolean('edited').notNull().default(false),
    generatedAt: ts('generated_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('briefings_sections_key_idx').on(t.briefingId, t.key)],
);

/** A published version. Written once, never updated or deleted: a correction is the next number. */
export const briefingsRevisions = pgTable(
  'briefings_revisions',
  {
    id: uuid('id').primaryKey(),
    briefingId: uuid('briefing_id')
      .notNull()
      .references(() => briefingsBriefings.id, { onDelete: 'restrict' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** The whole briefing as Markdown, and each section as published. */
    markdown: text('markdown').notNull(),
    /** With the figures behind each, as drafted: what the published words were based on. */
    sections: jsonb('sections')
      .$type<{ key: string; title: string; markdown: string; data: Record<string, unknown> }[]>()
      .notNull(),
    /** Rendered and sanitised, links relative to Belfry. */
    html: text('html').notNull(),
    /** The words alone (no addresses), for search and its highlights. */
    searchText: text('search_text').notNull(),
    /** What a correction changed, in the Director's words. */
    note: text('note'),
    publishedAt: ts('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
    /** Hyphenated words are also indexed joined up, so "wifi" finds "Wi-Fi" and "oncall" "on-call". */
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', search_text), 'B') || setweight(to_tsvector('english', regexp_replace(title || ' ' || search_text, '(\\w)-(\\w)', '\\1\\2', 'g')), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('briefings_revisions_number_idx').on(t.briefingId, t.number),
    index('briefings_revisions_search_idx').using('gin', t.search),
  ],
);

/** Who a revision was emailed to, and when: the team on publishing, SLT on sharing. */
export const briefingsDeliveries = pgTable(
  'briefings_deliveries',
  {
    id: uuid('id').primaryKey(),
    revisionId: uuid('revision_id')
      .notNull()
      .references(() => briefingsRevisions.id, { onDelete: 'restrict' }),
    audience: text('audience').notNull(),
    recipients: text('recipients').array().notNull(),
    sentAt: ts('sent_at').notNull(),
    sentBy: text('sent_by').notNull(),
  },
  (t) => [
    index('briefings_deliveries_revision_idx').on(t.revisionId),
    check('briefings_deliveries_audience_check', sql`${t.audience} in ('team','slt')`),
  ],
);

/**
 * A note for the briefing, made during the week from anywhere (a ticket, an alert, a project,
 * a meeting, or the quick add), with a link back to what it was about. It lands in the coming
 * briefing: `briefingId` is set once a draft has taken it in.
 */
export const briefingsNotes = pgTable(
  'briefings_notes',
  {
    id: uuid('id').primaryKey(),
    text: text('text').notNull(),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    sourceModule: text('source_module'),
    sourceKind: text('source_kind'),
    sourceId: text('source_id'),
    sourceLabel: text('source_label'),
    sourceUrl: text('source_url'),
    briefingId: uuid('briefing_id').references(() => briefingsBriefings.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('briefings_notes_briefing_idx').on(t.briefingId, t.createdAt)],
);

/** "Useful info": how-tos, contacts, procedures, supplier numbers. Pinned ones come first in search. */
export const briefingsUseful = pgTable(
  'briefings_useful',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** The tags as words, for the search vector (array_to_string is not immutable). */
    tagsText: text('tags_text').notNull().default(''),
    /** The body's words alone, for search and its highlights. */
    bodyText: text('body_text').notNull().default(''),
    pinned: boolean('pinned').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
    archivedAt: ts('archived_at'),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', tags_text), 'A') || setweight(to_tsvector('english', body_text), 'B') || setweight(to_tsvector('english', regexp_replace(title || ' ' || tags_text || ' ' || body_text, '(\\w)-(\\w)', '\\1\\2', 'g')), 'C')`,
    ),
  },
  (t) => [
    index('briefings_useful_search_idx').using('gin', t.search),
    index('briefings_useful_tags_idx').using('gin', t.tags),
    index('briefings_useful_updated_idx').on(t.updatedAt),
  ],
);
