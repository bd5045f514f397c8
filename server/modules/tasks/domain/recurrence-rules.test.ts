import { describe, expect, it } from 'vitest';
import { DEFAULT_HOURS, type SchoolCalendar } from '../../../lib/working-time.ts';
import { describeRule, isSchoolDay, occurrencesBetween, type RecurrenceRule } from './recurrence-rules.ts';

/*
 * Worked by hand. 2026-27 at Oakfield: Autumn term Thu 3 Sep - Fri 11 Dec 2026; the senior
 * school's half-term is two weeks (Mon 19 - Fri 30 Oct), the prep's one (Mon 26 - Fri 30 Oct);
 * Fri 27 Nov is an INSET day for both. Spring term Tue 5 Jan - Fri 26 Mar 2027, and Fri 26 Mar
 * 2027 is Good Friday (Easter Sunday is 28 Mar 2027), a bank holiday.
 */
const terms = [
  { name: 'Autumn', academicYear: '2026-27', startsOn: '2026-09-03', endsOn: '2026-12-11' },
  { name: 'Spring', academicYear: '2026-27', startsOn: '2027-01-05', endsOn: '2027-03-26' },
];
const calendar = (halfTermStart: string): SchoolCalendar => ({
  timeZone: 'Europe/London',
  terms,
  closures: [
    { kind: 'half_term', name: 'Autumn half-term', startsOn: halfTermStart, endsOn: '2026-10-30' },
    { kind: 'inset', name: 'INSET day', startsOn: '2026-11-27', endsOn: '2026-11-27' },
  ],
  bankHolidays: new Map([
    ['2026-12-25', 'Christmas Day'],
    ['2027-03-26', 'Good Friday'],
  ]),
  hours: DEFAULT_HOURS,
});
const senior = calendar('2026-10-19');
const prep = calendar('2026-10-26');

const fridays: RecurrenceRule = { rule: 'weekly', weekday: 5, termOnly: true, startsOn: '2026-09-01' };

describe('repeating to-dos', () => {
  it('knows a school day: a term weekday that is not half-term, INSET or a bank holiday', () => {
    expect(isSchoolDay([senior], '2026-10-16')).toBe(true);
    expect(isSchoolDay([senior], '2026-10-23')).toBe(false); // senior half-term
    expect(isSchoolDay([prep], '2026-10-23')).toBe(true); // the prep is still in
    expect(isSchoolDay([senior, prep], '2026-10-23')).toBe(true); // at any school
    expect(isSchoolDay([senior], '2026-10-17')).toBe(false); // a Saturday in term
    expect(isSchoolDay([senior], '2026-11-27')).toBe(false); // INSET
    expect(isSchoolDay([senior], '2027-03-26')).toBe(false); // Good Friday
    expect(isSchoolDay([senior], '2026-12-18')).toBe(false); // Christmas holidays
  });

  it('every Friday in term time: skips half-term and the holidays, moves an INSET Friday to Thursday', () => {
    const dues = occurrencesBetween(fridays, [senior], '2026-10-09', '2026-12-18');
    expect(dues).toEqual([
      { anchor: '2026-10-09', dueOn: '2026-10-09' },
      { anchor: '2026-10-16', dueOn: '2026-10-16' },
      // 23 and 30 Oct: the senior school's two-week half-term, no briefing.
      { anchor: '2026-11-06', dueOn: '2026-11-06' },
      { anchor: '2026-11-13', dueOn: '2026-11-13' },
      { anchor: '2026-11-20', dueOn: '2026-11-20' },
      { anchor: '2026-11-27', dueOn: '2026-11-26' },
      { anchor: '2026-12-04', dueOn: '2026-12-04' },
      { anchor: '2026-12-11', dueOn: '2026-12-11' },
      // 18 Dec: Christmas holidays.
    ]);
  });

  it('follows whichever school is in when no school is chosen', () => {
    const dues = occurrencesBetween(fridays, [senior, prep], '2026-10-19', '2026-11-01').map((o) => o.dueOn);
    expect(dues).toEqual(['2026-10-23']); // the prep is in on 23 Oct; nobody on 30 Oct
  });

  it('every Friday, all year, when not term-only', () => {
    const dues = occurrencesBetween({ ...fridays, termOnly: false }, [senior], '2026-10-19', '2026-11-01').map((o) => o.dueOn);
    expect(dues).toEqual(['2026-10-23', '2026-10-30']);
  });

  it('every other Monday from the first Monday on or after the start', () => {
    const rule: RecurrenceRule = { rule: 'weekly', weekday: 1, interval: 2, termOnly: false, startsOn: '2026-09-01' };
    // First Monday on or after Tue 1 Sep is 7 Sep; then 21 Sep, 5 Oct, 19 Oct, 2 Nov.
    expect(occurrencesBetween(rule, [senior], '2026-10-01', '2026-10-31').map((o) => o.dueOn)).toEqual([
      '2026-10-05',
      '2026-10-19',
    ]);
    expect(occurrencesBetween(rule, [senior], '2026-09-01', '2026-09-20').map((o) => o.dueOn)).toEqual(['2026-09-07']);
  });

  it('monthly on the 31st uses the last day of shorter months, and stops at the end date', () => {
    const rule: RecurrenceRule = {
      rule: 'monthly',
      dayOfMonth: 31,
      termOnly: false,
      startsOn: '2027-01-01',
      endsOn: '2027-04-15',
    };
    expect(occurrencesBetween(rule, [senior], '2026-12-01', '2027-06-30').map((o) => o.dueOn)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
    ]);
  });

  it('five school days before the end of each term, counting back over Good Friday', () => {
    const rule: RecurrenceRule = { rule: 'term_end', schoolDaysBefore: 5, termOnly: true, startsOn: '2026-09-01' };
    // Autumn: last school day Fri 11 Dec; back 10, 9, 8, 7, 4 Dec -> Fri 4 Dec.
    // Spring: Fri 26 Mar is Good Friday, so the last school day is Thu 25 Mar; back 24, 23, 22,
    // 19, 18 Mar -> Thu 18 Mar.
    expect(occurrencesBetween(rule, [senior], '2026-09-01', '2027-04-30')).toEqual([
      { anchor: '2026-12-11', dueOn: '2026-12-04' },
      { anchor: '2027-03-26', dueOn: '2027-03-18' },
    ]);
    expect(occurrencesBetween({ ...rule, schoolDaysBefore: 0 }, [senior], '2027-01-01', '2027-04-30')).toEqual([
      { anchor: '2027-03-26', dueOn: '2027-03-25' },
    ]);
  });

  it('says what the rule is in words', () => {
    expect(describeRule(fridays)).toBe('Every Friday in term time');
    expect(describeRule({ ...fridays, interval: 2, weekday: 1, termOnly: false })).toBe('Every 2 weeks on Monday');
    expect(describeRule({ rule: 'term_end', schoolDaysBefore: 5, termOnly: true, startsOn: '2026-09-01' })).toBe(
      '5 school days before the end of each term',
    );
  });
});
