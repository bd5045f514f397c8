import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Long work (imports, sends): status and progress the UI polls and the CLI prints. */
export const jobsRuns = pgTable(
  'jobs_runs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    message: text('message'),
    result: jsonb('result'),
    error: text('error'),
    errorDetails: jsonb('error_details'),
    createdById: uuid('created_by_id'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('jobs_runs_created_idx').on(t.createdAt)],
);
