// The embedded database runs here, on its own thread, so a long query or a bulk COPY never
// stalls the HTTP server's event loop (see docs/decisions/0002-pglite-off-the-main-thread.md).
// Plain JavaScript on purpose: it loads the same way under tsx, Vitest and plain Node.
import { openAsBlob } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const { dataDir, loadDataDirPath, wasmModule } = workerData;
/** @type {PGlite | undefined} */
let pg;
/** @type {Map<number, { tx: any, finish: (commit: boolean) => void, done: Promise<void> }>} */
const transactions = new Map();
let nextTxId = 1;

function serializeError(err) {
  const e = err ?? {};
  return {
    message: String(e.message ?? err),
    code: e.code,
    detail: e.detail,
    hint: e.hint,
    constraint: e.constraint,
    table: e.table,
    column: e.column,
    severity: e.severity,
  };
}

// Drizzle passes parsers that keep dates and intervals as the server's text; functions cannot
// cross threads, so the caller sends the type OIDs and each becomes an identity parser here.
function queryOptions(msg) {
  const options = {};
  if (msg.rowMode) options.rowMode = msg.rowMode;
  if (msg.rawOids?.length) {
    options.parsers = Object.fromEntries(msg.rawOids.map((oid) => [oid, (v) => v]));
  }
  return options;
}

async function withBlob(msg, options) {
  if (msg.blobPath) options.blob = await openAsBlob(msg.blobPath);
  else if (msg.blobBytes) options.blob = new Blob([msg.blobBytes]);
  return options;
}

function target(msg) {
  if (!msg.txId) return pg;
  const t = transactions.get(msg.txId);
  if (!t) throw new Error(`transaction ${msg.txId} is not open`);
  return t.tx;
}

async function handle(msg) {
  switch (msg.op) {
    case 'open': {
      // A prepared, migrated data directory (tests start from one instead of running initdb).
      const options = loadDataDirPath ? { loadDataDir: await openAsBlob(loadDataDirPath) } : {};
      // Compiled once by the process (pglite-thread.ts), not once per database.
      if (wasmModule) options.pgliteWasmModule = wasmModule;
      pg = await PGlite.create(dataDir, options);
      return { ok: true };
    }
    case 'query': {
      const options = await withBlob(msg, queryOptions(msg));
      const result = await target(msg).query(msg.sql, msg.params ?? [], options);
      const reply = {
        rows: result.rows,
        fields: result.fields,
        affectedRows: result.affectedRows,
      };
      // COPY ... TO '/dev/blob' answers with a Blob; send its bytes across instead.
      if (result.blob) reply.blobBytes = new Uint8Array(await result.blob.arrayBuffer());
      return reply;
    }
    case 'exec': {
      const results = await target(msg).exec(msg.sql);
      return results.map((r) => ({
        rows: r.rows,
        fields: r.fields,
        affectedRows: r.affectedRows,
      }));
    }
    case 'begin': {
      const txId = nextTxId++;
      let finish;
      const decided = new Promise((resolve) => {
        finish = resolve;
      });
      let opened;
      const ready = new Promise((resolve) => {
        opened = resolve;
      });
      const done = pg
        .transaction(async (tx) => {
          transactions.set(txId, { tx, finish, done: undefined });
          opened();
          const commit = await decided;
          if (!commit) await tx.rollback();
        })
        .finally(() => transactions.delete(txId));
      // If BEGIN itself fails, report that instead of waiting forever.
      await Promise.race([ready, done]);
      transactions.get(txId).done = done;
      return { txId };
    }
    case 'end': {
      const t = transactions.get(msg.txId);
      if (!t) throw new Error(`transaction ${msg.txId} is not open`);
      t.finish(Boolean(msg.commit));
      await t.done;
      return { ok: true };
    }
    case 'dump': {
      const file = await pg.dumpDataDir(msg.compression ?? 'gzip');
      return { bytes: new Uint8Array(await file.arrayBuffer()) };
    }
    case 'close': {
      await pg?.close();
      pg = undefined;
      return { ok: true };
    }
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

function transferList(result) {
  const list = [];
  for (const bytes of [result?.blobBytes, result?.bytes]) if (bytes instanceof Uint8Array) list.push(bytes.buffer);
  return list;
}

parentPort.on('message', (msg) => {
  handle(msg).then(
    // Bytes (COPY TO, dumps) are transferred, not copied: no second copy, no stall.
    (result) => parentPort.postMessage({ id: msg.id, ok: true, result }, transferList(result)),
    (err) =>
      parentPort.postMessage({
        id: msg.id,
        ok: false,
        error: serializeError(err),
      }),
  );
});
