import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../app.ts';
import type { Config } from '../../../config.ts';
import { fixedClock } from '../../../lib/clock.ts';
import { systemActor } from '../../../lib/context.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { type Session, signInAs } from '../../../lib/test-http.ts';
import { seedStaff, seedTerm } from '../test-rig.ts';

const config: Config = Object.freeze({
  ...TEST_CONFIG,
  phishing: {
    baseUrl: 'https://secure-staff-login.example',
    port: 0,
    host: '127.0.0.1',
    trustedProxies: [],
    key: 'phishing-route-test-key-0123456789abcdef',
  },
});

describeEachDatabase('phishing HTTP API', (t) => {
  let app: App;
  const as: Record<string, Session> = {};
  beforeAll(async () => {
    app = await buildApp({ database: t.database(), config, clock: fixedClock('2026-11-16T09:00:00Z') });
    await app.ready();
    for (const role of ['admin', 'it', 'slt', 'staff', 'pupil'] as const) as[role] = await signInAs(app, t.database(), role);
    const ctx = {
      db: t.database().db,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      config,
      log: silentLogger,
      mail: captureMailer(),
      actor: systemActor('test'),
    };
    await seedTerm(ctx);
    await seedStaff(ctx, { Empty: 0, Few: 2 });
  });
  afterAll(() => app.close());

  it('lets the Director and IT run campaigns; SLT reads only the reports; staff and pupils nothing', async () => {
    for (const url of [
      '/api/phishing/campaigns',
      '/api/phishing/lures',
      '/api/phishing/overview',
      '/api/phishing/exclusions',
      '/api/phishing/mailbox',
    ]) {
      for (const role of ['admin', 'it'])
        expect((await as[role]?.request({ method: 'GET', url }))?.statusCode, `${role} ${url}`).toBe(200);
      for (const role of ['slt', 'staff', 'pupil'])
        expect((await as[role]?.request({ method: 'GET', url }))?.statusCode, `${role} ${url}`).toBe(403);
    }
    for (const url of ['/api/phishing/reports', '/api/phishing/trends']) {
      for (const role of ['admin', 'it', 'slt'])
        expect((await as[role]?.request({ method: 'GET', url }))?.statusCode, `${role} ${url}`).toBe(200);
      for (const role of ['staff', 'pupil'])
        expect((await as[role]?.request({ method: 'GET', url }))?.statusCode, `${role} ${url}`).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/phishing/reports' })).statusCode).toBe(401);
  });

  it('lists the starter library of at least 12 lures', async () => {
    const res = await (as.admin as Session).request({ method: 'GET', url: '/api/phishing/lures' });
    const lures = (res.json() as { lures: { starterKey: string | null }[] }).lures;
    expect(lures.filter((l) => l.starterKey).length).toBeGreaterThanOrEqual(12);
  });

  it('refuses a lure with a broken merge field, naming it', async () => {
    const res = await as.admin?.request({
      method: 'POST',
      url: '/api/phishing/lures',
      payload: {
        name: 'Broken',
        subject: 'Hello {{first_name}}',
        html: '<p>Hi {{firstname}}</p><a href="{{link}}">open</a>',
        text: '{{link}}',
        senderName: 'IT',
        senderAddress: 'it',
        pretext: 'internal',
        technique: 'link',
        theme: 'it_account',
        cues: ['urgency'],
        premiseAlignment: 'high',
        ethicsFlags: [],
        teachable: [],
        lesson: 'Check the sender.',
      },
    });
    expect(res?.statusCode).toBe(400);
    expect(res?.json().error).toContain('Lure "Broken", the HTML body, line 1: unknown merge field {{firstname}}');
    // IT may not write lures; the Director may.
    expect((await as.it?.request({ method: 'POST', url: '/api/phishing/lures', payload: {} }))?.statusCode).toBe(403);
  });

  it('refuses to schedule a campaign with no eligible recipient, and one in the past, saying why', async () => {
    const lures = (await as.it?.request({ method: 'GET', url: '/api/phishing/lures' }))?.json().lures as {
      id: string;
      ethicsFlags: string[];
    }[];
    const lureId = lures.find((l) => l.ethicsFlags.length === 0)?.id;
    const profile = await as.admin?.request({
      method: 'POST',
      url: '/api/phishing/profiles',
      payload: {
        name: 'Relay',
        host: '127.0.0.1',
        port: 2525,
        envelopeFrom: 'bounce@secure-staff-login.example',
        password: 's3cret-relay',
      },
    });
    expect(profile?.statusCode).toBe(200);
    expect(JSON.stringify(profile?.json())).not.toContain('s3cret-relay');
    const groups = (await as.it?.request({ method: 'GET', url: '/api/phishing/groups' }))?.json().groups as {
      id: string;
      code: string;
    }[];
    const few = groups.find((g) => g.code.startsWith('Few-'))?.id;
    const draft = (window: [string, string]) =>
      as.it?.request({
        method: 'POST',
        url: '/api/phishing/campaigns',
        payload: {
          name: 'Autumn check',
          lureIds: [lureId],
          groupIds: [few],
          profileId: profile?.json().id,
          windowStart: window[0],
          windowEnd: window[1],
        },
      });
    const past = await draft(['2026-11-13T09:00:00Z', '2026-11-13T15:00:00Z']);
    const r1 = await as.it?.request({ method: 'POST', url: `/api/phishing/campaigns/${past?.json().id}/schedule` });
    expect(r1?.statusCode).toBe(400);
    expect(r1?.json().error).toContain('window in the past');
    // Both people in the group are excluded: nobody is left to send to.
    const people = (await as.it?.request({ method: 'GET', url: '/api/phishing/staff?q=FewFamily' }))?.json().people as {
      id: string;
    }[];
    expect(people).toHaveLength(2);
    for (const p of people)
      expect(
        (await as.it?.request({ method: 'POST', url: '/api/phishing/exclusions', payload: { personId: p.id, kind: 'leave' } }))
          ?.statusCode,
      ).toBe(200);
    const ok = await draft(['2026-11-16T09:00:00Z', '2026-11-17T15:00:00Z']);
    const r2 = await as.it?.request({ method: 'POST', url: `/api/phishing/campaigns/${ok?.json().id}/schedule` });
    expect(r2?.statusCode).toBe(400);
    expect(r2?.json().error).toBe('No eligible recipient: all 2 staff in the chosen groups are excluded (2 on leave)');
  });
});
