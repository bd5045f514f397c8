import { expect, it } from 'vitest';
import { reportClientError } from './client-error.ts';
import { fixedClock } from './clock.ts';
import type { Ctx } from './context.ts';
import { captureMailer } from './mailer.ts';
import { TEST_CONFIG } from './test-db.ts';

it('logs a page error at warn with its message and path only, never the query string', () => {
  const lines: { level: string; obj: unknown; msg?: string }[] = [];
  const log = (level: string) => (obj: unknown, msg?: string) => void lines.push({ level, obj, msg });
  const ctx = {
    db: undefined as never,
    clock: fixedClock('2026-11-16T09:00:00Z'),
    config: TEST_CONFIG,
    log: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    mail: captureMailer(),
    actor: { kind: 'user', id: 'u1', email: 'it@school.example', name: 'IT', role: 'it' },
  } as Ctx;
  reportClientError(ctx, {
    message: "Cannot read properties of null\n  (reading 'value')",
    route: '/people?q=Amelia+Smith#top',
  });
  expect(lines).toEqual([
    {
      level: 'warn',
      obj: { route: '/people', error: "Cannot read properties of null (reading 'value')", userId: 'u1', role: 'it' },
      msg: "A page failed in the browser: /people: Cannot read properties of null (reading 'value')",
    },
  ]);
});
