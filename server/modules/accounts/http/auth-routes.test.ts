import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signIn, signInAs, TEST_PASSWORD, testApp } from '../../../lib/test-http.ts';
import { listAuditEvents } from '../../audit/index.ts';

describeEachDatabase('sign-in and roles', (t) => {
  it('signs in, answers /api/me with the user, and signs out', async () => {
    const app = await testApp(t.database());
    const s = await signInAs(app, t.database(), 'it', 'tech@oakfield.example');
    const me = await s.request({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'tech@oakfield.example', name: 'Test it', role: 'it' });
    const out = await s.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect((await s.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    await app.close();
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const app = await testApp(t.database());
    await signInAs(app, t.database(), 'staff', 'real@oakfield.example');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'real@oakfield.example', password: 'not it at all' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ghost@oakfield.example', password: 'not it at all' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    await app.close();
  });

  it('locks an account after five failures, with words that do not say whether it exists', async () => {
    const clock = fixedClock('2026-11-16T09:00:00Z');
    const app = await testApp(t.database(), clock);
    await signInAs(app, t.database(), 'staff', 'locked@oakfield.example');
    const attempt = (email: string, password = 'wrong-password!') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: '10.0.0.9' });
    for (let i = 0; i < 5; i++) {
      expect((await attempt('locked@oakfield.example')).statusCode).toBe(401);
      expect((await attempt('nobody@oakfield.example')).statusCode).toBe(401);
      clock.advance(30_000);
    }
    const real = await attempt('locked@oakfield.example', TEST_PASSWORD);
    const ghost = await attempt('nobody@oakfield.example');
    expect(real.statusCode).toBe(429);
    expect(ghost.statusCode).toBe(429);
    expect(real.json()).toEqual(ghost.json());
    // The fifth failure was at 09:02:00; the lock runs 15 minutes from it. It is now 09:02:30.
    expect(real.json().error).toMatch(/Too many sign-in attempts\. Try again in 15 minutes/);
    expect(Number(real.headers['retry-after'])).toBe(870);
    clock.advance(869_000);
    expect((await attempt('locked@oakfield.example', TEST_PASSWORD)).statusCode).toBe(429);
    clock.advance(1_000);
    expect((await attempt('locked@oakfield.example', TEST_PASSWORD)).statusCode).toBe(200);
    await app.close();
  });

  it('keeps pupils and staff out of Settings, users and the audit log', async () => {
    const app = await testApp(t.database());
    for (const role of ['pupil', 'staff'] as const) {
      const s = await signInAs(app, t.database(), role);
      for (const url of ['/api/settings', '/api/users', '/api/audit', '/api/apps/all', '/api/people']) {
        expect((await s.request({ method: 'GET', url })).statusCode, `${role} ${url}`).toBe(403);
      }
      expect(
        (await s.request({ method: 'PUT', url: '/api/settings/school.name', payload: { value: 'Hacked' } })).statusCode,
      ).toBe(403);
      expect((await s.request({ method: 'GET', url: '/api/today' })).statusCode).toBe(200);
    }
    const slt = await signInAs(app, t.database(), 'slt');
    expect((await slt.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    await app.close();
  });

  it('lets the admin manage accounts; a role change signs the user out; the last admin stays', async () => {
    const app = await testApp(t.database());
    const admin = await signInAs(app, t.database(), 'admin', 'director@oakfield.example');
    const created = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'New.Tech@Oakfield.example', name: 'New Tech', role: 'it' },
    });
    expect(created.statusCode).toBe(201);
    const { user, generatedPassword } = created.json() as { user: { id: string; email: string }; generatedPassword: string };
    expect(user.email).toBe('new.tech@oakfield.example');
    expect(generatedPassword).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    const tech = await signIn(app, 'new.tech@oakfield.example', generatedPassword);
    expect((await admin.request({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { role: 'staff' } })).statusCode).toBe(
      200,
    );
    expect((await tech.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const dup = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'new.tech@oakfield.example', name: 'Again', role: 'it' },
    });
    expect(dup.statusCode).toBe(409);
    const meId = (await admin.request({ method: 'GET', url: '/api/me' })).json().id as string;
    // The director is the only admin in this database so far.
    const demote = await admin.request({ method: 'PATCH', url: `/api/users/${meId}`, payload: { role: 'it' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatch(/at least one active admin/);
    const short = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'weak@oakfield.example', name: 'Weak', role: 'staff', password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatch(/at least 12 characters/);
    await app.close();
  });

  it('records sign-ins and privileged changes in the audit log, without secrets', async () => {
    const app = await testApp(t.database());
    const admin = await signInAs(app, t.database(), 'admin', 'auditor@oakfield.example');
    await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'audited@oakfield.example', name: 'Audited', role: 'staff', password: 'a-long-enough-password' },
    });
    const events = await listAuditEvents(t.ctx(), { limit: 100 });
    const mine = events.filter((e) => e.actor === 'auditor@oakfield.example');
    expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.sign_in', 'users.create']));
    expect(JSON.stringify(events)).not.toContain('a-long-enough-password');
    expect(JSON.stringify(events)).not.toContain(TEST_PASSWORD);
    await app.close();
  });

  it('changes your own password and signs out your other sessions', async () => {
    const app = await testApp(t.database());
    const first = await signInAs(app, t.database(), 'staff', 'changer@oakfield.example');
    const second = await signIn(app, 'changer@oakfield.example', TEST_PASSWORD);
    const bad = await first.request({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: 'guess', newPassword: 'a new long password' },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await first.request({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new long password' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await second.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    await signIn(app, 'changer@oakfield.example', 'a new long password');
    await app.close();
  });
});
