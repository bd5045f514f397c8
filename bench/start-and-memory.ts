import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  type Benchmark,
  benchEnv,
  httpRequest,
  type Metric,
  median,
  procMemory,
  serveTree,
  signInDemo,
  sleep,
  type TreeServer,
} from './lib.ts';

/**
 * Issue 14's start-up, memory and Wi-Fi figures, for this tree ("after") beside the tree before
 * the work ("before": BENCH_BEFORE_REF, by default the commit the work started from, unpacked
 * with `git archive` into a scratch folder that shares this tree's node_modules), in the same run:
 * - `belfry --version`, and `belfry settings list` on a migrated PGlite directory;
 * - `belfry migrate` on an empty data directory;
 * - `npm start`'s command (`serve --demo-if-empty`) from an empty data directory to the first
 *   200 from /api/health with the demo school loaded, then a restart on the same directory;
 * - the server's memory (VmRSS) once started, and its peak (VmHWM) over the whole run;
 * - GET /api/wifi/verdict for the demo's last school day, signed in as the demo admin: the first
 *   answer and the median of five repeats.
 * Each CLI figure is the median of BENCH_REPEAT runs (3); the machine's load is recorded before
 * every step, since the machine is shared.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BEFORE_REF = process.env.BENCH_BEFORE_REF ?? '471725f';
/** The git repository holding BEFORE_REF (this tree's, unless the bench runs from an unpacked copy). */
const REPO = process.env.BENCH_REPO ?? ROOT;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 600_000);
/** BENCH_TREES=after (or before) measures one tree only; BENCH_SKIP_CLI=1 leaves out the CLI figures. */
const TREES = (process.env.BENCH_TREES ?? 'before,after').split(',');
const SKIP_CLI = process.env.BENCH_SKIP_CLI === '1';

const load1 = () => os.loadavg()[0] ?? 0;

/** Wall-clock seconds of one `belfry` command in `tree`. */
function cli(tree: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(tree, 'bin', 'belfry.mjs'), ...args], {
    cwd: tree,
    env: benchEnv(),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`belfry ${args.join(' ')} in ${tree} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

async function timedGet(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const r = await httpRequest(url, { headers: { cookie }, timeoutMs: 300_000 });
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.body.slice(0, 200)}`);
  return performance.now() - t0;
}

