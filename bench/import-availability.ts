import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Benchmark, freePort, httpRequest, type Metric, p95, percentile, signInDemo, sleep, summarize } from './lib.ts';
import { writeCsv } from './security-ingest.ts';

/**
 * Issue 12 item 4: does a large import take the app offline? A 1,000,000-row Entra sign-in CSV
 * (bench/security-ingest's generator, about 800 MiB) is uploaded through the upload API
 * (`POST /api/imports/entra-signins`) to a real `belfry serve` on PGlite with the demo school,
 * and while the import job runs, one client asks for Today (`/api/today`, signed in as the
 * Director) and another for `/api/health`, each again 100 ms after its last answer. Two servers
 * in the same run, one after the other on the same file:
 *
 * - `before`: the code before this change (471725f, extracted with git archive): the import is
 *   one transaction holding PGlite's one connection;
 * - `after`: this tree: slices that each commit, invisible until one short publish step.
 *
 * Detections after the import (`security.detectAfterImport`) are switched off in both, so the
 * window measured is the import itself; they are a separate workload (bench/security-ingest).
 * The machine's load average is recorded at the start and end of each variant.
 *
 * BENCH_SECURITY_ROWS=20000 gives a quick run; BENCH_BASELINE_REF chooses the `before` commit.
 */

const ROWS = Number(process.env.BENCH_SECURITY_ROWS ?? 1_000_000);
/** BENCH_AVAILABILITY_KIND=wifi: a generic Wi-Fi CSV of BENCH_WIFI_ROWS attempts instead of the sign-ins. */
const WIFI = process.env.BENCH_AVAILABILITY_KIND === 'wifi';
const WIFI_ROWS = Number(process.env.BENCH_WIFI_ROWS ?? 1_000_000);
const KIND = WIFI ? 'wifi-csv' : 'entra-signins';
const N = WIFI ? WIFI_ROWS : ROWS;

