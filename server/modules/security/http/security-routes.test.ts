import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { fail, store } from '../detect/test-events.ts';

describeEachDatabase('security: HTTP and roles', (t) => {
  let app: App;
  beforeAll(async () => {
    app = await testApp(t.database());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps alerts and the register from pupils, staff and SLT; SLT reads the summary', async () => {
    for (const role of ['pupil', 'staff', 'slt'] as const) {
      const s = await signInAs(app, t.database(), role);
      expect((await s.request({ method: 'GET', url: '/api/security/alerts' })).statusCode).toBe(403);
      expect((await s.request({ method: 'GET', url: '/api/incidents' })).statusCode).toBe(403);
      expect((await s.request({ method: 'GET', url: '/api/incidents/summary' })).statusCode).toBe(role === 'slt' ? 200 : 403);
    }
  });

  it('takes an alert from new to acknowledged and another to an incident with its ICO deadline', async () => {
    const ctx = t.ctx(undefined, '2026-11-16T08:30:00Z');
    await store(
      ctx,
      Array.from({ length: 12 }, (_, i) =>
        fail({ ts: `2026-11-16T02:0${i % 10}:00Z`, user: `s${i}@school.example`, ip: '203.0.113.66' }),
      ),
    );
    await store(
      ctx,
      Array.from({ length: 12 }, (_, i) =>
        fail({ ts: `2026-11-16T03:0${i % 10}:00Z`, user: 'head@school.example', ip: '203.0.113.67' }),
      ),
    );
    const it = await signInAs(app, t.database(), 'it');
    const { alerts } = (await it.request({ method: 'GET', url: '/api/security/alerts?status=new' })).json() as {
      alerts: { id: string; type: string }[];
    };
    const spray = alerts.find((a) => a.type === 'password_spray');
    const brute = alerts.find((a) => a.type === 'brute_force');
    expect(spray && brute).toBeTruthy();
    const ack = await it.request({ method: 'POST', url: `/api/security/alerts/${spray?.id}/acknowledge` });
    expect(ack.json()).toMatchObject({ status: 'acknowledged' });
    expect((await it.request({ method: 'POST', url: `/api/security/alerts/${spray?.id}/acknowledge` })).statusCode).toBe(409);
    const esc = await it.request({
      method: 'POST',
      url: `/api/security/alerts/${brute?.id}/escalate`,
      payload: {
        incident: {
          title: 'Brute force on the head’s account',
          category: 'password_attack',
          becameAwareAt: '2026-11-16T08:30:00Z',
          personalData: true,
        },
      },
    });
    expect(esc.statusCode).toBe(200);
    const incidentId = (esc.json() as { incidentId: string }).incidentId;
    const inc = (await it.request({ method: 'GET', url: `/api/incidents/${incidentId}` })).json() as {
      incident: { ico: { deadline: string } };
      alerts: unknown[];
    };
    expect(inc.incident.ico.deadline).toBe('2026-11-19T08:30:00.000Z');
    expect(inc.alerts).toHaveLength(1);
    expect((await it.request({ method: 'PATCH', url: `/api/incidents/${incidentId}/decisions/1`, payload: {} })).statusCode).toBe(
      404,
    );
    expect((await it.request({ method: 'DELETE', url: `/api/incidents/${incidentId}/decisions/1` })).statusCode).toBe(404);
    const today = (await it.request({ method: 'GET', url: '/api/today' })).json() as
      | { cards: { id: string; data: { newSinceYesterday: number; highSinceYesterday: number } }[] }
      | { id: string; data: unknown }[];
    const cards = Array.isArray(today) ? today : today.cards;
    const card = cards.find((c) => c.id === 'security.alerts') as { data: { newSinceYesterday: number } } | undefined;
    expect(card?.data.newSinceYesterday).toBe(2);
  });
});
