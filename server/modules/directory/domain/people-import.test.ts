import { expect, it } from 'vitest';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { listPeople } from './people.ts';
import { importPeopleFile, parseYearGroup } from './people-import.ts';
import { createSchool } from './schools.ts';

const none = () => {};
const opts = { dryRun: false, skipInvalid: false };

it('reads year groups as schools write them', () => {
  expect(['Year 7', 'Y7', '7', 'yr 7', 'NC 7'].map(parseYearGroup)).toEqual([7, 7, 7, 7, 7]);
  expect(['Reception', 'R', 'Nursery', 'Lower Sixth', 'U6', ''].map(parseYearGroup)).toEqual([0, 0, -1, 12, 13, undefined]);
  expect(parseYearGroup('Form IV')).toBeNaN();
});

describeEachDatabase('people import', (t) => {
  // An iSAMS-style export: extra columns (date of birth!) that must not be stored, a BOM, shuffled order.
  const isams =
    '\uFEFFDate of Birth,Surname,Forename,Preferred Name,Admission No,School,NC Year,House,Form,Email,Type\n' +
    '2012-03-04,Khan,Aisha,,P001,senior,Year 9,Oak,9A,26khana@oakfield.example,Pupil\n' +
    '2011-01-02,Nowak,Tomasz,Tom,P002,senior,10,Elm,10B,25nowakt@oakfield.example,pupil\n' +
    '1980-05-06,Okafor,Grace,,S001,Senior,,,,g.okafor@oakfield.example,Teacher\n';

  it('imports by header, ignores unmapped columns, and is idempotent', async () => {
    const ctx = t.ctx();
    await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
    const file = writeTestFile('isams.csv', isams);
    const first = await importPeopleFile(ctx, file, opts, none);
    expect(first).toMatchObject({ rowsIn: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.notes).toContain('Ignored columns (not stored): Date of Birth');
    const again = await importPeopleFile(ctx, file, opts, none);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const { people, total } = await listPeople(ctx, { q: 'nowak' });
    expect(total).toBe(1);
    expect(people[0]).toMatchObject({
      displayName: 'Tom Nowak',
      yearGroup: 10,
      yearLabel: 'Year 10',
      house: 'Elm',
      tutorGroup: '10B',
      kind: 'pupil',
    });
    const staff = await listPeople(ctx, { kind: 'staff' });
    expect(staff.people[0]).toMatchObject({ givenName: 'Grace', yearGroup: null });
  });

  it('updates changed people and reports who is missing', async () => {
    const ctx = t.ctx();
    // Aisha moves house and form; Tom has left the school.
    const moved = isams.replace('Oak,9A', 'Beech,9C').replace(/^.*P002.*\n/m, '');
    const result = await importPeopleFile(ctx, writeTestFile('moved.csv', moved), opts, none);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(result.notes?.[0]).toBe(
      '1 active pupil/staff records are not in this file; they were left as they are (use "deactivate missing" to mark them as left)',
    );
    expect((await listPeople(ctx, { q: 'Khan' })).people[0]).toMatchObject({ house: 'Beech', tutorGroup: '9C' });
    const deact = await importPeopleFile(ctx, writeTestFile('moved.csv', moved), { ...opts, deactivateMissing: true }, none);
    expect(deact.notes?.[0]).toBe('Marked 1 people who are not in the file as having left');
    expect((await listPeople(ctx, { q: 'Nowak' })).total).toBe(0);
    expect((await listPeople(ctx, { q: 'Nowak', includeLeavers: true })).people[0]).toMatchObject({
      isActive: false,
      leftOn: '2026-11-16',
    });
    // Coming back in a later file makes them active again.
    const back = await importPeopleFile(ctx, writeTestFile('isams.csv', isams), opts, none);
    expect(back).toMatchObject({ updated: 2, unchanged: 1 });
  });

  it('refuses a bad file whole, naming file, line and column for every bad row', async () => {
    const ctx = t.ctx();
    const bad =
      'Admission No,Forename,Surname,Type,Email,NC Year,School\n' +
      'P100,Ann,Lee,pupil,ann@oakfield.example,Year 8,senior\n' +
      'P101,,Shaw,pupil,,Year 8,senior\n' +
      'P100,Bo,Lee,pupil,bo@oakfield,Form IV,westfield\n';
    const file = writeTestFile('bad.csv', bad);
    const err = (await importPeopleFile(ctx, file, opts, none).catch((e) => e)) as ImportRejected;
    expect(err).toBeInstanceOf(ImportRejected);
    expect(err.problems).toEqual([
      { file: 'bad.csv', line: 3, field: 'Forename', message: 'is empty' },
      { file: 'bad.csv', line: 4, field: 'Admission No', message: '"P100" also appears on line 2' },
      { file: 'bad.csv', line: 4, field: 'Email', message: '"bo@oakfield" is not an email address' },
      {
        file: 'bad.csv',
        line: 4,
        field: 'School',
        message: 'unknown school "westfield" (known: senior; add another with `belfry school add` or in Settings, Schools)',
      },
      { file: 'bad.csv', line: 4, field: 'NC Year', message: '"Form IV" is not a year group' },
    ]);
    expect(err.message).toBe('bad.csv:3 [Forename]: is empty (and 4 more problems)');
    expect((await listPeople(ctx, { q: 'P100' })).total).toBe(0);
    const skipped = await importPeopleFile(ctx, file, { ...opts, skipInvalid: true }, none);
    expect(skipped).toMatchObject({ created: 1, rejected: 5 });
  });

  it('uses an explicit column mapping, reads Windows-1252, and previews without saving', async () => {
    const ctx = t.ctx();
    const bytes = Buffer.from('Ref;Given;Family;Role\nX1;Zo\xeb;Br\xfbl\xe9;staff\n', 'latin1');
    const file = writeTestFile('mapped.csv', bytes);
    const mapping = { externalId: 'Ref', givenName: 'Given', familyName: 'Family', kind: 'Role' };
    const dry = await importPeopleFile(ctx, file, { ...opts, dryRun: true, mapping }, none);
    expect(dry).toMatchObject({ dryRun: true, created: 1 });
    expect((await listPeople(ctx, { q: 'X1' })).total).toBe(0);
    await importPeopleFile(ctx, file, { ...opts, mapping }, none);
    expect((await listPeople(ctx, { q: 'X1' })).people[0]).toMatchObject({ givenName: 'Zoë', familyName: 'Brûlé' });
    const missing = await importPeopleFile(ctx, file, { ...opts, mapping: { ...mapping, email: 'E-mail' } }, none).catch(
      (e) => e,
    );
    expect((missing as Error).message).toMatch(/mapping names columns that are not in the file: email=E-mail/);
  });

  it('says which required columns are missing', async () => {
    const err = await importPeopleFile(t.ctx(), writeTestFile('thin.csv', 'Name,Email\nA,b@c.d\n'), opts, none).catch((e) => e);
    expect((err as Error).message).toMatch(/^thin\.csv:1: no column for externalId, givenName, familyName, kind/);
  });

  it('refuses an address already used by someone else as file:line [Email], not a database error', async () => {
    const ctx = t.ctx();
    await importPeopleFile(
      ctx,
      writeTestFile('first.csv', 'Admission No,Forename,Surname,Email,Type\nQ001,Maya,Patel,m.patel@oakfield.example,pupil\n'),
      opts,
      none,
    );
    const file = writeTestFile(
      'second.csv',
      'Admission No,Forename,Surname,Email,Type\nQ002,Noah,Reid,n.reid@oakfield.example,pupil\nQ003,Ella,Stone,M.Patel@oakfield.example,pupil\n',
    );
    const err = await importPeopleFile(ctx, file, opts, none).catch((e) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems).toEqual([
      {
        file: 'second.csv',
        line: 3,
        field: 'Email',
        message: 'm.patel@oakfield.example is already used by Maya Patel (MIS id Q001)',
      },
    ]);
    expect((err as Error).message).toBe(
      'second.csv:3 [Email]: m.patel@oakfield.example is already used by Maya Patel (MIS id Q001)',
    );
    expect((await listPeople(ctx, { q: 'Reid' })).total).toBe(0);
    // Skipping invalid rows imports the others and leaves Maya's address hers.
    const skipped = await importPeopleFile(ctx, file, { ...opts, skipInvalid: true }, none);
    expect(skipped).toMatchObject({ created: 1, rejected: 1 });
    expect((await listPeople(ctx, { q: 'Stone' })).total).toBe(0);
  });
});
