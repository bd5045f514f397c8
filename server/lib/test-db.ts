import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Config } from '../config.ts';
import { type Database, type DatabaseKind, openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { migrationsHash } from '../db/pglite-template.ts';
import { fixedClock } from './clock.ts';
import { type Actor, type Ctx, systemActor } from './context.ts';
import { silentLogger } from './logger.ts';
import { captureMailer } from './mailer.ts';

/**
 * Database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
 * Each suite gets its own database, cloned from a migrated template made once per migration
 * change: for PGlite an in-memory database loaded from a plain tarball of the cached migrated
 * data directory (server/db/pglite-template.ts; uncompressed, it loads in about half the time of
 * the gzipped dump used before), for PostgreSQL a TEMPLATE database.
 */

export const TEST_CACHE = path.resolve('node_modules/.cache/belfry');
const templateTar = (hash: string) => path.join(TEST_CACHE, `pglite-template-${hash}.tar`);

// biome-ignore lint/style/noProcessEnv: the test suite's own switch
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const TEST_DB_KINDS: DatabaseKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export const templateDbName = (hash: string) => `belfry_tpl_${hash}`;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Called once per run from Vitest's global setup. */
export async function prepareTestTemplates(): Promise<void> {
  const hash = migrationsHash();
  if (!existsSync(templateTar(hash))) {
    // A scratch directory filled from the migrated data-directory template (made on the way), dumped.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'belfry-tpl-'));
    try {
      const db = await openDatabase({ pgliteDir: scratch, newDirFrom: { migrate } });
      try {
        await migrate(db.db);
        const bytes = await db.dumpDataDir?.('none');
        mkdirSync(TEST_CACHE, { recursive: true });
        const part = `${templateTar(hash)}.${process.pid}`;
        if (bytes) writeFileSync(part, bytes);
        renameSync(part, templateTar(hash));
      } finally {
        await db.close();
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const name = templateDbName(hash);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}`);
      const db = await openDatabase({
        databaseUrl: withDatabase(TEST_DATABASE_URL, name),
      });
      await migrate(db.db);
      await db.close();
    }
    await admin.end();
  }
}

let counter = 0;

/**
 * A fresh, migrated database of the given kind; `close` also drops a PostgreSQL one. `from` starts
 * it from another template instead (a PGlite .tar and a PostgreSQL template database's name): the
 * demo school's (test-demo-db.ts).
 */
export async function openTestDatabase(kind: DatabaseKind, from?: { pgliteTar: string; pgDatabase: string }): Promise<Database> {
  const hash = migrationsHash();
  if (kind === 'pglite') return openDatabase({ pgliteDir: 'memory://', pgliteTemplate: from?.pgliteTar ?? templateTar(hash) });
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `belfry_t_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${from?.pgDatabase ?? templateDbName(hash)}`);
  await admin.end();
  const db = await openDatabase({
    databaseUrl: withDatabase(TEST_DATABASE_URL, name),
  });
  return {
    ...db,
    close: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const TEST_CONFIG: Config = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  dataDir: path.resolve('.tmp/test-data'),
  baseUrl: 'http://localhost:3000',
  isHttps: false,
  sessionSecret: 'test-secret-test-secret-test-secret-0123',
  timeZone: 'Europe/London',
  logLevel: 'silent',
  logFormat: 'json',
  trustProxy: false,
  sessionHours: 12,
  oidc: [],
  oidcAutoProvision: true,
});

/** The test suites' "now": Monday 16 November 2026, 09:00 GMT. */
export const TEST_NOW = '2026-11-16T09:00:00Z';

/** A use-case context on `db`, as the system unless an actor is given, at TEST_NOW unless told. */
export function testCtx(db: Database['db'], actor: Actor = systemActor('test'), now: string = TEST_NOW): Ctx {
  return { db, clock: fixedClock(now), config: TEST_CONFIG, log: silentLogger, mail: captureMailer(), actor };
}

export type TestDb = {
  kind: DatabaseKind;
  database: () => Database;
  /** A use-case context on this database; the clock is fixed at 2026-11-16 09:00 GMT unless given. */
  ctx: (actor?: Actor, now?: string) => Ctx;
};

/**
 * `describe` once per database kind, with a fresh database for the block.
 * Tests inside share it, so each should create the data it looks at.
 */
export function describeEachDatabase(
  name: string,
  body: (t: TestDb) => void,
  options: { open?: (kind: DatabaseKind) => Promise<Database>; openTimeout?: number } = {},
): void {
  const open = options.open ?? openTestDatabase;
  for (const kind of TEST_DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await open(kind);
      }, options.openTimeout);
      afterAll(async () => {
        await database?.close();
      });
      const get = () => {
        if (!database) throw new Error('database not open yet');
        return database;
      };
      body({ kind, database: get, ctx: (actor, now) => testCtx(get().db, actor, now) });
    });
  }
}
