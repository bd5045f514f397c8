import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { env } from 'node:process';
import pg from 'pg';
import { type Database, openDatabase } from '../server/db/connect.ts';

export type BenchDatabase = { database: Database; close: () => Promise<void> };

/**
 * A fresh, empty database for one benchmark run: a PGlite data directory in the temp folder, or
 * a new database on the `BENCH_PG_URL` server. `close` removes it either way.
 */
export async function openBenchDatabase(kind: 'pglite' | 'postgres', label: string): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), `belfry-bench-${label}-`));
    const database = await openDatabase({ pgliteDir: dir });
    return {
      database,
      close: async () => {
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = env.BENCH_PG_URL as string;
  const name = `belfry_bench_${label}_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString() });
  return {
    database,
    close: async () => {
      await database.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}
