import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ApAlias, stageCode } from '../domain/records.ts';
import { aliasCollector, type RecordSink } from './sink.ts';

/**
 * Writes parsed records as CSV for COPY, in chunk files of at most CHUNK_ROWS rows, so an import
 * of any size is parsed (with progress) before anything is stored, and is then stored a slice at
 * a time (`readSlices`), never more than a chunk in memory. Column order matches the staging tables in db/ingest-queries.ts.
 */

export const STAGING_KINDS = ['attempts', 'sessions', 'client_samples', 'ap_samples', 'roams', 'infra'] as const;
export type StagingKind = (typeof STAGING_KINDS)[number];

const CHUNK_ROWS = 250_000;
const FLUSH_ROWS = 20_000;

/** One CSV cell: NULL is empty, an empty string is "". */
export function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (values: unknown[]) => `${values.map(cell).join(',')}\n`;

/** A text cell, quickly: most values need no quoting. */
const text = (v: string | undefined): string =>
  v === undefined ? '' : v === '' || v.includes('"') || v.includes(',') || v.includes('\n') || v.includes('\r') ? cell(v) : v;
const num = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '' : String(Math.round(n)));
const int = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

export type StagingFiles = {
  dir: string;
  files: Record<StagingKind, string[]>;
  counts: Record<StagingKind, number>;
  ignored: Record<string, number>;
  aliases: ApAlias[];
  /** Every AP key the records use (a name, MAC, BSSID or serial as written). */
  apKeys: Set<string>;
  firstTs?: Date;
  lastTs?: Date;
};

export async function openStaging(): Promise<{ sink: RecordSink; finish: () => StagingFiles; discard: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-wifi-'));
  const files = Object.fromEntries(STAGING_KINDS.map((k) => [k, [] as string[]])) as Record<StagingKind, string[]>;
  const counts = Object.fromEntries(STAGING_KINDS.map((k) => [k, 0])) as Record<StagingKind, number>;
  const buffers = Object.fromEntries(STAGING_KINDS.map((k) => [k, [] as string[]])) as Record<StagingKind, string[]>;
  const ignored: Record<string, number> = {};
  const aliases = aliasCollector();
  const apKeys = new Set<string>();
  const key = (k: string | undefined) => {
    if (k) apKeys.add(k);
  };
  let firstTs: Date | undefined;
  let lastTs: Date | undefined;
  const flush = (kind: StagingKind) => {
    const buf = buffers[kind];
    if (buf.length === 0) return;
    const chunk = Math.floor((counts[kind] - buf.length) / CHUNK_ROWS);
    const list = files[kind];
    if (list.length <= chunk) list.push(path.join(dir, `${kind}-${chunk}.csv`));
    appendFileSync(list[list.length - 1] as string, buf.join(''));
    buffers[kind] = [];
  };
  const push = (kind: StagingKind, values: unknown[], ts: Date) => {
    if (!firstTs || ts < firstTs) firstTs = ts;
    if (!lastTs || ts > lastTs) lastTs = ts;
    buffers[kind].push(row(values));
    counts[kind]++;
    if (buffers[kind].length >= FLUSH_ROWS || counts[kind] % CHUNK_ROWS === 0) flush(kind);
  };
  const sink: RecordSink = {
    attempt: (a) => {
      key(a.ap);
      if (!firstTs || a.ts < firstTs) firstTs = a.ts;
      if (!lastTs || a.ts > lastTs) lastTs = a.ts;
      buffers.attempts.push(
        `${a.ts.toISOString()},${text(a.ap)},${text(a.clientMac)},${text(a.identity)},${text(a.ssid ?? '')},${text(a.band ?? '')},${stageCode(a.stage)},${a.ok ? 't' : 'f'},${num(a.rssi)},${num(a.latencyMs)},${text(a.reason)},${text(a.device)},${text(a.hostname)}\n`,
      );
      counts.attempts++;
      if (buffers.attempts.length >= FLUSH_ROWS || counts.attempts % CHUNK_ROWS === 0) flush('attempts');
    },
    session: (s) => {
      key(s.ap);
      push(
        'sessions',
        [
          s.start,
          s.end,
          s.ap,
          s.clientMac,
          s.identity,
          s.ssid ?? '',
          int(s.durationS),
          s.terminateCause,
          int(s.bytesIn),
          int(s.bytesOut),
          s.hostname,
        ],
        s.end,
      );
    },
    clientSample: (c) => {
      key(c.ap);
      push(
        'client_samples',
        [
          c.ts,
          c.ap,
          c.clientMac,
          c.identity,
          c.ssid ?? '',
          c.band ?? '',
          int(c.rssi),
          int(c.snr),
          int(c.txRate),
          int(c.rxRate),
          c.retryRate,
          int(c.satisfaction),
          c.device,
          c.hostname,
        ],
        c.ts,
      );
    },
    apSample: (a) => {
      key(a.ap);
      push(
        'ap_samples',
        [a.ts, a.ap, a.apMac, int(a.clientCount), int(a.channel), a.channelUtil, a.interference, int(a.uptimeS), a.state],
        a.ts,
      );
    },
    roam: (r) => {
      key(r.fromAp);
      key(r.toAp);
      push('roams', [r.ts, r.clientMac, r.fromAp, r.toAp, int(r.durationMs), int(r.rssiBefore), int(r.rssiAfter)], r.ts);
    },
    infra: (e) => {
      key(e.ap);
      push('infra', [e.ts, e.key, e.ap ?? '', e.message], e.ts);
    },
    apAlias: aliases.add,
    ignore: (what) => {
      ignored[what] = (ignored[what] ?? 0) + 1;
    },
  };
  return {
    sink,
    finish: () => {
      for (const k of STAGING_KINDS) flush(k);
      return { dir, files, counts, ignored, aliases: aliases.list(), apKeys, firstTs, lastTs };
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The records of a chunk file, `size()` records at a time (asked again before each slice): a
 * record ends at a newline outside quotes (a quoted cell may hold one).
 */
export async function* readSlices(file: string, size: () => number): AsyncGenerator<{ csv: string; rows: number }> {
  const text = await readFile(file, 'utf8');
  // The next quote at or after a position, found once per quote (most files have none).
  let quote = text.indexOf('"');
  const nextQuote = (from: number) => {
    if (quote !== -1 && quote < from) quote = text.indexOf('"', from);
    return quote;
  };
  /** The end of the record starting at `from` (just past its newline): quotes pair up within a record. */
  const recordEnd = (from: number) => {
    let pos = from;
    let odd = false;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const stop = nl === -1 ? text.length : nl;
      for (let q = nextQuote(pos); q !== -1 && q < stop; q = nextQuote(q + 1)) odd = !odd;
      if (nl === -1) return text.length;
      if (!odd) return nl + 1;
      pos = nl + 1;
    }
  };
  let start = 0;
  while (start < text.length) {
    const want = size();
    let end = start;
    let rows = 0;
    while (rows < want && end < text.length) {
      end = recordEnd(end);
      rows++;
    }
    yield { csv: text.slice(start, end), rows };
    start = end;
  }
}
