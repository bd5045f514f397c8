import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Repeating to-dos (every Friday: the weekly briefing; end of term: the SLT report). Each
 * occurrence becomes an ordinary to-do `leadDays` before it is due; `generatedThrough` is the
 * last occurrence date already made, so generation is idempotent.
 */
export const tasksRecurrences = pgTable(
  'tasks_recurrences',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    notes: text('notes'),
    priority: text('priority').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** 'weekly' | 'monthly' | 'term_end' */
    rule: text('rule').notNull(),
    /** weekly: ISO weekday 1-7. */
    weekday: integer('weekday'),
    /** weekly: every n weeks. */
    interval: integer('interval').notNull().default(1),
    /** monthly: day of the month (a short month uses its last day). */
    dayOfMonth: integer('day_of_month'),
    /** term_end: due this many school days before the last day of each term. */
    schoolDaysBefore: integer('school_days_before').notNull().default(0),
    /** Only on term days: an occurrence on a non-term day moves to the latest term day earlier that week, or is skipped. */
    termOnly: boolean('term_only').notNull().default(false),
    /** Whose calendar counts; none means a term day at any school. */
    schoolId: uuid('school_id'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    leadDays: integer('lead_days').notNull().default(7),
    generatedThrough: date('generated_through'),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('tasks_recurrences_rule_check', sql`${t.rule} in ('weekly','monthly','term_end')`),
    check('tasks_recurrences_priority_check', sql`${t.priority} in ('low','normal','high','urgent')`),
  ],
);

/** A to-do. `source_*` says where it came from (a meeting action, an alert, a ticket, a project). */
export const tasksItems = pgTable(
  'tasks_items',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    notes: text('notes'),
    dueOn: date('due_on'),
    priority: text('priority').notNull(),
    status: text('status').notNull().default('open'),
    ownerId: uuid('owner_id').notNull(),
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    completedAt: ts('completed_at'),
    sourceModule: text('source_module'),
    sourceKind: text('source_kind'),
    sourceId: text('source_id'),
    sourceLabel: text('source_label'),
    sourceUrl: text('source_url'),
    recurrenceId: uuid('recurrence_id').references(() => tasksRecurrences.id, { onDelete: 'set null' }),
    occurrenceOn: date('occurrence_on'),
  },
  (t) => [
    index('tasks_items_owner_idx').on(t.ownerId, t.status, t.dueOn),
    index('tasks_items_source_idx').on(t.sourceModule, t.sourceKind, t.sourceId),
    uniqueIndex('tasks_items_occurrence_idx').on(t.recurrenceId, t.occurrenceOn),
    check('tasks_items_status_check', sql`${t.status} in ('open','done','cancelled')`),
    check('tasks_items_priority_check', sql`${t.priority} in ('low','normal','high','urgent')`),
  ],
);
