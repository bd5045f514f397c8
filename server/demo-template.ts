import { createHash } from 'node:crypto';
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { isUninitialised, migrationsHash, pgliteVersion, serverSourcesHash, TEMPLATE_CACHE } from './db/pglite-template.ts';
import { systemClock } from './lib/clock.ts';
import { systemActor } from './lib/context.ts';
import { Invalid } from './lib/errors.ts';
import type { Logger } from './lib/logger.ts';
import { localDate } from './lib/zoned-time.ts';
import { countAccounts, generatePassword } from './modules/accounts/index.ts';
import { type DemoSignIn, loadDemoSchool } from './modules/demo/index.ts';
import { countPeople } from './modules/directory/index.ts';
import { openRuntime, pgliteDir, type Runtime } from './runtime.ts';

/**
 * The demo school on a first start, and today's demo-loaded data directory template.
 *
 * Loading the demo school takes most of a minute on two cores. `npm install`'s prepare step
 * (`belfry demo --template`) loads it once into a data directory kept in node_modules/.cache/belfry,
 * and a first `serve --demo-if-empty` on an empty PGlite directory copies that (a few seconds)
 * instead of loading it again; with no usable template it loads the demo in place as before.
 *
 * The demo's dates are relative to the moment it is loaded (this week's tickets, last night's
 * sign-ins, the survey open since a week ago), so a copy is what a demo loaded earlier today and
 * restarted since would show, and a template is used only on the day (in the school's time zone)
 * it was made. Its key also holds everything else the loaded data depends on: the code (every
 * server file and the locked dependencies), the migrations, the PGlite version and the
 * configuration (time zone, the address Belfry is reached at, the phishing settings and key,
 * mail...; all but the port and host it listens on, the data directory, the database URL, the
 * session secret and logging). A different key is a different template, never a wrong one.
 * Besides the database, the copy brings the demo's sign-in file and the phishing key the demo's
 * stored secrets are encrypted with; each data directory keeps its own session secret.
 */

const DEMO_FILE = 'demo-sign-in.txt';
const PREFIX = 'demo-';
const MADE_FILE = 'belfry-demo-template.json';
/** What a data directory holds besides its database that is its own, never copied from a template. */
const OWN_FILES = new Set(['pglite', 'session-secret', MADE_FILE]);
/** Configuration that does not change what the demo loads. */
const NOT_IN_KEY = new Set([
  'port',
  'host',
  'dataDir',
  'databaseUrl',
  'sessionSecret',
  'logLevel',
  'logFormat',
  'schedulerDelaySeconds',
]);
/** How many demo templates the cache keeps (each about 280 MB; other checkouts may share the cache). */
const KEEP = 2;

function demoText(signIns: DemoSignIn[]): string {
  const width = Math.max(...signIns.map((s) => s.email.length));
  return [
    'Demo school: Oakfield School. Every demo account has the same password.',
    `Password: ${signIns[0]?.password ?? ''}`,
    ...signIns.map((s) => `  ${s.email.padEnd(width)}  ${s.role.padEnd(6)} ${s.name}`),
  ].join('\n');
}

export const demoSignInFile = (dataDir: string) => path.join(dataDir, DEMO_FILE);

/** Loads the demo school into an empty database and records its sign-in in the data directory. */
export async function loadDemoIfEmpty(rt: Runtime, say: (t: string) => void): Promise<void> {
  const base = rt.ctx(systemActor('demo loader'));
  // The steps are said as they go; the modules' own info lines would break up that list.
  const ctx = { ...base, log: { ...base.log, info: () => {} } };
  if ((await countAccounts(ctx)) === 0 && (await countPeople(ctx, { includeLeavers: true })) === 0) {
    say('The database is empty: loading the demo school, Oakfield School (under a minute)...');
    const started = Date.now();
    const result = await loadDemoSchool(ctx, { password: generatePassword(), progress: (step) => say(`  ${step}`) });
    say(`Demo school loaded in ${Math.round((Date.now() - started) / 1000)} s.`);
    writeFileSync(demoSignInFile(rt.config.dataDir), `${demoText(result.signIns)}\n`, { mode: 0o600 });
  }
}

