import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Config, parseConfig } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { queryRows } from '../server/db/rows.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { type Ctx, systemActor } from '../server/lib/context.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { seededRng } from '../server/lib/random.ts';
import { addDays, zonedToUtc } from '../server/lib/zoned-time.ts';
import { placesCsv } from '../server/modules/demo/domain/demo-places.ts';
import { demoApInventory } from '../server/modules/demo/domain/demo-wifi.ts';
import { createSchool, directoryModule } from '../server/modules/directory/index.ts';
import { selectDailyPairs } from '../server/modules/wifi/db/analysis-queries.ts';
import { WIFI_IMPORTERS } from '../server/modules/wifi/domain/importers.ts';
import { getWifiVerdict } from '../server/modules/wifi/domain/verdict.ts';
import { type Benchmark, type Metric, median, timeLoop } from './lib.ts';

/**
 * Wi-Fi at the scale of a term: 10,000,000 connection attempts (2,500 devices, 60 access points,
 * 13 weeks of school days) written as the generic `wifi-csv` file and imported through the real
 * importer (stream parse, staging files, COPY, rollups), on PGlite and, with BENCH_PG_URL, on
 * PostgreSQL. Then the verdict over the whole term, which reads the rollups, beside the same
 * per-device × AP aggregation done by a plain SQL GROUP BY over the raw table.
 * BENCH_WIFI_EVENTS sets a smaller size for a quick run.
 */

const EVENTS = Number(process.env.BENCH_WIFI_EVENTS ?? 10_000_000);
const DEVICES = 2500;
const TERM_START = '2026-09-07';
const TZ = 'Europe/London';

function schoolDays(count: number): string[] {
  const out: string[] = [];
  for (let d = TERM_START; out.length < count; d = addDays(d, 1)) {
    const w = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (w !== 0 && w !== 6) out.push(d);
  }
  return out;
}

