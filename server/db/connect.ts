import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { makePrivate } from '../lib/private-files.ts';
import { copyDataDir, fillFromTemplate, isUninitialised, type TemplateKind } from './pglite-template.ts';
import { PGliteThread } from './pglite-thread.ts';

/**
 * Opens Belfry's database: PGlite (embedded, on a worker thread) in the data directory by
 * default, or a PostgreSQL server when a URL is given. Both speak the same SQL and share one
 * schema and one migration history; callers only ever see the Drizzle handle `Db`.
 */

/** The Drizzle handle every query function takes first. A transaction is also a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** Where the data lives, safe to print (no password). */
  description: string;
  close(): Promise<void>;
  /** PGlite only: its data directory as a .tar.gz, or a plain .tar (the test template is made this way). */
  dumpDataDir?: (compression?: 'gzip' | 'none') => Promise<Uint8Array>;
  /** PGlite only: the closed data directory a new one was copied from (`newDirFrom.copyOf`), when it was. */
  copiedFrom?: string;
};

export type OpenOptions = {
  /** The PGlite data directory, or `memory://` for a throwaway database. */
  pgliteDir?: string;
  databaseUrl?: string;
  /** Called if the embedded database thread dies; the server should stop. */
  onFatal?: (err: Error) => void;
  /**
   * PostgreSQL only: an idle pooled connection failed (the server restarted, or a test database
   * was dropped). The pool replaces it; without a listener Node would crash on the error event.
   */
  onIdleError?: (err: Error) => void;
  /** Start PGlite from this dumped data directory (a .tar or .tar.gz); the test suite's template. */
  pgliteTemplate?: string;
  /**
   * PGlite only: a new data directory starts as a copy of a cached template instead of running
   * initdb (see pglite-template.ts): `pristine` (the default: an empty database), or the current
   * schema for callers that migrate next (`{ migrate }`: the migrator, passed in so this file does
   * not depend on it); `none` initialises in place. With `copyOf` (a closed PGlite data directory
   * of the current schema: the demo school's template) a new directory is a copy of that instead,
   * made under the directory's lock; when it is absent, the migrated template as before.
   */
  newDirFrom?: 'pristine' | 'none' | { migrate: (db: Db) => Promise<unknown>; copyOf?: string };
};

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.onIdleError);
  const dir = options.pgliteDir;
  if (!dir) throw new Error('openDatabase needs a PGlite directory or a PostgreSQL URL');
  return openPglite(dir, options.onFatal, options.pgliteTemplate, options.newDirFrom ?? 'pristine');
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparseable URL)';
  }
}

