import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../lib/errors.ts';
import { type Db, openDatabase } from './connect.ts';
import { copyCsvBytesInto, copyQueryToBytes } from './copy.ts';
import { listAppliedMigrations, listMigrations, migrate } from './migrate.ts';
import { queryRows } from './rows.ts';
import { readTarFiles, TAR_END, type TarFile, TarFormatError, tarEntry } from './tar-stream.ts';

/**
 * A backup is a .tar.gz: first a manifest (the migrations applied; every table in the order its
 * foreign keys need, with its columns, row count and checksum; every sequence's position), then
 * each table's rows as CSV chunks of at most CHUNK_BLOCKS heap pages, all read from one
 * read-only snapshot. Everything is taken from the database's own catalogue: every table of
 * the public schema, every stored column (generated columns are left for the restore to
 * compute). Backup and restore stream: one chunk of one table is in memory at a time, on either
 * engine, whatever the size of the school. PGlite and PostgreSQL read and write the same format,
 * so a backup also moves a school from the embedded database to a server.
 */

const FORMAT = 'belfry-backup';
const FORMAT_VERSION = 2;
/** Heap pages per chunk (8 kB each): about 4 MB of rows held at a time. */
const CHUNK_BLOCKS = 512;

type TableEntry = { name: string; columns: string[]; rows: number; checksum: string };
type SequenceEntry = { name: string; lastValue: string; isCalled: boolean };
export type Manifest = {
  format: string;
  formatVersion: number;
  createdAt: string;
  engine: string;
  migrations: string[];
  /** In load order: a table comes after every table its foreign keys point at. */
  tables: TableEntry[];
  sequences: SequenceEntry[];
};

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Row text is printed the same way on both engines whatever their defaults (the checksum reads it). */
async function portableSettings(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
  await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
  await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
  await tx.execute(sql`SET LOCAL extra_float_digits = 1`);
}

