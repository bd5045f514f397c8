import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { DEFAULT_HOURS } from '../../../lib/working-time.ts';
import { createSchool } from '../../directory/index.ts';
import { setSetting } from '../../settings/index.ts';
import { ensureBundledBankHolidays } from './bank-holidays.ts';
import { setBusinessHours } from './business-hours.ts';
import { bankHolidayDivisionSetting } from './calendar-settings.ts';
import { describeToday, loadSchoolCalendar } from './school-calendar.ts';
import { addCalendarEntry } from './term-dates.ts';

const staff: Actor = { kind: 'user', id: crypto.randomUUID(), email: 'teacher@oakfield.example', name: 'Teacher', role: 'staff' };

/*
 * The calendar below, worked by hand (2026-09-03 is a Thursday; Europe/London).
 * Autumn term, every school: Thu 3 Sep - Fri 11 Dec 2026. Teaching weeks start on Mondays:
 *   31 Aug (1), 7 Sep (2), 14 Sep (3), 21 Sep (4), 28 Sep (5), 5 Oct (6), 12 Oct (7), then
 *   senior: half-term 19 Oct - 30 Oct, so 2 Nov (8), 9 Nov (9), 16 Nov (10), 23 Nov (11),
 *           30 Nov (12), 7 Dec (13): 13 weeks;
 *   prep:   half-term 26 Oct - 30 Oct only, so 19 Oct (8), 2 Nov (9) ... 7 Dec (14): 14 weeks.
 * Mon 16 Nov to Fri 11 Dec is 25 days. Bank holidays (bundled E&W): Fri 25 Dec Christmas Day,
 * Mon 28 Dec Boxing Day (substitute day: the 26th is a Saturday), Fri 1 Jan New Year's Day.
 */
