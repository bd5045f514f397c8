import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Benchmark, httpRequest, type Metric, median, serveTree, signInDemo } from './lib.ts';

/**
 * The Wi-Fi verdict through the HTTP API with the demo school (issue 14, goal 3), for each tree
 * in BENCH_TREES (name=dir, default: the baseline /tmp/before and this tree), one after the other
 * in the same run: `serve --demo-if-empty` from an empty PGlite directory, sign in as the demo
 * admin, then GET /api/wifi/verdict (the last school day) first and repeated, narrowed to a
 * school, the contact list first and repeated, and "Make a to-do" from the verdict's first
 * general finding. The 1-minute load average is recorded at each step.
 */

const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 900_000);
const ROOT = path.resolve(import.meta.dirname, '..');

const load1 = () => os.loadavg()[0] as number;

function trees(): { name: string; dir: string }[] {
  return (process.env.BENCH_TREES ?? `before=/tmp/before,after=${ROOT}`).split(',').map((s) => {
    const [name, dir] = s.split('=');
    if (!name || !dir) throw new Error(`BENCH_TREES: use name=dir,name=dir (got "${s}")`);
    return { name, dir: path.resolve(dir) };
  });
}

async function timed(url: string, who: { cookie: string; csrf: string }, body?: unknown): Promise<{ ms: number; json: unknown }> {
  const t0 = performance.now();
  const { cookie, csrf } = who;
  const r = await httpRequest(url, {
    method: body ? 'POST' : 'GET',
    headers: body ? { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf } : { cookie },
    body: body ? JSON.stringify(body) : undefined,
    timeoutMs: 300_000,
  });
  const ms = performance.now() - t0;
  if (r.status >= 300) throw new Error(`${url}: ${r.status} ${r.body.slice(0, 200)}`);
  return { ms, json: JSON.parse(r.body) };
}

type Figures = Record<string, number>;

async function measure(name: string, tree: string, scratch: string, log: (l: string) => void, loads: Figures): Promise<Figures> {
  const f: Figures = {};
  const note = (k: string) => {
    loads[`${name}: ${k}`] = Math.round(load1() * 100) / 100;
  };
  if (existsSync(path.join(tree, 'scripts', 'build-server.mjs')))
    execFileSync(process.execPath, [path.join(tree, 'scripts', 'build-server.mjs')], { cwd: tree, stdio: 'ignore' });
  const dataDir = path.join(scratch, `${name}-demo`);
  note('first start');
  const s = await serveTree(tree, dataDir, { timeoutMs: START_TIMEOUT_MS, pollMs: 100 });
  f.firstStart = s.startS;
  log(`  ${name}: first start with the demo ${f.firstStart.toFixed(1)} s`);
  try {
    const cookie = await signInDemo(s.url, dataDir);
    // Let the start-up's own work (scheduled jobs after the demo load) settle.
    await sleep(5000);
    note('verdict');
    const v = `${s.url}/api/wifi/verdict`;
    const first = await timed(v, cookie);
    f.verdictFirst = first.ms;
    const reps: number[] = [];
    for (let i = 0; i < 5; i++) reps.push((await timed(v, cookie)).ms);
    f.verdictRepeat = median(reps);
    f.verdictScoped = (await timed(`${v}?scope=${encodeURIComponent('school:senior')}`, cookie)).ms;
    note('contacts');
    f.contactsFirst = (await timed(`${s.url}/api/wifi/contacts`, cookie)).ms;
    const creps: number[] = [];
    for (let i = 0; i < 3; i++) creps.push((await timed(`${s.url}/api/wifi/contacts`, cookie)).ms);
    f.contactsRepeat = median(creps);
    const verdict = first.json as {
      window: { from: string; to: string };
      findings: { kind: string; scope: string; subject: string; evidence: { metric?: string } }[];
    };
    const general = verdict.findings.find((x) => x.kind !== 'individual');
    f.findings = verdict.findings.length;
    f.individual = verdict.findings.filter((x) => x.kind === 'individual').length;
    if (general) {
      note('todo');
      f.todo = (
        await timed(`${s.url}/api/wifi/todos`, cookie, {
          from: verdict.window.from,
          to: verdict.window.to,
          findingScope: general.scope,
          findingSubject: general.subject,
          metric: general.evidence.metric,
        })
      ).ms;
    }
    log(
      `  ${name}: verdict first ${f.verdictFirst.toFixed(0)} ms, repeat ${f.verdictRepeat.toFixed(1)} ms (${reps.map((x) => x.toFixed(0)).join(', ')}), scoped ${f.verdictScoped.toFixed(0)} ms, contacts ${f.contactsFirst.toFixed(0)} / ${f.contactsRepeat.toFixed(0)} ms, to-do ${f.todo?.toFixed(0) ?? '-'} ms; ${f.findings} findings (${f.individual} individual)`,
    );
  } finally {
    await s.stop();
  }
  return f;
}

export const benchmark: Benchmark = {
  description: 'The Wi-Fi verdict, contact list and to-do over HTTP with the demo school (PGlite), tree by tree',
  run: async (log) => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-wifiv-'));
    const loads: Figures = {};
    try {
      const results: Record<string, Figures> = {};
      for (const { name, dir } of trees()) {
        log(`${name} (${dir})`);
        results[name] = await measure(name, dir, scratch, log, loads);
      }
      const rows: [string, string, string][] = [
        ['first start: serve --demo-if-empty to healthy', 's', 'firstStart'],
        ['GET /api/wifi/verdict (last school day), first', 'ms', 'verdictFirst'],
        ['GET /api/wifi/verdict, repeat (median of 5)', 'ms', 'verdictRepeat'],
        ['GET /api/wifi/verdict, narrowed to a school', 'ms', 'verdictScoped'],
        ['GET /api/wifi/contacts, first', 'ms', 'contactsFirst'],
        ['GET /api/wifi/contacts, repeat (median of 3)', 'ms', 'contactsRepeat'],
        ['POST /api/wifi/todos (Make a to-do)', 'ms', 'todo'],
        ['findings (individual)', 'count', 'findings'],
      ];
      const names = Object.keys(results);
      const metrics: Metric[] = rows.map(([label, unit, key]) => ({
        name: label,
        unit,
        values: Object.fromEntries(
          names.flatMap((n) => (results[n]?.[key] === undefined ? [] : [[n, results[n]?.[key] as number]])),
        ),
      }));
      return {
        variants: names,
        metrics,
        notes: [`load average (1 min) at each step: ${JSON.stringify(loads)}`],
        details: { loads, results },
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