/** Every ordinary table of the public schema but the migration history, by name. */
export async function listTables(db: Db): Promise<string[]> {
  const r = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'belfry_migrations'
        ORDER BY c.relname COLLATE "C"`,
  );
  return r.map((x) => x.name);
}

/** The columns a table stores, in order: generated columns are computed, never copied. */
async function storedColumns(db: Db): Promise<Map<string, string[]>> {
  const r = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`SELECT c.relname AS table_name, a.attname AS column_name
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum`,
  );
  const out = new Map<string, string[]>();
  for (const { table_name, column_name } of r) out.set(table_name, [...(out.get(table_name) ?? []), column_name]);
  return out;
}

type ForeignKey = { name: string; child: string; parent: string; definition: string };

async function foreignKeys(db: Db): Promise<ForeignKey[]> {
  return queryRows<ForeignKey>(
    db,
    sql`SELECT c.conname AS name, ch.relname AS child, pa.relname AS parent, pg_get_constraintdef(c.oid) AS definition
        FROM pg_constraint c
        JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
        JOIN pg_class pa ON pa.oid = c.confrelid
        WHERE c.contype = 'f' AND n.nspname = 'public'
        ORDER BY c.conname`,
  );
}

/** Tables ordered so that every table comes after the tables its foreign keys point at. */
function parentsFirst(tables: string[], fks: ForeignKey[]): string[] {
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of fks) if (child !== parent) parents.set(child, (parents.get(child) ?? new Set()).add(parent));
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of [...(parents.get(t) ?? [])].sort()) if (tables.includes(p)) visit(p);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

/**
 * Each table's row count and an order-free checksum of its rows (the sum of the first 60 bits of
 * each row's md5 over its stored columns): one pass, constant memory. Generated columns are left
 * out: another engine's text search may stem a word differently, and the restore computes them.
 */
export async function tableChecksums(
  tx: Db,
  tables: { name: string; columns: string[] }[],
): Promise<Map<string, { rows: number; checksum: string }>> {
  const out = new Map<string, { rows: number; checksum: string }>();
  for (const { name, columns } of tables) {
    const row = columns.length ? `ROW(${columns.map((c) => `t.${ident(c)}`).join(', ')})::text` : `''`;
    const r = await queryRows<{ rows: number; checksum: string }>(
      tx,
      sql.raw(
        `SELECT count(*)::int AS rows, coalesce(sum(('x' || substr(md5(${row}), 1, 15))::bit(60)::bigint), 0)::text AS checksum FROM ${ident(name)} t`,
      ),
    );
    out.set(name, { rows: Number(r[0]?.rows ?? 0), checksum: String(r[0]?.checksum ?? '0') });
  }
  return out;
}

export type BackupResult = { file: string; tables: number; rows: number; bytes?: number };

export async function backupDatabase(
  db: Db,
  engine: string,
  file: string,
  onTable?: (name: string) => void,
): Promise<BackupResult> {
  const partial = `${file}.partial`;
  let manifest: Manifest | undefined;
  try {
    await db.transaction(
      async (tx) => {
        await portableSettings(tx);
        const migrations = await listAppliedMigrations(tx);
        const columns = await storedColumns(tx);
        const order = parentsFirst(await listTables(tx), await foreignKeys(tx));
        // No table may be rewritten (VACUUM FULL, CLUSTER) under the chunked reads below.
        if (order.length) await tx.execute(sql.raw(`LOCK TABLE ${order.map(ident).join(', ')} IN ACCESS SHARE MODE`));
        const sums = await tableChecksums(
          tx,
          order.map((name) => ({ name, columns: columns.get(name) ?? [] })),
        );
        const blocks = new Map<string, number>();
        for (const b of await queryRows<{ name: string; blocks: number }>(
          tx,
          sql`SELECT c.relname AS name, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS blocks
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
        ))
          blocks.set(b.name, Number(b.blocks));
        const sequences: SequenceEntry[] = [];
        for (const s of await queryRows<{ name: string }>(
          tx,
          sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
        )) {
          const v = await queryRows<{ last_value: string; is_called: boolean }>(
            tx,
            sql.raw(`SELECT last_value::text AS last_value, is_called FROM ${ident(s.name)}`),
          );
          sequences.push({ name: s.name, lastValue: String(v[0]?.last_value), isCalled: Boolean(v[0]?.is_called) });
        }
        const m: Manifest = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          engine,
          migrations,
          tables: order.map((name) => ({
            name,
            columns: columns.get(name) ?? [],
            rows: sums.get(name)?.rows ?? 0,
            checksum: sums.get(name)?.checksum ?? '0',
          })),
          sequences,
        };
        manifest = m;
        const now = new Date();
        async function* archive(): AsyncGenerator<Buffer> {
          yield* tarEntry('manifest.json', Buffer.from(JSON.stringify(m, null, 2)), now);
          for (const t of m.tables) {
            if (!t.rows) continue;
            onTable?.(t.name);
            const select = `SELECT ${t.columns.map(ident).join(', ')} FROM ${ident(t.name)}`;
            const chunks = Math.max(1, Math.ceil((blocks.get(t.name) ?? 0) / CHUNK_BLOCKS));
            for (let i = 0; i < chunks; i++) {
              // A TID range scan: the pages of this chunk only, in the snapshot; the last is open-ended.
              const from = `ctid >= '(${i * CHUNK_BLOCKS},0)'::tid`;
              const to = i < chunks - 1 ? ` AND ctid < '(${(i + 1) * CHUNK_BLOCKS},0)'::tid` : '';
              const bytes = await copyQueryToBytes(tx, `${select} WHERE ${from}${to}`);
              if (bytes.byteLength) yield* tarEntry(`tables/${t.name}/${String(i).padStart(6, '0')}.csv`, bytes, now);
            }
          }
          yield TAR_END;
        }
        // Compressed by zlib's thread pool, so a backup taken by the running server does not stall requests.
        await pipeline(Readable.from(archive()), createGzip({ level: 6 }), createWriteStream(partial, { mode: 0o600 }));
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await chmod(partial, 0o600);
    await rename(partial, file);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const m = manifest as unknown as Manifest;
  return { file, tables: m.tables.length, rows: m.tables.reduce((n, t) => n + t.rows, 0) };
}

