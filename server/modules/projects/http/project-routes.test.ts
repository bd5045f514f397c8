import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';

describeEachDatabase('project, risk and strategy routes', (t) => {
  let app: App;
  const s: Record<string, Session> = {};
  beforeAll(async () => {
    app = await testApp(t.database());
    for (const role of ['admin', 'it', 'slt', 'staff', 'pupil'] as const) s[role] = await signInAs(app, t.database(), role);
  });
  afterAll(() => app.close());

  it('lets IT add a project and a risk, SLT read them, and nobody else', async () => {
    const project = await s.it?.request({
      method: 'POST',
      url: '/api/projects',
      payload: {
        name: 'Firewall replacement',
        status: 'active',
        rag: 'amber',
        ragReason: 'Lead time 8 weeks',
        capitalBudget: 2_400_000,
      },
    });
    expect(project?.statusCode).toBe(201);
    const id = project?.json().id;
    const changed = await s.admin?.request({
      method: 'PATCH',
      url: `/api/projects/${id}`,
      payload: { capitalSpent: 1_000_000, note: 'Deposit paid' },
    });
    expect(changed?.json().budget).toMatchObject({ capitalSpent: 1_000_000, capitalAvailable: 1_400_000 });
    const ms = await s.it?.request({
      method: 'POST',
      url: `/api/projects/${id}/milestones`,
      payload: { title: 'Install', dueOn: '2026-12-01' },
    });
    expect(ms?.statusCode).toBe(201);
    const risk = await s.it?.request({
      method: 'POST',
      url: '/api/risks',
      payload: { title: 'Phishing', category: 'cyber', likelihood: 4, impact: 4 },
    });
    expect(risk?.json()).toMatchObject({ code: 'R01', score: 16 });
    const read = await s.slt?.request({ method: 'GET', url: `/api/projects/${id}` });
    expect(read?.json().history.map((h: { note: string | null }) => h.note)).toEqual([
      'Milestone added: Install (due Tue 1 Dec 2026)',
      'Deposit paid',
      null,
    ]);
    expect((await s.slt?.request({ method: 'GET', url: '/api/risks' }))?.json().risks).toHaveLength(1);
    for (const role of ['slt', 'staff', 'pupil']) {
      const res = await s[role]?.request({ method: 'POST', url: '/api/projects', payload: { name: 'x' } });
      expect(res?.statusCode, role).toBe(403);
    }
    for (const role of ['staff', 'pupil']) {
      expect((await s[role]?.request({ method: 'GET', url: '/api/projects' }))?.statusCode, role).toBe(403);
      expect((await s[role]?.request({ method: 'GET', url: '/api/risks' }))?.statusCode, role).toBe(403);
      expect((await s[role]?.request({ method: 'GET', url: '/api/strategy' }))?.statusCode, role).toBe(403);
    }
  });

  it('lets the Director write the strategy and everyone read the published page', async () => {
    const put = await s.admin?.request({
      method: 'PUT',
      url: '/api/strategy',
      payload: { title: 'Technology strategy 2025-2028', vision: 'Technology that just works.', period: '2025-2028' },
    });
    expect(put?.statusCode).toBe(200);
    const o = await s.admin?.request({
      method: 'POST',
      url: '/api/strategy/objectives',
      payload: { code: 'O1', title: 'Secure by default', status: 'published' },
    });
    expect(o?.statusCode).toBe(201);
    expect(
      (await s.it?.request({ method: 'POST', url: '/api/strategy/objectives', payload: { code: 'O2', title: 'x' } }))?.statusCode,
    ).toBe(403);
    const page = await s.pupil?.request({ method: 'GET', url: '/api/strategy/published' });
    expect(page?.json()).toMatchObject({
      title: 'Technology strategy 2025-2028',
      objectives: [{ code: 'O1', title: 'Secure by default' }],
    });
  });
});
