import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { type Benchmark, type Metric, percentile, procMemory, sleep } from './lib.ts';

/**
 * Phishing simulations, side by side in one run (issue 15): 2,000 recipients into a loopback SMTP
 * sink with the rate limit off, by Belfry's sender (a pooled connection, the durable outbox) and
 * one message at a time over one connection as GoPhish's mailer sends; the Belfry process's peak
 * memory above idle for each; then a scanner burst of 2,000 clicks in ten seconds at the tracking
 * listener while a third send of 2,000 is running: every click answered, stored and classified,
 * with its latency. The Belfry side is a child process (bench/phishing-worker) so its memory is
 * its own; the sink and the clients are this process.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_PHISHING_RECIPIENTS ?? 2000);
const BURST = Number(process.env.BENCH_PHISHING_BURST ?? 2000);
const BURST_SECONDS = 10;
const RELAY_MS = Number(process.env.BENCH_PHISHING_RELAY_MS ?? 20);

type Worker = { child: ChildProcess; next: () => Promise<Record<string, unknown>>; send: (o: unknown) => void };

function startWorker(sinkPort: number): Worker {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/phishing-worker/worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, SINK_PORT: String(sinkPort), RECIPIENTS: String(N) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const queue: Record<string, unknown>[] = [];
  const waiting: ((v: Record<string, unknown>) => void)[] = [];
  lines.on('line', (l) => {
    if (!l.startsWith('{')) return;
    const v = JSON.parse(l) as Record<string, unknown>;
    const w = waiting.shift();
    if (w) w(v);
    else queue.push(v);
  });
  return {
    child,
    next: () =>
      new Promise((resolve) => (queue.length ? resolve(queue.shift() as Record<string, unknown>) : waiting.push(resolve))),
    send: (o) => child.stdin?.write(`${JSON.stringify(o)}\n`),
  };
}

/** Samples the process's resident memory until stopped; returns the peak in MiB. */
function sampleMemory(pid: number): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const m = await procMemory(pid).catch(() => ({}) as Record<string, number>);
      peak = Math.max(peak, m.VmRSS ?? 0);
      await sleep(25);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function sendAndMeasure(w: Worker, variant: string, group: string, log: (l: string) => void) {
  w.send({ cmd: 'gc' });
  await w.next();
  const idle = (await procMemory(w.child.pid as number)).VmRSS ?? 0;
  const mem = sampleMemory(w.child.pid as number);
  const loadBefore = load();
  w.send({ cmd: 'send', variant, group });
  const scheduled = (await w.next()).scheduled as string;
  const done = await w.next();
  const peak = await mem.stop();
  const seconds = done.seconds as number;
  const accepted = done.accepted as number;
  log(
    `${variant}: ${accepted} accepted in ${seconds.toFixed(2)} s (${(accepted / seconds).toFixed(0)}/s), peak ${peak.toFixed(0)} MiB (idle ${idle.toFixed(0)}), load ${load().join(' ')}`,
  );
  return { campaignId: scheduled, seconds, accepted, idle, peak, loadBefore, loadAfter: load() };
}

