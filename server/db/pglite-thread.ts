import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The main-thread face of the PGlite worker: the small part of PGlite's API that Drizzle's
 * `drizzle-orm/pglite` driver calls (query, exec, transaction), forwarded to the worker thread.
 * A query's rows come back by structured clone; a COPY's data goes across as a file path or bytes.
 */

type QueryOptions = {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
  blobPath?: string;
  blobBytes?: Uint8Array;
};

export type ThreadResult = {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  blobBytes?: Uint8Array;
};

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; background: boolean };

/**
 * Marks the database work of bulk background jobs (an import's slices): what the thread sends
 * inside `asBackgroundWork` does not count as another user of the connection.
 */
const backgroundWork = new AsyncLocalStorage<true>();
export const asBackgroundWork = <T>(fn: () => Promise<T>): Promise<T> => backgroundWork.run(true, fn);

type WorkerError = {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  column?: string;
  severity?: string;
};

/** Rebuilds the database error on this side, keeping the fields callers test (code, constraint). */
export class PGliteError extends Error {
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly severity?: string;
  constructor(e: WorkerError) {
    super(e.message);
    this.name = 'PGliteError';
    Object.assign(this, e, { message: e.message });
  }
}

interface Queryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult>;
  exec(sql: string): Promise<ThreadResult[]>;
}

/**
 * PGlite's WebAssembly, compiled once per process and handed to each database thread (a compiled
 * module crosses to a worker without being compiled again). A process that opens several
 * databases (the test suite opens one per suite, a restore two) saves a compile for each.
 */
// The server's TypeScript lib has no DOM types, where WebAssembly's are declared.
type WasmModule = object;
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;
let compiled: Promise<WasmModule> | undefined;
function pgliteWasm(): Promise<WasmModule> {
  compiled ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    return wasm.compile(readFileSync(path.join(path.dirname(entry), 'pglite.wasm')));
  })();
  return compiled;
}

export class PGliteThread implements Queryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | undefined;
  #closing = false;
  /**
   * When a message of anyone but background work was last sent or answered, and how many are in
   * flight: background work waits for a quiet moment, and slices big when no one else is there.
   */
  #lastActivity = Number.NEGATIVE_INFINITY;
  #othersPending = 0;

  private constructor(worker: Worker, onFatal: (err: Error) => void) {
    this.#worker = worker;
    worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: WorkerError }) => {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (!p.background) {
        this.#othersPending--;
        this.#lastActivity = performance.now();
      }
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new PGliteError(msg.error ?? { message: 'unknown database error' }));
    });
    const fail = (err: Error) => {
      this.#failure = err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.#othersPending = 0;
      onFatal(err);
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      // close() ends the thread with terminate(), which exits with code 1: that is a normal stop.
      if (code !== 0 && !this.#failure && !this.#closing) fail(new Error(`the database thread stopped (exit code ${code})`));
    });
  }

  /** `dataDir` is a directory, or `memory://` for a throwaway database. */
  static async open(dataDir: string, onFatal: (err: Error) => void = () => {}, loadDataDirPath?: string): Promise<PGliteThread> {
    const wasmModule = await pgliteWasm().catch(() => undefined);
    const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: { dataDir, loadDataDirPath, wasmModule },
    });
    const thread = new PGliteThread(worker, onFatal);
    await thread.send({ op: 'open' });
    return thread;
  }

  send<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new Error('the database is closed'));
    const id = this.#nextId++;
    const background = backgroundWork.getStore() === true;
    if (!background) {
      this.#othersPending++;
      this.#lastActivity = performance.now();
    }
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        background,
      });
      const bytes = msg.blobBytes;
      // COPY FROM data is transferred to the worker rather than copied (the caller gives it up).
      const owned = bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      // Only a view that owns its whole buffer may be transferred (a pooled Buffer must not be).
      this.#worker.postMessage({ ...msg, id }, owned ? [bytes.buffer as ArrayBuffer] : []);
    });
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<ThreadResult> {
    return this.send(queryMessage(sql, params, options));
  }

  exec(sql: string): Promise<ThreadResult[]> {
    return this.send({ op: 'exec', sql });
  }

  /** How long ago anyone but background work last used the database (0 while they are). */
  othersIdleForMs(): number {
    return this.#othersPending > 0 ? 0 : performance.now() - this.#lastActivity;
  }

  /**
   * Resolves when no one but background work has asked anything of the database for `quietMs`
   * (nothing of theirs in flight), or after `maxWaitMs` at the latest: bulk work (an import's
   * next slice) lets the requests waiting behind it go first, and still makes progress under
   * constant load. At once (no timer) when it is quiet already.
   */
  async whenQuiet(quietMs: number, maxWaitMs: number): Promise<void> {
    const start = performance.now();
    for (;;) {
      const now = performance.now();
      if (this.#othersPending === 0 && now - this.#lastActivity >= quietMs) return;
      if (now - start >= maxWaitMs || this.#failure) return;
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }

  async transaction<T>(fn: (tx: PGliteThreadTransaction) => Promise<T>): Promise<T> {
    const { txId } = await this.send<{ txId: number }>({ op: 'begin' });
    const tx = new PGliteThreadTransaction(this, txId);
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await this.send({ op: 'end', txId, commit: false });
      throw err;
    }
    await this.send({ op: 'end', txId, commit: true });
    return result;
  }

  /** A gzipped tarball of the data directory (PGlite's own format). */
  async dumpDataDir(compression: 'gzip' | 'none' = 'gzip'): Promise<Uint8Array> {
    const { bytes } = await this.send<{ bytes: Uint8Array }>({ op: 'dump', compression });
    return bytes;
  }

  async close(): Promise<void> {
    if (!this.#failure) await this.send({ op: 'close' });
    this.#closing = true;
    await this.#worker.terminate();
    // A normal stop, not a failure (nothing is logged as fatal), but a query sent after it, or
    // left waiting, is refused rather than never answered.
    const closed = new Error('the database is closed');
    this.#failure ??= closed;
    for (const p of this.#pending.values()) p.reject(closed);
    this.#pending.clear();
    this.#othersPending = 0;
  }
}

/** Drizzle rolls back by throwing out of the callback, so no `rollback()` is needed here. */
export class PGliteThreadTransaction implements Queryable {
  constructor(
    private readonly thread: PGliteThread,
    private readonly txId: number,
  ) {}

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<ThreadResult> {
    return this.thread.send({
      ...queryMessage(sql, params, options),
      txId: this.txId,
    });
  }

  exec(sql: string): Promise<ThreadResult[]> {
    return this.thread.send({ op: 'exec', sql, txId: this.txId });
  }
}

function queryMessage(sql: string, params: unknown[], options: QueryOptions): Record<string, unknown> {
  return {
    op: 'query',
    sql,
    params,
    rowMode: options.rowMode,
    rawOids: Object.keys(options.parsers ?? {}).map(Number),
    blobPath: options.blobPath,
    blobBytes: options.blobBytes,
  };
}
