import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { syntheticPeriod, syntheticSignins } from '../server/modules/security/detect/synthetic-signins.ts';
import type { Benchmark, Metric } from './lib.ts';

/**
 * The full detection run over a fortnight of a million sign-ins (issue 14, goal 5), on PGlite,
 * for each tree named in BENCH_TREES (default: the baseline tree /tmp/before and this one), in
 * the same run. The sign-ins are the synthetic ones of server/modules/security/detect/
 * synthetic-signins.ts (a school's background with an attack of each kind planted), written once
 * to a CSV and COPYed into each tree's own fresh, migrated database; each tree's own
 * runDetections then runs twice over the whole fortnight (a first run that raises the alerts,
 * and a repeat that finds them all unchanged). The trees' alert sets are compared.
 *
 * BENCH_DETECT_ROWS (default 1,000,000) and BENCH_DETECT_USERS (2,000) make other sizes.
 * BENCH_TREES=before=/tmp/before,after=. names the trees (each needs only its own runDetections).
 */

const ROWS = Number(process.env.BENCH_DETECT_ROWS ?? 1_000_000);
const USERS = Number(process.env.BENCH_DETECT_USERS ?? 2_000);
/** BENCH_DETECT_REPEAT=0 leaves out the second run (it takes as long as the first). */
const REPEAT = process.env.BENCH_DETECT_REPEAT !== '0';
const COLUMNS =
  'ts,source,event_key,user_name,ip,result,error_code,failure_kind,failure_reason,client_app,user_agent,auth_requirement,interactive,app,country,city,lat,lon,geo_source'.split(
    ',',
  );

function trees(): { name: string; dir: string }[] {
  const spec = process.env.BENCH_TREES ?? `before=/tmp/before,after=${path.resolve(import.meta.dirname, '..')}`;
  return spec.split(',').map((s) => {
    const [name, dir] = s.split('=');
    if (!name || !dir) throw new Error(`BENCH_TREES: use name=dir,name=dir (got "${s}")`);
    return { name, dir: path.resolve(dir) };
  });
}

type TreeRun = {
  name: string;
  loadMs: number;
  firstMs: number;
  repeatMs: number;
  laps: Record<string, number>;
  alerts: string[];
  byType: unknown;
};

async function runTree(name: string, dir: string, csv: string, work: string, log: (l: string) => void): Promise<TreeRun> {
  const mod = (p: string) => import(path.join(dir, 'server', p));
  const { openDatabase } = await mod('db/connect.ts');
  const { migrate } = await mod('db/migrate.ts');
  const { copyCsvFileInto } = await mod('db/copy.ts');
  const { inTransaction } = await mod('db/transaction.ts');
  const { fixedClock } = await mod('lib/clock.ts');
  const { systemActor } = await mod('lib/context.ts');
  const { silentLogger } = await mod('lib/logger.ts');
  const { captureMailer } = await mod('lib/mailer.ts');
  const { TEST_CONFIG } = await mod('lib/test-db.ts');
  const { runDetections } = await mod('modules/security/detect/run-detections.ts');
  const { sql } = await import('drizzle-orm');

  const database = await openDatabase({ pgliteDir: path.join(work, `pglite-${name}`) });
  try {
    await migrate(database.db);
    let t = performance.now();
    const copied = await inTransaction(database.db, {}, (tx: unknown) => copyCsvFileInto(tx, 'security_signins', COLUMNS, csv));
    await database.db.execute(sql`ANALYZE security_signins`);
    const loadMs = performance.now() - t;
    log(`${name}: ${copied.toLocaleString('en-GB')} sign-ins copied in ${(loadMs / 1000).toFixed(1)} s`);
    const laps: Record<string, number> = {};
    const ctx = {
      db: database.db,
      clock: fixedClock('2026-10-16T07:00:00Z'),
      config: TEST_CONFIG,
      log: {
        ...silentLogger,
        debug: (o: { step?: string; ms?: number }) => {
          if (o.step) laps[o.step] = o.ms ?? 0;
        },
      },
      mail: captureMailer(),
      actor: systemActor('bench'),
    };
    t = performance.now();
    const first = await runDetections(ctx, syntheticPeriod());
    const firstMs = performance.now() - t;
    const firstLaps = { ...laps };
    log(
      `${name}: detections ${(firstMs / 1000).toFixed(2)} s, ${first.created} alerts; steps (ms from start): ${JSON.stringify(firstLaps)}`,
    );
    let repeatMs = Number.NaN;
    if (REPEAT) {
      t = performance.now();
      const again = await runDetections(ctx, syntheticPeriod());
      repeatMs = performance.now() - t;
      log(`${name}: repeat ${(repeatMs / 1000).toFixed(2)} s, ${again.created} new, ${again.unchanged} unchanged`);
    }
    const rows = (await database.db.execute(
      sql`SELECT dedup_key, severity, users, ips, first_seen, last_seen, md5(evidence::text) AS ev FROM security_alerts ORDER BY dedup_key`,
    )) as unknown as { rows: Record<string, unknown>[] };
    const alerts = rows.rows.map((r) =>
      JSON.stringify([r.dedup_key, r.severity, r.users, r.ips, String(r.first_seen), String(r.last_seen), r.ev]),
    );
    return { name, loadMs, firstMs, repeatMs, laps: firstLaps, alerts, byType: first.byType };
  } finally {
    await database.close();
  }
}

export const benchmark: Benchmark = {
  description: `Every detection over ${ROWS.toLocaleString('en-GB')} synthetic sign-ins (attacks planted), PGlite, tree by tree`,
  run: async (log) => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-detect-'));
    try {
      const csv = path.join(work, 'signins.csv');
      let t = performance.now();
      const lines: string[] = [];
      for (const f of syntheticSignins(ROWS, USERS)) lines.push(f.join(','));
      writeFileSync(csv, `${lines.join('\n')}\n`);
      lines.length = 0;
      log(`generated ${ROWS.toLocaleString('en-GB')} sign-ins in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      const runs: TreeRun[] = [];
      for (const { name, dir } of trees()) runs.push(await runTree(name, dir, csv, work, log));
      const ref = runs[0] as TreeRun;
      const same = runs.map((r) => r.alerts.length === ref.alerts.length && r.alerts.every((a, i) => a === ref.alerts[i]));
      const variants = runs.map((r) => r.name);
      const per = (f: (r: TreeRun) => number) => Object.fromEntries(runs.map((r) => [r.name, f(r)]));
      const metrics: Metric[] = [
        { name: `COPY ${ROWS.toLocaleString('en-GB')} sign-ins + ANALYZE`, unit: 's', values: per((r) => r.loadMs / 1000) },
        { name: 'detections over the fortnight (first run)', unit: 's', values: per((r) => r.firstMs / 1000) },
        ...(REPEAT ? [{ name: 'detections again (nothing new)', unit: 's', values: per((r) => r.repeatMs / 1000) }] : []),
        { name: 'alerts raised', unit: 'count', values: per((r) => r.alerts.length) },
        {
          name: `alert set identical to ${ref.name}'s (1 = yes)`,
          unit: '',
          values: Object.fromEntries(runs.map((r, i) => [r.name, same[i] ? 1 : 0])),
        },
      ];
      return {
        variants,
        metrics,
        notes: [
          'Each tree runs its own code on its own freshly migrated PGlite directory with the same rows.',
          'The alert sets are compared on dedup key, severity, accounts, addresses, first and last seen and the evidence (md5).',
        ],
        details: { rows: ROWS, users: USERS, runs: runs.map(({ alerts, ...r }) => ({ ...r, alertCount: alerts.length })) },
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
