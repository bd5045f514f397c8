import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';
import { syncPeople } from '../../directory/index.ts';
import { loadFixturePlaces, loadScenario } from '../domain/analysis/scenario-loader.ts';
import { generateScenario, identityOf } from '../domain/analysis/test-scenarios.ts';
import type { Verdict } from '../domain/analysis/types.ts';

/**
 * The Wi-Fi API as each role meets it: the verdict for the last school day (Friday 13 November,
 * the test clock standing on Monday 16th), per-device data for admin and IT only, SLT aggregates,
 * contacts, complaints, a to-do from a finding, and an upload run as a job.
 */

const DAY = '2026-11-13';
const NO_DETAILS = {
  preferredName: null,
  schoolId: null,
  house: null,
  tutorGroup: null,
  jobTitle: null,
  department: null,
  groups: [],
};
const BAD = [11, 22, 33];

describeEachDatabase('the Wi-Fi API', (t) => {
  let app: App;
  let admin: Session;
  let it_: Session;
  let slt: Session;
  let staff: Session;
  beforeAll(async () => {
    const ctx = t.ctx();
    await loadFixturePlaces(ctx);
    await syncPeople(
      ctx,
      [11, 22, 33, 200].map((i) => ({
        externalId: `X${i}`,
        kind: 'pupil' as const,
        givenName: `Pupil${i}`,
        familyName: 'Test',
        email: identityOf(i),
        yearGroup: 9,
        ...NO_DETAILS,
      })),
      { dryRun: false, deactivateMissing: false },
    );
    await loadScenario(
      ctx,
      generateScenario(7, DAY, 1, {
        fail: ({ client, ap }) =>
          BAD.includes(client) ? { p: 0.6, stage: 'assoc' } : ap === 'AP-B2' ? { p: 0.8, stage: 'dhcp' } : undefined,
        apSet: (i) =>
          i === 11
            ? ['AP-A1', 'AP-A2']
            : i === 22
              ? ['AP-A1', 'AP-B1', 'AP-B3']
              : i === 33
                ? ['AP-A1', 'AP-C1']
                : i === 200
                  ? ['AP-B2', 'AP-B3']
                  : undefined,
        attempts: (i) => (BAD.includes(i) ? 90 : undefined),
      }),
    );
    app = await testApp(t.database());
    [admin, it_, slt, staff] = await Promise.all([
      signInAs(app, t.database(), 'admin'),
      signInAs(app, t.database(), 'it'),
      signInAs(app, t.database(), 'slt'),
      signInAs(app, t.database(), 'staff'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('gives admin the verdict for the last school day, and refuses staff', async () => {
    const res = await admin.request({ method: 'GET', url: '/api/wifi/verdict' });
    expect(res.statusCode).toBe(200);
    const v = res.json() as Verdict;
    expect([v.verdict, v.window.from]).toEqual(['mixed', DAY]);
    expect(v.findings.find((f) => f.kind === 'individual')?.clients.map((c) => c.identity)).toEqual(BAD.map(identityOf));
    expect((await staff.request({ method: 'GET', url: '/api/wifi/verdict' })).statusCode).toBe(403);
    const scoped = (
      await admin.request({ method: 'GET', url: `/api/wifi/verdict?from=${DAY}&scope=ap:AP-B2` })
    ).json() as Verdict;
    expect(scoped.findings.map((f) => [f.kind, f.scope, f.subject])).toEqual([['general', 'ap', 'AP-B2']]);
  });

  it('shows senior leaders aggregates only', async () => {
    const v = (await slt.request({ method: 'GET', url: '/api/wifi/verdict' })).json() as Verdict;
    const individual = v.findings.find((f) => f.kind === 'individual');
    expect(individual?.clients).toEqual([]);
    expect(individual?.evidence).toEqual({ metric: 'connect', devices: 3 });
    expect(JSON.stringify(v)).not.toContain('oakfield.test');
    expect(
      (await slt.request({ method: 'GET', url: `/api/wifi/clients/${encodeURIComponent(identityOf(11))}` })).statusCode,
    ).toBe(403);
    expect((await slt.request({ method: 'GET', url: '/api/wifi/contacts' })).statusCode).toBe(403);
    const service = await slt.request({ method: 'GET', url: `/api/wifi/service?from=${DAY}&to=${DAY}` });
    expect(service.statusCode).toBe(200);
    const s = service.json() as {
      site: { attempts: number };
      buildings: { key: string; failures: number }[];
      heatmap: { cells: unknown[] };
    };
    expect(s.buildings.map((b) => b.key)).toEqual(['A', 'B', 'C']);
    expect(s.heatmap.cells.length).toBeGreaterThan(0);
    const ap = (await slt.request({ method: 'GET', url: '/api/wifi/aps/1' })).json() as { devices: unknown };
    expect(ap.devices).toBeNull();
  });

  it('lists the pupils to contact, each with a message drafted from their own evidence', async () => {
    const res = await it_.request({ method: 'GET', url: '/api/wifi/contacts' });
    expect(res.statusCode).toBe(200);
    const { contacts } = res.json() as {
      contacts: { person: { name: string } | null; message: { body: string }; evidence: { failures: number } }[];
    };
    expect(contacts.map((c) => c.person?.name)).toEqual(['Pupil11 Test', 'Pupil22 Test', 'Pupil33 Test']);
    const first = contacts[0];
    expect(first?.message.body).toContain('Hello Pupil11,');
    expect(first?.message.body).toContain(`failed to connect ${first?.evidence.failures} times on Friday`);
    const detail = await it_.request({ method: 'GET', url: `/api/wifi/clients/${encodeURIComponent(identityOf(22))}` });
    const d = detail.json() as {
      person: { name: string };
      days: { ap: string }[];
      recentFailures: unknown[];
      message: { body: string };
    };
    expect(d.person.name).toBe('Pupil22 Test');
    expect(d.days.map((x) => x.ap).sort()).toEqual(['AP-A1', 'AP-B1', 'AP-B3']);
    expect(d.recentFailures.length).toBeGreaterThan(20);
  });

  it('analyses a list of complaining pupils against the evidence', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/wifi/complaints',
      payload: {
        people: [identityOf(11), identityOf(200), 'nobody@oakfield.test'],
        building: 'B',
        timeFrom: '08:00',
        timeTo: '16:00',
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { results: { query: string; status: string; message: unknown }[]; summary: string };
    expect(body.results.map((r) => [r.query, r.status])).toEqual([
      [identityOf(11), 'individual'],
      [identityOf(200), 'general'],
      ['nobody@oakfield.test', 'not-seen'],
    ]);
    expect(body.results[0]?.message).not.toBeNull();
    expect(body.summary).toBe(
      'Of 3 people who complained, 1 was affected by a problem with the network where they were, 1 has a problem with their own device, 1 could not be found in the Wi-Fi data.',
    );
  });

  it('turns a general finding into a to-do with a link back', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/wifi/todos',
      payload: { findingScope: 'ap', findingSubject: 'AP-B2' },
    });
    expect(res.statusCode).toBe(201);
    const task = res.json() as { title: string; source: { module: string; url: string } | null; notes: string };
    expect(task.title).toBe('Wi-Fi: fix AP-B2 (dhcp)');
    expect(task.source?.module).toBe('wifi');
    expect(task.notes).toContain('Access point AP-B2');
    expect(
      (await admin.request({ method: 'POST', url: '/api/wifi/todos', payload: { findingScope: 'ap', findingSubject: 'AP-A1' } }))
        .statusCode,
    ).toBe(404);
  });

  it('imports an uploaded controller export as a job', async () => {
    const csv =
      'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device\n2026-11-12T09:00:00Z,AP-A1,00:aa:bb:cc:dd:01,,Oakfield,5,connected,true,-60,\n';
    const boundary = 'belfry-test';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await it_.request({
      method: 'POST',
      url: '/api/imports/wifi-csv',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(202);
    const id = (res.json() as { job: { id: string } }).job.id;
    let job: { status: string; result: { created: number } | null } = { status: 'running', result: null };
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await it_.request({ method: 'GET', url: `/api/jobs/${id}` })).json();
    }
    expect([job.status, job.result?.created]).toEqual(['succeeded', 1]);
  });
});