describeEachDatabase('school calendar', (t) => {
  const ids = { senior: '', prep: '' };
  const today = async (now: string) => {
    const [prep, senior] = await describeToday(t.ctx(staff, now));
    expect([prep?.schoolName, senior?.schoolName]).toEqual(['Oakfield Prep', 'Oakfield Senior School']);
    return { prep, senior };
  };

  beforeAll(async () => {
    const ctx = t.ctx();
    ids.senior = (await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' })).id;
    ids.prep = (await createSchool(ctx, { code: 'prep', name: 'Oakfield Prep', phase: 'prep' })).id;
    expect(await ensureBundledBankHolidays(ctx)).toBe(67);
    expect(await ensureBundledBankHolidays(ctx)).toBe(0);
    const add = (
      kind: 'term' | 'half_term' | 'inset' | 'closure',
      name: string,
      startsOn: string,
      endsOn = startsOn,
      schoolId?: string,
    ) => addCalendarEntry(ctx, { kind, name, startsOn, endsOn, schoolId: schoolId ?? null });
    await add('inset', 'INSET day', '2026-09-02');
    await add('term', 'Autumn', '2026-09-03', '2026-12-11');
    await add('half_term', 'Autumn half-term', '2026-10-19', '2026-10-30', ids.senior);
    await add('half_term', 'Autumn half-term', '2026-10-26', '2026-10-30', ids.prep);
    await add('closure', 'Heating failure', '2026-11-20', '2026-11-20', ids.prep);
    await add('inset', 'INSET day: cyber security training', '2026-11-27');
    await add('inset', 'INSET day', '2027-01-04');
    await add('term', 'Spring', '2027-01-05', '2027-03-26');
  });

  it('gives the term, teaching week and closures ahead on a Monday in term', async () => {
    const { prep, senior } = await today('2026-11-16T09:00:00Z');
    const autumn = { name: 'Autumn', academicYear: '2026-27', startsOn: '2026-09-03', endsOn: '2026-12-11' };
    expect(senior).toMatchObject({ date: '2026-11-16', dayKind: 'term', dayName: 'Autumn', term: autumn, next: null });
    expect(senior).toMatchObject({ week: 10, weeksInTerm: 13, daysLeft: 25 });
    expect(senior?.upcoming).toEqual([{ date: '2026-11-27', kind: 'inset', name: 'INSET day: cyber security training' }]);
    expect(prep).toMatchObject({ week: 11, weeksInTerm: 14, daysLeft: 25, term: autumn });
    // The prep's own closure shows there and only there.
    expect(prep?.upcoming).toEqual([
      { date: '2026-11-20', kind: 'closure', name: 'Heating failure' },
      { date: '2026-11-27', kind: 'inset', name: 'INSET day: cyber security training' },
    ]);
  });

  it("counts a school's own half-term: week 7 at the senior school, week 8 at the prep", async () => {
    const { prep, senior } = await today('2026-10-20T09:00:00Z');
    expect(senior).toMatchObject({ dayKind: 'half_term', dayName: 'Autumn half-term', week: 7, daysLeft: 52 });
    expect(prep).toMatchObject({ dayKind: 'term', dayName: 'Autumn', week: 8 });
  });

  it('uses the school time zone: 23:30 UTC on Sunday 6 Sep is already Monday in BST', async () => {
    const { senior } = await today('2026-09-06T23:30:00Z');
    expect(senior).toMatchObject({ date: '2026-09-07', dayKind: 'term', week: 2 });
  });

  it('lists the end of term and the bank holidays in the last week', async () => {
    const { senior } = await today('2026-12-07T10:00:00Z');
    expect(senior).toMatchObject({ week: 13, weeksInTerm: 13, daysLeft: 4 });
    expect(senior?.upcoming).toEqual([
      { date: '2026-12-11', kind: 'term_end', name: 'End of Autumn term' },
      { date: '2026-12-25', kind: 'bank_holiday', name: 'Christmas Day' },
      { date: '2026-12-28', kind: 'bank_holiday', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('gives the next term in the holidays, and at most four days ahead', async () => {
    const { senior } = await today('2026-12-20T12:00:00Z');
    expect(senior).toMatchObject({ dayKind: 'holiday', dayName: 'Holiday', term: null, week: null, daysLeft: null });
    expect(senior?.next).toEqual({ name: 'Spring', startsOn: '2027-01-05' });
    expect(senior?.upcoming).toEqual([
      { date: '2026-12-25', kind: 'bank_holiday', name: 'Christmas Day' },
      { date: '2026-12-28', kind: 'bank_holiday', name: 'Boxing Day (substitute day)' },
      { date: '2027-01-01', kind: 'bank_holiday', name: 'New Year’s Day' },
      { date: '2027-01-04', kind: 'inset', name: 'INSET day' },
    ]);
  });

  it("merges a school's own entries with those for every school, and the bank holidays", async () => {
    const closures = async (schoolId?: string) =>
      (await loadSchoolCalendar(t.ctx(staff), schoolId)).closures.map((c) => `${c.startsOn} ${c.kind} ${c.name}`);
    expect(await closures(ids.senior)).toEqual([
      '2026-09-02 inset INSET day',
      '2026-10-19 half_term Autumn half-term',
      '2026-11-27 inset INSET day: cyber security training',
      '2027-01-04 inset INSET day',
    ]);
    expect(await closures(ids.prep)).toEqual([
      '2026-09-02 inset INSET day',
      '2026-10-26 half_term Autumn half-term',
      '2026-11-20 closure Heating failure',
      '2026-11-27 inset INSET day: cyber security training',
      '2027-01-04 inset INSET day',
    ]);
    // Without a school: only what applies to every school.
    expect(await closures()).toEqual([
      '2026-09-02 inset INSET day',
      '2026-11-27 inset INSET day: cyber security training',
      '2027-01-04 inset INSET day',
    ]);
    const cal = await loadSchoolCalendar(t.ctx(staff), ids.senior);
    expect(cal.terms.map((x) => `${x.name} ${x.academicYear} ${x.startsOn} ${x.endsOn}`)).toEqual([
      'Autumn 2026-27 2026-09-03 2026-12-11',
      'Spring 2026-27 2027-01-05 2027-03-26',
    ]);
    expect(cal.timeZone).toBe('Europe/London');
    expect(cal.bankHolidays.size).toBe(67);
    expect(cal.bankHolidays.get('2026-12-25')).toBe('Christmas Day');
    expect(cal.bankHolidays.get('2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(cal.bankHolidays.get('2027-08-30')).toBe('Summer bank holiday');
    expect(cal.hours).toEqual(DEFAULT_HOURS);
  });

  it("follows the school's bank-holiday division and opening hours", async () => {
    await setBusinessHours(t.ctx(), ids.prep, [{ weekday: 1, opens: '07:45', closes: '16:30' }]);
    expect((await loadSchoolCalendar(t.ctx(staff), ids.prep)).hours).toEqual({ 1: { opens: '07:45', closes: '16:30' } });
    expect((await loadSchoolCalendar(t.ctx(staff), ids.senior)).hours).toEqual(DEFAULT_HOURS);
    // Only England and Wales is bundled: Scotland has none until its list is imported.
    await setSetting(t.ctx(), [bankHolidayDivisionSetting], bankHolidayDivisionSetting.key, { value: 'scotland' });
    expect((await loadSchoolCalendar(t.ctx(staff), ids.senior)).bankHolidays.size).toBe(0);
    await setSetting(t.ctx(), [bankHolidayDivisionSetting], bankHolidayDivisionSetting.key, { value: 'england-and-wales' });
    expect((await loadSchoolCalendar(t.ctx(staff), ids.senior)).bankHolidays.size).toBe(67);
  });
});
