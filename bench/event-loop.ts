import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { backupDatabase } from '../server/db/backup.ts';
import { type Db, openDatabase } from '../server/db/connect.ts';
import { copyCsvFileInto, copyQueryToCsvFile } from '../server/db/copy.ts';
import { type Benchmark, type BenchResult, type Metric, procMemory, sleep, summarize, timeLoop } from './lib.ts';

/**
 * Does a long PGlite query stop the server's event loop? A PGlite database holding ~1M synthetic
 * sign-in rows (COPY from a generated CSV) is queried by a heavy GROUP BY while a 10 ms interval
 * counts ticks and perf_hooks measures event-loop delay: once with PGlite in this thread
 * (`PGlite.create` directly), once through Belfry's worker thread (`openDatabase`). Also the cost
 * of the worker hop on a trivial query. Both sides go through Drizzle, as Belfry's code does.
 */

const ROWS = Number(process.env.BENCH_EVENT_LOOP_ROWS ?? 1_000_000);
const USERS = 2_000;
const DAYS = 90;
const RUNS = 3;
const TRIVIAL_CALLS = 2_000;
const TICK_MS = 10;
const PROBE_AFTER_MS = 100;

const QUERIES = {
  'user-day top 100': `SELECT user_id, date_trunc('day', ts) AS day, count(*) AS n, count(*) FILTER (WHERE status <> 0) AS failures
    FROM signins GROUP BY 1, 2 ORDER BY failures DESC, n DESC LIMIT 100`,
  'user-day, every row to JS': `SELECT user_id, date_trunc('day', ts) AS day, count(*) AS n, count(*) FILTER (WHERE status <> 0) AS failures
    FROM signins GROUP BY 1, 2`,
  'top 100 from the user_day rollup': 'SELECT user_id, day, n, failures FROM user_day ORDER BY failures DESC, n DESC LIMIT 100',
} as const;
const COPY_OUT = 'COPY signins TO a CSV file (copyQueryToCsvFile)';
const BACKUP = 'daily backup (backupDatabase)';

const ROLLUP = `CREATE TABLE user_day (user_id text, day date, n int NOT NULL, failures int NOT NULL, PRIMARY KEY (user_id, day));
  INSERT INTO user_day (user_id, day, n, failures)
  SELECT user_id, cast(ts AS date), count(*), count(*) FILTER (WHERE status <> 0) FROM signins GROUP BY 1, 2;
  CREATE INDEX user_day_failures ON user_day (failures DESC, n DESC);`;

// ---------------------------------------------------------------------------------------------
// Synthetic sign-in log: deterministic, in time order over a 90-day term.

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['FR', 'DE', 'ES', 'US', 'IE', 'NL', 'IN', 'NG', 'CN', 'BR'];
const APPS = ['Outlook', 'Teams', 'SharePoint', 'OneDrive', 'Google Workspace', 'iSAMS', 'Entra', 'Zoom', 'Canva', 'Seesaw'];
const FAILURES = [50126, 50053, 500121, 50074, 53003];

async function writeSigninsCsv(file: string, rows: number): Promise<void> {
  const rng = mulberry32(20260901);
  const start = Date.UTC(2026, 8, 1);
  const step = (DAYS * 86_400_000) / rows;
  const out = createWriteStream(file);
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + i * step).toISOString().slice(0, 23).replace('T', ' ');
    const user = `user${1 + Math.floor(rng() * USERS)}@school.example.org`;
    const ip = `${10 + Math.floor(rng() * 200)}.${Math.floor(rng() * 256)}.${Math.floor(rng() * 256)}.${1 + Math.floor(rng() * 254)}`;
    const country = rng() < 0.97 ? 'GB' : COUNTRIES[Math.floor(rng() * COUNTRIES.length)];
    const app = APPS[Math.floor(rng() * APPS.length)];
    const status = rng() < 0.08 ? FAILURES[Math.floor(rng() * FAILURES.length)] : 0;
    batch.push(`${ts},${user},${ip},${country},${app},${status}\n`);
    if (batch.length === 10_000) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.join(''));
  await once(out, 'finish');
}