function refusal(file: string, why: string) {
  return new Invalid(`${file} is not a Belfry backup (${why})`);
}

/** The archive's files in order; a file that is not a .tar.gz is refused in words, not zlib's. */
async function* archiveFiles(file: string): AsyncGenerator<TarFile> {
  const input = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFound(`Cannot read ${file}: there is no such file`);
    throw err;
  }
  const gunzip = createGunzip();
  input.pipe(gunzip);
  input.once('error', (err) => gunzip.destroy(err));
  try {
    yield* readTarFiles(gunzip);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_') || err instanceof TarFormatError)
      throw refusal(file, `not a .tar.gz archive${err instanceof TarFormatError ? `: ${err.message}` : ''}`);
    throw err;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function parseManifest(file: string, entry: TarFile | undefined): Manifest {
  if (entry?.name !== 'manifest.json') throw refusal(file, 'it has no readable manifest.json');
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(entry.data.toString('utf8')) as Partial<Manifest>;
  } catch {
    throw refusal(file, 'it has no readable manifest.json');
  }
  if (manifest?.format === FORMAT && manifest.formatVersion === 1)
    throw new Invalid(
      `${file} is a backup in Belfry's first format, which copied generated columns and cannot be restored; take a new backup with this version`,
    );
  if (manifest?.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION)
    throw refusal(file, `its manifest says format ${JSON.stringify(manifest?.format)} version ${manifest?.formatVersion}`);
  if (!Array.isArray(manifest.migrations) || !Array.isArray(manifest.tables) || !Array.isArray(manifest.sequences))
    throw refusal(file, 'its manifest is incomplete');
  return manifest as Manifest;
}

/** Reads only the manifest (the first entry): what a backup holds, without unpacking it. */
export async function readBackupManifest(file: string): Promise<Manifest> {
  const files = archiveFiles(file);
  try {
    const first = await files.next();
    return parseManifest(file, first.done ? undefined : first.value);
  } finally {
    await files.return(undefined);
  }
}

export type RestoreResult = { tables: number; rows: number; migratedForward: string[]; verified: boolean };

/**
 * Loads a backup into an empty database: its schema first (migrations up to the backup's), then
 * every chunk as it comes out of the archive, in one transaction, then migrations forward. With
 * `verify`, every table's rows are counted and checksummed against the manifest afterwards.
 */
