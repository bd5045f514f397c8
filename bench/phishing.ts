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
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, _s, cb) {
        stream.resume();
        stream.on('end', () => {
          received++;
          cb();
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
      log(`worker ready: ${N * 3} staff, tracking on ${trackingPort}`);
      // The slow one first, so Belfry's own run meets a warmed database no more than it does.
      const seq = await sendAndMeasure(w, 'one-at-a-time', 'a', log);
      const bel = await sendAndMeasure(w, 'belfry', 'b', log);

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
      return {
        variants: ['belfry', 'one-at-a-time'],
        metrics: <Metric[]>[
          {
            name: `messages per second (${N} recipients, rate limit off)`,
            unit: 'msg/s',
            values: { belfry: bel.accepted / bel.seconds, 'one-at-a-time': seq.accepted / seq.seconds },
          },
          { name: `time to send ${N}`, unit: 's', values: { belfry: bel.seconds, 'one-at-a-time': seq.seconds } },
          {
            name: 'messages accepted by the sink',
            unit: 'count',
            values: { belfry: bel.accepted, 'one-at-a-time': seq.accepted },
          },
          {
            name: 'peak memory above idle during the send',
            unit: 'MiB',
            values: { belfry: bel.peak - bel.idle, 'one-at-a-time': seq.peak - seq.idle },
          },
          {
            name: 'idle memory (Belfry process, PGlite included)',
            unit: 'MiB',
            values: { belfry: bel.idle, 'one-at-a-time': seq.idle },
          },
          {
            name: '1-minute load before the send',
            unit: 'load',
            values: { belfry: bel.loadBefore[0] as number, 'one-at-a-time': seq.loadBefore[0] as number },
          },
          {
            name: `scanner burst: clicks sent in ${BURST_SECONDS} s during a send`,
            unit: 'count',
            values: { belfry: tokens.length },
          },
          { name: 'burst: tracking requests per second', unit: 'req/s', values: { belfry: tokens.length / burstSeconds } },
          { name: 'burst: answered 200', unit: 'count', values: { belfry: statuses.get(200) ?? 0 } },
          { name: 'burst: stored and classified', unit: 'count', values: { belfry: stored } },
          { name: 'burst: classified as machines', unit: 'count', values: { belfry: classes.automated ?? 0 } },
          { name: 'burst: latency p50', unit: 'ms', values: { belfry: percentile(latencies, 50) } },
          { name: 'burst: latency p99', unit: 'ms', values: { belfry: percentile(latencies, 99) } },
          { name: 'burst: 1-minute load before', unit: 'load', values: { belfry: loadBefore[0] as number } },
          { name: 'burst: 1-minute load after', unit: 'load', values: { belfry: loadAfter[0] as number } },
          {
            name: `send during the burst (${N} recipients)`,
            unit: 'msg/s',
            values: { belfry: (sending.accepted as number) / (sending.seconds as number) },
          },
        ],
        notes: [
          'one-at-a-time: the same messages, one SMTP connection, each accepted and written before the next (GoPhish worker/mailer.go); belfry: the phishing sender, a pool of 5 connections, the durable outbox.',
          'The sink, the click client and the Belfry process share the machine; the 1-minute load is recorded before each phase (other engineers use the same 2 cores).',
        ],
        details: {
          sinkReceived: received,
          statuses: Object.fromEntries(statuses),
          classes,
          loads: { seq, bel, burst: { loadBefore, loadAfter } },
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
