import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Database, type DatabaseKind, openDatabase } from '../db/connect.ts';
import { migrationsHash } from '../db/pglite-template.ts';
import { type DemoResult, loadDemoSchool } from '../modules/demo/index.ts';
import {
  describeEachDatabase,
  openTestDatabase,
  TEST_CACHE,
  TEST_CONFIG,
  TEST_DATABASE_URL,
  TEST_NOW,
  type TestDb,
  templateDbName,
  testCtx,
  withDatabase,
} from './test-db.ts';
import { DEMO_NOW, DEMO_PASSWORD, DEMO_TIME_ZONE, demoTemplateHash, demoTemplateTar } from './test-demo-hash.ts';

export { DEMO_PASSWORD };

/**
 * The demo school, loaded once and copied for each suite that reads it. Loading it takes one to
 * two minutes, and several suites (backup, the termly report, the briefings, the demo's security
 * data) only read it, so each starts from a copy of a demo-loaded template instead: on PGlite a
 * plain tarball of its data directory in node_modules/.cache/belfry, on PostgreSQL a template
 * database. load-demo-school.test.ts still runs the load itself, end to end, and offers its
 * database as the template when none is there yet (shareDemoLoad), so a run pays for one load.
 *
 * The template is keyed by a hash of everything the demo's data can depend on: the migrations,
 * every server source file but the tests (the demo goes through every module's use cases), the
 * locked dependency versions, and the load's clock, password and time zone. A change to any of
 * them makes a new template; an old one is never read again.
 */

// The template's key names the clock and time zone it was loaded with: they must be the suites'.
if (TEST_NOW !== DEMO_NOW || TEST_CONFIG.timeZone !== DEMO_TIME_ZONE)
  throw new Error('test-demo-hash.ts is out of step with test-db.ts');

const demoTar = () => demoTemplateTar(TEST_CACHE);
const demoDbName = () => `belfry_demo_${demoTemplateHash()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock beside `file`, or returns undefined when a live process holds it. */
function tryLock(file: string): (() => void) | undefined {
  const lock = `${file}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {}
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lock, 'utf8').trim() || '0');
      // A lock left by a process that died (a run stopped part-way): take it over. Two builders
      // racing here is harmless: each writes its own part file and renames it into place.
      if (holder && alive(holder)) return undefined;
      try {
        unlinkSync(lock);
      } catch {}
    }
  }
  return undefined;
}

async function writeDemoTar(database: Database): Promise<void> {
  const bytes = await database.dumpDataDir?.('none');
  if (!bytes) throw new Error('PGlite gave no dump');
  const part = `${demoTar()}.${process.pid}`;
  writeFileSync(part, bytes);
  renameSync(part, demoTar());
  pruneDemoTars();
}

/** How many demo templates the cache keeps (each about 280 MB; other checkouts may share it). */
const KEEP = 3;

/** When a demo template was last used: its `.used` marker's time, else its own. */
function lastUsed(tar: string): number {
  try {
    return statSync(`${tar}.used`).mtimeMs;
  } catch {
    return statSync(tar).mtimeMs;
  }
}

/** Drops all but the KEEP most recently used demo templates, and part files of dead processes. */
function pruneDemoTars(): void {
  const files = readdirSync(TEST_CACHE).filter((f) => f.startsWith('pglite-demo-'));
  for (const f of files) {
    const pid = /\.tar\.(\d+)$/.exec(f)?.[1];
    if (pid && !alive(Number(pid))) rmSync(path.join(TEST_CACHE, f), { force: true });
  }
  const tars = files
    .filter((f) => f.endsWith('.tar'))
    .map((f) => ({ f, used: lastUsed(path.join(TEST_CACHE, f)) }))
    .sort((a, b) => b.used - a.used);
  for (const { f } of tars.slice(KEEP))
    if (path.join(TEST_CACHE, f) !== demoTar()) {
      rmSync(path.join(TEST_CACHE, f), { force: true });
      rmSync(path.join(TEST_CACHE, `${f}.used`), { force: true });
    }
}

