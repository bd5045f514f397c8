import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Money is whole pence: no rounding drift in the roll-ups. */
const pence = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/** The technology strategy as a whole (one row): its vision and when the IT management group reviews it. */
export const projectsStrategy = pgTable('projects_strategy', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  vision: text('vision').notNull(),
  period: text('period').notNull(),
  reviewedOn: date('reviewed_on'),
  nextReviewOn: date('next_review_on'),
  updatedAt: ts('updated_at').notNull(),
});

/** Strategy objectives: what the school wants technology to do, in words staff understand. */
export const projectsObjectives = pgTable(
  'projects_objectives',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    position: integer('position').notNull(),
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('projects_objectives_status_check', sql`${t.status} in ('draft','published','retired')`)],
);

export const projectsInitiatives = pgTable('projects_initiatives', {
  id: uuid('id').primaryKey(),
  objectiveId: uuid('objective_id')
    .notNull()
    .references(() => projectsObjectives.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  position: integer('position').notNull(),
});

const projectState = {
  status: text('status').notNull(),
  rag: text('rag').notNull(),
  ragReason: text('rag_reason'),
  capitalBudget: pence('capital_budget'),
  capitalCommitted: pence('capital_committed'),
  capitalSpent: pence('capital_spent'),
  revenueBudget: pence('revenue_budget'),
  revenueCommitted: pence('revenue_committed'),
  revenueSpent: pence('revenue_spent'),
};

export const projectsProjects = pgTable(
  'projects_projects',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    summary: text('summary').notNull(),
    /** Plain words for the staff strategy page. */
    staffSummary: text('staff_summary'),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name').notNull(),
    ...projectState,
    objectiveId: uuid('objective_id').references(() => projectsObjectives.id, { onDelete: 'set null' }),
    initiativeId: uuid('initiative_id').references(() => projectsInitiatives.id, { onDelete: 'set null' }),
    startOn: date('start_on'),
    targetOn: date('target_on'),
    completedOn: date('completed_on'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check(
      'projects_projects_status_check',
      sql`${t.status} in ('proposed','planned','active','on_hold','completed','cancelled')`,
    ),
    check('projects_projects_rag_check', sql`${t.rag} in ('green','amber','red')`),
  ],
);

/**
 * Append-only history: the project's status, RAG and budget after every change, so "RAG or
 * budget moved since the last meeting" compares the state then with the state now.
 */
export const projectsUpdates = pgTable(
  'projects_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projectsProjects.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    actorLabel: text('actor_label').notNull(),
    kind: text('kind').notNull(),
    changed: jsonb('changed').$type<string[]>().notNull(),
    note: text('note'),
    ...projectState,
  },
  (t) => [index('projects_updates_project_idx').on(t.projectId, t.at)],
);

export const projectsMilestones = pgTable(
  'projects_milestones',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projectsProjects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueOn: date('due_on').notNull(),
    doneOn: date('done_on'),
  },
  (t) => [index('projects_milestones_due_idx').on(t.dueOn)],
);

/** `projectId` cannot finish before `dependsOnId` has. */
export const projectsDependencies = pgTable(
  'projects_dependencies',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projectsProjects.id, { onDelete: 'cascade' }),
    dependsOnId: uuid('depends_on_id')
      .notNull()
      .references(() => projectsProjects.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.dependsOnId] })],
);

export type Mitigation = { text: string; inPlace: boolean };

/** The risk register: cyber and infrastructure risks scored likelihood x impact (1-5 each). */
export const projectsRisks = pgTable(
  'projects_risks',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name').notNull(),
    mitigations: jsonb('mitigations').$type<Mitigation[]>().notNull(),
    reviewOn: date('review_on').notNull(),
    reviewEveryDays: integer('review_every_days').notNull(),
    status: text('status').notNull(),
    objectiveId: uuid('objective_id').references(() => projectsObjectives.id, { onDelete: 'set null' }),
    projectId: uuid('project_id').references(() => projectsProjects.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('projects_risks_category_check', sql`${t.category} in ('cyber','infrastructure','data','supplier')`),
    check('projects_risks_score_check', sql`${t.likelihood} between 1 and 5 and ${t.impact} between 1 and 5`),
    check('projects_risks_status_check', sql`${t.status} in ('open','closed')`),
  ],
);

/** Every score a risk has had (at creation, each review and each change): its trend. */
export const projectsRiskHistory = pgTable(
  'projects_risk_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => projectsRisks.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    note: text('note'),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [index('projects_risk_history_idx').on(t.riskId, t.at)],
);
