import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type CliEnv, runCli } from '../server/cli.ts';
import { openDatabase } from '../server/db/connect.ts';
import { queryRows } from '../server/db/rows.ts';
import { type Benchmark, type BenchResult, httpRequest, type Metric, median, percentile, sleep } from './lib.ts';

/**
 * A whole year group answering at once: a real Belfry server (`node bin/belfry.mjs serve`, a child
 * process on a free port) with one open senior-pupil survey of ten questions, and 2,000
 * submissions sent over HTTP all at the same moment, plus 200 of them sent a second time with the
 * same idempotency key (a double tap, a retry after a dropped connection). Afterwards the database
 * itself is counted: every submission stored, none twice. On PGlite, and on PostgreSQL when
 * BENCH_PG_URL is set.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'belfry.mjs');
const SUBMISSIONS = Number(process.env.BENCH_SURVEY_SUBMISSIONS ?? 2000);
const REPEATS = Math.round(SUBMISSIONS / 10);
const PASSWORD = 'bench-password-survey-2026';
const EMAIL = 'bench-admin@bench.example';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => (port === 3000 || port === 3111 || port === 3222 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

function env(port: number, databaseUrl?: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BELFRY_') && k !== 'DATABASE_URL') out[k] = v;
  Object.assign(out, {
    PORT: String(port),
    HOST: '127.0.0.1',
    BELFRY_LOG_LEVEL: 'warn',
    BELFRY_BASE_URL: `http://127.0.0.1:${port}`,
  });
  if (databaseUrl) out.DATABASE_URL = databaseUrl;
  return out;
}

async function addAdmin(dataDir: string, databaseUrl?: string): Promise<void> {
  let err = '';
  const cli: CliEnv = {
    env: databaseUrl ? { DATABASE_URL: databaseUrl } : {},
    cwd: ROOT,
    stdout: () => {},
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => PASSWORD,
    stderrIsTty: false,
    stdoutIsTty: false,
    untilStopped: () => Promise.reject(new Error('not serving')),
  };
  const code = await runCli(
    ['--data-dir', dataDir, 'user', 'add', '--email', EMAIL, '--name', 'Bench', '--role', 'admin', '--password-stdin'],
    cli,
  );
  if (code !== 0) throw new Error(`could not create the admin: ${err}`);
}

async function startServer(dataDir: string, databaseUrl?: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_NODE_ARGS passes flags to the server's node (e.g. --cpu-prof to see where its time goes).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, '--data-dir', dataDir, 'serve'], {
    env: env(port, databaseUrl),
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('Belfry exited during start-up');
    const ok = await httpRequest(`${url}/api/health`, { timeoutMs: 2000 })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { url, child };
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('Belfry did not start in 120 s');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** CPU seconds (user + system, every thread) a process has used, from /proc; 0 where there is none. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

type Session = { cookie: string; csrf: string };

async function call(url: string, s: Session, method: string, body?: unknown) {
  const r = await httpRequest(url, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.body}`);
  return JSON.parse(r.body || '{}');
}

type Variant = {
  stored: number;
  repeatsAnswered: number;
  failed: number;
  inDatabase: number;
  distinctKeys: number;
  answers: number;
  latencies: number[];
  wallMs: number;
  /** CPU the server (and its database thread; the PostgreSQL server's own is not counted) used for the burst. */
  serverCpuS: number;
};

