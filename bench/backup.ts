import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { env } from 'node:process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { systemActor } from '../server/lib/context.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { TEST_CONFIG } from '../server/lib/test-db.ts';
import { loadDemoSchool } from '../server/modules/demo/index.ts';
import type { Benchmark, BenchResult, Metric } from './lib.ts';

/**
 * Backup and restore of the demo school (every module's data), on PGlite and on PostgreSQL
 * (BENCH_PG_URL): time and peak memory (VmHWM of a process doing only that), for the code path
 * before issue 12 (`whole`: each table copied whole into memory; restore loads each table's file
 * whole) beside the streaming one (`stream`: chunks of 512 pages, one in memory at a time), in
 * the same run on the same data. Each operation runs in its own process (bench/backup-worker).
 */

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'backup-worker', 'child.ts');
type ChildResult = { seconds: number; rssBeforeMb: number; peakMb: number; rows: number };

function runChild(op: string, kind: string, target: string, file: string): ChildResult {
  const out = execFileSync('npx', ['tsx', CHILD, op, kind, target, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildResult;
}

async function pgDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = env.BENCH_PG_URL as string;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export const benchmark: Benchmark = {
  description:
    'Backup and restore of the demo school: time and peak memory, whole tables in memory (before) against streaming (after)',
  run: async (log): Promise<BenchResult> => {
    const kinds: ('pglite' | 'postgres')[] = env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
    const variants = kinds.flatMap((k) => [`${k} whole`, `${k} stream`]);
    const metrics: Record<string, Metric> = {};
    const put = (name: string, unit: string, variant: string, value: number) => {
      metrics[name] ??= { name, unit, values: {} };
      (metrics[name] as Metric).values[variant] = value;
    };
    const details: Record<string, unknown> = {};
    const work = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-backup-'));
    try {
      for (const kind of kinds) {
        const cleanup: (() => Promise<void>)[] = [];
        let source = path.join(work, `${kind}-source`);
        if (kind === 'postgres') {
          const d = await pgDatabase(`belfry_bench_backup_src_${process.pid}`);
          source = d.url;
          cleanup.push(d.drop);
        }
        const database = await openDatabase(kind === 'pglite' ? { pgliteDir: source } : { databaseUrl: source });
        await migrate(database.db);
        const t0 = performance.now();
        await loadDemoSchool(
          {
            db: database.db,
            clock: fixedClock('2026-11-16T09:00:00Z'),
            config: TEST_CONFIG,
            log: silentLogger,
            mail: captureMailer(),
            actor: systemActor('bench'),
          },
          { password: 'bench-password-2026' },
        );
        await database.close();
        log(`${kind}: demo school loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        try {
          for (const how of ['whole', 'stream']) {
            const variant = `${kind} ${how}`;
            const file = path.join(work, `${kind}-${how}.tar.gz`);
            const b = runChild(`backup-${how}`, kind, source, file);
            let target = path.join(work, `${kind}-${how}-restored`);
            if (kind === 'postgres') {
              const d = await pgDatabase(`belfry_bench_backup_${how}_${process.pid}`);
              target = d.url;
              cleanup.push(d.drop);
            }
            const r = runChild(`restore-${how}`, kind, target, file);
            put('backup: time', 's', variant, b.seconds);
            put('backup: peak memory of the process', 'MB', variant, b.peakMb);
            put('backup: memory before it began', 'MB', variant, b.rssBeforeMb);
            put('backup file', 'MB', variant, (await stat(file)).size / 1024 / 1024);
            put('restore: time (into an empty database, migrations included)', 's', variant, r.seconds);
            put('restore: peak memory of the process', 'MB', variant, r.peakMb);
            put('rows', 'rows', variant, r.rows);
            details[variant] = { backup: b, restore: r };
            log(
              `${variant}: backup ${b.seconds.toFixed(1)} s peak ${b.peakMb.toFixed(0)} MB; restore ${r.seconds.toFixed(1)} s peak ${r.peakMb.toFixed(0)} MB`,
            );
          }
        } finally {
          for (const c of cleanup) await c();
        }
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return {
      variants,
      metrics: Object.values(metrics),
      notes: [
        'Each backup and restore runs in a process of its own; peak memory is its VmHWM (the PGlite thread included), the memory before is after opening the database.',
        '`whole` is the code before issue 12 with its generated columns left out (as it was, it could not restore the demo school at all).',
      ],
      details,
    };
  },
};
