import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../lib/module.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { type Session, signInAs, testApp } from '../../../lib/test-http.ts';

describeEachDatabase('to-do routes', (t) => {
  let app: App;
  let admin: Session;
  let staff: Session;
  beforeAll(async () => {
    app = await testApp(t.database());
    admin = await signInAs(app, t.database(), 'admin');
    staff = await signInAs(app, t.database(), 'staff');
  });
  afterAll(() => app.close());

  it('adds, lists, completes and deletes a to-do; Today shows it', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Renew the SSL certificate', dueOn: '2026-11-16', priority: 'high' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const list = await admin.request({ method: 'GET', url: '/api/tasks' });
    expect(list.json().tasks.map((x: { title: string }) => x.title)).toEqual(['Renew the SSL certificate']);
    const today = await admin.request({ method: 'GET', url: '/api/today' });
    const card = today.json().cards.find((c: { id: string }) => c.id === 'tasks.mine');
    expect(card.data.today.map((x: { title: string }) => x.title)).toEqual(['Renew the SSL certificate']);
    const done = await admin.request({ method: 'PATCH', url: `/api/tasks/${id}`, payload: { status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'done', bucket: 'closed' });
    expect((await admin.request({ method: 'GET', url: '/api/tasks' })).json().tasks).toEqual([]);
    expect((await admin.request({ method: 'DELETE', url: `/api/tasks/${id}` })).statusCode).toBe(204);
    expect((await admin.request({ method: 'GET', url: `/api/tasks/${id}` })).statusCode).toBe(404);
  });

  it('names the bad field', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/tasks', payload: { title: 'x', dueOn: '2026-02-30' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/dueOn/);
  });

  it('keeps staff out of to-dos and repeating to-dos, and off the Today card', async () => {
    for (const [method, url] of [
      ['GET', '/api/tasks'],
      ['GET', '/api/tasks/owners'],
      ['GET', '/api/tasks/recurring'],
      ['POST', '/api/tasks'],
    ] as const) {
      const res = await staff.request({ method, url, payload: method === 'POST' ? { title: 'x' } : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const today = await staff.request({ method: 'GET', url: '/api/today' });
    expect(today.json().cards.map((c: { id: string }) => c.id)).not.toContain('tasks.mine');
  });

  it('adds a repeating to-do and lists the owners', async () => {
    const res = await admin.request({
      method: 'POST',
      url: '/api/tasks/recurring',
      payload: { title: 'Weekly briefing', rule: 'weekly', weekday: 5 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ description: 'Every Friday', next: ['2026-11-20', '2026-11-27', '2026-12-04'] });
    const owners = (await admin.request({ method: 'GET', url: '/api/tasks/owners' })).json().owners;
    expect(owners.map((o: { role: string }) => o.role)).toEqual(['admin']);
    const bad = await admin.request({ method: 'POST', url: '/api/tasks/recurring', payload: { title: 'x', rule: 'weekly' } });
    expect(bad.json().error).toMatch(/weekday/);
  });
});
