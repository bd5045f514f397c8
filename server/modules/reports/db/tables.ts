import { sql } from 'drizzle-orm';
import { check, customType, date, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * One termly report per term: a draft whose figures are recomputed from the other modules'
 * read functions and whose narrative the Director edits, until it is published.
 */
export const reportsReports = pgTable(
  'reports_reports',
  {
    id: uuid('id').primaryKey(),
    termStartsOn: date('term_starts_on').notNull().unique(),
    termEndsOn: date('term_ends_on').notNull(),
    termName: text('term_name').notNull(),
    status: text('status').notNull(),
    /** The computed figures (ReportFigures), refreshed while a draft. */
    figures: jsonb('figures').notNull(),
    figuresAt: ts('figures_at').notNull(),
    /** Sections: Belfry's draft text, the Director's text, and whether it was edited. */
    narrative: jsonb('narrative').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    publishedAt: ts('published_at'),
    publishedBy: text('published_by'),
  },
  (t) => [check('reports_reports_status_check', sql`${t.status} in ('draft','published')`)],
);

/**
 * What was published, as it was: figures, narrative, the charts (SVG) and the Word and PDF files
 * with their SHA-256. Written once at publication; no code path updates or deletes a row.
 */
export const reportsSnapshots = pgTable('reports_snapshots', {
  reportId: uuid('report_id')
    .primaryKey()
    .references(() => reportsReports.id, { onDelete: 'restrict' }),
  publishedAt: ts('published_at').notNull(),
  publishedBy: text('published_by').notNull(),
  figures: jsonb('figures').notNull(),
  narrative: jsonb('narrative').notNull(),
  charts: jsonb('charts').$type<Record<string, string>>().notNull(),
  docx: bytea('docx').notNull(),
  pdf: bytea('pdf').notNull(),
  sha256: text('sha256').notNull(),
});

/** A figure from outside Belfry, entered by hand for a term with the evidence it came from. */
export const reportsManualValues = pgTable(
  'reports_manual_values',
  {
    termStartsOn: date('term_starts_on').notNull(),
    kpiId: text('kpi_id').notNull(),
    /** A number (a share 0..1, a count), or a date for date KPIs. */
    value: text('value').notNull(),
    evidence: text('evidence').notNull(),
    evidenceUrl: text('evidence_url'),
    enteredBy: text('entered_by').notNull(),
    enteredAt: ts('entered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.termStartsOn, t.kpiId] })],
);