/** Connection attempts in the generic `wifi-csv` shape: 2,500 devices on 60 APs over school days, a ninth failing. */
function writeWifiCsv(file: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, 'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi\n');
    const start = Date.parse('2026-11-16T08:00:00Z');
    const stages = ['assoc', 'auth', 'dhcp', 'dns'];
    let buf = '';
    for (let i = 0; i < WIFI_ROWS; i++) {
      const d = i % 2500;
      const ts = new Date(start + Math.floor(i / 2500) * 20_000 + d * 7).toISOString();
      const ok = i % 9 !== 0;
      const mac = `3c:22:fb:0${d >> 12}:${((d >> 8) & 15).toString(16).padStart(2, '0')}:${(d & 255).toString(16).padStart(2, '0')}`;
      buf += `${ts},BENCH-AP-${d % 60},${mac},,Bench,5,${ok ? 'connected' : stages[i % 4]},${ok},-${50 + (i % 35)}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GAP_MS = 100;
const PARALLEL = process.env.BENCH_AVAILABILITY_PARALLEL === '1';
const REQUEST_TIMEOUT_MS = 600_000;

type Running = { url: string; stop: () => Promise<void>; child: ChildProcess };

async function startBelfry(codeDir: string, dataDir: string): Promise<Running> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BELFRY_') && k !== 'DATABASE_URL') env[k] = v;
  // The scheduler's first tick (60 s after start) would back the new directory up: a consistent read that
  // holds PGlite's connection for seconds. Put off, so the window is the import's alone.
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', BELFRY_LOG_LEVEL: 'warn', BELFRY_SCHEDULER_DELAY_SECONDS: '3600' });
  const tail: string[] = [];
  const child = spawn(
    process.execPath,
    [path.join(codeDir, 'bin/belfry.mjs'), '--data-dir', dataDir, 'serve', '--demo-if-empty'],
    {
      cwd: codeDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (c: Buffer) => {
    tail.push(...c.toString('utf8').split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (exited()) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 300 && !exited(); i++) await sleep(100);
    if (!exited()) child.kill('SIGKILL');
  };
  const t0 = performance.now();
  for (;;) {
    if (exited()) throw new Error(`Belfry exited before answering:\n${tail.join('\n')}`);
    if (performance.now() - t0 > 1_800_000) {
      await stop();
      throw new Error('Belfry did not answer within 30 minutes');
    }
    const ok = await httpRequest(`${url}/api/health`, { timeoutMs: 5_000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { url, stop, child };
    await sleep(200);
  }
}

/** Streams `file` as the multipart field "file"; resolves with the answer. */
function upload(url: string, auth: { cookie: string; csrf: string }, file: string): Promise<{ status: number; body: string }> {
  const boundary = `----belfry-bench-${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          cookie: auth.cookie,
          'x-csrf-token': auth.csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + statSync(file).size + tail.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file);
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

type Sample = { at: number; ms: number; status: number };

/** One client: asks `path` again GAP_MS after each answer until `stop()`. */
function sampler(url: string, headers: Record<string, string>) {
  const samples: Sample[] = [];
  let running = true;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = await httpRequest(url, { headers, agent, timeoutMs: REQUEST_TIMEOUT_MS }).catch(() => ({ status: 0 }));
      samples.push({ at: t0, ms: performance.now() - t0, status: r.status });
      await sleep(GAP_MS);
    }
    agent.destroy();
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

type VariantResult = {
  longestWait: string;
  idle: { today: number[]; health: number[] };
  during: { today: number[]; health: number[]; errors: number };
  importSeconds: number;
  uploadSeconds: number;
  jobStatus: string;
  created: number | null;
  load: { start: number[]; end: number[] };
};

async function measure(codeDir: string, dataDir: string, file: string, log: (s: string) => void): Promise<VariantResult> {
  const load = { start: os.loadavg(), end: [] as number[] };
  const server = await startBelfry(codeDir, dataDir);
  try {
    const auth = await signInDemo(server.url, dataDir);
    const set = await httpRequest(`${server.url}/api/settings/security.detectAfterImport`, {
      method: 'PUT',
      headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ value: false }),
    });
    if (set.status !== 200) throw new Error(`could not switch the detections off: ${set.status} ${set.body}`);
    // Idle first: the same two clients for 15 s with nothing else running.
    let today = sampler(`${server.url}/api/today`, { cookie: auth.cookie });
    let health = sampler(`${server.url}/api/health`, {});
    await sleep(15_000);
    await Promise.all([today.stop(), health.stop()]);
    const idle = { today: today.samples.map((s) => s.ms), health: health.samples.map((s) => s.ms) };
    log(`  idle: Today p95 ${p95(idle.today).toFixed(0)} ms, health p95 ${p95(idle.health).toFixed(1)} ms`);

    today = sampler(`${server.url}/api/today`, { cookie: auth.cookie });
    health = sampler(`${server.url}/api/health`, {});
    const t0 = performance.now();
    const answer = await upload(`${server.url}/api/imports/${KIND}`, auth, file);
    const uploadSeconds = (performance.now() - t0) / 1000;
    if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const jobId = (JSON.parse(answer.body) as { job: { id: string } }).job.id;
    log(`  uploaded in ${uploadSeconds.toFixed(1)} s; job ${jobId}`);
    let job: { status: string; result?: { created?: number }; error?: string; message?: string; done?: number };
    const phases: { at: number; phase: string }[] = [];
    for (;;) {
      await sleep(1000);
      const r = await httpRequest(`${server.url}/api/jobs/${jobId}`, {
        headers: { cookie: auth.cookie },
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      job = JSON.parse(r.body);
      phases.push({ at: performance.now(), phase: `${job.status} ${job.message ?? ''} ${job.done ?? ''}`.trim() });
      if (job.status !== 'running') break;
    }
    const importSeconds = (performance.now() - t0) / 1000;
    await Promise.all([today.stop(), health.stop()]);
    const inWindow = (s: Sample) => s.at >= t0;
    const during = {
      today: today.samples.filter(inWindow).map((s) => s.ms),
      health: health.samples.filter(inWindow).map((s) => s.ms),
      errors: [...today.samples, ...health.samples].filter((s) => s.status !== 200).length,
    };
    log(
      `  import ${job.status} (${job.result?.created ?? job.error}) in ${importSeconds.toFixed(0)} s; Today p95 ${p95(during.today).toFixed(0)} ms (n ${during.today.length}), health p95 ${p95(during.health).toFixed(0)} ms (n ${during.health.length})`,
    );
    load.end = os.loadavg();
    // Where the longest wait fell: the job's phase at the first poll after that request was sent.
    const longest = [...today.samples, ...health.samples].filter(inWindow).sort((a, b) => b.ms - a.ms)[0];
    const phaseAt = longest && phases.find((p) => p.at >= longest.at);
    const longestWait = longest
      ? `${Math.round(longest.ms)} ms, sent ${((longest.at - t0) / 1000).toFixed(1)} s after the upload began, the job then: ${phaseAt?.phase ?? 'finished'}`
      : 'none';
    log(`  longest wait: ${longestWait}`);
    return {
      longestWait,
      idle,
      during,
      importSeconds,
      uploadSeconds,
      jobStatus: job.status,
      created: job.result?.created ?? null,
      load,
    };
  } finally {
    await server.stop();
  }
}

/** The code before this change: the merge base with main, as files, sharing this tree's node_modules. */
function extractBaseline(dir: string): string {
  // 471725f: main just before issue 12 item 4, the last commit where a sign-in import is one
  // transaction (the merge base moves once this branch is merged, so it is named here).
  const ref = process.env.BENCH_BASELINE_REF ?? '471725f';
  const out = path.join(dir, 'baseline');
  mkdirSync(out);
  execFileSync('sh', ['-c', `git archive --format=tar ${ref} | tar -x -C "${out}"`], { cwd: ROOT });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
  return execFileSync('git', ['rev-parse', '--short', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
}

export const benchmark: Benchmark = {
  description: `Today and health latency while a ${N.toLocaleString('en-GB')}-row ${WIFI ? 'Wi-Fi' : 'sign-in'} import runs through the upload API (PGlite), before and after staged imports`,
  run: async (log) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-availability-'));
    try {
      const baseRef = extractBaseline(dir);
      const file = path.join(dir, WIFI ? 'wifi-availability.csv' : 'InteractiveSignIns_availability.csv');
      if (WIFI) writeWifiCsv(file);
      else await writeCsv(file);
      log(`wrote ${N.toLocaleString('en-GB')} rows (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB); before = ${baseRef}`);
      const results: Record<string, VariantResult> = {};
      const run = async (variant: string, codeDir: string) => {
        const dataDir = path.join(dir, `data-${variant}`);
        results[variant] = await measure(codeDir, dataDir, file, (s) => log(`${variant}: ${s.trim()}`));
        if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
      };
      // BENCH_AVAILABILITY_PARALLEL=1: both servers at once, under the same load (a busy shared machine).
      if (PARALLEL) {
        // Both to the end (each stops its own server) before the directory goes.
        const settled = await Promise.allSettled([run('before', path.join(dir, 'baseline')), run('after', ROOT)]);
        for (const s of settled) if (s.status === 'rejected') throw s.reason;
      } else {
        await run('before', path.join(dir, 'baseline'));
        await run('after', ROOT);
      }
      const variants = ['before', 'after'];
      const each = (f: (r: VariantResult) => number) =>
        Object.fromEntries(variants.map((v) => [v, f(results[v] as VariantResult)]));
      const metrics: Metric[] = [
        { name: 'import: upload + job, wall time', unit: 's', values: each((r) => r.importSeconds) },
        { name: WIFI ? 'attempts created' : 'sign-ins created', unit: 'count', values: each((r) => r.created ?? 0) },
        { name: 'during the import: Today p95 (goal < 300 ms)', unit: 'ms', values: each((r) => p95(r.during.today)) },
        { name: 'during the import: Today median', unit: 'ms', values: each((r) => percentile(r.during.today, 50)) },
        { name: 'during the import: Today max', unit: 'ms', values: each((r) => Math.max(...r.during.today)) },
        { name: 'during the import: Today answers', unit: 'count', values: each((r) => r.during.today.length) },
        { name: 'during the import: health p95 (goal < 100 ms)', unit: 'ms', values: each((r) => p95(r.during.health)) },
        { name: 'during the import: health max', unit: 'ms', values: each((r) => Math.max(...r.during.health)) },
        { name: 'during the import: health answers', unit: 'count', values: each((r) => r.during.health.length) },
        { name: 'during the import: failed requests', unit: 'count', values: each((r) => r.during.errors) },
        { name: 'idle: Today p95', unit: 'ms', values: each((r) => p95(r.idle.today)) },
        { name: 'idle: health p95', unit: 'ms', values: each((r) => p95(r.idle.health)) },
        { name: 'load average (1 min) at start', unit: '', values: each((r) => r.load.start[0] as number) },
        { name: 'load average (1 min) at end', unit: '', values: each((r) => r.load.end[0] as number) },
      ];
      return {
        variants,
        metrics,
        notes: [
          `before = ${baseRef} (one transaction for the whole import); after = this tree (committed slices, one short publish).`,
          'Detections after the import were switched off in both servers: the window is the import itself.',
          `Each client waits ${GAP_MS} ms after an answer before asking again; a request that waits for the import counts as one long sample.`,
          PARALLEL
            ? 'The two servers ran at the same time (BENCH_AVAILABILITY_PARALLEL=1), each with its own clients, so both met the same machine load.'
            : 'The two servers ran one after the other.',
        ],
        details: Object.fromEntries(
          variants.map((v) => {
            const r = results[v] as VariantResult;
            return [
              v,
              {
                baseRef,
                jobStatus: r.jobStatus,
                longestWait: r.longestWait,
                uploadSeconds: r.uploadSeconds,
                load: r.load,
                todayDuring: summarize(r.during.today),
                healthDuring: summarize(r.during.health),
                todayIdle: summarize(r.idle.today),
                healthIdle: summarize(r.idle.health),
              },
            ];
          }),
        ),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
