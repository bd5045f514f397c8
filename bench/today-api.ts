import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { type Config, parseConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { systemClock } from '../server/lib/clock.ts';
import { pgliteDir, resolveSessionSecret } from '../server/runtime.ts';
import {
  type Benchmark,
  type BenchResult,
  httpRequest,
  type Metric,
  median,
  procMemory,
  type Summary,
  sleep,
  summarize,
  timeConcurrent,
  timeLoop,
} from './lib.ts';

/**
 * GET /api/today against a real Belfry: `node bin/belfry.mjs serve --demo-if-empty` as a child
 * process on a free port, the demo school loaded, signed in as its admin over HTTP. Measured on
 * the embedded PGlite and, when BENCH_PG_URL names a PostgreSQL server, on a fresh database there.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'belfry.mjs');

const WARMUP = 50;
const SEQUENTIAL = 500;
const CLIENTS = 20;
const PER_CLIENT = 50;
const RESTARTS = 3;
const START_TIMEOUT_MS = 180_000;
const RESERVED_PORTS = new Set([3000, 3111]);

type Running = {
  pid: number;
  url: string;
  /** ms from spawn to the first 200 from /api/health. */
  startMs: number;
  stop: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => (RESERVED_PORTS.has(port) ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

/** The environment Belfry gets: ours, minus any Belfry settings that would change what is measured. */
function serverEnv(port: number, databaseUrl?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BELFRY_') && k !== 'DATABASE_URL') env[k] = v;
  env.PORT = String(port);
  env.HOST = '127.0.0.1';
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Spawns Belfry and resolves once /api/health answers 200; stop() sends SIGTERM (SIGKILL after 15 s). */
async function startBelfry(dataDir: string, databaseUrl?: string): Promise<Running> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--demo-if-empty'], {
    cwd: ROOT,
    env: serverEnv(port, databaseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Belfry logs every request to stdout: drain it, or the server would block on a full pipe.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 15_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`Belfry exited (${child.exitCode ?? child.signalCode}) before answering:\n${tail.join('\n')}`);
      if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`Belfry did not answer within ${START_TIMEOUT_MS} ms`);
      const ok = await httpRequest(`${url}/api/health`, { timeoutMs: 5_000 }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await sleep(20);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  if (!child.pid) throw new Error('no pid');
  return { pid: child.pid, url, startMs: performance.now() - t0, stop };
}

/** The first account listed in <data-dir>/demo-sign-in.txt (the demo admin) and the shared password. */
function demoSignIn(dataDir: string): { email: string; password: string } {
  const text = readFileSync(path.join(dataDir, 'demo-sign-in.txt'), 'utf8');
  const password = /^Password: (\S+)/m.exec(text)?.[1];
  const email = /^\s+(\S+@\S+)\s/m.exec(text)?.[1];
  if (!password || !email) throw new Error(`cannot read the demo sign-in from ${dataDir}/demo-sign-in.txt`);
  return { email, password };
}

async function signIn(url: string, who: { email: string; password: string }): Promise<string> {
  const r = await httpRequest(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.body}`);
  const cookie = [r.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('belfry_session='));
  if (!cookie) throw new Error('sign-in set no belfry_session cookie');
  return cookie.split(';')[0] as string;
}

async function getToday(url: string, cookie: string, agent: http.Agent): Promise<string> {
  const r = await httpRequest(`${url}/api/today`, { headers: { cookie }, agent });
  if (r.status !== 200) throw new Error(`GET /api/today answered ${r.status}: ${r.body.slice(0, 300)}`);
  return r.body;
}

/** The server's resident memory in MiB: now (VmRSS), peak (VmHWM), and its anonymous/file/shared parts. */
async function memoryOf(pid: number): Promise<Record<string, number>> {
  const m = await procMemory(pid);
  return Object.fromEntries(['VmRSS', 'VmHWM', 'RssAnon', 'RssFile', 'RssShmem'].map((k) => [k, m[k] ?? 0]));
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a throwaway database, and what its server processes hold

function withDatabase(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery<T extends pg.QueryResultRow>(adminUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The server processes serving `database`: count, summed VmRSS and summed private (RssAnon) memory, MiB. */
async function backendMemory(adminUrl: string, database: string): Promise<{ backends: number; rss: number; private: number }> {
  const rows = await adminQuery<{ pid: number }>(adminUrl, 'SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  let rss = 0;
  let priv = 0;
  for (const { pid } of rows) {
    const m = await procMemory(pid).catch(() => undefined);
    rss += m?.VmRSS ?? 0;
    priv += m?.RssAnon ?? 0;
  }
  return { backends: rows.length, rss, private: priv };
}

/**
 * How many statements one GET /api/today sends: Belfry's app built in this process on the
 * (stopped) server's PGlite directory, the database client's query() counted around 10 requests.
 */
async function countStatements(dataDir: string): Promise<number> {
  const partial = parseConfig({ BELFRY_LOG_LEVEL: 'silent' }, ROOT, { dataDir });
  const config: Config = { ...partial, sessionSecret: resolveSessionSecret(dataDir) };
  const database = await openDatabase({ pgliteDir: pgliteDir(config) });
  try {
    const app = await buildApp({ database, config, clock: systemClock });
    try {
      const who = demoSignIn(dataDir);
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: who });
      const cookie = login.cookies.find((c) => c.name === 'belfry_session');
      if (login.statusCode !== 200 || !cookie) throw new Error(`in-process sign-in failed: ${login.statusCode}`);
      const client = (database.db as unknown as { session: { client: { query: (...args: unknown[]) => Promise<unknown> } } })
        .session.client;
      const query = client.query.bind(client);
      let statements = 0;
      client.query = (...args) => {
        statements++;
        return query(...args);
      };
      const n = 10;
      for (let i = 0; i < n; i++) {
        const r = await app.inject({ method: 'GET', url: '/api/today', headers: { cookie: `belfry_session=${cookie.value}` } });
        if (r.statusCode !== 200) throw new Error(`in-process GET /api/today answered ${r.statusCode}`);
      }
      client.query = query;
      return statements / n;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------

type VariantRun = {
  firstStartMs: number;
  restartMs: number[];
  sequential: Summary;
  concurrent: Summary & { wallMs: number; perSecond: number };
  memory: { afterStart: Record<string, number>; afterLoad: Record<string, number>; afterRestart: Record<string, number> };
  postgres?: {
    backendsAfterStart: Awaited<ReturnType<typeof backendMemory>>;
    backendsAfterLoad: Awaited<ReturnType<typeof backendMemory>>;
  };
  /** PGlite only: statements one GET /api/today sends to the database (the same code runs on PostgreSQL). */
  statementsPerRequest?: number;
  response: { bytes: number; cards: string[] };
};

async function measure(kind: 'pglite' | 'postgres', log: (line: string) => void, adminUrl?: string): Promise<VariantRun> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-'));
  const dbName = kind === 'postgres' ? `belfry_bench_${process.pid}_${Date.now()}` : undefined;
  let databaseUrl: string | undefined;
  try {
    if (kind === 'postgres') {
      if (!adminUrl || !dbName) throw new Error('BENCH_PG_URL is not set');
      await adminQuery(adminUrl, `CREATE DATABASE "${dbName}"`);
      databaseUrl = withDatabase(adminUrl, dbName);
    }
    const first = await startBelfry(dataDir, databaseUrl);
    let run: Omit<VariantRun, 'restartMs' | 'memory'> & { memory: Omit<VariantRun['memory'], 'afterRestart'> };
    try {
      log(`${kind}: first start (migrations + demo school) answered after ${(first.startMs / 1000).toFixed(1)} s`);
      const afterStart = await memoryOf(first.pid);
      const backendsAfterStart = adminUrl && dbName ? await backendMemory(adminUrl, dbName) : undefined;
      const cookie = await signIn(first.url, demoSignIn(dataDir));

      const one = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const body = await getToday(first.url, cookie, one);
      const cards = (JSON.parse(body) as { cards: { id: string; error?: string }[] }).cards;
      const broken = cards.filter((c) => c.error);
      if (broken.length) throw new Error(`Today cards failed: ${broken.map((c) => c.id).join(', ')}`);

      const seq = await timeLoop(() => getToday(first.url, cookie, one), { warmup: WARMUP, iterations: SEQUENTIAL });
      one.destroy();
      log(`${kind}: ${SEQUENTIAL} sequential requests, median ${median(seq).toFixed(2)} ms`);

      const many = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
      await Promise.all(Array.from({ length: CLIENTS }, () => getToday(first.url, cookie, many)));
      const conc = await timeConcurrent(() => getToday(first.url, cookie, many), { clients: CLIENTS, perClient: PER_CLIENT });
      many.destroy();
      log(`${kind}: ${CLIENTS} clients x ${PER_CLIENT} requests, ${conc.perSecond.toFixed(0)} requests/s`);
      const afterLoad = await memoryOf(first.pid);

      let postgres: VariantRun['postgres'];
      if (adminUrl && dbName) {
        const backendsAfterLoad = await backendMemory(adminUrl, dbName);
        postgres = { backendsAfterStart: backendsAfterStart ?? backendsAfterLoad, backendsAfterLoad };
      }
      run = {
        firstStartMs: first.startMs,
        sequential: summarize(seq),
        concurrent: { ...summarize(conc.samples), wallMs: conc.wallMs, perSecond: conc.perSecond },
        memory: { afterStart, afterLoad },
        postgres,
        response: { bytes: Buffer.byteLength(body), cards: cards.map((c) => c.id) },
      };
    } finally {
      await first.stop();
    }

    // Restarts on the loaded data directory: node + tsx + opening (and checking migrations on) the database.
    const restartMs: number[] = [];
    let afterRestart: Record<string, number> = {};
    for (let i = 0; i < RESTARTS; i++) {
      const again = await startBelfry(dataDir, databaseUrl);
      restartMs.push(again.startMs);
      if (i === RESTARTS - 1) {
        await sleep(500);
        afterRestart = await memoryOf(again.pid);
      }
      await again.stop();
    }
    log(`${kind}: restart answered after ${restartMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const statementsPerRequest = kind === 'pglite' ? await countStatements(dataDir) : undefined;
    if (statementsPerRequest !== undefined) log(`${kind}: GET /api/today sends ${statementsPerRequest} statements`);
    return { ...run, restartMs, memory: { ...run.memory, afterRestart }, statementsPerRequest };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    if (adminUrl && dbName) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

export const benchmark: Benchmark = {
  description: 'GET /api/today on a real Belfry server with the demo school (PGlite, and PostgreSQL when BENCH_PG_URL is set)',
  run: async (log) => {
    const adminUrl = process.env.BENCH_PG_URL;
    const kinds: ('pglite' | 'postgres')[] = adminUrl ? ['pglite', 'postgres'] : ['pglite'];
    const runs: Partial<Record<'pglite' | 'postgres', VariantRun>> = {};
    for (const kind of kinds) runs[kind] = await measure(kind, log, adminUrl);

    const metric = (name: string, unit: string, pick: (r: VariantRun) => number | undefined): Metric => {
      const values: Record<string, number> = {};
      for (const kind of kinds) {
        const r = runs[kind];
        const v = r ? pick(r) : undefined;
        if (v !== undefined) values[kind] = v;
      }
      return { name, unit, values };
    };
    const result: BenchResult = {
      variants: kinds,
      metrics: [
        metric(`sequential: median (${SEQUENTIAL} requests)`, 'ms', (r) => r.sequential.median),
        metric('sequential: p95', 'ms', (r) => r.sequential.p95),
        metric(`${CLIENTS} clients x ${PER_CLIENT}: median`, 'ms', (r) => r.concurrent.median),
        metric(`${CLIENTS} clients x ${PER_CLIENT}: p95`, 'ms', (r) => r.concurrent.p95),
        metric(`${CLIENTS} clients x ${PER_CLIENT}: throughput`, 'req/s', (r) => r.concurrent.perSecond),
        metric('server RSS after start (demo loaded)', 'MiB', (r) => r.memory.afterStart.VmRSS),
        metric('server RSS after the load test', 'MiB', (r) => r.memory.afterLoad.VmRSS),
        metric('server peak RSS (VmHWM), first run', 'MiB', (r) => r.memory.afterLoad.VmHWM),
        metric('server RSS after a restart (idle)', 'MiB', (r) => r.memory.afterRestart.VmRSS),
        metric('PostgreSQL backends, private memory', 'MiB', (r) => r.postgres?.backendsAfterLoad.private),
        metric('database statements per request', 'count', (r) => r.statementsPerRequest),
        metric('first start: spawn to healthy (migrate + demo)', 's', (r) => r.firstStartMs / 1000),
        metric(`restart: spawn to healthy (median of ${RESTARTS})`, 'ms', (r) => median(r.restartMs)),
      ],
      notes: [
        'Client and server share the same machine (and its cores); requests use keep-alive sockets.',
        'The server runs as `npm start` would, logging every request as a JSON line (drained by the benchmark).',
        'Server RSS includes PGlite (it runs on a worker thread inside the server process); with PostgreSQL the database ' +
          'lives in separate processes, counted in the backends row (RssAnon, without shared buffers).',
      ],
      details: {
        settings: { warmup: WARMUP, sequential: SEQUENTIAL, clients: CLIENTS, perClient: PER_CLIENT, restarts: RESTARTS },
        runs,
      },
    };
    if (!adminUrl) result.notes?.push('BENCH_PG_URL was not set, so PostgreSQL was not measured.');
    return result;
  },
};