function beforeTree(scratch: string): string {
  const dir = path.join(scratch, 'before');
  mkdirSync(dir);
  execFileSync('sh', ['-c', `git -C "${REPO}" archive ${BEFORE_REF} | tar -x -C "${dir}"`], { stdio: 'inherit' });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

type Figures = Record<string, number>;

async function measure(name: string, tree: string, scratch: string, log: (l: string) => void, loads: Figures): Promise<Figures> {
  const f: Figures = {};
  const note = (k: string) => {
    loads[`${name}: ${k}`] = Math.round(load1() * 100) / 100;
  };
  const runs = (fn: () => number) => median(Array.from({ length: REPEAT }, fn));
  if (SKIP_CLI) return measureServer(name, tree, scratch, log, f, note);
  note('version');
  f.version = runs(() => cli(tree, ['--version']));
  const migrated = path.join(scratch, `${name}-migrated`);
  cli(tree, ['--data-dir', migrated, 'migrate']);
  note('settings');
  f.settings = runs(() => cli(tree, ['--data-dir', migrated, 'settings', 'list']));
  note('migrate');
  f.migrate = cli(tree, ['--data-dir', path.join(scratch, `${name}-empty`), 'migrate']);
  log(
    `  ${name}: --version ${f.version.toFixed(2)} s, settings list ${f.settings.toFixed(2)} s, migrate ${f.migrate.toFixed(1)} s`,
  );
  return measureServer(name, tree, scratch, log, f, note);
}

async function measureServer(
  name: string,
  tree: string,
  scratch: string,
  log: (l: string) => void,
  f: Figures,
  note: (k: string) => void,
): Promise<Figures> {
  const dataDir = path.join(scratch, `${name}-demo`);
  note('first start');
  const first = await serveTree(tree, dataDir, { timeoutMs: START_TIMEOUT_MS, pollMs: 25 });
  f.firstStart = first.startS;
  await first.stop();
  note('restart');
  const restarts: number[] = [];
  let server: TreeServer | undefined;
  for (let i = 0; i < 2; i++) {
    server = await serveTree(tree, dataDir, { timeoutMs: START_TIMEOUT_MS, pollMs: 25 });
    restarts.push(server.startS);
    if (i === 0) await server.stop();
  }
  const s = server as TreeServer;
  f.restart = median(restarts);
  await sleep(3000);
  f.rssAfterStart = (await procMemory(s.pid)).VmRSS ?? 0;
  log(
    `  ${name}: first start ${f.firstStart.toFixed(1)} s, restart ${f.restart.toFixed(1)} s, RSS ${f.rssAfterStart.toFixed(0)} MiB`,
  );
  const { cookie } = await signInDemo(s.url, dataDir);
  note('verdict');
  const verdictUrl = `${s.url}/api/wifi/verdict`;
  f.verdictFirst = await timedGet(verdictUrl, cookie);
  const repeats: number[] = [];
  for (let i = 0; i < 5; i++) repeats.push(await timedGet(verdictUrl, cookie));
  f.verdictRepeat = median(repeats);
  f.verdictScoped = await timedGet(`${verdictUrl}?scope=${encodeURIComponent('school:senior')}`, cookie).catch(() => Number.NaN);
  const mem = await procMemory(s.pid);
  f.rssSteady = mem.VmRSS ?? 0;
  f.rssPeak = mem.VmHWM ?? 0;
  log(
    `  ${name}: verdict first ${f.verdictFirst.toFixed(0)} ms, repeat ${f.verdictRepeat.toFixed(0)} ms; RSS ${f.rssSteady.toFixed(0)} MiB, peak ${f.rssPeak.toFixed(0)} MiB`,
  );
  await s.stop();
  return f;
}

export const benchmark: Benchmark = {
  description:
    "Issue 14: CLI start, migrate, first start and restart, memory, and the Wi-Fi verdict's first and repeat answer, before and after",
  run: async (log) => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-start-'));
    const loads: Figures = {};
    try {
      const before = TREES.includes('before') ? beforeTree(scratch) : '';
      // This tree runs built (as npm start does); make sure the bundle is current.
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { stdio: 'inherit' });
      const results: Record<string, Figures> = {};
      for (const [name, tree] of [
        ['before', before],
        ['after', ROOT],
      ] as const) {
        if (!TREES.includes(name)) continue;
        log(`${name} (${tree === ROOT ? 'this tree' : BEFORE_REF})`);
        results[name] = await measure(name, tree, scratch, log, loads);
      }
      const rows: [string, string, string][] = [
        ['belfry --version', 's', 'version'],
        ['belfry settings list (PGlite, migrated)', 's', 'settings'],
        ['belfry migrate on an empty data directory', 's', 'migrate'],
        ['first start: serve --demo-if-empty to healthy', 's', 'firstStart'],
        ['restart to healthy', 's', 'restart'],
        ['server RSS after restart', 'MiB', 'rssAfterStart'],
        ['GET /api/wifi/verdict, first', 'ms', 'verdictFirst'],
        ['GET /api/wifi/verdict, repeat (median of 5)', 'ms', 'verdictRepeat'],
        ['GET /api/wifi/verdict, narrowed to a school', 'ms', 'verdictScoped'],
        ['server RSS after the verdicts', 'MiB', 'rssSteady'],
        ['server peak RSS (VmHWM)', 'MiB', 'rssPeak'],
      ];
      const metrics: Metric[] = rows.map(([label, unit, key]) => ({
        name: label,
        unit,
        values: { before: results.before?.[key] as number, after: results.after?.[key] as number },
      }));
      return {
        variants: ['before', 'after'],
        metrics,
        notes: [`load average (1 min) at each step: ${JSON.stringify(loads)}`],
        details: { beforeRef: BEFORE_REF, loads, results },
      };
    } finally {
      if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
    }
  },
};
