import { describe, expect, it } from 'vitest';
import {
  academicYearOf,
  addWorkingMinutes,
  DEFAULT_HOURS,
  describeDay,
  type SchoolCalendar,
  termPosition,
  type WorkingPolicy,
  workingMinutesBetween,
} from './working-time.ts';
import { zonedToUtc } from './zoned-time.ts';

// CAL-1 from the help desk research: Europe/London, Mon-Fri 08:00-17:00, autumn half-term
// Mon 26 - Fri 30 Oct 2026 closed, England and Wales bank holidays.
const cal1: SchoolCalendar = {
  timeZone: 'Europe/London',
  terms: [
    {
      name: 'Autumn',
      academicYear: '2026-27',
      startsOn: '2026-09-03',
      endsOn: '2026-12-11',
    },
    {
      name: 'Spring',
      academicYear: '2026-27',
      startsOn: '2027-01-05',
      endsOn: '2027-03-26',
    },
  ],
  closures: [
    {
      kind: 'half_term',
      name: 'Autumn half-term',
      startsOn: '2026-10-26',
      endsOn: '2026-10-30',
    },
    {
      kind: 'inset',
      name: 'INSET day',
      startsOn: '2027-01-04',
      endsOn: '2027-01-04',
    },
  ],
  bankHolidays: new Map([
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-28', 'Boxing Day (substitute day)'],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
  ]),
  hours: DEFAULT_HOURS,
};
const termTime: WorkingPolicy = {
  countedDays: new Set(['term', 'inset', 'holiday']),
};
const z = (iso: string) => new Date(iso);

describe('working time on CAL-1', () => {
  it('AT-17: a P3 raised Friday 16:30 BST is due Monday 09:30 BST and Tuesday 14:30 BST', () => {
    const created = z('2026-10-16T15:30:00Z');
    expect(addWorkingMinutes(cal1, termTime, created, 120).toISOString()).toBe('2026-10-19T08:30:00.000Z');
    expect(addWorkingMinutes(cal1, termTime, created, 960).toISOString()).toBe('2026-10-20T13:30:00.000Z');
  });

  it('AT-18: across half-term and the October clock change', () => {
    const created = z('2026-10-23T14:00:00Z'); // Fri 15:00 BST
    expect(addWorkingMinutes(cal1, termTime, created, 60).toISOString()).toBe('2026-10-23T15:00:00.000Z');
    // 120 minutes on Friday, half-term closed, Monday 2 Nov 08:00 GMT + 360 = 14:00 GMT.
    expect(addWorkingMinutes(cal1, termTime, created, 480).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(workingMinutesBetween(cal1, termTime, created, z('2026-11-02T14:00:00Z'))).toBe(480);
  });

  it('skips a bank holiday (AT-19) and counts only opening hours', () => {
    // Thursday 24 Dec 2026 is outside term (a holiday day, counted); 25th and 28th are bank holidays.
    const created = z('2026-12-24T16:00:00Z');
    expect(addWorkingMinutes(cal1, termTime, created, 120).toISOString()).toBe('2026-12-29T09:00:00.000Z');
    // Friday 16:00 to Monday 09:00 in school hours is 2 working hours (research item 30).
    expect(workingMinutesBetween(cal1, termTime, z('2026-11-13T16:00:00Z'), z('2026-11-16T09:00:00Z'))).toBe(120);
  });

  it('handles the March clock change: 08:00 BST is 07:00Z', () => {
    const fri = z('2027-03-19T16:00:00Z'); // 16:00 GMT: 60 minutes on Friday, 60 on Monday
    expect(addWorkingMinutes(cal1, termTime, fri, 120).toISOString()).toBe('2027-03-22T09:00:00.000Z');
    const thu = z('2027-03-25T16:00:00Z'); // Thursday 16:00 GMT
    // Good Friday and Easter Monday are bank holidays; clocks go forward on Sunday 28 March.
    expect(addWorkingMinutes(cal1, termTime, thu, 120).toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('returns zero for an empty or reversed interval', () => {
    expect(workingMinutesBetween(cal1, termTime, z('2026-11-03T10:00:00Z'), z('2026-11-03T10:00:00Z'))).toBe(0);
    expect(workingMinutesBetween(cal1, termTime, z('2026-11-03T11:00:00Z'), z('2026-11-03T10:00:00Z'))).toBe(0);
  });

  it('pauses over holidays when the policy says so', () => {
    const termOnly: WorkingPolicy = { countedDays: new Set(['term']) };
    // INSET day 4 Jan is not counted; term resumes 5 Jan.
    const created = z('2027-01-04T09:00:00Z');
    expect(addWorkingMinutes(cal1, termOnly, created, 60).toISOString()).toBe('2027-01-05T09:00:00.000Z');
  });
});

describe('days and terms', () => {
  it('classifies days, most specific first', () => {
    expect(describeDay(cal1, '2026-10-27').kind).toBe('half_term');
    expect(describeDay(cal1, '2027-03-26')).toMatchObject({
      kind: 'bank_holiday',
      name: 'Good Friday',
    });
    expect(describeDay(cal1, '2027-01-04').kind).toBe('inset');
    expect(describeDay(cal1, '2026-11-22')).toMatchObject({
      kind: 'term',
      isWeekend: true,
    });
    expect(describeDay(cal1, '2026-08-20').kind).toBe('holiday');
  });

  it('numbers teaching weeks, skipping half-term', () => {
    // Term starts Thu 3 Sep (week 1); half-term week of 26 Oct is not counted.
    expect(termPosition(cal1, '2026-09-04')).toMatchObject({
      week: 1,
      weeksInTerm: 14,
    });
    expect(termPosition(cal1, '2026-10-23')?.week).toBe(8);
    expect(termPosition(cal1, '2026-10-28')).toMatchObject({
      week: 8,
      inHalfTerm: true,
    });
    expect(termPosition(cal1, '2026-11-02')?.week).toBe(9);
    expect(termPosition(cal1, '2026-11-22')).toMatchObject({
      week: 11,
      daysLeft: 19,
    });
    expect(termPosition(cal1, '2026-12-20')).toBeUndefined();
  });

  it('names the academic year', () => {
    expect(academicYearOf('2026-09-01')).toBe('2026-27');
    expect(academicYearOf('2027-08-31')).toBe('2026-27');
    expect(academicYearOf('1999-12-01')).toBe('1999-00');
  });

  it('converts wall time across both changes', () => {
    expect(zonedToUtc('2026-10-25', '00:30', 'Europe/London').toISOString()).toBe('2026-10-24T23:30:00.000Z');
    // 01:30 happens twice on 25 Oct 2026: the first pass is BST.
    expect(zonedToUtc('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedToUtc('2026-10-25', '02:30', 'Europe/London').toISOString()).toBe('2026-10-25T02:30:00.000Z');
    // 01:30 does not exist on 28 Mar 2027; it resolves to just after the gap, 02:30 BST.
    expect(zonedToUtc('2027-03-28', '01:30', 'Europe/London').toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(zonedToUtc('2027-03-28', '03:00', 'Europe/London').toISOString()).toBe('2027-03-28T02:00:00.000Z');
  });
});
