import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

/** A school is a site: a trust has several; Oakfield has a prep and a senior school. */
export const directorySchools = pgTable('directory_schools', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  phase: text('phase').notNull().default('other'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const directoryBuildings = pgTable(
  'directory_buildings',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => directorySchools.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('directory_buildings_code_idx').on(t.schoolId, t.code)],
);

export const directoryRooms = pgTable(
  'directory_rooms',
  {
    id: uuid('id').primaryKey(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => directoryBuildings.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    floor: text('floor'),
  },
  (t) => [uniqueIndex('directory_rooms_code_idx').on(t.buildingId, t.code)],
);

/** Staff and pupils. `externalId` is the MIS identifier, the key imports match on. */
export const directoryPeople = pgTable(
  'directory_people',
  {
    id: uuid('id').primaryKey(),
    externalId: text('external_id').notNull(),
    kind: text('kind').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    preferredName: text('preferred_name'),
    email: text('email'),
    schoolId: uuid('school_id').references(() => directorySchools.id, {
      onDelete: 'set null',
    }),
    /** National Curriculum year: 0 is Reception, -1 Nursery. Pupils only. */
    yearGroup: integer('year_group'),
    house: text('house'),
    tutorGroup: text('tutor_group'),
    jobTitle: text('job_title'),
    department: text('department'),
    isActive: boolean('is_active').notNull().default(true),
    leftOn: date('left_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_people_external_idx').on(t.externalId),
    uniqueIndex('directory_people_email_idx').on(sql`lower(${t.email})`),
    index('directory_people_school_idx').on(t.schoolId, t.kind, t.yearGroup),
    check('directory_people_kind_check', sql`${t.kind} in ('staff','pupil')`),
  ],
);

export const directoryGroups = pgTable('directory_groups', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull().default('custom'),
  schoolId: uuid('school_id').references(() => directorySchools.id, {
    onDelete: 'set null',
  }),
});

export const directoryGroupMembers = pgTable(
  'directory_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => directoryGroups.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => directoryPeople.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.personId] }), index('directory_group_members_person_idx').on(t.personId)],
);

/** Provenance of each import: what came in, what changed, what was rejected and why. */
export const directoryImports = pgTable('directory_imports', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  at: ts('at').notNull().defaultNow(),
  actorLabel: text('actor_label').notNull(),
  rowsIn: integer('rows_in').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  rejected: integer('rejected').notNull(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
});