async function measure(kind: 'pglite' | 'postgres', log: (l: string) => void, adminUrl?: string): Promise<Variant> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-survey-'));
  const dbName = kind === 'postgres' ? `belfry_bench_survey_${process.pid}` : undefined;
  let databaseUrl: string | undefined;
  if (kind === 'postgres' && adminUrl && dbName) {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  try {
    await addAdmin(dataDir, databaseUrl);
    const { url, child } = await startServer(dataDir, databaseUrl);
    let run: Omit<Variant, 'inDatabase' | 'distinctKeys' | 'answers'>;
    let instrumentId = '';
    try {
      const login = await httpRequest(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      });
      const cookie = [login.headers['set-cookie'] ?? []]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; ');
      const s: Session = { cookie, csrf: (JSON.parse(login.body) as { csrfToken: string }).csrfToken };
      // Every submission comes from 127.0.0.1 here: lift the per-address rate (a school behind one address would too).
      await call(`${url}/api/settings/surveys.sharedLinkAnswersPerAddress`, s, 'PUT', { value: 100_000 }).catch(() => {
        // A tree from before the per-address rate has no such setting.
      });
      const inst = await call(`${url}/api/surveys/instruments`, s, 'POST', { audience: 'senior', year: 2026 });
      instrumentId = inst.id;
      const scaleItems = Array.from({ length: 8 }, (_, i) => ({
        kind: 'scale',
        wording: `Question ${i + 1}`,
        scaleId: 'agree5',
        allowNotUsed: true,
      }));
      const built = await call(`${url}/api/surveys/instruments/${inst.id}/items`, s, 'PUT', {
        items: [
          ...scaleItems,
          {
            kind: 'multi',
            wording: 'Which do you use?',
            options: [
              { code: 'A', label: 'Laptop' },
              { code: 'B', label: 'Phone' },
            ],
          },
          { kind: 'text', wording: 'Anything else?' },
        ],
      });
      const now = Date.now();
      await call(`${url}/api/surveys/instruments/${inst.id}`, s, 'PATCH', {
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 86400_000).toISOString(),
        published: true,
      });
      const items = built.items as { id: string }[];
      const payloads = Array.from({ length: SUBMISSIONS }, (_, n) => ({
        key: randomUUID(),
        segment: `Y${9 + (n % 5)}`,
        answers: [
          ...items
            .slice(0, 8)
            .map((it, i) =>
              (n + i) % 17 === 0 ? { itemId: it.id, notUsed: true } : { itemId: it.id, code: 1 + ((n * 7 + i) % 5) },
            ),
          { itemId: items[8]?.id, options: n % 2 ? ['A', 'B'] : ['A'] },
          ...(n % 20 === 0 ? [{ itemId: items[9]?.id, text: 'The Wi-Fi in the library is slow' }] : []),
        ],
      }));
      // Every submission and 1 in 10 sent twice, shuffled together, all in flight at once.
      const sends = [...payloads, ...payloads.filter((_, i) => i % 10 === 3)].map((p, i) => ({ p, order: (i * 7919) % 104729 }));
      sends.sort((a, b) => a.order - b.order);
      const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
      log(`${kind}: sending ${sends.length} submissions at once`);
      const cpu0 = await cpuSeconds(child.pid);
      const t0 = performance.now();
      const results = await Promise.all(
        sends.map(async ({ p }) => {
          const start = performance.now();
          const r = await httpRequest(`${url}/api/public/surveys/${inst.shareToken}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(p),
            agent,
            timeoutMs: 120_000,
          }).catch((e: Error) => ({ status: 0, body: e.message, headers: {} }));
          return { ms: performance.now() - start, status: r.status, body: r.body };
        }),
      );
      const wallMs = performance.now() - t0;
      const serverCpuS = (await cpuSeconds(child.pid)) - cpu0;
      agent.destroy();
      const stored = results.filter((r) => r.status === 201).length;
      const repeatsAnswered = results.filter((r) => r.status === 200 && r.body.includes('"duplicate":true')).length;
      const failed = results.length - stored - repeatsAnswered;
      if (failed) log(`${kind}: ${failed} failed, e.g. ${results.find((r) => r.status !== 201 && r.status !== 200)?.body}`);
      run = { stored, repeatsAnswered, failed, latencies: results.map((r) => r.ms), wallMs, serverCpuS };
    } finally {
      await stop(child);
    }
    // Count in the database itself, after the server has gone.
    const database = await openDatabase(databaseUrl ? { databaseUrl } : { pgliteDir: path.join(dataDir, 'pglite') });
    try {
      const [row] = await queryRows<{ n: number; keys: number; answers: number }>(
        database.db,
        sql`SELECT count(*)::int AS n, count(DISTINCT source_key)::int AS keys,
                   (SELECT count(*)::int FROM surveys_answers a JOIN surveys_responses r ON r.id = a.response_id WHERE r.instrument_id = ${instrumentId}) AS answers
            FROM surveys_responses WHERE instrument_id = ${instrumentId}`,
      );
      return { ...run, inDatabase: row?.n ?? 0, distinctKeys: row?.keys ?? 0, answers: row?.answers ?? 0 };
    } finally {
      await database.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    if (dbName && adminUrl) {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.end();
    }
  }
}

export const benchmark: Benchmark = {
  description: `${SUBMISSIONS.toLocaleString('en-GB')} survey submissions at once over HTTP (plus ${REPEATS} retried): all stored, none twice`,
  run: async (log): Promise<BenchResult> => {
    const adminUrl = process.env.BENCH_PG_URL;
    const kinds: ('pglite' | 'postgres')[] = adminUrl ? ['pglite', 'postgres'] : ['pglite'];
    const runs: Partial<Record<string, Variant>> = {};
    for (const kind of kinds) {
      const r = await measure(kind, log, adminUrl);
      runs[kind] = r;
      log(
        `${kind}: ${r.stored} stored, ${r.repeatsAnswered} repeats answered as duplicates, ${r.inDatabase} rows (${r.distinctKeys} keys) in the database`,
      );
      if (r.inDatabase !== SUBMISSIONS || r.distinctKeys !== SUBMISSIONS || r.failed !== 0)
        throw new Error(
          `${kind}: expected ${SUBMISSIONS} responses stored once each, found ${r.inDatabase} (${r.failed} failed)`,
        );
    }
    const metric = (name: string, unit: string, pick: (r: Variant) => number): Metric => ({
      name,
      unit,
      values: Object.fromEntries(kinds.map((k) => [k, pick(runs[k] as Variant)])),
    });
    return {
      variants: kinds,
      metrics: [
        metric('submissions sent (distinct)', 'count', () => SUBMISSIONS),
        metric('stored (201)', 'count', (r) => r.stored),
        metric('repeats answered "duplicate" (200)', 'count', (r) => r.repeatsAnswered),
        metric('failed', 'count', (r) => r.failed),
        metric('responses in the database', 'count', (r) => r.inDatabase),
        metric('distinct idempotency keys in the database', 'count', (r) => r.distinctKeys),
        metric('answers in the database', 'count', (r) => r.answers),
        metric('submit latency, median', 'ms', (r) => median(r.latencies)),
        metric('submit latency, p95', 'ms', (r) => percentile(r.latencies, 95)),
        metric('submit latency, p99', 'ms', (r) => percentile(r.latencies, 99)),
        metric('submit latency, max', 'ms', (r) => Math.max(...r.latencies)),
        metric('all submissions, wall clock', 's', (r) => r.wallMs / 1000),
        metric('throughput', 'req/s', (r) => r.latencies.length / (r.wallMs / 1000)),
        // Whatever the machine's load: the server's CPU per request, and the rate one core of it would give.
        metric('server CPU, whole burst', 's', (r) => r.serverCpuS),
        metric('server CPU per request', 'ms', (r) => (1000 * r.serverCpuS) / r.latencies.length),
        metric('requests per server CPU second', 'req/s', (r) => r.latencies.length / r.serverCpuS),
      ],
      notes: [
        'All requests start together: latency includes queueing behind the others, so the median is about half the wall clock.',
        'The client runs on the same 2-core machine as the server.',
      ],
    };
  },
};
