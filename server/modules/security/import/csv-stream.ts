import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeText } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';

/**
 * A CSV file read as a stream of records with their line numbers, so a 1,000,000-row
 * download never sits in memory whole. Small files go through lib/csv's decoder (BOM,
 * UTF-16, Windows-1252); big ones are decoded as the BOM says (UTF-8 without one).
 */

export type CsvRecord = { line: number; values: string[] };

const SMALL = 64 * 1024 * 1024;

function sniffDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const best = [',', ';', '\t'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0];
  return best?.[1] ? best[0] : ',';
}

async function textSource(file: string): Promise<{ stream: Readable; size: number }> {
  const size = (await stat(file)).size;
  if (size <= SMALL) {
    const text = decodeText(await readFile(file));
    return { stream: Readable.from([text]), size };
  }
  const head = Buffer.alloc(4);
  const fh = await import('node:fs/promises').then((m) => m.open(file));
  await fh.read(head, 0, 4, 0);
  await fh.close();
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, skip] = ['utf-16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, skip] = ['utf-16be', 2];
  const decoder = new TextDecoder(encoding);
  const bytes = createReadStream(file, { start: skip, highWaterMark: 1024 * 1024 });
  async function* decode() {
    for await (const chunk of bytes) yield decoder.decode(chunk as Buffer, { stream: true });
    const rest = decoder.decode();
    if (rest) yield rest;
  }
  return { stream: Readable.from(decode()), size };
}

/**
 * Reads the header, then yields the data records. `onBytes` hears how far through the file
 * the reader is (0..1), for progress.
 */
export async function openCsvStream(
  file: string,
  displayName: string,
): Promise<{ headers: string[]; records: AsyncIterable<CsvRecord>; fraction: () => number }> {
  const { stream, size } = await textSource(file);
  let consumed = 0;
  // Peek at the first chunk to choose the delimiter before the parser starts.
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const firstText = first.done ? '' : String(first.value);
  const delimiter = sniffDelimiter(firstText.slice(0, firstText.search(/\r?\n|$/)).replace(/^\uFEFF/, ''));
  async function* rest() {
    if (firstText) {
      consumed += firstText.length;
      yield firstText.replace(/^\uFEFF/, '');
    }
    for (;;) {
      const n = await iterator.next();
      if (n.done) return;
      consumed += String(n.value).length;
      yield n.value;
    }
  }
  const parser = Readable.from(rest()).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: true }),
  );
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  let head: { record: string[]; info: { lines: number } } | undefined;
  try {
    const h = await it.next();
    head = h.done ? undefined : h.value;
  } catch (err) {
    throw rejected(displayName, err);
  }
  if (!head) throw new ImportRejected([{ file: displayName, line: 1, message: 'the file is empty' }]);
  const headers = head.record.map((h) => h.trim());
  async function* records(): AsyncIterable<CsvRecord> {
    for (;;) {
      let n: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        n = await it.next();
      } catch (err) {
        throw rejected(displayName, err);
      }
      if (n.done) return;
      const values = n.value.record;
      if (values.length === 1 && values[0]?.trim() === '') continue;
      yield { line: n.value.info.lines, values };
    }
  }
  // Characters against bytes is close enough for a progress bar.
  return { headers, records: records(), fraction: () => (size ? Math.min(1, consumed / size) : 1) };
}

function rejected(file: string, err: unknown): ImportRejected {
  const e = err as Error & { lines?: number };
  return new ImportRejected([{ file, line: e.lines ?? 1, message: `not readable as CSV: ${e.message}` }]);
}
