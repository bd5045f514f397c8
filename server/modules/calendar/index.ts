/**
 * calendar: each school's academic year as data: terms, half-terms, INSET days, holidays,
 * bank holidays and opening hours. `loadSchoolCalendar` feeds the working-time maths in
 * lib/working-time (SLA clocks, "which term", teaching weeks) for every other module.
 */
import { ROLES } from '../../lib/context.ts';
import { hasHeaders, hasKeys } from '../../lib/file-sample.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { importBankHolidays } from './domain/bank-holidays.ts';
import { bankHolidayDivisionSetting } from './domain/calendar-settings.ts';
import { describeToday } from './domain/school-calendar.ts';
import { CALENDAR_SETUP } from './domain/setup-checks.ts';
import { importTermDates } from './domain/term-dates.ts';
import { registerCalendarRoutes } from './http/calendar-routes.ts';

export { ensureBundledBankHolidays } from './domain/bank-holidays.ts';
export { describeToday, loadSchoolCalendar, type SchoolToday } from './domain/school-calendar.ts';
export { addCalendarEntry, type CalendarEntry, listCalendarEntries } from './domain/term-dates.ts';

export const calendarModule: BelfryModule = {
  name: 'calendar',
  setupChecks: CALENDAR_SETUP,
  routes: registerCalendarRoutes,
  settings: [bankHolidayDivisionSetting],
  todayCards: [
    {
      id: 'calendar.today',
      title: 'This week',
      order: 1,
      roles: ROLES,
      load: async (ctx) => ({ schools: await describeToday(ctx) }),
    },
  ],
  importers: [
    {
      kind: 'term-dates',
      description: 'Terms, half-terms, INSET days and closures (CSV: school, kind, name, start, end)',
      roles: ['admin'],
      accept: '.csv,text/csv',
      readsDates: true,
      recognise: (s) =>
        s.shape === 'csv' &&
        hasHeaders(s, ['start', 'start date', 'starts', 'starts on']) &&
        hasHeaders(s, ['end', 'end date', 'ends', 'ends on']),
      run: importTermDates,
    },
    {
      kind: 'bank-holidays',
      description: 'Bank holidays in GOV.UK format (https://www.gov.uk/bank-holidays.json)',
      roles: ['admin'],
      accept: '.json,application/json',
      // {"england-and-wales": {"division": ..., "events": [{"title", "date", "notes", "bunting"}]}}
      recognise: (s) => s.shape === 'json' && hasKeys(s, 'division', 'events', 'bunting'),
      run: importBankHolidays,
    },
  ],
};
