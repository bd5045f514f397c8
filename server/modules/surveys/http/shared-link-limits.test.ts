import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { fixedClock } from '../../../lib/clock.ts';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { setSetting } from '../../settings/index.ts';
import { purgeLinkHits } from '../domain/shared-link-guard.ts';
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

  it('holds the rate against answers sent all at once, and the rate and an open burst across a restart', async () => {
    const clock = fixedClock('2026-11-20T09:00:00Z');
    // A restart: the app and every module loaded afresh (nothing kept in memory), on the same database.
    const restart = async (previous?: App): Promise<App> => {
      await previous?.close();
      vi.resetModules();
      const { buildApp } = await import('../../../app.ts');
      const app = await buildApp({ database: t.database(), config: TEST_CONFIG, clock });
      await app.ready();
      return app;
    };
    let app = await restart();
    const admin = await signInAs(app, t.database(), 'admin');
    const inst = (
      await admin.request({ method: 'POST', url: '/api/surveys/instruments', payload: { audience: 'staff', year: 2027 } })
    ).json() as { id: string; shareToken: string };
    const item = (
      (
        await admin.request({
          method: 'PUT',
          url: `/api/surveys/instruments/${inst.id}/items`,
          payload: { items: [{ kind: 'scale', wording: 'Printing works when I need it', scaleId: 'agree5' }] },
        })
      ).json() as { items: { id: string }[] }
    ).items[0]?.id as string;
    await admin.request({
      method: 'PATCH',
      url: `/api/surveys/instruments/${inst.id}`,
      payload: { opensAt: '2026-11-20T08:00:00Z', closesAt: '2026-11-30T17:00:00Z', published: true },
    });
    await setSetting(t.ctx(), SURVEY_SETTINGS, answersPerAddressSetting.key, { value: 30 });
    const answer = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/surveys/${inst.shareToken}/responses`,
        remoteAddress,
        payload: { key: randomUUID(), segment: null, answers: [{ itemId: item, code: 5 }] },
      });
    const statuses = async (n: number, address: string) => {
      const codes = (await Promise.all(Array.from({ length: n }, () => answer(address)))).map((r) => r.statusCode);
      return { stored: codes.filter((c) => c === 201).length, refused: codes.filter((c) => c === 429).length };
    };
    type Detail = { responses: number; bursts: { responses: number; startedAt: string; lastAt: string }[] };
    const bursts = async (): Promise<Detail> => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/surveys/instruments/${inst.id}`,
        headers: { cookie: admin.cookie },
      });
      return res.json() as Detail;
    };

    // 50 at the same moment from one address, limit 30: exactly 30 stored, the rest refused.
    expect(await statuses(50, '198.51.100.70')).toEqual({ stored: 30, refused: 20 });
    // 20 from another address, then a restart: 10 more are allowed, not 30.
    expect(await statuses(20, '198.51.100.71')).toEqual({ stored: 20, refused: 0 });
    app = await restart(app);
    clock.advance(60_000);
    expect(await statuses(15, '198.51.100.71')).toEqual({ stored: 10, refused: 5 });
    const refused = await answer('198.51.100.71');
    expect(refused.statusCode).toBe(429);
    // The window began with the first of them, a minute ago.
    expect(Number(refused.headers['retry-after'])).toBe(540);
    // Once the 10 minutes have passed, the address may answer again.
    clock.advance(9 * 60_000);
    expect(await statuses(1, '198.51.100.71')).toEqual({ stored: 1, refused: 0 });

    // A burst: 40 answers in five minutes from one address, across a restart, then going on after another.
    await setSetting(t.ctx(), SURVEY_SETTINGS, answersPerAddressSetting.key, { value: 1000 });
    clock.advance(11 * 60_000);
    const before = (await bursts()).bursts.length;
    for (let i = 0; i < 25; i++) {
      expect((await answer('192.0.2.99')).statusCode).toBe(201);
      clock.advance(5_000);
    }
    app = await restart(app);
    for (let i = 0; i < 15; i++) {
      expect((await answer('192.0.2.99')).statusCode).toBe(201);
      clock.advance(5_000);
    }
    const flagged = (await bursts()).bursts.slice(before);
    expect(flagged).toEqual([
      expect.objectContaining({ responses: 40, startedAt: '2026-11-20T09:21:00.000Z', lastAt: '2026-11-20T09:24:15.000Z' }),
    ]);
    app = await restart(app);
    for (let i = 0; i < 5; i++) expect((await answer('192.0.2.99')).statusCode).toBe(201);
    expect((await bursts()).bursts.slice(before)).toEqual([expect.objectContaining({ responses: 45 })]);
    await app.close();
    // The scheduler's purge leaves no rate row older than the 10 minutes.
    const hits = async () =>
      (await queryRows<{ n: number }>(t.database().db, sql`SELECT count(*)::int AS n FROM surveys_link_hits`))[0]?.n;
    expect(await hits()).toBe(45);
    clock.advance(10 * 60_000);
    await purgeLinkHits({ ...t.ctx(), clock });
    expect(await hits()).toBe(0);
  });
});
