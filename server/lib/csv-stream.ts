import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { CSV_LIMITS, type CsvLimits, type CsvRow, fieldTooLong, textFileProblem } from './csv.ts';
import { ImportRejected } from './errors.ts';

/**
 * Big CSV files (a million sign-ins, ten million Wi-Fi events) read as a stream of record
 * batches: lines are split as they arrive and only a line holding a quote goes through the
 * quote-aware splitter (a quoted field may span lines). About 3x faster than csv-parse on the
 * vendor exports, and a batch per chunk keeps the per-record cost to a plain loop.
 */

function splitQuoted(text: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 34) {
        cur += text.slice(start, i);
        if (text.charCodeAt(i + 1) === 34) {
          cur += '"';
          i++;
          start = i + 1;
        } else {
          quoted = false;
          start = i + 1;
        }
      }
    } else if (ch === 34) {
      cur += text.slice(start, i);
      quoted = true;
      start = i + 1;
    } else if (text[i] === delimiter) {
      out.push(cur + text.slice(start, i));
      cur = '';
      start = i + 1;
    }
  }
  out.push(cur + text.slice(start));
  return out;
}

const countQuotes = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

export function sniffDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? (counts[0][0] as string) : ',';
}

/**
 * Records from text chunks, one batch per chunk; blank lines skipped, lines numbered from 1.
 * A quote left open at the end of the file is an error naming the line it opened on. A record
 * longer than `limits.lineChars` or a field longer than `limits.fieldChars` refuses the file at
 * once, naming the line and the field: nothing is held beyond the cap, and each chunk is scanned
 * once, so one 50 MB line costs a megabyte of reading rather than minutes of rescanning.
 */
export async function* csvRowBatches(
  chunks: AsyncIterable<string>,
  file: string,
  limits: CsvLimits = CSV_LIMITS,
): AsyncGenerator<CsvRow[]> {
  let rest = '';
  let line = 0;
  let delimiter: string | undefined;
  let headers: string[] | undefined;
  let pending: { text: string; line: number; quotes: number } | undefined;
  let batch: CsvRow[] = [];
  const tooLong = (at: number, length: number) =>
    new ImportRejected([
      {
        file,
        line: at,
        message: `this line is longer than ${limits.lineChars.toLocaleString('en-GB')} characters (at least ${length.toLocaleString('en-GB')}); this does not look like a CSV export (a line break missing, or a binary file?)`,
      },
    ]);
  const handle = (raw: string) => {
    line++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (pending) {
      pending.text += `\n${text}`;
      pending.quotes += countQuotes(text);
      if (pending.text.length > limits.lineChars) throw tooLong(pending.line, pending.text.length);
      if (pending.quotes % 2 === 1) return;
    } else {
      if (text.length === 0 || text.trim() === '') return;
      if (text.length > limits.lineChars) throw tooLong(line, text.length);
      if (text.includes('"')) {
        const quotes = countQuotes(text);
        if (quotes % 2 === 1) {
          pending = { text, line, quotes };
          return;
        }
      }
    }
    const record = pending ?? { text, line };
    pending = undefined;
    delimiter ??= sniffDelimiter(record.text.replace(/^\uFEFF/, ''));
    const values = record.text.includes('"') ? splitQuoted(record.text, delimiter) : record.text.split(delimiter);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string;
      if (v.length > limits.fieldChars) throw fieldTooLong(file, record.line, i, headers, v.length, limits);
    }
    headers ??= values;
    batch.push({ line: record.line, values });
  };
  for await (const chunk of chunks) {
    // Only the new chunk is searched for line ends: `rest` (under the cap) has none.
    const text = rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n', rest.length); nl >= 0; nl = text.indexOf('\n', from)) {
      handle(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (rest.length > limits.lineChars) throw tooLong(pending ? pending.line : line + 1, rest.length);
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  if (rest || pending) handle(rest);
  if (pending) {
    throw new ImportRejected([{ file, line: pending.line, message: 'a quoted field starts on this line and is never closed' }]);
  }
  if (batch.length) yield batch;
}

/** Up to this size a file without a byte-order mark that is not UTF-8 is read as Windows-1252. */
const SMALL = 64 * 1024 * 1024;

/**
 * 64 KiB at a time: a batch of a few hundred records is dropped before the next arrives, so its
 * objects die young (batches of a megabyte outlived the young generation and made reading a third
 * slower than calling back record by record; at 64 KiB it is a little faster).
 */
const CHUNK = 1 << 16;

/** Whether a file's bytes (after `skip`) are UTF-8: read a chunk at a time, never held whole. */
async function isUtf8File(file: string, skip: number): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { start: skip, highWaterMark: CHUNK })) {
      decoder.decode(chunk as Buffer, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * A file's text as chunks, decoded as its byte-order mark says (UTF-8 without one; a file up to
 * `wholeUpTo` bytes that is not UTF-8 is Windows-1252, as decodeText reads it). Always streamed:
 * no file is decoded in one piece, so a 50 MB file never holds the event loop while it decodes.
 * `fraction()` says how far through the file reading has got.
 */
export async function openTextChunks(
  file: string,
  options: { wholeUpTo?: number; displayName?: string } = {},
): Promise<{ chunks: AsyncIterable<string>; fraction: () => number }> {
  const size = (await stat(file)).size;
  const name = options.displayName ?? path.basename(file);
  const start = Buffer.alloc(4096);
  const fh = await open(file);
  const { bytesRead } = await fh.read(start, 0, 4096, 0);
  await fh.close();
  const head = start.subarray(0, bytesRead);
  const problem = textFileProblem(head);
  if (problem) throw new ImportRejected([{ file: name, line: 1, message: problem }]);
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' = 'utf-8';
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  else if (size <= (options.wholeUpTo ?? SMALL) && !(await isUtf8File(file, 0))) encoding = 'windows-1252';
  let read = skip;
  return {
    chunks: (async function* () {
      if (encoding === 'utf-16be' || encoding === 'windows-1252') {
        // Rare enough to take the slower general decoder.
        const decoder = new TextDecoder(encoding);
        for await (const chunk of createReadStream(file, { start: skip, highWaterMark: CHUNK })) {
          read += (chunk as Buffer).length;
          yield decoder.decode(chunk as Buffer, { stream: true });
        }
        const last = decoder.decode();
        if (last) yield last;
        return;
      }
      // Node's own stream decoding (it keeps a character split across chunks whole) is faster
      // than TextDecoder.
      const stream = createReadStream(file, {
        start: skip,
        highWaterMark: CHUNK,
        encoding: encoding === 'utf-16le' ? 'utf16le' : 'utf8',
      });
      for await (const chunk of stream) {
        read = skip + stream.bytesRead;
        yield chunk as string;
      }
    })(),
    fraction: () => (size ? Math.min(1, read / size) : 1),
  };
}