/** The PGlite demo template, built here (or waited for, while another process builds it). */
async function ensureDemoTar(): Promise<string> {
  for (;;) {
    if (existsSync(demoTar())) {
      // Marks it recently used, for pruneDemoTars, on a file beside it: never the tarball's own
      // times, since a suite in another process may be reading it as a file-backed Blob, which
      // fails once the file's modification time changes ("The blob could not be read").
      try {
        writeFileSync(`${demoTar()}.used`, '');
      } catch {}
      return demoTar();
    }
    const release = tryLock(demoTar());
    if (release) {
      try {
        if (!existsSync(demoTar())) {
          const database = await openTestDatabase('pglite');
          try {
            await loadDemoSchool(testCtx(database.db), { password: DEMO_PASSWORD });
            await writeDemoTar(database);
          } finally {
            await database.close();
          }
        }
      } finally {
        release();
      }
      return demoTar();
    }
    await sleep(500);
  }
}

/**
 * The PostgreSQL demo template database, built once per hash under an advisory lock (a second
 * process waits for the first), loaded under a scratch name and renamed when whole; the KEEP
 * newest stay.
 */
async function ensureDemoDatabase(): Promise<string> {
  const name = demoDbName();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const exists = async () => ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
    if (await exists()) return name;
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['belfry_demo_template']);
    try {
      if (await exists()) return name;
      const scratchName = `${name}_part_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${scratchName} TEMPLATE ${templateDbName(migrationsHash())}`);
      try {
        const scratch = await openDatabase({ databaseUrl: withDatabase(TEST_DATABASE_URL as string, scratchName) });
        try {
          await loadDemoSchool(testCtx(scratch.db), { password: DEMO_PASSWORD });
        } finally {
          await scratch.close();
        }
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
        throw err;
      }
      await admin.query(`ALTER DATABASE ${scratchName} RENAME TO ${name}`);
      await admin.query(`COMMENT ON DATABASE ${name} IS '${Date.now()}'`);
      await pruneDemoDatabases(admin, name);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['belfry_demo_template']);
    }
    return name;
  } finally {
    await admin.end();
  }
}

/**
 * Drops all but the KEEP newest demo template databases (made-at time in each one's comment).
 * Without FORCE: one another process is copying right now refuses, and stays until next time.
 */
async function pruneDemoDatabases(admin: pg.Client, current: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string; made: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS made FROM pg_database
      WHERE datname LIKE 'belfry\\_demo\\_%' AND datname NOT LIKE '%\\_part\\_%'`,
  );
  const old = rows.sort((a, b) => Number(b.made ?? 0) - Number(a.made ?? 0)).slice(KEEP);
  for (const r of old) if (r.datname !== current) await admin.query(`DROP DATABASE IF EXISTS ${r.datname}`).catch(() => {});
}

/** A fresh database of `kind` holding the demo school, loaded at TEST_NOW with DEMO_PASSWORD. */
export async function openDemoDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openTestDatabase('pglite', { pgliteTar: await ensureDemoTar(), pgDatabase: '' });
  return openTestDatabase('postgres', { pgliteTar: '', pgDatabase: await ensureDemoDatabase() });
}

/** `describeEachDatabase`, each block's database starting with the demo school loaded. */
export function describeEachDemoDatabase(name: string, body: (t: TestDb) => void): void {
  // Building the template (when no run has yet) is a whole demo load.
  describeEachDatabase(name, body, { open: openDemoDatabase, openTimeout: 600_000 });
}

/**
 * For the suite that tests the load itself: runs `load` (the real demo load, at TEST_NOW with
 * DEMO_PASSWORD, into the suite's fresh database) and, on PGlite when no template exists yet and
 * no other process is making one, keeps a copy of the result as the template.
 */
export async function shareDemoLoad(t: TestDb, load: () => Promise<DemoResult>): Promise<DemoResult> {
  const release = t.kind === 'pglite' && !existsSync(demoTar()) ? tryLock(demoTar()) : undefined;
  try {
    const result = await load();
    // A template that cannot be written (a full disk) is no failure of the load: the suites
    // that copy it then make their own.
    if (release && !existsSync(demoTar())) await writeDemoTar(t.database()).catch(() => {});
    return result;
  } finally {
    release?.();
  }
}