/** The day (in the school's time zone) and the key of a demo template loaded now with `config`. */
export function demoTemplateKey(config: Config, now: Date): { day: string; key: string } {
  const day = localDate(now, config.timeZone);
  const relevant = Object.fromEntries(Object.entries(config).filter(([k]) => !NOT_IN_KEY.has(k)));
  const h = createHash('sha256').update(
    JSON.stringify({
      day,
      config: relevant,
      pglite: pgliteVersion(),
      migrations: migrationsHash(),
      sources: serverSourcesHash(),
    }),
  );
  return { day, key: h.digest('hex').slice(0, 16) };
}

const templatePath = (key: string) => path.join(TEMPLATE_CACHE, `${PREFIX}${key}`);

/** Where the demo template made at `now` with `config` lives (whether or not it is there). */
export const demoTemplateDir = (config: Config, now: Date): string => templatePath(demoTemplateKey(config, now).key);

/**
 * Today's demo template for a first start on `config`'s data directory, or undefined: not on
 * PostgreSQL, not when the database is there already, not when the data directory already holds
 * one of the template's other files (a phishing key of its own), and not when none was made today
 * with this code and configuration.
 */
export function findDemoTemplate(config: Config, now: Date = systemClock.now()): string | undefined {
  if (config.databaseUrl || !isUninitialised(pgliteDir(config))) return undefined;
  const dir = templatePath(demoTemplateKey(config, now).key);
  if (isUninitialised(path.join(dir, 'pglite'))) return undefined;
  const files = readdirSync(dir).filter((f) => !OWN_FILES.has(f));
  if (files.some((f) => existsSync(path.join(config.dataDir, f)))) return undefined;
  return dir;
}

/**
 * Copies a template's files other than the database (the demo's sign-in, the phishing key) into
 * the data directory; false (and nothing left behind) when that fails. Done before the database
 * is copied: if that copy then does not happen, the demo loads in place and writes its own
 * sign-in file over this one.
 */
export function copyDemoTemplateFiles(template: string, dataDir: string): boolean {
  const copied: string[] = [];
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(template)) {
      if (OWN_FILES.has(f) || !statSync(path.join(template, f)).isFile()) continue;
      copyFileSync(path.join(template, f), path.join(dataDir, f), constants.COPYFILE_EXCL);
      copied.push(f);
    }
    return true;
  } catch {
    // The template went away, or the file is there now: the demo loads in place instead.
    for (const f of copied) rmSync(path.join(dataDir, f), { force: true });
    return false;
  }
}

/**
 * Makes today's demo template for `config` (unless it is there already): the demo loaded into a
 * scratch data directory in the cache, closed, and renamed into place whole; older templates
 * beyond the newest KEEP are removed.
 */
export async function makeDemoTemplate(
  config: Config,
  log: Logger,
  say: (t: string) => void,
): Promise<{ dir: string; made: boolean }> {
  if (config.databaseUrl) throw new Invalid('The demo template is for the embedded database: unset DATABASE_URL');
  const { day, key } = demoTemplateKey(config, systemClock.now());
  const dir = templatePath(key);
  if (!isUninitialised(path.join(dir, 'pglite'))) return { dir, made: false };
  mkdirSync(TEMPLATE_CACHE, { recursive: true });
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    mkdirSync(scratch, { mode: 0o700 });
    const rt = await openRuntime({ ...config, dataDir: scratch }, log);
    try {
      await loadDemoIfEmpty(rt, say);
    } finally {
      await rt.close();
    }
    writeFileSync(path.join(scratch, MADE_FILE), `${JSON.stringify({ day, madeAt: new Date().toISOString() })}\n`, {
      mode: 0o600,
    });
    try {
      renameSync(scratch, dir);
    } catch (err) {
      // Another process finished first: keep its template.
      if (isUninitialised(path.join(dir, 'pglite'))) throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  pruneDemoTemplates(dir);
  return { dir, made: true };
}

/** Removes all but the KEEP newest demo templates (never `current`), and scratch folders of dead processes. */
function pruneDemoTemplates(current: string): void {
  const entries = readdirSync(TEMPLATE_CACHE).filter((f) => f.startsWith(PREFIX));
  for (const f of entries) {
    const pid = /\.tmp-(\d+)-/.exec(f)?.[1];
    if (pid && !isAlive(Number(pid))) rmSync(path.join(TEMPLATE_CACHE, f), { recursive: true, force: true });
  }
  const made = entries
    .filter((f) => !f.includes('.tmp-'))
    .map((f) => ({ f, at: statSync(path.join(TEMPLATE_CACHE, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of made.slice(KEEP))
    if (path.join(TEMPLATE_CACHE, f) !== current) rmSync(path.join(TEMPLATE_CACHE, f), { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