async function openPostgres(url: string, onIdleError: (err: Error) => void = () => {}): Promise<Database> {
  // The PostgreSQL driver loads only when a URL is given (most schools run on PGlite).
  const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  // int8 (counts, bigserial ids) as numbers rather than strings: Belfry never counts past 2^53.
  const pgTypes = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  pool.on('error', onIdleError);
  // Fail now, with a clear message, rather than on the first request.
  const client = await pool.connect().catch((err: Error) => {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${err.message}`);
  });
  client.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    description: redactUrl(url),
    close: () => pool.end(),
  };
}

async function openPglite(
  dir: string,
  onFatal: ((err: Error) => void) | undefined,
  template: string | undefined,
  newDirFrom: NonNullable<OpenOptions['newDirFrom']>,
): Promise<Database> {
  const isMemory = dir.startsWith('memory://');
  const release = isMemory ? () => {} : lockDataDir(dir);
  let thread: PGliteThread;
  let copiedFrom: string | undefined;
  try {
    if (!isMemory) mkdirSync(dir, { recursive: true });
    if (!isMemory && !template && newDirFrom !== 'none' && isUninitialised(dir)) {
      const copyOf = typeof newDirFrom === 'object' ? newDirFrom.copyOf : undefined;
      if (copyOf && !isUninitialised(copyOf)) {
        try {
          copyDataDir(copyOf, dir);
          copiedFrom = copyOf;
        } catch {
          // A template removed while being copied: the migrated template below instead.
        }
      }
      if (!copiedFrom) {
        const kind: TemplateKind = newDirFrom === 'pristine' ? 'pristine' : 'migrated';
        await fillFromTemplate(dir, kind, templateHooks(newDirFrom === 'pristine' ? undefined : newDirFrom.migrate));
      }
    }
    thread = await PGliteThread.open(dir, onFatal, template);
    // PGlite lays out a new data directory with 0666 files whatever the umask; later files
    // follow the umask (077, main.ts). Made private here, on every open.
    if (!isMemory) makePrivate(dir);
  } catch (err) {
    release();
    throw err;
  }
  // The thread implements the part of PGlite's client API that Drizzle's driver calls.
  const db = drizzlePglite(thread as never) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    dumpDataDir: (compression) => thread.dumpDataDir(compression),
    description: isMemory ? 'embedded PGlite (in memory)' : `embedded PGlite in ${dir}`,
    copiedFrom,
    close: async () => {
      await thread.close();
      release();
    },
  };
}

const templateHooks = (migrate?: (db: Db) => Promise<unknown>) => ({
  initialise: async (scratch: string) => {
    const thread = await PGliteThread.open(scratch);
    await thread.close();
  },
  migrate: async (scratch: string) => {
    if (!migrate) throw new Error('no migrator given');
    const thread = await PGliteThread.open(scratch);
    try {
      await migrate(drizzlePglite(thread as never) as unknown as Db);
    } finally {
      await thread.close();
    }
  },
});

/** Who a process is: its pid, and when it started (Linux: ticks since boot, and the boot's id). */
export type ProcessIdentity = { pid: number; start?: string; boot?: string };

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, read after the command name (which may hold spaces and parentheses). */
function startTimeOf(pid: number | 'self'): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, start: startTimeOf('self'), boot: readProc('/proc/sys/kernel/random/boot_id')?.trim() };
}

/**
 * Whether the process a lock names is still the one that wrote it. A pid alone is not enough:
 * after a crash, a container's new PID 1 finds its own pid in the lock, and after a reboot any
 * pid may belong to another program. Where /proc tells us, the start time and boot must match too.
 */
export function isHolderRunning(holder: ProcessIdentity, self: ProcessIdentity = currentProcessIdentity()): boolean {
  if (holder.boot && self.boot && holder.boot !== self.boot) return false;
  if (holder.pid === self.pid) return holder.start === undefined || self.start === undefined || holder.start === self.start;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!holder.start) return true;
  const now = startTimeOf(holder.pid);
  return now === undefined || now === holder.start;
}

function readLock(text: string): ProcessIdentity | undefined {
  try {
    const v = JSON.parse(text) as ProcessIdentity | number;
    // A lock written before start times were recorded holds the pid alone.
    if (typeof v === 'number') return v > 0 ? { pid: v } : undefined;
    return typeof v?.pid === 'number' ? { pid: v.pid, start: v.start, boot: v.boot } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. A lock file naming our process (pid, start time, boot) keeps `belfry backup` from opening
 * it under a running server; a lock whose process has gone (crash, kill -9, a restarted
 * container where the new server is PID 1 again) is stale and taken over.
 */
export function lockDataDir(dir: string, self: ProcessIdentity = currentProcessIdentity()): () => void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, 'belfry.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // 'wx' creates the file only if it does not exist: of two processes starting at once, one wins.
      writeFileSync(lock, JSON.stringify(self), { flag: 'wx', mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(readProc(lock) ?? '');
    if (holder && isHolderRunning(holder, self)) {
      throw new Error(
        `The database in ${dir} is in use by a Belfry process (pid ${holder.pid}). Stop that process first; ` +
          'a running server writes its own daily backups to the backups folder of the data directory.',
      );
    }
    // The process that held the lock has gone (a crash or kill -9): the lock is stale.
    rmSync(lock, { force: true });
  }
  throw new Error(`Could not lock ${dir}`);
}
