import { sql } from 'drizzle-orm';
import {
  bigserial,
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
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * A catalogue the school tracks: a built-in framework at the version adopted (DfE standards,
 * Cyber Essentials, the RPA benchmark) or the school's own (`builtIn` false, e.g. the insurer's
 * conditions).
 */
export const standardsFrameworks = pgTable('standards_frameworks', {
  key: text('key').primaryKey(),
  title: text('title').notNull(),
  version: text('version').notNull(),
  label: text('label'),
  benchmark: boolean('benchmark').notNull().default(false),
  builtIn: boolean('built_in').notNull(),
  inReport: boolean('in_report').notNull(),
  summary: text('summary').notNull(),
  sourceUrl: text('source_url'),
  publishedOn: date('published_on'),
  /** Cyber Essentials and insurers: the certificate's expiry and the next assessment. */
  certificateExpiresOn: date('certificate_expires_on'),
  nextAssessmentOn: date('next_assessment_on'),
  position: integer('position').notNull(),
  adoptedAt: ts('adopted_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const standardsStandards = pgTable(
  'standards_standards',
  {
    id: text('id').primaryKey(),
    frameworkKey: text('framework_key')
      .notNull()
      .references(() => standardsFrameworks.key, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    core: boolean('core').notNull(),
    whenToMeet: text('when_to_meet').notNull(),
    note: text('note'),
    position: integer('position').notNull(),
    /** The catalogue version that dropped it; null while current. */
    retiredIn: text('retired_in'),
  },
  (t) => [index('standards_standards_framework_idx').on(t.frameworkKey)],
);

export type RequirementLink = { label: string; url: string };

export const standardsRequirements = pgTable(
  'standards_requirements',
  {
    id: text('id').primaryKey(),
    standardId: text('standard_id')
      .notNull()
      .references(() => standardsStandards.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    level: text('level').notNull(),
    cadence: text('cadence').notNull(),
    statutory: boolean('statutory').notNull(),
    autoFail: text('auto_fail'),
    evidenceHint: text('evidence_hint').notNull(),
    links: jsonb('links').$type<RequirementLink[]>().notNull(),
    position: integer('position').notNull(),
    retiredIn: text('retired_in'),
    /** After an upgrade left it without a successor: 'pending' until the Director carries or dismisses it. */
    reviewState: text('review_state'),
  },
  (t) => [
    index('standards_requirements_standard_idx').on(t.standardId),
    check('standards_requirements_level_check', sql`${t.level} in ('must','should')`),
    check('standards_requirements_cadence_check', sql`${t.cadence} in ('once','annual','termly','on_change')`),
    check('standards_requirements_review_check', sql`${t.reviewState} in ('pending','carried','dismissed')`),
  ],
);

/** The school's current view of a requirement (one row each; its history is in standards_history). */
export const standardsAssessments = pgTable(
  'standards_assessments',
  {
    requirementId: text('requirement_id')
      .primaryKey()
      .references(() => standardsRequirements.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name'),
    lastReviewedOn: date('last_reviewed_on'),
    notes: text('notes'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('standards_assessments_status_check', sql`${t.status} in ('not_assessed','met','partial','not_met','n_a')`)],
);

/**
 * Append-only: the assessment's whole state after every change, so the tracker can be read as
 * it stood on any date (the termly report's six terms). Upgrades move rows to the successor
 * requirement and say so; nothing updates or deletes them otherwise.
 */
export const standardsHistory = pgTable(
  'standards_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requirementId: text('requirement_id').notNull(),
    /** The requirement this entry was first recorded against (before an upgrade moved it). */
    originalRequirementId: text('original_requirement_id').notNull(),
    at: ts('at').notNull(),
    by: text('by').notNull(),
    kind: text('kind').notNull(),
    note: text('note'),
    status: text('status').notNull(),
    ownerName: text('owner_name'),
    lastReviewedOn: date('last_reviewed_on'),
  },
  (t) => [index('standards_history_requirement_idx').on(t.requirementId, t.at)],
);

/** Evidence: a Belfry record (a path), a link, or an uploaded file (kept in the database, so backups have it). */
export const standardsEvidence = pgTable(
  'standards_evidence',
  {
    id: uuid('id').primaryKey(),
    requirementId: text('requirement_id').notNull(),
    originalRequirementId: text('original_requirement_id').notNull(),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    url: text('url'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    size: integer('size'),
    content: bytea('content'),
    addedBy: text('added_by').notNull(),
    addedAt: ts('added_at').notNull(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    index('standards_evidence_requirement_idx').on(t.requirementId),
    check('standards_evidence_kind_check', sql`${t.kind} in ('record','link','file')`),
  ],
);

/** What has to happen for a requirement to be met: a to-do or a project once sent there. */
export const standardsActions = pgTable(
  'standards_actions',
  {
    id: uuid('id').primaryKey(),
    requirementId: text('requirement_id').notNull(),
    text: text('text').notNull(),
    ownerId: uuid('owner_id'),
    ownerName: text('owner_name').notNull(),
    dueOn: date('due_on'),
    status: text('status').notNull(),
    taskId: uuid('task_id'),
    projectId: uuid('project_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('standards_actions_requirement_idx').on(t.requirementId),
    check('standards_actions_status_check', sql`${t.status} in ('open','done','dropped')`),
  ],
);

/** Each catalogue upgrade and what it did: mapped, merged, new, and what had no successor. */
export type UpgradeReport = {
  mapped: { from: string; to: string }[];
  unmapped: { id: string; text: string; hadAssessment: boolean; evidence: number }[];
  added: { id: string; text: string }[];
};

export const standardsUpgrades = pgTable('standards_upgrades', {
  id: uuid('id').primaryKey(),
  frameworkKey: text('framework_key').notNull(),
  fromVersion: text('from_version').notNull(),
  toVersion: text('to_version').notNull(),
  at: ts('at').notNull(),
  by: text('by').notNull(),
  report: jsonb('report').$type<UpgradeReport>().notNull(),
});
