import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, maskUrlSecrets } from './app.ts';
import { consoleLogger } from './cli.ts';
import { fixedClock } from './lib/clock.ts';
import { describeErrorSafely } from './lib/logger.ts';
import type { App, BelfryModule } from './lib/module.ts';
import { describeEachDatabase, TEST_CONFIG } from './lib/test-db.ts';
import { signIn, signInAs } from './lib/test-http.ts';
import { MODULES } from './modules.ts';
import { demoBanner } from './serve.ts';

it('masks survey and rating tokens in paths as it masks secret query parameters', () => {
  expect(maskUrlSecrets('/api/public/surveys/Abc123Abc123Abc123/responses')).toBe('/api/public/surveys/***/responses');
  expect(maskUrlSecrets('/api/helpdesk/rate/Zz9Zz9Zz9Zz9Zz9Zz9?score=5')).toBe('/api/helpdesk/rate/***?score=5');
  expect(maskUrlSecrets('/s/Abc123Abc123Abc123')).toBe('/s/***');
  expect(maskUrlSecrets('/rate/Abc123Abc123Abc123?token=x&ok=1')).toBe('/rate/***?token=***&ok=1');
  expect(maskUrlSecrets('/api/helpdesk/tickets/12')).toBe('/api/helpdesk/tickets/12');
});

it('prints the demo password on a terminal only; a log points at the file', () => {
  const file = 'Demo school: Oakfield School.\nPassword: h7Kqp-2xMva-QeR4t-9wLmB\n  s.harding@oakfield.example  admin';
  expect(demoBanner(file, true, '/data/demo-sign-in.txt')).toBe(file);
  const logged = demoBanner(file, false, '/data/demo-sign-in.txt');
  expect(logged).not.toContain('h7Kqp');
  expect(logged).toContain('Password: in /data/demo-sign-in.txt (not written to the log)');
  expect(logged).toContain('s.harding@oakfield.example');
});

describeEachDatabase('what the request log holds', (t) => {
  let app: App;
  const lines: string[] = [];
  const logged = () => lines.join('');
  // A route that fails a query with a pupil's address as its parameter, as a real bug would.
  const failing: BelfryModule = {
    name: 'failing',
    routes: (a) => {
      a.get('/api/test/failing-query', async (req) => {
        await req.ctx.db.execute(sql`select ${'26mensahs@oakfield.example'}::int as n`);
        return {};
      });
    },
  };
  let token = '';
  let textItem = '';

  beforeAll(async () => {
    app = await buildApp({
      database: t.database(),
      config: { ...TEST_CONFIG, logLevel: 'info' },
      clock: fixedClock('2026-11-16T09:00:00Z'),
      modules: [...MODULES, failing],
      logRequests: true,
      logStream: { write: (l) => lines.push(l) },
    });
    await app.ready();
    const admin = await signInAs(app, t.database(), 'admin');
    const inst = (
      await admin.request({ method: 'POST', url: '/api/surveys/instruments', payload: { audience: 'staff', year: 2026 } })
    ).json() as { id: string; shareToken: string };
    const items = await admin.request({
      method: 'PUT',
      url: `/api/surveys/instruments/${inst.id}/items`,
      payload: { items: [{ kind: 'text', wording: 'Anything else?' }] },
    });
    textItem = (items.json() as { items: { id: string }[] }).items[0]?.id as string;
    await admin.request({
      method: 'PATCH',
      url: `/api/surveys/instruments/${inst.id}`,
      payload: { opensAt: '2026-11-16T08:00:00Z', closesAt: '2026-11-30T17:00:00Z', published: true },
    });
    token = inst.shareToken;
  });
  afterAll(async () => app.close());

  it('logs a survey link without its token', async () => {
    lines.length = 0;
    expect((await app.inject({ method: 'GET', url: `/api/public/surveys/${token}` })).statusCode).toBe(200);
    expect(logged()).toContain('/api/public/surveys/***');
    expect(logged()).not.toContain(token);
  });

  it('refuses a NUL byte or a lone surrogate in any JSON string with a clear 400, logging nothing of the body', async () => {
    lines.length = 0;
    const submit = (text: string) =>
      app.inject({
        method: 'POST',
        url: `/api/public/surveys/${token}/responses`,
        headers: { 'content-type': 'application/json' },
        payload: `{"key":"${randomUUID()}","segment":null,"answers":[{"itemId":"${textItem}","text":${text}}]}`,
      });
    const nul = await submit('"I am being bullied\\u0000"');
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toEqual({
      error: 'Check answers[0].text: it contains a character that cannot be stored (a NUL byte or a broken UTF-16 character)',
    });
    const lone = await submit('"I am being bullied \\ud800 at break"');
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error).toMatch(/^Check answers\[0\]\.text:/);
    // A proper pair (an emoji) is fine.
    expect((await submit('"I am being bullied \\ud83d\\ude22"')).statusCode).toBe(201);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a\u0000@b.c', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(login.json().error).toMatch(/^Check email:/);
    expect(logged()).not.toContain('bullied');
    expect(logged()).not.toMatch(/"level":50/);
  });

  it('logs a failed query with its SQL but never its parameters', async () => {
    lines.length = 0;
    const admin = await signIn(app, (await signInAs(app, t.database(), 'admin')).email, 'correct horse battery staple');
    const res = await admin.request({ method: 'GET', url: '/api/test/failing-query' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'Something went wrong; the server log has the details' });
    expect(logged()).toContain('Failed query: select $1::int as n');
    expect(logged()).toContain('22P02');
    expect(logged()).not.toContain('mensahs');
  });
});

it('describes a failed query for a person without the values', () => {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint "directory_people_email_idx"'), {
    code: '23505',
    constraint: 'directory_people_email_idx',
    detail: 'Key (lower(email))=(26mensahs@oakfield.example) already exists.',
  });
  const err = Object.assign(new Error('Failed query: insert into x values ($1)\nparams: Sienna,26mensahs@oakfield.example'), {
    query: 'insert into x values ($1)',
    params: ['Sienna', '26mensahs@oakfield.example'],
    cause,
  });
  expect(describeErrorSafely(err)).toBe(
    'A database query failed: duplicate key value violates unique constraint "directory_people_email_idx" (SQLSTATE 23505)',
  );
});

it("the server's console log line carries the reason, safely", () => {
  const lines: string[] = [];
  const log = consoleLogger((l) => lines.push(l), { verbose: false, info: true });
  const cause = Object.assign(new Error('invalid input syntax for type integer: "I am being bullied"'), { code: '22P02' });
  const err = Object.assign(new Error('Failed query: select $1::int\nparams: I am being bullied'), {
    query: 'select $1::int',
    params: ['I am being bullied'],
    cause,
  });
  log.error({ err }, 'inbound mail could not be stored');
  log.warn({ disposition: 'held_rate_limit' }, 'inbound mail not processed (held rate limit)');
  expect(lines).toEqual([
    'error: inbound mail could not be stored: A database query failed: invalid input syntax for type integer: "…" (SQLSTATE 22P02)',
    'warn: inbound mail not processed (held rate limit)',
  ]);
});
