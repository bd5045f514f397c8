import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ImportRejected } from './errors.ts';

/**
 * CSV files as schools really have them: UTF-8 with or without a byte-order mark, UTF-16 from
 * Excel's "Unicode text", or Windows-1252 from older exports; commas or semicolons; headers
 * matched by trimmed, case-insensitive name, never by position.
 */

export type CsvRow = { line: number; values: string[] };

/**
 * The longest record (a line, or the lines of one quoted record) and the longest field any CSV
 * reader accepts, in characters. Exports of sign-ins, Wi-Fi events, people and tickets stay far
 * below; a file past either is refused at once with its line and field, rather than read whole.
 */
export type CsvLimits = { lineChars: number; fieldChars: number };
export const CSV_LIMITS: CsvLimits = Object.freeze({ lineChars: 1 << 20, fieldChars: 1 << 17 });

/** The refusal for an over-long field: `file:line [column 3 "Notes"]`. */
export function fieldTooLong(
  file: string,
  line: number,
  index: number,
  headers: readonly string[] | undefined,
  length: number,
  limits: CsvLimits,
): ImportRejected {
  const header = headers?.[index]?.replace(/^\uFEFF/, '').trim();
  const field = `column ${index + 1}${header ? ` "${header.length > 60 ? `${header.slice(0, 60)}…` : header}"` : ''}`;
  return new ImportRejected([
    {
      file,
      line,
      field,
      message: `this field is ${length.toLocaleString('en-GB')} characters long; a field may have at most ${limits.fieldChars.toLocaleString('en-GB')}`,
    },
  ]);
}
export type CsvTable = { file: string; headers: string[]; rows: CsvRow[] };

/**
 * What is wrong with these bytes as a text file, judged from its start (a few KiB), or undefined.
 * UTF-16 without a byte-order mark shows as a zero byte beside nearly every ASCII character; any
 * other zero byte means the file is not text at all (a spreadsheet, a PDF, an image).
 */
export function textFileProblem(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n === 0) return undefined;
  const [b0, b1] = [bytes[0], bytes[1]];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return 'this looks like UTF-16 (little-endian) text without a byte-order mark; save it again as "CSV UTF-8" (or "Unicode text", which adds the mark) and upload that';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return 'this looks like UTF-16 (big-endian) text without a byte-order mark; save it again as UTF-8 and upload that';
  if (evenZeros + oddZeros > 0) return 'this is not a text file (it holds zero bytes, as a spreadsheet, PDF or image does)';
  return undefined;
}

/**
 * Bytes to text: honours a BOM, and falls back to Windows-1252 when the bytes are not UTF-8.
 * UTF-16 without a BOM, or a binary file, is refused as `file:1` with what it looks like.
 */
export function decodeText(bytes: Uint8Array, file = 'the file'): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const problem = textFileProblem(bytes);
  if (problem) throw new ImportRejected([{ file, line: 1, message: problem }]);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function sniffDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  // Never more than a line's worth: a file that is one huge line is refused, not split here.
  const firstLine = text.slice(0, Math.min(nl < 0 ? text.length : nl, CSV_LIMITS.lineChars));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates = [',', ';', '\t'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1]);
  return candidates[0]?.[1] ? (candidates[0][0] as string) : ',';
}

/** Parses CSV text; `file` names the source in every error. */
export function parseCsvText(text: string, file: string, limits: CsvLimits = CSV_LIMITS): CsvTable {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      // The parser stops as soon as a field or a record outgrows this, instead of reading on.
      max_record_size: limits.lineChars,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    throw new ImportRejected([
      {
        file,
        line: e.lines ?? 1,
        message:
          e.code === 'CSV_MAX_RECORD_SIZE'
            ? `this line is longer than ${limits.lineChars.toLocaleString('en-GB')} characters; this does not look like a CSV export (a line break missing, or a binary file?)`
            : `not readable as CSV: ${e.message}`,
      },
    ]);
  }
  const [head, ...body] = records;
  if (!head) throw new ImportRejected([{ file, line: 1, message: 'the file is empty' }]);
  const headers = head.record.map((h) => h.trim());
  // csv-parse reports where a record ends; a quoted field may span lines, so count back.
  const startLine = (r: (typeof records)[number]) => r.info.lines - (r.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
  const headerValues = head.record;
  for (const r of records)
    r.record.forEach((v, i) => {
      if (v.length > limits.fieldChars) throw fieldTooLong(file, startLine(r), i, headerValues, v.length, limits);
    });
  return {
    file,
    headers,
    rows: body.filter((r) => r.record.some((v) => v.trim() !== '')).map((r) => ({ line: startLine(r), values: r.record })),
  };
}

export async function readCsvFile(file: string, displayName?: string): Promise<CsvTable> {
  const bytes = await readFile(file);
  const name = displayName ?? path.basename(file);
  return parseCsvText(decodeText(bytes, name), name);
}

export const normaliseHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * Resolves each field to a column: an explicit mapping (field -> header) wins, else the first
 * header among the field's synonyms. Duplicate headers are tolerated (the first one is used).
 */
export function resolveColumns<F extends string>(
  headers: string[],
  synonyms: Record<F, readonly string[]>,
  mapping: Partial<Record<string, string>> = {},
): {
  columns: Partial<Record<F, number>>;
  unknownMapped: string[];
  unused: string[];
} {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = normaliseHeader(h);
    if (!index.has(k)) index.set(k, i);
  });
  const columns: Partial<Record<F, number>> = {};
  const unknownMapped: string[] = [];
  for (const field of Object.keys(synonyms) as F[]) {
    const explicit = mapping[field];
    if (explicit !== undefined) {
      const i = index.get(normaliseHeader(explicit));
      if (i === undefined) unknownMapped.push(`${field}=${explicit}`);
      else columns[field] = i;
      continue;
    }
    for (const s of synonyms[field]) {
      const i = index.get(normaliseHeader(s));
      if (i !== undefined) {
        columns[field] = i;
        break;
      }
    }
  }
  const used = new Set(Object.values(columns) as number[]);
  return {
    columns,
    unknownMapped,
    unused: headers.filter((_, i) => !used.has(i)),
  };
}

/** Parses `field=Header,other=Other header` (the CLI's --map). */
export function parseMappingText(text: string | undefined): Record<string, string> {
  if (!text) return {};
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--map: expected field=Header, got "${part}"`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Quotes one value for CSV output (RFC 4180), neutralising spreadsheet formula injection by the
 * OWASP rule: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, so `-1+HYPERLINK(...)` stays text. Only a cell that is nothing but a number
 * (`-3`, `+4.5`) is left alone, as a spreadsheet reads it as that number and nothing else.
 * Every CSV export goes through this function (csvLine).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: unknown[]): string => `${values.map(csvCell).join(',')}\r\n`;
