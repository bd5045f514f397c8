import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/connect.ts';
import { createUser } from '../modules/accounts/index.ts';
import { type Clock, fixedClock } from './clock.ts';
import { type Role, systemActor } from './context.ts';
import { silentLogger } from './logger.ts';
import { captureMailer } from './mailer.ts';
import type { App } from './module.ts';
import { TEST_CONFIG } from './test-db.ts';

/** A signed-in browser, as far as the API is concerned: the session cookie and the CSRF token. */
export type Session = {
  cookie: string;
  csrf: string;
  request: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
};

export async function testApp(database: Database, clock: Clock = fixedClock('2026-11-16T09:00:00Z')): Promise<App> {
  const app = await buildApp({ database, config: TEST_CONFIG, clock });
  await app.ready();
  return app;
}

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;

/** Creates an account with `role` and signs it in. */
export async function signInAs(app: App, database: Database, role: Role, email?: string): Promise<Session & { email: string }> {
  const address = email ?? `${role}${++counter}-${Date.now()}@test.example`;
  await createUser(
    {
      db: database.db,
      clock: fixedClock('2026-11-16T09:00:00Z'),
      config: TEST_CONFIG,
      log: silentLogger,
      mail: captureMailer(),
      actor: systemActor('test'),
    },
    { email: address, name: `Test ${role}`, role, password: TEST_PASSWORD },
  );
  return { ...(await signIn(app, address, TEST_PASSWORD)), email: address };
}

export async function signIn(app: App, email: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrf,
    request: (opts) => app.inject({ ...opts, headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) } }),
  };
}
