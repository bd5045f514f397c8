import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsHash } from '../db/pglite-template.ts';

/**
 * The demo template's key (test-demo-db.ts), apart so the test sequencer can read it without
 * loading the server: a hash of everything the demo's data can depend on. That is the
 * migrations, every server source and data file but the tests (the demo goes through every
 * module's use cases), the locked dependency versions, and the load's clock, password and time
 * zone (test-db.ts's TEST_NOW and TEST_CONFIG: the same values, checked by test-demo-db.ts).
 */

/** The password the template's demo accounts have. */
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_NOW = '2026-11-16T09:00:00Z';
export const DEMO_TIME_ZONE = 'Europe/London';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let memo: string | undefined;

export function demoTemplateHash(): string {
  if (memo) return memo;
  const h = createHash('sha256');
  h.update(`${migrationsHash()} ${DEMO_NOW} ${DEMO_PASSWORD} ${DEMO_TIME_ZONE}\n`);
  for (const f of readdirSync(SERVER, { recursive: true }).map(String).sort()) {
    if (f.endsWith('.test.ts')) continue;
    const full = path.join(SERVER, f);
    if (!statSync(full).isFile()) continue;
    h.update(f).update(readFileSync(full));
  }
  h.update(readFileSync(path.join(SERVER, '..', 'package-lock.json')));
  memo = h.digest('hex').slice(0, 12);
  return memo;
}

/** The PGlite demo template's tarball in `cache`. */
export const demoTemplateTar = (cache: string) => path.join(cache, `pglite-demo-${demoTemplateHash()}.tar`);