// ---------------------------------------------------------------------------------------------
// Measurement

type Observation = {
  queryMs: number;
  rows: number;
  ticks: number;
  expectedTicks: number;
  maxDelayMs: number;
  p99DelayMs: number;
  /** A `select 1` asked for 100 ms into the heavy query: ms from then until it was answered. */
  probeWaitMs: number;
};

async function rowsOf(db: Db, text: string): Promise<number> {
  const r = (await db.execute(sql.raw(text))) as unknown as { rows: unknown[] };
  return r.rows.length;
}

/**
 * Runs one heavy query while a 10 ms interval ticks and the event-loop delay is sampled. Node's
 * histogram records the time between its 10 ms timer's callbacks, so delay = sample - 10 ms.
 */
async function observe(db: Db, work: () => Promise<number>): Promise<Observation> {
  const histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  let ticks = 0;
  const interval = setInterval(() => ticks++, TICK_MS);
  histogram.enable();
  // The histogram's first callback only starts its clock: let it (and the interval) get going,
  // or a query that blocks from its first moment would go unrecorded.
  await sleep(3 * TICK_MS);
  let probe: Promise<number> | undefined;
  const ticksBefore = ticks;
  const t0 = performance.now();
  const probeTimer = setTimeout(() => {
    probe = db.execute(sql`select 1`).then(() => performance.now() - (t0 + PROBE_AFTER_MS));
  }, PROBE_AFTER_MS);
  const rows = await work();
  const queryMs = performance.now() - t0;
  const ticksDuring = ticks - ticksBefore;
  // Let the timers delayed by a blocked loop fire, so their delay is recorded.
  await sleep(3 * TICK_MS);
  histogram.disable();
  clearInterval(interval);
  clearTimeout(probeTimer);
  const probeWaitMs = probe ? await probe : Number.NaN;
  return {
    queryMs,
    rows,
    ticks: ticksDuring,
    expectedTicks: Math.floor(queryMs / TICK_MS),
    maxDelayMs: Math.max(0, histogram.max / 1e6 - TICK_MS),
    p99DelayMs: Math.max(0, histogram.percentile(99) / 1e6 - TICK_MS),
    probeWaitMs,
  };
}

type Job = { work: () => Promise<number>; warmUp: boolean };

type PhaseResult = {
  openMs: number;
  trivial: ReturnType<typeof summarize>;
  jobs: Record<string, { runs: Observation[]; median: Observation }>;
  rssAfterMiB: number;
};

/** The run with the median duration, so each row of the table comes from one real run. */
function medianRun(runs: Observation[]): Observation {
  const sortedRuns = [...runs].sort((a, b) => a.queryMs - b.queryMs);
  return sortedRuns[Math.floor(sortedRuns.length / 2)] as Observation;
}

function queryJobs(db: Db): Record<string, Job> {
  return Object.fromEntries(
    Object.entries(QUERIES).map(([name, text]) => [name, { work: () => rowsOf(db, text), warmUp: true }]),
  );
}

async function phase(
  label: string,
  db: Db,
  openMs: number,
  jobs: Record<string, Job>,
  log: (line: string) => void,
): Promise<PhaseResult> {
  const trivialSamples = await timeLoop(() => db.execute(sql`select 1`), { warmup: 200, iterations: TRIVIAL_CALLS });
  const trivial = summarize(trivialSamples);
  log(`${label}: select 1 median ${(trivial.median * 1000).toFixed(0)} µs over ${TRIVIAL_CALLS} calls`);
  const results: PhaseResult['jobs'] = {};
  for (const [name, job] of Object.entries(jobs)) {
    if (job.warmUp) await job.work(); // shared buffers, plan
    const runs: Observation[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await observe(db, job.work));
      await sleep(200);
    }
    const m = medianRun(runs);
    results[name] = { runs, median: m };
    log(
      `${label}: ${name}: ${m.queryMs.toFixed(0)} ms, ${m.rows} rows, ticks ${m.ticks}/${m.expectedTicks}, ` +
        `max delay ${m.maxDelayMs.toFixed(0)} ms, probe waited ${m.probeWaitMs.toFixed(0)} ms`,
    );
  }
  return { openMs, trivial, jobs: results, rssAfterMiB: (await procMemory(process.pid)).VmRSS ?? 0 };
}

