import path from 'node:path';
import { expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { fixedClock } from './lib/clock.ts';
import { describeEachDatabase, TEST_CONFIG } from './lib/test-db.ts';
import { signInAs, testApp } from './lib/test-http.ts';
import { MODULES } from './modules.ts';

/** The explicit public list: every other route must refuse an anonymous request. */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /*',
  'POST /api/auth/login',
  'GET /api/auth/providers',
  'GET /api/auth/oidc/:provider/start',
  'GET /api/auth/oidc/:provider/callback',
  'GET /api/branding',
  'GET /api/helpdesk/rate/:token',
  'POST /api/helpdesk/rate/:token',
  'GET /api/public/surveys/:token',
  'POST /api/public/surveys/:token/responses',
]);

describeEachDatabase('the HTTP app', (t) => {
  it('refuses every registered route without a session, except the public list', async () => {
    const routes: { method: string; url: string }[] = [];
    const app = await buildApp({
      database: t.database(),
      config: TEST_CONFIG,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      webDir: path.resolve('e2e/fixtures/web'),
      onRoute: (method, url) => routes.push({ method, url }),
    });
    await app.ready();
    expect(routes.length).toBeGreaterThan(25);
    const fill = (url: string) =>
      url
        .replace(/:provider/g, 'microsoft')
        .replace(/:kind/g, 'people')
        .replace(/:key/g, 'school.name')
        .replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000')
        .replace('*', 'anything');
    const unexpected: string[] = [];
    for (const r of routes) {
      if (r.method === 'HEAD' || r.method === 'OPTIONS') continue;
      const key = `${r.method} ${r.url}`;
      const res = await app.inject({
        method: r.method as 'GET',
        url: fill(r.url),
        headers: { 'content-type': 'application/json' },
        payload: r.method === 'GET' ? undefined : '{}',
      });
      if (PUBLIC.has(key)) {
        expect(res.statusCode, key).not.toBe(401);
      } else if (res.statusCode !== 401) unexpected.push(`${key} -> ${res.statusCode}`);
    }
    expect(unexpected).toEqual([]);
    await app.close();
  });

  it('answers /api/health without a session and /api/me with 401', async () => {
    const app = await testApp(t.database());
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: t.kind });
    const me = await app.inject({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(401);
    await app.close();
  });

  it('takes a page error from a signed-in browser only (issue 11)', async () => {
    const app = await testApp(t.database());
    const payload = { message: 'boom', route: '/today' };
    expect((await app.inject({ method: 'POST', url: '/api/client-errors', payload })).statusCode).toBe(401);
    const s = await signInAs(app, t.database(), 'pupil');
    expect((await s.request({ method: 'POST', url: '/api/client-errors', payload })).statusCode).toBe(204);
    expect(
      (await s.request({ method: 'POST', url: '/api/client-errors', payload: { message: 'x'.repeat(3000), route: '/' } }))
        .statusCode,
    ).toBe(400);
    await app.close();
  });

  it('requires the CSRF token on changes made with a session, and refuses other sites', async () => {
    const app = await testApp(t.database());
    const admin = await signInAs(app, t.database(), 'admin');
    const body = { name: 'Intranet', url: 'https://intranet.oakfield.example/' };
    const noToken = await app.inject({ method: 'POST', url: '/api/apps', headers: { cookie: admin.cookie }, payload: body });
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await app.inject({
      method: 'POST',
      url: '/api/apps',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'nope' },
      payload: body,
    });
    expect(wrongToken.statusCode).toBe(403);
    const crossSite = await admin.request({
      method: 'POST',
      url: '/api/apps',
      headers: { origin: 'https://evil.example' },
      payload: body,
    });
    expect(crossSite.statusCode).toBe(403);
    const ok = await admin.request({
      method: 'POST',
      url: '/api/apps',
      headers: { origin: 'http://localhost:3000' },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    await app.close();
  });

  it('sets an httpOnly, SameSite=Lax session cookie, Secure behind https', async () => {
    const app = await testApp(t.database());
    await signInAs(app, t.database(), 'staff', 'cookie-check@test.example');
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'cookie-check@test.example', password: 'correct horse battery staple' },
    });
    const session = res.cookies.find((c) => c.name === 'belfry_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    const https = await buildApp({
      database: t.database(),
      config: { ...TEST_CONFIG, baseUrl: 'https://belfry.example', isHttps: true },
      clock: fixedClock('2026-11-16T09:00:00Z'),
    });
    const res2 = await https.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'cookie-check@test.example', password: 'correct horse battery staple' },
    });
    expect(res2.cookies.find((c) => c.name === 'belfry_session')?.secure).toBe(true);
    expect(res2.headers['strict-transport-security']).toContain('max-age');
    await https.close();
    await app.close();
  });

  it('believes X-Forwarded-For only from a listed proxy (BELFRY_TRUST_PROXY)', async () => {
    const ipSeen = async (trustProxy: false | string[], remoteAddress: string) => {
      const app = await buildApp({
        database: t.database(),
        config: { ...TEST_CONFIG, trustProxy },
        clock: fixedClock('2026-11-16T09:00:00Z'),
        modules: [...MODULES, { name: 'echo', routes: (a) => a.get('/api/test/ip', async (req) => ({ ip: req.ip })) }],
      });
      const admin = await signInAs(app, t.database(), 'admin');
      const res = await app.inject({
        method: 'GET',
        url: '/api/test/ip',
        remoteAddress,
        headers: { cookie: admin.cookie, 'x-forwarded-for': '203.0.113.9' },
      });
      await app.close();
      return (res.json() as { ip: string }).ip;
    };
    expect(await ipSeen(['10.0.0.5'], '10.0.0.5')).toBe('203.0.113.9');
    expect(await ipSeen(['10.0.0.0/24'], '10.0.0.77')).toBe('203.0.113.9');
    // Any other client's header is ignored: it cannot choose its own address.
    expect(await ipSeen(['10.0.0.5'], '198.51.100.7')).toBe('198.51.100.7');
    expect(await ipSeen(false, '10.0.0.5')).toBe('10.0.0.5');
  });

  it('serves the web app for a reloaded or pasted page link, and keeps API misses as JSON', async () => {
    const app = await buildApp({
      database: t.database(),
      config: TEST_CONFIG,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      webDir: path.resolve('e2e/fixtures/web'),
    });
    const page = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    for (const url of [
      '/wifi/clients/jess.smith%40oakfield.example',
      '/wifi/clients/aa%3Abb%3Acc',
      '/today',
      '/surveys/comments',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: page });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('<title>Belfry test</title>');
    }
    // Without an Accept header (curl), a page whose key ends in a domain is still a page...
    const bare = await app.inject({ method: 'GET', url: '/wifi/clients/jess%40oakfield.example' });
    expect(bare.statusCode).toBe(200);
    // ...but a missing image or script is a 404, not the app's page in its place.
    const image = await app.inject({ method: 'GET', url: '/logo.png', headers: { accept: 'image/avif,image/webp,*/*' } });
    expect(image.statusCode).toBe(404);
    const api = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: page });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: 'Not found' });
    const asset = await app.inject({ method: 'GET', url: '/assets/missing-abc123.js', headers: page });
    expect(asset.statusCode).toBe(404);
    const post = await app.inject({ method: 'POST', url: '/wifi/clients/x', headers: page });
    expect(post.statusCode).toBe(404);
    await app.close();
  });
});
