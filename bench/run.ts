import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Benchmark, type BenchResult, formatNumber, machineFacts, round } from './lib.ts';

/**
 * `npm run bench [name ...]`: runs the named benchmarks (every bench/*.ts that exports
 * `benchmark`, when no name is given), prints a table for each, and writes
 * bench/results/<name>.json with the machine it ran on. `npm run bench -- --list` lists them.
 */

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const NOT_BENCHMARKS = new Set(['lib', 'run']);

function available(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !NOT_BENCHMARKS.has(name))
    .sort();
}

async function load(name: string): Promise<Benchmark> {
  const mod = (await import(pathToFileURL(path.join(BENCH_DIR, `${name}.ts`)).href)) as { benchmark?: Benchmark };
  if (!mod.benchmark) throw new Error(`bench/${name}.ts does not export \`benchmark\``);
  return mod.benchmark;
}

function formatTable(result: BenchResult): string {
  const header = ['metric', 'unit', ...result.variants];
  const rows = result.metrics.map((m) => [
    m.name,
    m.unit,
    ...result.variants.map((v) => (m.values[v] === undefined ? '-' : formatNumber(m.values[v] as number))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

type Load = { start: number[]; end: number[] };

function headCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function toJson(name: string, description: string, startedAt: Date, seconds: number, load: Load, result: BenchResult): string {
  const metrics = result.metrics.map((m) => ({
    name: m.name,
    unit: m.unit,
    values: Object.fromEntries(result.variants.filter((v) => v in m.values).map((v) => [v, round(m.values[v] as number)])),
  }));
  const doc = {
    benchmark: name,
    description,
    date: startedAt.toISOString(),
    durationSeconds: Math.round(seconds),
    /** The code measured: HEAD when the results were written (uncommitted changes are not recorded). */
    commit: headCommit(),
    machine: machineFacts(),
    /** 1-, 5- and 15-minute load averages when the benchmark started and ended: other work skews the figures. */
    loadAverage: load,
    variants: result.variants,
    metrics,
    notes: result.notes ?? [],
    details: result.details ?? {},
  };
  return `${JSON.stringify(doc, (_k, v) => (typeof v === 'number' ? round(v) : v), 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const known = available();
  if (argv.includes('--list') || argv.includes('-l')) {
    for (const name of known) process.stdout.write(`${name.padEnd(16)} ${(await load(name)).description}\n`);
    return 0;
  }
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${known.join(', ')}\n`);
    return 2;
  }
  const facts = machineFacts();
  process.stdout.write(`Node ${facts.node}, ${facts.cpus} x ${facts.cpuModel}, ${facts.memoryGiB} GiB, ${facts.platform}\n`);
  let failed = 0;
  for (const name of names.length ? names : known) {
    const bench = await load(name);
    process.stdout.write(`\n== ${name}: ${bench.description}\n`);
    const startedAt = new Date();
    const loadStart = os.loadavg();
    if ((loadStart[0] as number) > 0.5) {
      process.stdout.write(
        `   (the machine is busy: load average ${(loadStart[0] as number).toFixed(2)}; figures will be noisy)\n`,
      );
    }
    const t0 = performance.now();
    try {
      const result = await bench.run((line) => process.stdout.write(`   ${line}\n`));
      const seconds = (performance.now() - t0) / 1000;
      process.stdout.write(`\n${formatTable(result)}\n`);
      for (const note of result.notes ?? []) process.stdout.write(`  * ${note}\n`);
      mkdirSync(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, `${name}.json`);
      const load = { start: loadStart, end: os.loadavg() };
      // Written beside and renamed, so an interrupted run never leaves half a file (*.tmp is git-ignored).
      writeFileSync(`${file}.tmp`, toJson(name, bench.description, startedAt, seconds, load, result));
      renameSync(`${file}.tmp`, file);
      process.stdout.write(`(${seconds.toFixed(0)} s; saved ${path.relative(process.cwd(), file)})\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`${name} failed: ${(err as Error).stack ?? err}\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