export const benchmark: Benchmark = {
  description: `Event-loop blocking by a heavy PGlite query over ~${ROWS.toLocaleString('en-GB')} rows: in-process vs Belfry's worker thread`,
  run: async (log) => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-eventloop-'));
    const dir = path.join(tmp, 'pglite');
    try {
      // 1. Data: generate the CSV, COPY it in through Belfry's own path (worker, transaction), build a rollup.
      const csv = path.join(tmp, 'signins.csv');
      let t = performance.now();
      await writeSigninsCsv(csv, ROWS);
      const csvMs = performance.now() - t;
      const csvMiB = (await stat(csv)).size / 1024 ** 2;
      log(`generated ${ROWS.toLocaleString('en-GB')} rows (${csvMiB.toFixed(0)} MiB CSV) in ${(csvMs / 1000).toFixed(1)} s`);
      const loader = await openDatabase({ pgliteDir: dir });
      let copyMs: number;
      let rollupMs: number;
      try {
        await loader.db.execute(
          sql`CREATE TABLE signins (ts timestamp NOT NULL, user_id text NOT NULL, ip text NOT NULL, country text NOT NULL, app text NOT NULL, status int NOT NULL)`,
        );
        t = performance.now();
        const copied = await loader.db.transaction((tx) =>
          copyCsvFileInto(tx, 'signins', ['ts', 'user_id', 'ip', 'country', 'app', 'status'], csv),
        );
        copyMs = performance.now() - t;
        if (copied !== ROWS) throw new Error(`COPY loaded ${copied} rows, expected ${ROWS}`);
        log(`COPY through the worker: ${(copyMs / 1000).toFixed(1)} s`);
        t = performance.now();
        await loader.db.transaction(async (tx) => {
          for (const statement of ROLLUP.split(';').filter((s) => s.trim())) await tx.execute(sql.raw(statement));
        });
        await loader.db.execute(sql`VACUUM ANALYZE`);
        rollupMs = performance.now() - t;
        log(`user_day rollup built (and VACUUM ANALYZE) in ${(rollupMs / 1000).toFixed(1)} s`);
      } finally {
        await loader.close();
      }
      await rm(csv, { force: true });

      // 2. PGlite on this thread, as a plain `new PGlite(dir)` app would run it.
      t = performance.now();
      const inProcess = await PGlite.create(dir);
      const inProcessOpenMs = performance.now() - t;
      let main: PhaseResult;
      try {
        const db = drizzle(inProcess) as unknown as Db;
        main = await phase('in-process', db, inProcessOpenMs, queryJobs(db), log);
      } finally {
        await inProcess.close();
      }

      // 3. The same directory through Belfry's worker thread.
      t = performance.now();
      const database = await openDatabase({ pgliteDir: dir });
      const workerOpenMs = performance.now() - t;
      let worker: PhaseResult;
      let backupMiB = 0;
      try {
        // The daily backup (server/scheduler.ts) on this database: COPY TO of every table in one
        // read-only transaction, the bytes sent across, then tar + gzip on the main thread.
        const backupFile = path.join(tmp, 'backup.tar.gz');
        const backup: Job = {
          work: async () => (await backupDatabase(database.db, database.kind, backupFile)).rows,
          warmUp: false,
        };
        // Its first part alone: one table's COPY TO, whose bytes cross from the worker to be written here.
        const copyOut: Job = {
          work: async () => {
            await database.db.transaction((tx) =>
              copyQueryToCsvFile(tx, 'SELECT * FROM signins', path.join(tmp, 'signins-out.csv')),
            );
            return ROWS;
          },
          warmUp: false,
        };
        worker = await phase(
          'worker',
          database.db,
          workerOpenMs,
          { ...queryJobs(database.db), [COPY_OUT]: copyOut, [BACKUP]: backup },
          log,
        );
        backupMiB = (await stat(backupFile)).size / 1024 ** 2;
      } finally {
        await database.close();
      }

      const phases = { 'in-process': main, worker } as const;
      const variants = Object.keys(phases);
      const both = (name: string, unit: string, pick: (p: PhaseResult) => number): Metric => ({
        name,
        unit,
        // A figure that was not measured (NaN) is left out: the table shows '-'.
        values: Object.fromEntries(Object.entries(phases).flatMap(([k, p]) => (Number.isFinite(pick(p)) ? [[k, pick(p)]] : []))),
      });
      const jobMetrics = [...Object.keys(QUERIES), COPY_OUT, BACKUP].flatMap((q) => {
        const at = (p: PhaseResult) => p.jobs[q]?.median;
        return [
          both(`${q}: time`, 'ms', (p) => at(p)?.queryMs ?? Number.NaN),
          both(`${q}: 10 ms ticks that ran`, 'count', (p) => at(p)?.ticks ?? Number.NaN),
          both(`${q}: 10 ms ticks expected`, 'count', (p) => at(p)?.expectedTicks ?? Number.NaN),
          both(`${q}: max event-loop delay`, 'ms', (p) => at(p)?.maxDelayMs ?? Number.NaN),
          both(`${q}: p99 event-loop delay`, 'ms', (p) => at(p)?.p99DelayMs ?? Number.NaN),
          both(`${q}: select 1 sent 100 ms in, waited`, 'ms', (p) => at(p)?.probeWaitMs ?? Number.NaN),
        ];
      });
      const rowsReturned = main.jobs['user-day, every row to JS']?.median.rows ?? 0;
      const result: BenchResult = {
        variants,
        metrics: [
          { name: `generate CSV (${ROWS.toLocaleString('en-GB')} rows)`, unit: 's', values: { worker: csvMs / 1000 } },
          { name: 'COPY FROM /dev/blob (file-backed Blob)', unit: 's', values: { worker: copyMs / 1000 } },
          { name: 'build user_day rollup + VACUUM ANALYZE', unit: 's', values: { worker: rollupMs / 1000 } },
          both('open the data directory', 'ms', (p) => p.openMs),
          both(`select 1: median of ${TRIVIAL_CALLS.toLocaleString('en-GB')}`, 'ms', (p) => p.trivial.median),
          both('select 1: p95', 'ms', (p) => p.trivial.p95),
          ...jobMetrics,
          { name: 'daily backup: .tar.gz size', unit: 'MiB', values: { worker: backupMiB } },
        ],
        notes: [
          `Each query figure is the run with the median time of ${RUNS} (queries after one unmeasured warm-up).`,
          `"user-day, every row to JS" returns ${rowsReturned.toLocaleString('en-GB')} rows: through the worker they are ` +
            'structured-cloned and rebuilt on the main thread, which still blocks it (see max delay).',
          'A PGlite database has one connection: a query sent while another runs waits for it, on either thread. ' +
            "'-' for the probe: the query was over before the probe was due.",
          'Both variants call PGlite through drizzle-orm (db.execute), as Belfry does.',
          "COPY and the backup (server/db/backup.ts) need Belfry's worker client, so they are measured on the worker only. " +
            'The backup is COPY TO of every table in one read-only transaction, then tar + gzip on the main thread.',
        ],
        details: {
          rows: ROWS,
          users: USERS,
          days: DAYS,
          csvMiB,
          queries: QUERIES,
          phases,
        },
      };
      return result;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  },
};
