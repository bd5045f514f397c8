import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import type { Actor } from '../../../lib/context.ts';
import { Conflict, Forbidden } from '../../../lib/errors.ts';
import { seededRng } from '../../../lib/random.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { DEMO_PASSWORD, shareDemoLoad } from '../../../lib/test-demo-db.ts';
import { listUsers } from '../../accounts/index.ts';
import { listCalendarEntries } from '../../calendar/index.ts';
import type { PersonInput } from '../../directory/index.ts';
import { countPeople, findPersonByEmail, listPlaces, listSchools } from '../../directory/index.ts';
import { getSetting, listMyAppLinks, schoolNameSetting } from '../../settings/index.ts';
import { generatePeople } from './demo-people.ts';
import { DEMO_SEED, type DemoResult, loadDemoSchool } from './load-demo-school.ts';

const PASSWORD = DEMO_PASSWORD;
const pupil: Actor = { kind: 'user', id: crypto.randomUUID(), email: 'p@oakfield.example', name: 'Pupil', role: 'pupil' };

/** Everyone in the directory, one line each, in a fixed order: what "the same people" means. */
const peopleOf = async (database: Database) =>
  (
    await queryRows<{ line: string }>(
      database.db,
      sql`SELECT concat_ws(' ', external_id, kind, given_name, preferred_name, family_name, email, year_group, house, tutor_group, job_title) AS line
          FROM directory_people ORDER BY external_id`,
    )
  ).map((r) => r.line);

