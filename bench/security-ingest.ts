import { appendFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { fixedClock } from '../server/lib/clock.ts';
import { systemActor } from '../server/lib/context.ts';
import { csvRowBatches, openTextChunks } from '../server/lib/csv-stream.ts';
import { silentLogger } from '../server/lib/logger.ts';
import { captureMailer } from '../server/lib/mailer.ts';
import { seededRng } from '../server/lib/random.ts';
import { TEST_CONFIG } from '../server/lib/test-db.ts';
import { setSetting } from '../server/modules/settings/index.ts';
import { buildRegistry, MODULES } from '../server/modules.ts';
import type { Benchmark } from './lib.ts';

/**
 * The security module's import path at scale: a 1,000,000-row Entra portal CSV (the full
 * 56-column header), read by a bare csv-parse pass, then imported (`entra-signins`: parse,
 * normalise, GeoIP, COPY into the stage, merge with the dedup index and the daily rollup),
 * then every detection run over the same million sign-ins.
 */

const ROWS = Number(process.env.BENCH_SECURITY_ROWS ?? 1_000_000);
const HEADER = [
  'Date (UTC)',
  'Request ID',
  'User agent',
  'Correlation ID',
  'User ID',
  'User',
  'Username',
  'User type',
  'Cross tenant access type',
  'Incoming token type',
  'Authentication Protocol',
  'Unique token identifier',
  'Original transfer method',
  'Client credential type',
  'Token Protection - Sign In Session',
  'Token Protection - Sign In Session StatusCode',
  'Application',
  'Application ID ',
  'App owner tenant ID',
  'Resource',
  'Resource ID ',
  'Resource tenant ID',
  'Resource owner tenant ID',
  'Home tenant ID',
  'Home tenant name',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client app',
  'Device ID',
  'Browser',
  'Operating System',
  'Compliant',
  'Managed',
  'Join Type',
  'Multifactor authentication result',
  'Multifactor authentication auth method',
  'Multifactor authentication auth detail',
  'Authentication requirement',
  'Sign-in identifier',
  'Session ID',
  'IP address (seen by resource)',
  'Through Global Secure Access',
  'Global Secure Access IP address',
  'Autonomous system  number',
  'Flagged for review',
  'Token issuer type',
  'Incoming token type',
  'Token issuer name',
  'Latency',
  'Conditional Access',
  'Managed Identity type',
  'Associated Resource Id',
  'Federated Token Id',
  'Federated Token Issuer',
];

export async function writeCsv(file: string): Promise<void> {
  const rng = seededRng(42);
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`\uFEFF${HEADER.join(',')}\r\n`);
  const start = Date.parse('2026-10-01T00:00:00Z');
  const tenant = '6f1d2c4e-0000-4000-8000-00000000abcd';
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const u = rng.int(0, 1999);
    const fail = rng.chance(0.03);
    const ts = new Date(start + Math.floor((i / ROWS) * 14 * 86_400_000)).toISOString().replace('Z', '0000Z');
    const id = `${(i + 1).toString(16).padStart(8, '0')}-1b2c-4d3e-8f40-${u.toString(16).padStart(12, '0')}`;
    chunk += [
      ts,
      id,
      '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"',
      id,
      `u-${u}`,
      `Person ${u}`,
      `person${u}@school.example`,
      'Member',
      'None',
      'None',
      'None',
      '',
      'None',
      'None',
      'None',
      '',
      'Microsoft Teams',
      '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      tenant,
      'Microsoft Teams Services',
      'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe',
      tenant,
      tenant,
      tenant,
      'Oakfield School',
      `81.2.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      '"Guildford, Surrey, GB"',
      fail ? 'Failure' : 'Success',
      fail ? 50126 : 0,
      fail ? '"Invalid username or password or Invalid on-premise username or password."' : 'Other.',
      'Browser',
      '',
      'Edge 131.0.0',
      'Windows10',
      'false',
      'false',
      '',
      '',
      '',
      '',
      'singleFactorAuthentication',
      `person${u}@school.example`,
      id,
      '',
      'false',
      '',
      5607,
      'false',
      'AzureAD',
      'None',
      '',
      rng.int(40, 400),
      'notApplied',
      '',
      '',
      '',
      '',
    ].join(',');
    chunk += '\r\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

/** The same file through the reader the importer uses, doing nothing with the records. */
async function bareRead(file: string): Promise<number> {
  let n = 0;
  const { chunks } = await openTextChunks(file);
  for await (const batch of csvRowBatches(chunks, file)) n += batch.length;
  return n - 1;
}

async function bareParse(file: string): Promise<number> {
  let n = 0;
  const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true, bom: true }),
  );
  for await (const _ of parser) n++;
  return n - 1;
}

export const benchmark: Benchmark = {
  description: `Entra CSV import (${ROWS.toLocaleString('en-GB')} rows) against a bare parse, and detections over the same sign-ins (PGlite)`,
  run: async (log) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'belfry-bench-security-'));
    try {
      const file = path.join(dir, 'InteractiveSignIns_bench.csv');
      let t = performance.now();
      await writeCsv(file);
      log(
        `wrote ${ROWS.toLocaleString('en-GB')} rows (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      t = performance.now();
      const parsed = await bareParse(file);
      const bareMs = performance.now() - t;
      log(`bare parse: ${parsed.toLocaleString('en-GB')} records in ${(bareMs / 1000).toFixed(1)} s`);
      t = performance.now();
      const read = await bareRead(file);
      const readMs = performance.now() - t;
      log(`bare read (Belfry's own CSV reader): ${read.toLocaleString('en-GB')} records in ${(readMs / 1000).toFixed(1)} s`);

      const database = await openDatabase({ pgliteDir: path.join(dir, 'pglite') });
      await migrate(database.db);
      const ctx = {
        db: database.db,
        clock: fixedClock('2026-10-15T07:00:00Z'),
        config: TEST_CONFIG,
        log: process.env.BENCH_VERBOSE ? { ...silentLogger, debug: (o: unknown) => log(JSON.stringify(o)) } : silentLogger,
        mail: captureMailer(),
        actor: systemActor('bench'),
      };
      const registry = buildRegistry(MODULES);
      await setSetting(ctx, registry.settings, 'security.detectAfterImport', { value: false });
      const importer = registry.importers.find((i) => i.kind === 'entra-signins');
      if (!importer) throw new Error('no entra-signins importer');
      t = performance.now();
      const summary = await importer.run(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
      const importMs = performance.now() - t;
      log(`import: ${summary.created.toLocaleString('en-GB')} new in ${(importMs / 1000).toFixed(1)} s`);
      // An overlapping download: the same rows plus one more (the same bytes again would be recognised by hash at once).
      appendFileSync(
        file,
        `2026-10-15T06:59:00Z,ffffffff-0000-4000-8000-000000000000,x,,u-1,Person 1,person1@school.example,Member,,,,,,,,,Teams,,,,,,,,,81.2.69.1,"Guildford, Surrey, GB",Success,0,,Browser\r\n`,
      );
      t = performance.now();
      const again = await importer.run(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
      const reimportMs = performance.now() - t;
      log(`overlapping re-import: ${again.created} new in ${(reimportMs / 1000).toFixed(1)} s`);
      const { runDetections } = await import('../server/modules/security/detect/run-detections.ts');
      t = performance.now();
      const run = await runDetections(ctx, { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-15T00:00:00Z') });
      const detectMs = performance.now() - t;
      log(`detections: ${run.created} alerts in ${(detectMs / 1000).toFixed(1)} s`);
      await database.close();
      const mib = statSync(file).size / 2 ** 20;
      return {
        variants: ['pglite'],
        metrics: [
          { name: 'CSV size', unit: 'MiB', values: { pglite: mib } },
          { name: 'bare parse (csv-parse, streamed)', unit: 'rows/s', values: { pglite: parsed / (bareMs / 1000) } },
          {
            name: 'import (entra-signins, COPY + merge + rollup)',
            unit: 'rows/s',
            values: { pglite: summary.rowsIn / (importMs / 1000) },
          },
          { name: "bare read (Belfry's CSV reader, lib/csv-stream)", unit: 'rows/s', values: { pglite: read / (readMs / 1000) } },
          { name: 'import time / bare parse time (csv-parse)', unit: '×', values: { pglite: importMs / bareMs } },
          { name: "import time / bare read time (Belfry's reader)", unit: '×', values: { pglite: importMs / readMs } },
          { name: 'overlapping re-import (the same rows + 1 new)', unit: 's', values: { pglite: reimportMs / 1000 } },
          { name: `detections over ${ROWS.toLocaleString('en-GB')} sign-ins`, unit: 's', values: { pglite: detectMs / 1000 } },
          { name: 'alerts raised', unit: 'count', values: { pglite: run.created } },
        ],
        notes: ['Detections include the four Sigma rules switched on by default, which read every event in the period.'],
        details: { rows: ROWS, bareMs, readMs, importMs, reimportMs, detectMs, byType: run.byType },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
