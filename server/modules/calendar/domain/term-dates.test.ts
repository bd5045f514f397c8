import { beforeAll, expect, it } from 'vitest';
import type { Actor, Role } from '../../../lib/context.ts';
import { Forbidden, ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { createSchool } from '../../directory/index.ts';
import { importBankHolidays } from './bank-holidays.ts';
import { setBusinessHours } from './business-hours.ts';
import {
  addCalendarEntry,
  changeCalendarEntry,
  importTermDates,
  listCalendarEntries,
  removeCalendarEntry,
} from './term-dates.ts';

const none = () => {};
const opts = { dryRun: false, skipInvalid: false };
const user = (role: Role): Actor => ({
  kind: 'user',
  id: crypto.randomUUID(),
  email: `${role}@oakfield.example`,
  name: role,
  role,
});

// Excel's "CSV UTF-8": a byte-order mark, the school's own words for kinds, day-first dates.
const TERM_DATES =
  '\uFEFFSchool,Type,Description,Start Date,End Date\n' +
  'All,Term,Autumn,03/09/2026,11/12/2026\n' +
  'Oakfield Senior School,Half Term,Autumn half-term,19/10/2026,30/10/2026\n' +
  'prep,half-term,Autumn half-term,2026-10-26,2026-10-30\n' +
  ',INSET,INSET day,2/9/26,2/9/26\n' +
  'all,INSET,INSET day,27/11/2026,27/11/2026\n' +
  'all,Closure,Boiler replacement,2027-01-12,2027-01-13\n';

type Row = [kind: string, school: string | null, name: string, startsOn: string, endsOn: string];

describeEachDatabase('term dates', (t) => {
  const ids: Record<string, string> = {};
  const rows = async (): Promise<Row[]> =>
    (await listCalendarEntries(t.ctx(user('staff')), '2026-27')).map((e) => [
      e.kind,
      e.schoolId === null ? null : (Object.keys(ids).find((k) => ids[k] === e.schoolId) ?? e.schoolId),
      e.name,
      e.startsOn,
      e.endsOn,
    ]);

  beforeAll(async () => {
    ids.senior = (await createSchool(t.ctx(), { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' })).id;
    ids.prep = (await createSchool(t.ctx(), { code: 'prep', name: 'Oakfield Prep', phase: 'prep' })).id;
  });

  it('imports ISO and day-first dates, a BOM and kind words, school by code or name or for all', async () => {
    const result = await importTermDates(t.ctx(), writeTestFile('terms.csv', TERM_DATES), opts, none);
    expect(result).toMatchObject({ kind: 'term-dates', file: 'terms.csv', rowsIn: 6, created: 6, updated: 0, unchanged: 0 });
    // Sorted by start date, then kind. Both INSET days are kept although they share a name.
    expect(await rows()).toEqual([
      ['inset', null, 'INSET day', '2026-09-02', '2026-09-02'],
      ['term', null, 'Autumn', '2026-09-03', '2026-12-11'],
      ['half_term', 'senior', 'Autumn half-term', '2026-10-19', '2026-10-30'],
      ['half_term', 'prep', 'Autumn half-term', '2026-10-26', '2026-10-30'],
      ['inset', null, 'INSET day', '2026-11-27', '2026-11-27'],
      ['closure', null, 'Boiler replacement', '2027-01-12', '2027-01-13'],
    ]);
  });

  it('changes nothing when the same file comes again', async () => {
    const again = await importTermDates(t.ctx(), writeTestFile('terms.csv', TERM_DATES), opts, none);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    expect(await rows()).toHaveLength(6);
  });

  it('moves an entry whose dates changed instead of adding a second one', async () => {
    const moved = TERM_DATES.replace('All,Term,Autumn,03/09/2026,11/12/2026', 'All,Term,Autumn,03/09/2026,16/12/2026').replace(
      'all,INSET,INSET day,27/11/2026,27/11/2026',
      'all,INSET,INSET day,30/11/2026,30/11/2026',
    );
    const result = await importTermDates(t.ctx(), writeTestFile('terms-v2.csv', moved), opts, none);
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 4 });
    const after = await rows();
    expect(after).toHaveLength(6);
    expect(after.filter((r) => r[0] === 'term')).toEqual([['term', null, 'Autumn', '2026-09-03', '2026-12-16']]);
    expect(after.filter((r) => r[0] === 'inset').map((r) => r[3])).toEqual(['2026-09-02', '2026-11-30']);
    // And back again: the same two entries move back.
    const back = await importTermDates(t.ctx(), writeTestFile('terms.csv', TERM_DATES), opts, none);
    expect(back).toMatchObject({ created: 0, updated: 2, unchanged: 4 });
  });

  it('refuses the whole file when one row is bad, naming each problem', async () => {
    const before = await rows();
    const bad =
      'school,kind,name,start,end\n' +
      'all,term,Spring,2027-01-05,2027-03-26\n' +
      'westfield,term,Spring,2027-01-05,2027-03-26\n' +
      'all,half_term,Spring half-term,2027-02-19,2027-02-15\n' +
      'all,study leave,Study leave,2027-05-10,2027-05-14\n' +
      'all,inset,,31/02/2027,2027-03-01\n';
    const err = (await importTermDates(t.ctx(), writeTestFile('bad.csv', bad), opts, none).catch((e) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems).toEqual([
      {
        file: 'bad.csv',
        line: 3,
        field: 'school',
        message: 'unknown school "westfield" (known: prep, senior; add another with `belfry school add` or in Settings, Schools)',
      },
      { file: 'bad.csv', line: 4, field: 'end', message: 'is before the start' },
      {
        file: 'bad.csv',
        line: 5,
        field: 'kind',
        message: '"study leave" is not one of term, half-term, inset, holiday, closure',
      },
      { file: 'bad.csv', line: 6, field: 'start', message: '"31/02/2027" is not a date (use 2026-09-03 or 03/09/2026)' },
      { file: 'bad.csv', line: 6, field: 'name', message: 'is empty' },
    ]);
    // The good Spring row on line 2 was not saved either.
    expect(await rows()).toEqual(before);
    expect(await listCalendarEntries(t.ctx(user('staff')), '2026-27')).toHaveLength(6);
  });

  it('imports the good rows and reports the bad ones with skip-invalid', async () => {
    const mixed =
      'school,kind,name,start,end\nall,term,Spring,2027-01-05,2027-03-26\nnowhere,term,Spring,2027-01-05,2027-03-26\n';
    const result = await importTermDates(t.ctx(), writeTestFile('mixed.csv', mixed), { ...opts, skipInvalid: true }, none);
    expect(result).toMatchObject({ rowsIn: 2, created: 1, rejected: 1 });
    expect((await rows()).filter((r) => r[2] === 'Spring')).toEqual([['term', null, 'Spring', '2027-01-05', '2027-03-26']]);
  });

  it('settles month-first dates from the whole file, and refuses a file that cannot settle them until told', async () => {
    // An American-made sheet: 04/19/2027 can only be 19 April, so 07/09/2027 is 9 July.
    const us = 'school,kind,name,start,end\nall,term,Summer,04/19/2027,07/09/2027\n';
    const read = await importTermDates(t.ctx(), writeTestFile('us.csv', us), { ...opts, dryRun: true }, none);
    expect(read).toMatchObject({
      created: 1,
      notes: ['Dates read as month/day/year (line 2: "04/19/2027" can only be read that way).'],
    });
    const vague = 'school,kind,name,start,end\nall,term,Summer,05/04/2027,07/06/2027\n';
    const err = (await importTermDates(t.ctx(), writeTestFile('vague.csv', vague), opts, none).catch((e) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems[0]?.message).toContain('all 2 dates have a day and month of 12 or less');
    expect((await rows()).filter((r) => r[2] === 'Summer')).toEqual([]);
    await importTermDates(t.ctx(), writeTestFile('vague.csv', vague), { ...opts, dateOrder: 'dmy' }, none);
    expect((await rows()).filter((r) => r[2] === 'Summer')).toEqual([['term', null, 'Summer', '2027-04-05', '2027-06-07']]);
  });

  it('lets only an admin change the calendar', async () => {
    const entry = await addCalendarEntry(t.ctx(), {
      kind: 'closure',
      name: 'Polling day',
      startsOn: '2027-05-06',
      endsOn: '2027-05-06',
    });
    const input = { kind: 'closure' as const, name: 'Polling day', startsOn: '2027-05-07', endsOn: '2027-05-07' };
    const file = writeTestFile('terms.csv', TERM_DATES);
    for (const role of ['it', 'staff'] as const) {
      const ctx = t.ctx(user(role));
      await expect(addCalendarEntry(ctx, input)).rejects.toThrow(Forbidden);
      await expect(changeCalendarEntry(ctx, entry.id, input)).rejects.toThrow(Forbidden);
      await expect(removeCalendarEntry(ctx, entry.id)).rejects.toThrow(Forbidden);
      await expect(importTermDates(ctx, file, opts, none)).rejects.toThrow(Forbidden);
      await expect(importBankHolidays(ctx, file, opts, none)).rejects.toThrow(Forbidden);
      await expect(setBusinessHours(ctx, ids.senior as string, [])).rejects.toThrow(Forbidden);
    }
    expect((await rows()).filter((r) => r[2] === 'Polling day')).toEqual([
      ['closure', null, 'Polling day', '2027-05-06', '2027-05-06'],
    ]);
    // The admin may: change it, then remove it.
    await changeCalendarEntry(t.ctx(user('admin')), entry.id, input);
    expect((await rows()).filter((r) => r[2] === 'Polling day').map((r) => r[3])).toEqual(['2027-05-07']);
    await removeCalendarEntry(t.ctx(user('admin')), entry.id);
    expect((await rows()).filter((r) => r[2] === 'Polling day')).toEqual([]);
  });
});
