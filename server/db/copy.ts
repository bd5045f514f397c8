import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import type { Db } from './connect.ts';
import { PGliteThread, PGliteThreadTransaction } from './pglite-thread.ts';

/**
 * Bulk transfer with COPY, the fast path for imports and backups, on either engine.
 * Both functions must run inside a transaction: an import is all-or-nothing, and a backup
 * reads one snapshot. This is the one place that looks beneath Drizzle, at the client a
 * transaction holds (drizzle-orm 0.45: `session.client`).
 */

type Client = PGliteThreadTransaction | PGliteThread | pg.PoolClient | pg.Pool;

function clientOf(tx: Db): Client {
  const client = (tx as unknown as { session?: { client?: Client } }).session?.client;
  if (!client) throw new Error('copy: not a Belfry database handle');
  if (client instanceof PGliteThread || !(client instanceof PGliteThreadTransaction || 'release' in client)) {
    throw new Error('COPY must run inside a transaction (db.transaction(async (tx) => ...))');
  }
  return client;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `COPY table (columns) FROM` a CSV file. Returns the number of rows copied. */
export async function copyCsvFileInto(
  tx: Db,
  table: string,
  columns: string[],
  file: string,
  options: { header?: boolean } = {},
): Promise<number> {
  const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv${options.header ? ', HEADER true' : ''})`;
  const client = clientOf(tx);
  if (client instanceof PGliteThreadTransaction) {
    const r = await client.query(sql.replace('STDIN', `'/dev/blob'`), [], {
      blobPath: file,
    });
    return r.affectedRows ?? 0;
  }
  const stream = (client as pg.PoolClient).query(copyFromStream(sql));
  await pipeline(createReadStream(file), stream);
  return stream.rowCount ?? 0;
}

/** `COPY table (columns) FROM` CSV text held in memory (no header). */
export async function copyCsvTextInto(tx: Db, table: string, columns: string[], csv: string): Promise<number> {
  const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  const client = clientOf(tx);
  if (client instanceof PGliteThreadTransaction) {
    const r = await client.query(sql.replace('STDIN', `'/dev/blob'`), [], {
      blobBytes: new TextEncoder().encode(csv),
    });
    return r.affectedRows ?? 0;
  }
  const stream = (client as pg.PoolClient).query(copyFromStream(sql));
  await pipeline(Readable.from([csv]), stream);
  return stream.rowCount ?? 0;
}

/** `COPY table (columns) FROM` CSV bytes held in memory (no header): one chunk of a backup. */
export async function copyCsvBytesInto(tx: Db, table: string, columns: string[], csv: Uint8Array): Promise<number> {
  const sql = `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  const client = clientOf(tx);
  if (client instanceof PGliteThreadTransaction) {
    const r = await client.query(sql.replace('STDIN', `'/dev/blob'`), [], { blobBytes: csv });
    return r.affectedRows ?? 0;
  }
  const stream = (client as pg.PoolClient).query(copyFromStream(sql));
  await pipeline(Readable.from([csv]), stream);
  return stream.rowCount ?? 0;
}

/** `COPY (select) TO` CSV bytes in memory (no header): for a select of bounded size, one chunk. */
export async function copyQueryToBytes(tx: Db, select: string): Promise<Uint8Array> {
  const sql = `COPY (${select}) TO STDOUT WITH (FORMAT csv)`;
  const client = clientOf(tx);
  if (client instanceof PGliteThreadTransaction) {
    const r = await client.query(sql.replace('STDOUT', `'/dev/blob'`));
    return r.blobBytes ?? new Uint8Array();
  }
  const parts: Buffer[] = [];
  for await (const part of (client as pg.PoolClient).query(copyToStream(sql))) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** `COPY (select) TO` a CSV file with a header row. */
export async function copyQueryToCsvFile(tx: Db, select: string, file: string): Promise<void> {
  const sql = `COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  const client = clientOf(tx);
  if (client instanceof PGliteThreadTransaction) {
    const r = await client.query(sql.replace('STDOUT', `'/dev/blob'`));
    await writeFile(file, r.blobBytes ?? new Uint8Array());
    return;
  }
  const stream = (client as pg.PoolClient).query(copyToStream(sql));
  await pipeline(stream, createWriteStream(file));
}