describeEachDatabase('the demo school', (t) => {
  let result: DemoResult;
  beforeAll(async () => {
    // The real load, end to end; the first run after a change also keeps it as the demo template
    // other suites copy (test-demo-db.ts).
    result = await shareDemoLoad(t, () => loadDemoSchool(t.ctx(), { password: PASSWORD }));
  }, 300_000);

  it('has 1,700 pupils and 350 staff in two schools', async () => {
    const ctx = t.ctx();
    expect(result.people).toBe(2050);
    expect(await countPeople(ctx, { kind: 'pupil' })).toBe(1700);
    expect(await countPeople(ctx, { kind: 'staff' })).toBe(350);
    // Reception 56 and Year 9 240 (demo-people.ts); every pupil from Year 3 up has an email.
    expect(await countPeople(ctx, { kind: 'pupil', yearGroup: 0 })).toBe(56);
    expect(await countPeople(ctx, { kind: 'pupil', yearGroup: 9 })).toBe(240);
    const schools = await listSchools(ctx);
    expect(schools.map((s) => [s.code, s.name, s.phase])).toEqual([
      ['prep', 'Oakfield Prep', 'prep'],
      ['senior', 'Oakfield Senior School', 'senior'],
    ]);
    const bySchool = Object.fromEntries(schools.map((s) => [s.code, s.id]));
    expect(await countPeople(ctx, { kind: 'pupil', schoolId: bySchool.prep })).toBe(540);
    expect(await countPeople(ctx, { kind: 'pupil', schoolId: bySchool.senior })).toBe(1160);
    expect(await getSetting(ctx, schoolNameSetting)).toBe('Oakfield School');
  });

  it('has twelve buildings with their rooms', async () => {
    const places = await listPlaces(t.ctx());
    const buildings = places.flatMap((p) => p.buildings.map((b) => `${p.schoolCode}/${b.code}`));
    expect(buildings).toHaveLength(12);
    expect(buildings.filter((b) => b.startsWith('prep/')).sort()).toEqual([
      'prep/PHALL',
      'prep/PLIB',
      'prep/PREP',
      'prep/PREPREP',
    ]);
    // 24+14+6+4+10+6+8+2 senior and 16+6+2+3 prep rooms (floors x rooms per floor, demo-places.ts).
    expect(places.flatMap((p) => p.buildings.flatMap((b) => b.rooms))).toHaveLength(101);
  });

  it('has a sign-in account for every role, with the one password', async () => {
    expect(result.signIns.map((s) => `${s.role} ${s.email}`)).toEqual([
      'admin s.harding@oakfield.example',
      'it p.raman@oakfield.example',
      'it t.okafor@oakfield.example',
      'it j.marsh@oakfield.example',
      'slt j.ashworth@oakfield.example',
      'slt h.fitzgerald@oakfield.example',
      'staff d.cooper@oakfield.example',
      expect.stringMatching(/^pupil \d\d[a-z]+@oakfield\.example$/),
      expect.stringMatching(/^pupil \d\d[a-z]+@oakfield\.example$/),
    ]);
    expect(result.signIns.every((s) => s.password === PASSWORD)).toBe(true);
    const users = await listUsers(t.ctx());
    expect(users.map((u) => u.role).sort()).toEqual(['admin', 'it', 'it', 'it', 'pupil', 'pupil', 'slt', 'slt', 'staff']);
    expect(users.every((u) => u.hasPassword && u.isActive)).toBe(true);
    // The pupils' accounts belong to real pupils of Year 10 and Year 4.
    const pupils = await Promise.all(result.signIns.slice(7).map((s) => findPersonByEmail(t.ctx(), s.email)));
    expect(pupils.map((p) => [p?.kind, p?.yearGroup])).toEqual([
      ['pupil', 10],
      ['pupil', 4],
    ]);
    expect((await listMyAppLinks(t.ctx(pupil))).map((a) => a.name)).toEqual(['iSAMS', 'Outlook']);
  });

  it('has the 2026-27 terms, half-terms and INSET days', async () => {
    const entries = await listCalendarEntries(t.ctx(pupil), '2026-27');
    const of = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => `${e.name} ${e.startsOn} ${e.endsOn}`);
    expect(of('term')).toEqual(['Autumn 2026-09-03 2026-12-11', 'Spring 2027-01-05 2027-03-26', 'Summer 2027-04-20 2027-07-09']);
    // Three days called "INSET day" in one year stay three entries.
    expect(of('inset')).toEqual([
      'INSET day 2026-09-02 2026-09-02',
      'INSET day: cyber security training 2026-11-27 2026-11-27',
      'INSET day 2027-01-04 2027-01-04',
      'INSET day 2027-04-19 2027-04-19',
    ]);
    expect(of('half_term')).toEqual([
      'Autumn half-term 2026-10-19 2026-10-30',
      'Autumn half-term 2026-10-26 2026-10-30',
      'Spring half-term 2027-02-15 2027-02-19',
      'Summer half-term 2027-05-31 2027-06-04',
    ]);
  });

  it('refuses to load twice, and refuses anyone but an admin', async () => {
    await expect(loadDemoSchool(t.ctx(), { password: PASSWORD })).rejects.toThrow(
      new Conflict('The demo school loads only into an empty database'),
    );
    await expect(loadDemoSchool(t.ctx(pupil), { password: PASSWORD })).rejects.toThrow(Forbidden);
    expect(await countPeople(t.ctx(), { kind: 'pupil' })).toBe(1700);
    expect(await listUsers(t.ctx())).toHaveLength(9);
  });

  it('makes the same people from the same seed, and different ones from another', async () => {
    const first = await peopleOf(t.database());
    expect(first).toHaveLength(2050);
    // Pupils P20000-P21699, then staff S1000-S1349, Sam Harding first.
    expect(first[0]).toMatch(/^P20000 pupil [A-Z]/);
    expect(first[1700]).toBe('S1000 staff Sam Harding s.harding@oakfield.example Director of IT');
    expect(first[2049]).toMatch(/^S1349 staff /);
    // The generator alone, from the same seed, describes exactly the people the load stored;
    // loading the whole school twice would take a minute, so the generator stands in for it.
    const line = (p: PersonInput) =>
      [p.externalId, p.kind, p.givenName, p.preferredName, p.familyName, p.email, p.yearGroup, p.house, p.tutorGroup, p.jobTitle]
        .filter((v) => v !== null && v !== undefined)
        .join(' ');
    const schools = { prep: 'prep-id', senior: 'senior-id' };
    const again = generatePeople(seededRng(DEMO_SEED), schools).people.map(line).sort();
    expect(again).toEqual([...first].sort());
    const seven = generatePeople(seededRng(7), schools).people.map(line).sort();
    expect(seven).toHaveLength(2050);
    expect(seven).not.toEqual(again);
  });
});
