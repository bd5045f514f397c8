import { z } from 'zod';

/**
 * A built-in catalogue file: one framework at one version (research §3.5), held as data so a
 * new edition is a new file, never a code change. `upgradesFrom` maps the requirement ids of an
 * earlier version to this one's: an id present in both is itself; one mapped to null (or absent
 * from both) has no successor and goes to the Director's review list.
 */

export const CADENCES = ['once', 'annual', 'termly', 'on_change'] as const;
export type Cadence = (typeof CADENCES)[number];

const Id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case id');

export const RequirementFile = z.object({
  id: Id,
  text: z.string().min(5),
  level: z.enum(['must', 'should']),
  cadence: z.enum(CADENCES),
  /** A review overdue is red at once (filtering and monitoring: KCSIE is statutory guidance). */
  statutory: z.boolean().default(false),
  /** Cyber Essentials: what fails the assessment outright. */
  autoFail: z.string().optional(),
  evidenceHint: z.string(),
  /** Records in Belfry that can serve as evidence (paths in the app). */
  links: z.array(z.object({ label: z.string(), url: z.string().startsWith('/') })).default([]),
});

export const StandardFile = z.object({
  id: Id,
  title: z.string(),
  core: z.boolean().default(false),
  whenToMeet: z.string(),
  /** Where the wording is summarised from secondary sources, say so. */
  note: z.string().optional(),
  requirements: z.array(RequirementFile).min(1),
});

export const CatalogueFile = z.object({
  key: Id,
  title: z.string(),
  version: z.string(),
  publishedOn: z.string(),
  sourceUrl: z.string().url(),
  /** Shown beside the title wherever the catalogue appears. */
  label: z.string().optional(),
  benchmark: z.boolean().default(false),
  /** Whether the termly report shows it until the Director says otherwise. */
  inReportByDefault: z.boolean(),
  summary: z.string(),
  standards: z.array(StandardFile).min(1),
  upgradesFrom: z.array(z.object({ version: z.string(), map: z.record(z.string(), Id.nullable()) })).default([]),
});
export type CatalogueFile = z.infer<typeof CatalogueFile>;
export type CatalogueFileInput = z.input<typeof CatalogueFile>;