export const benchmark: Benchmark = {
  description: `Phishing: ${N.toLocaleString('en-GB')} recipients into a loopback SMTP sink, Belfry's sender against one-at-a-time; a ${BURST.toLocaleString('en-GB')}-click scanner burst during a send`,
  run: async (log) => {
    let received = 0;
    // A real relay answers each message after a network round trip and its own checks.
    let relayDelayMs = 0;
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, _s, cb) {
        stream.resume();
        stream.on('end', () => {
          received++;
          if (relayDelayMs) setTimeout(cb, relayDelayMs);
          else cb();
        });
      },
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const sinkPort = (sink.server.address() as { port: number }).port;
    const w = startWorker(sinkPort);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-phishing-'));
    try {
      const ready = await w.next();
      const trackingPort = ready.trackingPort as number;
      log(`worker ready: ${N * 5} staff in five groups, tracking on ${trackingPort}`);
      // The slow one first, so Belfry's own run meets a warmed database no more than it does.
      const seq = await sendAndMeasure(w, 'one-at-a-time', 'a', log);
      const bel = await sendAndMeasure(w, 'belfry', 'b', log);
      relayDelayMs = RELAY_MS;
      const seqSlow = await sendAndMeasure(w, 'one-at-a-time', 'd', log);
      const belSlow = await sendAndMeasure(w, 'belfry', 'e', log);
      relayDelayMs = 0;

      // The burst: tokens of the first campaign, clicked by "scanners" while campaign c sends.
      const file = path.join(tmp, 'tokens.txt');
      w.send({ cmd: 'tokens', campaignId: seq.campaignId, file });
      await w.next();
      const tokens = readFileSync(file, 'utf8').split('\n').slice(0, BURST);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      w.send({ cmd: 'send', variant: 'belfry', group: 'c' });
      await w.next();
      await sleep(300);
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const loadBefore = load();
      const t0 = performance.now();
      await Promise.all(
        tokens.map(async (token, i) => {
          const due = t0 + (i * BURST_SECONDS * 1000) / tokens.length;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const start = performance.now();
          const status = await new Promise<number>((resolve) => {
            const req = http.request(
              {
                host: '127.0.0.1',
                port: trackingPort,
                path: `/c/${token}`,
                agent,
                headers: {
                  'user-agent':
                    i % 3
                      ? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36'
                      : 'python-requests/2.31',
                  'x-forwarded-for': `40.94.${i % 20}.${(i * 7) % 250}`,
                },
              },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? 0));
              },
            );
            req.on('error', () => resolve(0));
            req.end();
          });
          latencies.push(performance.now() - start);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
      );
      const burstSeconds = (performance.now() - t0) / 1000;
      const loadAfter = load();
      agent.destroy();
      const sending = await w.next();
      log(
        `burst: ${tokens.length} in ${burstSeconds.toFixed(2)} s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; meanwhile ${sending.accepted} sent in ${(sending.seconds as number).toFixed(2)} s`,
      );
      w.send({ cmd: 'count', campaignId: seq.campaignId });
      const classes = (await w.next()).classes as Record<string, number>;
      const stored = Object.values(classes).reduce((a, b) => a + b, 0);
      type Run = Awaited<ReturnType<typeof sendAndMeasure>>;
      const runs: [string, Run][] = [
        ['belfry', bel],
        ['one-at-a-time', seq],
        [`belfry, relay ${RELAY_MS} ms`, belSlow],
        [`one-at-a-time, relay ${RELAY_MS} ms`, seqSlow],
      ];
      const four = (name: string, unit: string, f: (r: Run) => number): Metric => ({
        name,
        unit,
        values: Object.fromEntries(runs.map(([k, r]) => [k, f(r)])),
      });
      const one = (name: string, unit: string, v: number): Metric => ({ name, unit, values: { belfry: v } });
      return {
        variants: ['belfry', 'one-at-a-time', `belfry, relay ${RELAY_MS} ms`, `one-at-a-time, relay ${RELAY_MS} ms`],
        metrics: <Metric[]>[
          four(`messages per second (${N} recipients, rate limit off)`, 'msg/s', (r) => r.accepted / r.seconds),
          four(`time to send ${N}`, 's', (r) => r.seconds),
          four('messages accepted by the sink', 'count', (r) => r.accepted),
          four('peak memory above idle during the send', 'MiB', (r) => Math.max(0, r.peak - r.idle)),
          four('idle memory (Belfry process, PGlite included)', 'MiB', (r) => r.idle),
          four('1-minute load before the send', 'load', (r) => r.loadBefore[0] as number),
          four('1-minute load after the send', 'load', (r) => r.loadAfter[0] as number),
          one(`scanner burst: clicks sent in ${BURST_SECONDS} s during a send`, 'count', tokens.length),
          one('burst: tracking requests per second', 'req/s', tokens.length / burstSeconds),
          one('burst: answered 200', 'count', statuses.get(200) ?? 0),
          one('burst: stored and classified', 'count', stored),
          one('burst: classified as machines', 'count', classes.automated ?? 0),
          one('burst: latency p50', 'ms', percentile(latencies, 50)),
          one('burst: latency p99', 'ms', percentile(latencies, 99)),
          one('burst: 1-minute load before', 'load', loadBefore[0] as number),
          one('burst: 1-minute load after', 'load', loadAfter[0] as number),
          one(`send during the burst (${N} recipients)`, 'msg/s', (sending.accepted as number) / (sending.seconds as number)),
        ],
        notes: [
          'one-at-a-time: the same messages, one SMTP connection, each accepted and written before the next (GoPhish worker/mailer.go); belfry: the phishing sender, a pool of 5 connections, the durable outbox.',
          `"relay ${RELAY_MS} ms": the sink answers each message after ${RELAY_MS} ms, as a relay across a network does; the first two columns answer at once (loopback).`,
          'The sink, the click client and the Belfry process share the machine; the 1-minute load is recorded before each phase (other engineers use the same 2 cores).',
        ],
        details: {
          sinkReceived: received,
          statuses: Object.fromEntries(statuses),
          classes,
          relayDelayMs: RELAY_MS,
          runs: Object.fromEntries(runs),
          burst: { loadBefore, loadAfter },
        },
      };
    } finally {
      w.send({ cmd: 'quit' });
      await new Promise((r) => w.child.once('exit', r));
      await new Promise<void>((r) => sink.close(() => r()));
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
