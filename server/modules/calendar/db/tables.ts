import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, time, uuid } from 'drizzle-orm/pg-core';

/**
 * Term dates are data, not code. A row with no school applies to every school.
 * Dates are calendar dates in the school's time zone; instants are computed from them.
 */
export const calendarTerms = pgTable(
  'calendar_terms',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id'),
    academicYear: text('academic_year').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
  },
  (t) => [
    index('calendar_terms_dates_idx').on(t.startsOn, t.endsOn),
    check('calendar_terms_order_check', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** Half-terms, INSET days, holidays and other closures (bank holidays have their own table). */
export const calendarClosures = pgTable(
  'calendar_closures',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
  },
  (t) => [
    index('calendar_closures_dates_idx').on(t.startsOn, t.endsOn),
    check('calendar_closures_kind_check', sql`${t.kind} in ('half_term','inset','holiday','closure')`),
    check('calendar_closures_order_check', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** GOV.UK's bank holidays, by division (england-and-wales, scotland, northern-ireland). */
export const calendarBankHolidays = pgTable(
  'calendar_bank_holidays',
  {
    division: text('division').notNull(),
    date: date('date').notNull(),
    title: text('title').notNull(),
  },
  (t) => [primaryKey({ columns: [t.division, t.date] })],
);

/** Opening hours per school and ISO weekday (1 Monday .. 7 Sunday); none stored means Mon-Fri 08:00-17:00. */
export const calendarBusinessHours = pgTable(
  'calendar_business_hours',
  {
    schoolId: uuid('school_id').notNull(),
    weekday: integer('weekday').notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.weekday] }),
    check('calendar_hours_weekday_check', sql`${t.weekday} between 1 and 7`),
  ],
);
