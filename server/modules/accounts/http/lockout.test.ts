import { expect, it } from 'vitest';
import { buildApp } from '../../../app.ts';
import { fixedClock } from '../../../lib/clock.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { signIn, signInAs, TEST_PASSWORD } from '../../../lib/test-http.ts';
import { listAuditEvents } from '../../audit/index.ts';
import { setSetting } from '../../settings/index.ts';
import { ipAttemptsSetting, trustedNetworksSetting } from '../domain/account-settings.ts';
import { passwordProblem } from '../domain/passwords.ts';

/** Lock-out must not be a denial-of-service lever against the Director (issue 12, item 7). */
describeEachDatabase('sign-in lock-out per account and address', (t) => {
  const ATTACKER = '198.51.100.66';
  const SCHOOL = '203.0.113.10';

  it('locks the attacking address out of the account, not the Director everywhere; tells the admins; an admin lifts it', async () => {
    const clock = fixedClock('2026-11-16T09:00:00Z');
    const mail = captureMailer();
    const app = await buildApp({ database: t.database(), config: TEST_CONFIG, clock, mail });
    await app.ready();
    const director = await signInAs(app, t.database(), 'admin', 's.harding@oakfield.example');
    const attempt = (remoteAddress: string, password = 'wrong-password!') =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 's.harding@oakfield.example', password },
        remoteAddress,
      });
    for (let i = 0; i < 5; i++) expect((await attempt(ATTACKER)).statusCode).toBe(401);
    expect((await attempt(ATTACKER, TEST_PASSWORD)).statusCode).toBe(429);
    // Today shows the Director (an admin) the lock-out, beyond the audit log; IT's Today does not.
    const lockCard = async (s: { request: typeof director.request }) =>
      ((await s.request({ method: 'GET', url: '/api/today' })).json() as { cards: { id: string; data?: unknown }[] }).cards.find(
        (c) => c.id === 'accounts.lockouts',
      );
    expect(await lockCard(director)).toEqual({
      id: 'accounts.lockouts',
      title: 'Sign-in lock-outs',
      data: { locks: [{ email: 's.harding@oakfield.example', ip: ATTACKER, until: '2026-11-16T09:15:00.000Z' }] },
    });
    const it1 = await signInAs(app, t.database(), 'it');
    expect(await lockCard(it1)).toBeUndefined();
    // The Director, from the school, still signs in.
    expect((await attempt(SCHOOL, TEST_PASSWORD)).statusCode).toBe(200);
    const lockouts = await listAuditEvents(t.ctx(), { action: 'auth.lockout' });
    expect(JSON.stringify(lockouts)).toContain(
      'Locked 198.51.100.66 out of s.harding@oakfield.example for 15 minutes after repeated wrong passwords',
    );
    expect(mail.sent.map((m) => [m.to, m.subject])).toEqual([
      [['s.harding@oakfield.example'], 'Belfry: sign-in lock-out for s.harding@oakfield.example'],
    ]);
    // The Director's success from the school does not lift the attacker's lock: no new guesses.
    expect((await attempt(ATTACKER, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await attempt(ATTACKER)).statusCode).toBe(429);
    const users = (await director.request({ method: 'GET', url: '/api/users' })).json() as {
      users: { id: string; email: string; lockedOut: boolean }[];
    };
    const me = users.users.find((u) => u.email === 's.harding@oakfield.example');
    expect(me?.lockedOut).toBe(true);
    const lifted = await director.request({ method: 'POST', url: `/api/users/${me?.id}/unlock` });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ email: 's.harding@oakfield.example', lockedOut: false });
    expect((await attempt(ATTACKER)).statusCode).toBe(401);
    expect((await lockCard(director))?.data).toEqual({ locks: [] });
    await app.close();
  });

  it("many failures from the school's own address never lock it as a whole; an outside address still is", async () => {
    const clock = fixedClock('2026-11-17T09:00:00Z');
    const app = await buildApp({ database: t.database(), config: TEST_CONFIG, clock });
    await app.ready();
    await signInAs(app, t.database(), 'staff', 'd.cooper@oakfield.example');
    const ctx = t.ctx(undefined, '2026-11-17T09:00:00Z');
    await setSetting(ctx, [ipAttemptsSetting], ipAttemptsSetting.key, { value: 10 });
    await setSetting(ctx, [trustedNetworksSetting], trustedNetworksSetting.key, { value: ['203.0.113.0/28'] });
    const login = (email: string, password: string, remoteAddress: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
    for (let i = 0; i < 10; i++) {
      expect((await login(`pupil${i}@oakfield.example`, 'wrong-password!', SCHOOL)).statusCode).toBe(401);
      expect((await login(`pupil${i}@oakfield.example`, 'wrong-password!', '192.0.2.44')).statusCode).toBe(401);
    }
    expect((await login('d.cooper@oakfield.example', TEST_PASSWORD, SCHOOL)).statusCode).toBe(200);
    expect((await login('d.cooper@oakfield.example', TEST_PASSWORD, '192.0.2.44')).statusCode).toBe(429);
    await app.close();
  });

  it('counts wrong current passwords on /api/me/password as failed sign-ins', async () => {
    const clock = fixedClock('2026-11-18T09:00:00Z');
    const app = await buildApp({ database: t.database(), config: TEST_CONFIG, clock });
    await app.ready();
    await signInAs(app, t.database(), 'staff', 'stolen@oakfield.example');
    const s = await signIn(app, 'stolen@oakfield.example', TEST_PASSWORD);
    const change = (currentPassword: string) =>
      s.request({
        method: 'POST',
        url: '/api/me/password',
        payload: { currentPassword, newPassword: 'violet harbour tram lantern' },
        remoteAddress: '192.0.2.80',
      });
    for (let i = 0; i < 5; i++) expect((await change(`guess number ${i}`)).statusCode).toBe(400);
    const right = await change(TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().error).toMatch(/^Too many sign-in attempts/);
    await app.close();
  });
});

it('refuses the commonest passwords and ones built from the person’s own name or address; keeps 12 characters', () => {
  const sam = { name: 'Sam Harding', email: 's.harding@oakfield.example' };
  expect(passwordProblem('short pass', sam)).toBe('Use at least 12 characters');
  expect(passwordProblem('password1234', sam)).toMatch(/^That is one of the commonest passwords/);
  expect(passwordProblem('qwertyuiop123', sam)).toMatch(/^That is one of the commonest passwords/);
  expect(passwordProblem('123456789012', sam)).toMatch(/^That is one of the commonest passwords/);
  expect(passwordProblem('SamHarding2026!', sam)).toBe(
    'Do not build it from your own name or email address: add words of your own',
  );
  expect(passwordProblem('s.harding@oakfield', sam)).toBe(
    'Do not build it from your own name or email address: add words of your own',
  );
  expect(passwordProblem('Harding violet tram lantern', sam)).toBeUndefined();
  expect(passwordProblem('correct horse battery staple', sam)).toBeUndefined();
  expect(passwordProblem('h7Kqp-2xMva-QeR4t-9wLmB', sam)).toBeUndefined();
});
