import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A recurring meeting: the Director of Finance 1:1, the IT management group. */
export const meetingsSeries = pgTable(
  'meetings_series',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** Which standing sections its agenda gets: 'finance' | 'itmg' | 'other'. */
    kind: text('kind').notNull(),
    purpose: text('purpose').notNull(),
    cadenceWeeks: integer('cadence_weeks').notNull(),
    /** 'HH:MM' local time and length, for the next meeting's default. */
    defaultTime: text('default_time').notNull(),
    defaultMinutes: integer('default_minutes').notNull(),
    location: text('location'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('meetings_series_kind_check', sql`${t.kind} in ('finance','itmg','other')`)],
);

/** Who is in a series: a directory person and/or an account, or just a name and address. */
export const meetingsMembers = pgTable('meetings_members', {
  id: uuid('id').primaryKey(),
  seriesId: uuid('series_id')
    .notNull()
    .references(() => meetingsSeries.id, { onDelete: 'cascade' }),
  personId: uuid('person_id'),
  userId: uuid('user_id'),
  name: text('name').notNull(),
  email: text('email'),
  roleLabel: text('role_label'),
  position: integer('position').notNull(),
});

export const meetingsMeetings = pgTable(
  'meetings_meetings',
  {
    id: uuid('id').primaryKey(),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => meetingsSeries.id, { onDelete: 'cascade' }),
    startsAt: ts('starts_at').notNull(),
    minutes: integer('minutes').notNull(),
    location: text('location'),
    status: text('status').notNull(),
    /** General notes for the minutes (who came, apologies). */
    notes: text('notes'),
    agendaBuiltAt: ts('agenda_built_at'),
    agendaSentAt: ts('agenda_sent_at'),
    minutesSentAt: ts('minutes_sent_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('meetings_meetings_series_idx').on(t.seriesId, t.startsAt),
    check('meetings_meetings_status_check', sql`${t.status} in ('planned','held','cancelled')`),
  ],
);

/**
 * An agenda item. Auto items carry the key of what produced them (source + id), so a refresh
 * updates them instead of adding them twice; `edited` ones keep the Director's words and
 * `hidden` ones stay removed.
 */
export const meetingsItems = pgTable(
  'meetings_items',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetingsMeetings.id, { onDelete: 'cascade' }),
    section: text('section').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    detail: text('detail').notNull(),
    sourceKey: text('source_key'),
    sourceUrl: text('source_url'),
    edited: boolean('edited').notNull().default(false),
    hidden: boolean('hidden').notNull().default(false),
    /** What was said: the minutes for this item. */
    minutes: text('minutes'),
  },
  (t) => [index('meetings_items_meeting_idx').on(t.meetingId)],
);

export const meetingsDecisions = pgTable('meetings_decisions', {
  id: uuid('id').primaryKey(),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => meetingsMeetings.id, { onDelete: 'cascade' }),
  itemId: uuid('item_id').references(() => meetingsItems.id, { onDelete: 'set null' }),
  text: text('text').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** An action: who does what by when. `taskId` once it is on its owner's to-do list. */
export const meetingsActions = pgTable(
  'meetings_actions',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetingsMeetings.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').references(() => meetingsItems.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    ownerUserId: uuid('owner_user_id'),
    ownerName: text('owner_name').notNull(),
    dueOn: date('due_on'),
    status: text('status').notNull(),
    doneOn: date('done_on'),
    taskId: uuid('task_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('meetings_actions_meeting_idx').on(t.meetingId),
    check('meetings_actions_status_check', sql`${t.status} in ('open','done','dropped')`),
  ],
);