export async function restoreDatabase(
  db: Db,
  file: string,
  onTable?: (name: string) => void,
  options: { verify?: boolean } = {},
): Promise<RestoreResult> {
  const files = archiveFiles(file);
  try {
    const first = await files.next();
    const manifest = parseManifest(file, first.done ? undefined : first.value);
    const known = new Set(listMigrations().map((m) => m.tag));
    const unknown = manifest.migrations.filter((m) => !known.has(m));
    if (unknown.length)
      throw new Conflict(`${file} was made by a newer Belfry (migrations ${unknown.join(', ')}); upgrade Belfry first`);
    for (const name of await listTables(db)) {
      const n = await queryRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ${ident(name)}`));
      if (Number(n[0]?.n) > 0)
        throw new Conflict(
          `Restore needs an empty database, but table ${name} has rows; restore into a new data directory or database`,
        );
    }
    // Rows are loaded into the backup's own schema, then migrated forward; a database already
    // past that schema would receive rows shaped for an older one.
    const ahead = (await listAppliedMigrations(db)).filter((m) => !manifest.migrations.includes(m));
    if (ahead.length) {
      throw new Conflict(
        `The target database is already migrated past this backup (${ahead.join(', ')}); restore into a new data directory or an empty database`,
      );
    }
    const last = manifest.migrations[manifest.migrations.length - 1];
    if (last) await migrate(db, { upTo: last });
    const byName = new Map(manifest.tables.map((t, i) => [t.name, { ...t, position: i, loaded: 0 }]));
    await db.transaction(async (tx) => {
      await portableSettings(tx);
      const columns = await storedColumns(tx);
      for (const t of manifest.tables) {
        const have = columns.get(t.name);
        if (!have) throw new Conflict(`${file} holds table ${t.name}, which this schema does not have`);
        const missing = t.columns.filter((c) => !have.includes(c));
        if (missing.length) throw new Conflict(`${file}: table ${t.name} has no stored column ${missing.join(', ')} here`);
      }
      // A foreign key that points at its own table, or back along a cycle, cannot be satisfied
      // chunk by chunk: it is set aside while the rows load and checked in full when it returns.
      const later = (await foreignKeys(tx)).filter((fk) => {
        const child = byName.get(fk.child)?.position ?? -1;
        const parent = byName.get(fk.parent)?.position ?? -1;
        return child >= 0 && parent >= child;
      });
      for (const fk of later) await tx.execute(sql.raw(`ALTER TABLE ${ident(fk.child)} DROP CONSTRAINT ${ident(fk.name)}`));
      let current = '';
      for await (const entry of files) {
        const m = /^tables\/([^/]+)\/\d+\.csv$/.exec(entry.name);
        const t = m ? byName.get(m[1] as string) : undefined;
        if (!t) throw refusal(file, `it holds ${entry.name}, which its manifest does not list`);
        if (t.name !== current) {
          current = t.name;
          onTable?.(t.name);
        }
        t.loaded += await copyCsvBytesInto(tx, t.name, t.columns, entry.data);
      }
      for (const t of byName.values())
        if (t.loaded !== t.rows) throw new Invalid(`${file}: table ${t.name} lists ${t.rows} rows but ${t.loaded} were read`);
      for (const fk of later)
        await tx.execute(sql.raw(`ALTER TABLE ${ident(fk.child)} ADD CONSTRAINT ${ident(fk.name)} ${fk.definition}`));
      for (const s of manifest.sequences)
        await tx.execute(
          sql.raw(`SELECT setval(${literal(ident(s.name))}, ${literal(s.lastValue)}::bigint, ${s.isCalled ? 'true' : 'false'})`),
        );
      if (options.verify) await verifyAgainst(tx, manifest, file);
    });
    const migratedForward = await migrate(db);
    return {
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      migratedForward,
      verified: Boolean(options.verify),
    };
  } finally {
    await files.return(undefined);
  }
}

/** Every table's count and checksum in `tx` equal the manifest's, or an error naming the first that differs. */
async function verifyAgainst(tx: Db, manifest: Manifest, file: string): Promise<void> {
  const sums = await tableChecksums(tx, manifest.tables);
  for (const t of manifest.tables) {
    const got = sums.get(t.name);
    if (got?.rows !== t.rows || got.checksum !== t.checksum)
      throw new Error(
        `${file}: table ${t.name} restored ${got?.rows} rows (checksum ${got?.checksum}) but the backup lists ${t.rows} (checksum ${t.checksum})`,
      );
  }
}

/**
 * Proves a backup restores: loads it into a new PGlite database in `scratchDir` (removed
 * afterwards) and checks every table's count and checksum against its manifest.
 */
export async function verifyBackup(file: string, scratchDir: string): Promise<RestoreResult> {
  await rm(scratchDir, { recursive: true, force: true });
  const scratch = await openDatabase({ pgliteDir: scratchDir });
  try {
    return await restoreDatabase(scratch.db, file, undefined, { verify: true });
  } finally {
    await scratch.close();
    await rm(scratchDir, { recursive: true, force: true });
  }
}
