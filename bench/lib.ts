import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * What every benchmark shares: the result shape the runner prints and saves, measurement
 * helpers (median, nearest-rank percentiles, a timing loop with warm-up, N concurrent clients),
 * a small keep-alive HTTP client, and the machine facts recorded beside each result.
 */

/** One row of the results table: a measured quantity, with a value per variant (column). */
export type Metric = {
  name: string;
  unit: string;
  /** Keyed by variant; a variant that does not measure this metric is left out. */
  values: Record<string, number>;
};

export type BenchResult = {
  /** The table's columns, e.g. ['pglite', 'postgres']; one entry for a single-variant benchmark. */
  variants: string[];
  metrics: Metric[];
  /** Caveats printed under the table and saved with the figures. */
  notes?: string[];
  /** Anything else worth keeping in the JSON (raw runs, settings). */
  details?: Record<string, unknown>;
};

/** A file in bench/ exports `benchmark` of this type; `npm run bench <name>` runs it. */
export type Benchmark = {
  description: string;
  run: (log: (line: string) => void) => Promise<BenchResult>;
};

// ---------------------------------------------------------------------------------------------
// Statistics

function sorted(xs: readonly number[]): number[] {
  if (xs.length === 0) throw new Error('no samples');
  return [...xs].sort((a, b) => a - b);
}

export function median(xs: readonly number[]): number {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The nearest-rank percentile: the smallest sample with at least p% of samples at or below it. */
export function percentile(xs: readonly number[], p: number): number {
  const s = sorted(xs);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1] as number;
}

export const p95 = (xs: readonly number[]) => percentile(xs, 95);

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('no samples');
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export type Summary = { n: number; median: number; p95: number; min: number; max: number; mean: number };

export function summarize(xs: readonly number[]): Summary {
  const s = sorted(xs);
  return {
    n: s.length,
    median: median(s),
    p95: p95(s),
    min: s[0] as number,
    max: s[s.length - 1] as number,
    mean: mean(s),
  };
}

// ---------------------------------------------------------------------------------------------
// Timing

/** Runs `fn` `warmup` times unmeasured, then `iterations` times one after another; returns each call's ms. */
export async function timeLoop(fn: () => Promise<unknown>, options: { warmup: number; iterations: number }): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * `clients` loops run side by side, each calling `fn` `perClient` times in turn (a closed
 * loop, like people clicking). Returns every call's ms and the wall-clock time of the whole run.
 */
export async function timeConcurrent(
  fn: () => Promise<unknown>,
  options: { clients: number; perClient: number },
): Promise<{ samples: number[]; wallMs: number; perSecond: number }> {
  const samples: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      for (let i = 0; i < options.perClient; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - start;
  return { samples, wallMs, perSecond: samples.length / (wallMs / 1000) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// HTTP

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A plain node:http request that reads the whole body. Pass a keep-alive agent to reuse sockets, as a browser does. */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`timed out: ${url}`)));
    req.end(options.body);
  });
}

// ---------------------------------------------------------------------------------------------
// Machine and process facts

export type MachineFacts = {
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
};

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  };
}

/** Fields of /proc/<pid>/status in MiB (VmRSS, VmHWM, RssAnon, ...); Linux only. */
export async function procMemory(pid: number): Promise<Record<string, number>> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(Vm\w+|Rss\w+):\s+(\d+) kB$/gm)) out[m[1] as string] = Number(m[2]) / 1024;
  return out;
}

/** Rounds for the JSON file: enough digits to be useful, few enough to diff well. */
export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A number for the printed table: thousands separated, decimals only where they matter. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = round(n);
  if (Number.isInteger(r)) return r.toLocaleString('en-GB');
  const abs = Math.abs(r);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return r.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A free TCP port on the loopback address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** This process's environment without Belfry's own settings or a database URL, quiet, plus `extra`. */
export function benchEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BELFRY_') && k !== 'DATABASE_URL') out[k] = v;
  return { ...out, BELFRY_LOG_LEVEL: 'warn', ...extra };
}

export type TreeServer = { pid: number; url: string; startS: number; stop: () => Promise<void> };

/**
 * `belfry serve --demo-if-empty` from `tree` on `dataDir` (a child process on a free port),
 * resolved at the first 200 from /api/health; `startS` is the seconds that took.
 */
export async function serveTree(
  tree: string,
  dataDir: string,
  options: { timeoutMs: number; pollMs: number },
): Promise<TreeServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(tree, 'bin', 'belfry.mjs'), '--data-dir', dataDir, 'serve', '--demo-if-empty'],
    { cwd: tree, env: benchEnv({ PORT: String(port), HOST: '127.0.0.1' }), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let tail = '';
  child.stderr?.on('data', (c: Buffer) => {
    tail = (tail + c.toString()).slice(-4000);
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (exited()) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 300 && !exited(); i++) await sleep(50);
    if (!exited()) child.kill('SIGKILL');
  };
  for (;;) {
    if (exited()) throw new Error(`Belfry in ${tree} exited before answering: ${tail}`);
    if (performance.now() - t0 > options.timeoutMs) {
      await stop();
      throw new Error('Belfry did not answer in time');
    }
    const ok = await httpRequest(`${url}/api/health`, { timeoutMs: 5000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await sleep(options.pollMs);
  }
  return { pid: child.pid as number, url, startS: (performance.now() - t0) / 1000, stop };
}

/**
 * Signs in as the first demo account of `dataDir`'s demo-sign-in.txt: the cookies to send, and
 * the CSRF token a POST also sends in its header, as the web app does.
 */
export async function signInDemo(url: string, dataDir: string): Promise<{ cookie: string; csrf: string }> {
  const text = readFileSync(path.join(dataDir, 'demo-sign-in.txt'), 'utf8');
  const password = /^Password: (\S+)/m.exec(text)?.[1];
  const email = /^\s+(\S+@\S+)\s/m.exec(text)?.[1];
  const r = await httpRequest(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status}`);
  const cookies = [r.headers['set-cookie'] ?? []].flat();
  const value = (name: string) => (cookies.find((c) => c.startsWith(`${name}=`)) ?? '').split(';')[0] as string;
  return { cookie: `${value('belfry_session')}; ${value('belfry_csrf')}`, csrf: value('belfry_csrf').split('=')[1] ?? '' };
}
