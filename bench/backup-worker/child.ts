/**
 * One backup or restore in a process of its own, so its peak memory (VmHWM) is its own:
 * `tsx child.ts <op> <kind> <database> <file>`; prints one JSON line { seconds, rssBeforeMb, peakMb, rows }.
 * `whole` is the code path before issue 12 (each table copied whole into memory, then to a
 * staging file; restore unpacks to disk and loads each table's file whole), with its generated
 * columns left out so that it runs on the demo school at all; `stream` is server/db/backup.ts.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import * as tar from 'tar';
import { backupDatabase, restoreDatabase } from '../../server/db/backup.ts';
import { type Db, openDatabase } from '../../server/db/connect.ts';
import { copyCsvFileInto, copyQueryToCsvFile } from '../../server/db/copy.ts';
import { listAppliedMigrations, migrate } from '../../server/db/migrate.ts';
import { queryRows } from '../../server/db/rows.ts';

const [op, kind, target, file] = process.argv.slice(2) as [string, 'pglite' | 'postgres', string, string];
const ident = (n: string) => `"${n.replace(/"/g, '""')}"`;
const status = (field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;

async function tables(db: Db) {
  const r = await queryRows<{ t: string; c: string }>(
    db,
    sql`SELECT c.relname AS t, a.attname AS c FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'belfry_migrations' AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum`,
  );
  const out = new Map<string, string[]>();
  for (const { t, c } of r) out.set(t, [...(out.get(t) ?? []), c]);
  return out;
}

async function parentsFirst(db: Db, names: string[]) {
  const r = await queryRows<{ child: string; parent: string }>(
    db,
    sql`SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint c JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid
        JOIN pg_namespace n ON n.oid = ch.relnamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of r) if (child !== parent) parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) if (names.includes(p)) visit(p);
    out.push(t);
  };
  for (const t of names) visit(t);
  return out;
}

async function backupWhole(db: Db, out: string): Promise<number> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-whole-'));
  let rows = 0;
  try {
    await mkdir(path.join(staging, 'tables'));
    const manifest: { migrations: string[]; tables: { name: string; columns: string[]; rows: number }[] } = {
      migrations: [],
      tables: [],
    };
    await db.transaction(
      async (tx) => {
        manifest.migrations = await listAppliedMigrations(tx);
        for (const [name, columns] of await tables(tx)) {
          const n = Number((await queryRows<{ n: number }>(tx, sql.raw(`SELECT count(*)::int AS n FROM ${ident(name)}`)))[0]?.n);
          await copyQueryToCsvFile(
            tx,
            `SELECT ${columns.map(ident).join(', ')} FROM ${ident(name)}`,
            path.join(staging, 'tables', `${name}.csv`),
          );
          manifest.tables.push({ name, columns, rows: n });
          rows += n;
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest));
    await pipeline(
      tar.c({ cwd: staging, portable: true }, ['manifest.json', 'tables']),
      createGzip({ level: 6 }),
      createWriteStream(out),
    );
    return rows;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function restoreWhole(db: Db, from: string): Promise<number> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'belfry-bench-whole-'));
  let rows = 0;
  try {
    await pipeline(createReadStream(from), createGunzip(), tar.x({ cwd: staging }));
    const manifest = JSON.parse(readFileSync(path.join(staging, 'manifest.json'), 'utf8')) as {
      migrations: string[];
      tables: { name: string; columns: string[]; rows: number }[];
    };
    await migrate(db, { upTo: manifest.migrations[manifest.migrations.length - 1] });
    await db.transaction(async (tx) => {
      const byName = new Map(manifest.tables.map((t) => [t.name, t]));
      for (const name of await parentsFirst(tx, [...byName.keys()])) {
        const t = byName.get(name);
        if (!t?.rows) continue;
        rows += await copyCsvFileInto(tx, name, t.columns, path.join(staging, 'tables', `${name}.csv`), { header: true });
      }
    });
    await migrate(db);
    return rows;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const database = await openDatabase(kind === 'pglite' ? { pgliteDir: target } : { databaseUrl: target });
const rssBeforeMb = status('VmRSS');
const t0 = performance.now();
let rows = 0;
if (op === 'backup-stream') rows = (await backupDatabase(database.db, kind, file)).rows;
else if (op === 'backup-whole') rows = await backupWhole(database.db, file);
else if (op === 'restore-stream') rows = (await restoreDatabase(database.db, file)).rows;
else if (op === 'restore-whole') rows = await restoreWhole(database.db, file);
else throw new Error(`unknown op ${op}`);
const seconds = (performance.now() - t0) / 1000;
await database.close();
process.stdout.write(`${JSON.stringify({ seconds, rssBeforeMb, peakMb: status('VmHWM'), rows })}\n`);
process.exit(0);
