import { expect, it } from 'vitest';
import type { Importer } from './lib/module.ts';
import { describeEachDatabase } from './lib/test-db.ts';
import { writeTestFile } from './lib/test-files.ts';
import { createSchool } from './modules/directory/index.ts';
import { readSetupChecklist } from './modules/settings/index.ts';
import { buildRegistry, MODULES } from './modules.ts';

/**
 * A school installing Belfry for real, from an empty database: the checklist says what is
 * missing, an import that names an unknown school says how to add it, and once the schools
 * exist, places, people, term dates and access points import.
 */

const registry = buildRegistry(MODULES);
const importer = (kind: string) => registry.importers.find((i) => i.kind === kind) as Importer;
const opts = { dryRun: false, skipInvalid: false };
const none = () => {};

describeEachDatabase('first run for a real school', (t) => {
  it('sets up from empty: schools, places, people, term dates and access points, with the checklist following', async () => {
    const ctx = t.ctx(undefined, '2026-09-01T08:00:00Z');
    const before = await readSetupChecklist(ctx, registry.setupChecks);
    expect(before.items.map((i) => [i.id, i.done])).toEqual([
      ['schools', false],
      ['places', false],
      ['people', false],
      ['term-dates', false],
      ['sso', false],
      ['mail', false],
      ['helpdesk-source', false],
      ['security-source', false],
      ['wifi-source', false],
    ]);
    expect(before.items[0]?.how).toContain('belfry school add --code senior');

    const aps = writeTestFile('aps.csv', 'ap,mac,school,building,floor,room\nSEN-SCI-01,74:ac:b9:11:22:30,senior,SCI,1,S12\n');
    await expect(importer('wifi-aps').run(ctx, aps, { ...opts, fileName: 'aps.csv' }, none)).rejects.toThrow(
      'aps.csv:2 [school]: unknown school "senior": Belfry has no schools yet; add it first with `belfry school add --code senior --name "senior" --phase senior` (or Settings, Schools), then import again',
    );

    await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
    await createSchool(ctx, { code: 'prep', name: 'Oakfield Prep', phase: 'prep' });
    const places = writeTestFile(
      'places.csv',
      'school,building,building name,room,room name,floor\nsenior,SCI,Science block,S12,Physics lab,1\nsenior,SCI,Science block,S14,Chemistry lab,1\nprep,MAIN,Main house,P1,Reception class,0\n',
    );
    expect(await importer('places').run(ctx, places, opts, none)).toMatchObject({ rejected: 0 });
    const people = writeTestFile(
      'people.csv',
      'Admission No,Forename,Surname,Type,School,Email,NC Year\nS100,Dan,Cooper,Staff,senior,d.cooper@oakfield.example,\nP200,Aisha,Khan,Pupil,senior,26khana@oakfield.example,Year 9\n',
    );
    expect(await importer('people').run(ctx, people, opts, none)).toMatchObject({ created: 2, rejected: 0 });
    const terms = writeTestFile(
      'terms.csv',
      'school,kind,name,start,end\nall,term,Autumn,03/09/2026,16/12/2026\nsenior,half-term,Autumn half-term,26/10/2026,30/10/2026\n',
    );
    expect(await importer('term-dates').run(ctx, terms, opts, none)).toMatchObject({ created: 2, rejected: 0 });
    expect(await importer('wifi-aps').run(ctx, aps, opts, none)).toMatchObject({ created: 1, rejected: 0 });

    const after = await readSetupChecklist(ctx, registry.setupChecks);
    const done = Object.fromEntries(after.items.map((i) => [i.id, i.done]));
    expect(done).toMatchObject({ schools: true, places: true, people: true, 'term-dates': true, 'wifi-source': false });
    expect(after.items.find((i) => i.id === 'places')?.detail).toBe('2 buildings, 3 rooms');
    expect(after.items.find((i) => i.id === 'people')?.detail).toBe('1 staff, 1 pupil');
    expect(after.items.find((i) => i.id === 'wifi-source')?.detail).toBe('1 access point; no connection data yet');
    expect(after.missing).toBe(5);
  });
});
