import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';
import { syncPeople } from '../domain/sync-people.ts';

const person = (externalId: string, givenName: string) => ({
  externalId,
  kind: 'pupil' as const,
  givenName,
  familyName: 'Leaver-Test',
  email: `${givenName.toLowerCase()}@test.example`,
  yearGroup: 9,
  preferredName: null,
  schoolId: null,
  house: null,
  tutorGroup: null,
  jobTitle: null,
  department: null,
  groups: [],
});

describeEachDatabase('the people API', (t) => {
  let app: App;
  let it_: Session;
  beforeAll(async () => {
    const ctx = t.ctx();
    await syncPeople(ctx, [person('L1', 'Stays'), person('L2', 'Left')], { dryRun: false, deactivateMissing: false });
    // The next file has only the first: the second is marked as having left.
    await syncPeople(ctx, [person('L1', 'Stays')], { dryRun: false, deactivateMissing: true });
    app = await testApp(t.database());
    it_ = await signInAs(app, t.database(), 'it');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reads includeLeavers as the word it is: "false" leaves leavers out, "true" brings them in', async () => {
    const names = async (query: string) => {
      const res = await it_.request({ method: 'GET', url: `/api/people?q=Leaver-Test${query}` });
      expect(res.statusCode).toBe(200);
      return (res.json() as { people: { givenName: string }[] }).people.map((p) => p.givenName).sort();
    };
    expect(await names('')).toEqual(['Stays']);
    expect(await names('&includeLeavers=false')).toEqual(['Stays']);
    expect(await names('&includeLeavers=true')).toEqual(['Left', 'Stays']);
    const bad = await it_.request({ method: 'GET', url: '/api/people?includeLeavers=perhaps' });
    expect(bad.statusCode).toBe(400);
  });
});
