// `npm install`'s prepare step: builds the server (scripts/build-server.mjs) and the web app, and makes the cached
// PGlite data-directory templates (server/db/pglite-template.ts), so the first `npm start`
// copies a ready database instead of running PGlite's initdb and every migration, and today's
// demo school (server/demo-template.ts), so it copies that instead of loading the demo. Making the
// templates is a convenience: if it fails, Belfry makes the first two on first use and loads the demo.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = (args, options = {}) => spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', ...options });

const built = node([path.join(ROOT, 'scripts', 'build-server.mjs')]);
if (built.status !== 0) process.exit(built.status ?? 1);

// The web app as well, which `npm start` would otherwise build first (its prestart builds it only
// when it is missing or older than its sources). Not when Vite is absent (npm install --omit=dev).
if (existsSync(path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')))
  node([path.join(ROOT, 'scripts', 'build-web-if-needed.mjs')]);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'belfry-prepare-'));
try {
  const started = Date.now();
  // Any command that opens the runtime fills a new PGlite directory from the migrated template,
  // making it first. Run in the scratch folder with no DATABASE_URL: never a school's .env or server.
  const env = { ...process.env, BELFRY_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const r = node([path.join(ROOT, 'bin', 'belfry.mjs'), '--data-dir', scratch, 'settings', 'list'], {
    cwd: scratch,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  if (r.status === 0)
    process.stderr.write(`Prepared the database templates in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  // Today's demo school, loaded once, so the first `npm start` copies it instead of loading it
  // (server/demo-template.ts; most of a minute on two cores). BELFRY_PREPARE_DEMO=0 leaves it out.
  if (r.status === 0 && process.env.BELFRY_PREPARE_DEMO !== '0') {
    const demoStarted = Date.now();
    const d = node([path.join(ROOT, 'bin', 'belfry.mjs'), '--data-dir', scratch, 'demo', '--template'], {
      cwd: scratch,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, BELFRY_LOG_LEVEL: 'error' },
    });
    if (d.status === 0)
      process.stderr.write(
        `Prepared today's demo school for the first start in ${((Date.now() - demoStarted) / 1000).toFixed(0)} s\n`,
      );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