/** Writes the term's attempts as wifi-csv; returns the days it covers. */
function writeTerm(file: string, aps: string[]): string[] {
  const rng = seededRng(4242);
  const days = schoolDays(65);
  const perDay = Math.ceil(EVENTS / days.length);
  const sets = Array.from({ length: DEVICES }, () => Array.from({ length: 4 }, () => rng.pick(aps)));
  const fd = openSync(file, 'w');
  writeSync(fd, 'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device\n');
  const stages = ['assoc', 'auth', 'dhcp', 'dns'];
  let written = 0;
  for (const day of days) {
    const open = zonedToUtc(day, '08:30', TZ).getTime();
    const lines: string[] = [];
    for (let i = 0; i < perDay && written < EVENTS; i++, written++) {
      const d = i % DEVICES;
      const ap = (sets[d] as string[])[rng.int(0, 3)] as string;
      const failed = rng.chance(ap === 'LIB-AP03' ? 0.7 : 0.02);
      const ts = new Date(open + Math.floor(rng.next() * 7 * 3600_000)).toISOString();
      const mac = `3c:22:${(d >> 8).toString(16).padStart(2, '0')}:${(d & 255).toString(16).padStart(2, '0')}:00:01`;
      lines.push(
        `${ts},${ap},${mac},u${d}@bench.example,Oakfield,5,${failed ? rng.pick(stages) : 'connected'},${!failed},${failed ? '' : rng.int(-75, -45)},Laptop\n`,
      );
      if (lines.length >= 50_000) writeSync(fd, lines.splice(0).join(''));
    }
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
  return days;
}

const config = (dataDir: string): Config => ({
  ...parseConfig({ BELFRY_TIMEZONE: TZ, BELFRY_LOG_LEVEL: 'silent' }, dataDir, { dataDir }),
  sessionSecret: 'bench-secret-bench-secret-bench-secret',
});

async function measure(kind: 'pglite' | 'postgres', file: string, days: string[], log: (l: string) => void) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-wifi-'));
  const adminUrl = process.env.BENCH_PG_URL;
  const dbName = `belfry_bench_wifi_${process.pid}`;
  let database: Database;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl as string);
    u.pathname = `/${dbName}`;
    database = await openDatabase({ databaseUrl: u.toString() });
  } else database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
  try {
    await migrate(database.db);
    const ctx: Ctx = {
      db: database.db,
      clock: fixedClock(`${addDays(days[days.length - 1] as string, 1)}T08:00:00Z`),
      config: config(dir),
      log: silentLogger,
      mail: captureMailer(),
      actor: systemActor('bench'),
    };
    await createSchool(ctx, { code: 'prep', name: 'Prep' });
    await createSchool(ctx, { code: 'senior', name: 'Senior' });
    const places = directoryModule.importers?.find((i) => i.kind === 'places');
    const placesFile = path.join(dir, 'places.csv');
    const apsFile = path.join(dir, 'aps.csv');
    writeFileSync(placesFile, placesCsv());
    writeFileSync(apsFile, demoApInventory().csv);
    await places?.run(ctx, placesFile, { dryRun: false, skipInvalid: false }, () => {});
    await WIFI_IMPORTERS.find((i) => i.kind === 'wifi-aps')?.run(ctx, apsFile, { dryRun: false, skipInvalid: false }, () => {});

    const importer = WIFI_IMPORTERS.find((i) => i.kind === 'wifi-csv');
    if (!importer) throw new Error('no wifi-csv importer');
    let lastLog = 0;
    const t0 = performance.now();
    const summary = await importer.run(ctx, file, { dryRun: false, skipInvalid: false }, (done, total, message) => {
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`${kind}: ${message ?? ''} ${done.toLocaleString('en-GB')}${total ? ` of ${total.toLocaleString('en-GB')}` : ''}`);
      }
    });
    const importS = (performance.now() - t0) / 1000;
    log(
      `${kind}: imported ${summary.created.toLocaleString('en-GB')} new of ${summary.rowsIn.toLocaleString('en-GB')} in ${importS.toFixed(1)} s`,
    );
    const again0 = performance.now();
    const again = await importer.run(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
    const againS = (performance.now() - again0) / 1000;
    log(`${kind}: the same file again: ${again.created} new, ${againS.toFixed(1)} s`);

    const from = days[0] as string;
    const to = days[days.length - 1] as string;
    const verdictMs = await timeLoop(() => getWifiVerdict(ctx, { from, to }), { warmup: 1, iterations: 3 });
    const rollupMs = await timeLoop(() => selectDailyPairs(ctx.db, from, to), { warmup: 1, iterations: 3 });
    const start = zonedToUtc(from, '00:00', TZ).toISOString();
    const end = zonedToUtc(addDays(to, 1), '00:00', TZ).toISOString();
    const rawMs = await timeLoop(
      () =>
        queryRows(
          ctx.db,
          sql`SELECT device_id, ap_id, ssid, band, count(*)::int AS n, count(*) FILTER (WHERE NOT ok)::int AS k,
          count(*) FILTER (WHERE NOT ok AND stage = 0)::int AS fa, count(*) FILTER (WHERE NOT ok AND stage = 1)::int AS fu,
          count(*) FILTER (WHERE NOT ok AND stage = 2)::int AS fd, count(*) FILTER (WHERE NOT ok AND stage = 3)::int AS fn,
          count(rssi)::int AS samples, coalesce(sum(rssi), 0)::float8 AS rssi_sum
          FROM wifi_attempts WHERE ts >= ${start} AND ts < ${end} GROUP BY device_id, ap_id, ssid, band`,
        ),
      { warmup: 1, iterations: 3 },
    );
    const sizes = await queryRows<{ attempts: number; daily: number; bins: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*) FROM wifi_attempts)::int AS attempts, (SELECT count(*) FROM wifi_daily)::int AS daily,
        (SELECT count(*) FROM wifi_bins)::int AS bins`,
    );
    const v = await getWifiVerdict(ctx, { from, to });
    log(`${kind}: verdict over the term: ${v.verdict}; ${v.headline}`);
    return {
      events: summary.rowsIn,
      created: summary.created,
      importS,
      eventsPerS: summary.rowsIn / importS,
      againS,
      verdictMs: median(verdictMs),
      rollupMs: median(rollupMs),
      rawMs: median(rawMs),
      sizes: sizes[0],
      verdict: v.verdict,
    };
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

export const benchmark: Benchmark = {
  description: `Wi-Fi: import ${EVENTS.toLocaleString('en-GB')} events (wifi-csv) and a verdict over a term, against a plain GROUP BY over the raw table`,
  run: async (log) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-wifi-file-'));
    try {
      const file = path.join(dir, 'term.csv');
      const g0 = performance.now();
      const aps = [...demoApInventory().aps.values()].flat();
      const days = writeTerm(file, aps);
      log(
        `wrote ${EVENTS.toLocaleString('en-GB')} events (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
      );
      const kinds: ('pglite' | 'postgres')[] = process.env.BENCH_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
      const runs: Record<string, Awaited<ReturnType<typeof measure>>> = {};
      for (const kind of kinds) runs[kind] = await measure(kind, file, days, log);
      const metric = (name: string, unit: string, pick: (r: (typeof runs)[string]) => number): Metric => ({
        name,
        unit,
        values: Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, pick(r)])),
      });
      return {
        variants: kinds,
        metrics: [
          metric('events imported', 'events', (r) => r.events),
          metric('import: wall time', 's', (r) => r.importS),
          metric('import: events per second', 'events/s', (r) => r.eventsPerS),
          metric('the same file again (nothing new)', 's', (r) => r.againS),
          metric('verdict over the term (65 school days), median of 3', 'ms', (r) => r.verdictMs),
          metric('its rollup read (device × AP totals)', 'ms', (r) => r.rollupMs),
          metric('the same totals by GROUP BY over the raw table', 'ms', (r) => r.rawMs),
          metric('raw GROUP BY / rollup read', 'ratio', (r) => r.rawMs / r.rollupMs),
          metric(
            'verdict if it read the raw table / verdict',
            'ratio',
            (r) => (r.verdictMs - r.rollupMs + r.rawMs) / r.verdictMs,
          ),
          metric('raw attempts stored', 'rows', (r) => r.sizes?.attempts ?? 0),
          metric('device × AP × day rollup rows', 'rows', (r) => r.sizes?.daily ?? 0),
          metric('AP × 5-minute rollup rows', 'rows', (r) => r.sizes?.bins ?? 0),
        ],
        notes: [
          '2,500 devices, 60 access points, 65 school days (a term) from 7 September; 2% of attempts fail, LIB-AP03 70%.',
          'The verdict reads the rollups only; the raw GROUP BY is what it would cost without them.',
        ],
        details: runs,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
