import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { setSetting } from '../../settings/index.ts';
import { answersPerAddressSetting, SURVEY_SETTINGS } from '../domain/survey-settings.ts';

describeEachDatabase('shared survey links: one answer per browser, a rate per address, bursts flagged and excludable', (t) => {
  it('limits a browser, flags a burst from one address, and the results leave an excluded burst out', async () => {
    const clock = fixedClock('2026-11-16T09:00:00Z');
    const app = await testApp(t.database(), clock);
    const admin = await signInAs(app, t.database(), 'admin');
    const inst = (
      await admin.request({ method: 'POST', url: '/api/surveys/instruments', payload: { audience: 'staff', year: 2026 } })
    ).json() as { id: string; shareToken: string };
    const items = await admin.request({
      method: 'PUT',
      url: `/api/surveys/instruments/${inst.id}/items`,
      payload: { items: [{ kind: 'scale', wording: 'The Wi-Fi works when I need it', scaleId: 'agree5' }] },
    });
    const item = (items.json() as { items: { id: string }[] }).items[0]?.id as string;
    await admin.request({
      method: 'PATCH',
      url: `/api/surveys/instruments/${inst.id}`,
      payload: { opensAt: '2026-11-16T08:00:00Z', closesAt: '2026-11-30T17:00:00Z', published: true },
    });
    const answer = (remoteAddress: string, cookie?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/surveys/${inst.shareToken}/responses`,
        remoteAddress,
        headers: cookie ? { cookie } : {},
        payload: { key: randomUUID(), segment: null, answers: [{ itemId: item, code: 4 }] },
      });
    // One browser: the second answer is refused by its signed cookie.
    const first = await answer('192.0.2.1');
    expect(first.statusCode).toBe(201);
    const cookie = first.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const again = await answer('192.0.2.1', cookie);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatch(/^This browser has already answered this survey/);
    // A tampered cookie counts for nothing, as a cleared one does: the address rate and the burst flag stop a script.
    expect((await answer('192.0.2.1', cookie.replace(/=1\./, '=0.'))).statusCode).toBe(201);
    // Two more colleagues on their own addresses: 3 real answers so far.
    expect((await answer('192.0.2.2')).statusCode).toBe(201);
    // 40 answers from one address within five minutes, each without a cookie (a script): a burst.
    for (let i = 0; i < 40; i++) {
      expect((await answer('198.51.100.23')).statusCode).toBe(201);
      clock.advance(5_000);
    }
    const detail = (await admin.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` })).json() as {
      responses: number;
      bursts: { id: string; responses: number; excluded: boolean; startedAt: string }[];
    };
    expect(detail.responses).toBe(43);
    expect(detail.bursts).toEqual([
      expect.objectContaining({ responses: 40, excluded: false, startedAt: '2026-11-16T09:00:00.000Z' }),
    ]);
    const excluded = await admin.request({
      method: 'POST',
      url: `/api/surveys/instruments/${inst.id}/bursts/${detail.bursts[0]?.id}`,
      payload: { excluded: true },
    });
    expect(excluded.statusCode).toBe(200);
    const after = (await admin.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` })).json() as {
      responses: number;
    };
    expect(after.responses).toBe(3);
    await admin.request({
      method: 'POST',
      url: `/api/surveys/instruments/${inst.id}/bursts/${detail.bursts[0]?.id}`,
      payload: { excluded: false },
    });
    expect(
      ((await admin.request({ method: 'GET', url: `/api/surveys/instruments/${inst.id}` })).json() as { responses: number })
        .responses,
    ).toBe(43);

    // The per-address rate: a classroom is fine, a flood is refused with Retry-After.
    await setSetting(t.ctx(), SURVEY_SETTINGS, answersPerAddressSetting.key, { value: 30 });
    clock.advance(11 * 60_000);
    for (let i = 0; i < 30; i++) expect((await answer('203.0.113.7')).statusCode).toBe(201);
    const flood = await answer('203.0.113.7');
    expect(flood.statusCode).toBe(429);
    expect(Number(flood.headers['retry-after'])).toBe(600);
    await app.close();
  });
});
