import { describe, expect, it } from 'vitest';
import { Invalid } from '../../../lib/errors.ts';
import { DEFAULT_HOURS, type SchoolCalendar } from '../../../lib/working-time.ts';
import { isoWeekOf, lastSchoolDayOfWeek, mondayOf } from './weeks.ts';

const cal = (closures: SchoolCalendar['closures'] = [], bank: [string, string][] = []): SchoolCalendar => ({
  timeZone: 'Europe/London',
  terms: [{ name: 'Autumn', academicYear: '2026-27', startsOn: '2026-09-03', endsOn: '2026-12-11' }],
  closures,
  bankHolidays: new Map(bank),
  hours: DEFAULT_HOURS,
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-16', '2026-W47'],
    ['2026-11-22', '2026-W47'],
    ['2026-11-23', '2026-W48'],
    // 1 January 2027 is a Friday: it belongs to the last week of 2026, which has 53.
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    // 30 December 2024 is a Monday in week 1 of 2025.
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (date, week) => expect(isoWeekOf(date)).toBe(week));

  it.each([
    ['2026-W47', '2026-11-16'],
    ['2026-W53', '2026-12-28'],
    ['2025-W01', '2024-12-30'],
    ['2020-W53', '2020-12-28'],
  ])('%s starts on %s', (week, monday) => expect(mondayOf(week)).toBe(monday));

  it('refuses weeks that do not exist, and other forms, saying which form it wants', () => {
    expect(() => mondayOf('2025-W53')).toThrow(new Invalid('week: 2025 has no week 53'));
    expect(() => mondayOf('2026-W00')).toThrow(Invalid);
    expect(() => mondayOf('2026-47')).toThrow('week: use the ISO form YYYY-Www, e.g. 2026-W47 (got "2026-47")');
  });
});

describe('the day the briefing is drafted: the last school day of the week', () => {
  it('is the Friday of an ordinary week', () => {
    expect(lastSchoolDayOfWeek([cal()], '2026-11-16')).toBe('2026-11-20');
  });

  it('is the Thursday when the Friday is an INSET day', () => {
    const inset = cal([{ kind: 'inset', name: 'INSET day', startsOn: '2026-11-20', endsOn: '2026-11-20' }]);
    expect(lastSchoolDayOfWeek([inset], '2026-11-16')).toBe('2026-11-19');
  });

  it('goes back past a bank holiday and a closure', () => {
    const closed = cal(
      [{ kind: 'closure', name: 'Snow', startsOn: '2026-11-19', endsOn: '2026-11-19' }],
      [['2026-11-20', 'A bank holiday']],
    );
    expect(lastSchoolDayOfWeek([closed], '2026-11-16')).toBe('2026-11-18');
  });

  it('is a school day at any of the schools: the prep open on the senior school’s INSET Friday', () => {
    const senior = cal([{ kind: 'inset', name: 'INSET day', startsOn: '2026-11-20', endsOn: '2026-11-20' }]);
    expect(lastSchoolDayOfWeek([senior, cal()], '2026-11-16')).toBe('2026-11-20');
  });

  it('is none in half-term or the holidays', () => {
    const half = cal([{ kind: 'half_term', name: 'Half-term', startsOn: '2026-10-26', endsOn: '2026-10-30' }]);
    expect(lastSchoolDayOfWeek([half], '2026-10-26')).toBeUndefined();
    expect(lastSchoolDayOfWeek([cal()], '2026-12-21')).toBeUndefined();
  });

  it('is the last weekday that is not a bank holiday when no term dates are set up', () => {
    const none: SchoolCalendar = { ...cal([], [['2026-12-25', 'Christmas Day']]), terms: [] };
    expect(lastSchoolDayOfWeek([none], '2026-12-21')).toBe('2026-12-24');
  });
});
