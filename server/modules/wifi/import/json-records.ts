import { ImportRejected } from '../../../lib/errors.ts';

/**
 * Vendor JSON as it is saved from an API or a UI export: a bare array, a response wrapper
 * (UniFi `{meta, data: [...]}`, Meraki `{events: [...]}`), or one JSON document per line
 * (a poller appending responses). Each record keeps the line it starts on, for error messages.
 */

export type JsonRecord = { value: Record<string, unknown>; line: number };

/** Line numbers of the objects that open at nesting depth `depth` ([ and { both count). */
function objectStartLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let level = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) line++;
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (ch === 123 && level === depth) lines.push(line);
      level++;
    } else if (ch === 125 || ch === 93) level--;
  }
  return lines;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function recordsOf(doc: unknown, keys: readonly string[]): { items: unknown[]; depth: number } | undefined {
  if (Array.isArray(doc)) return { items: doc, depth: 1 };
  if (isObject(doc)) {
    for (const k of keys) if (Array.isArray(doc[k])) return { items: doc[k] as unknown[], depth: 2 };
    return { items: [doc], depth: 0 };
  }
  return undefined;
}

export function readJsonRecords(text: string, file: string, keys: readonly string[] = ['data', 'events', 'items']): JsonRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  const out: JsonRecord[] = [];
  let whole: unknown;
  try {
    whole = JSON.parse(body);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const found = recordsOf(whole, keys);
    if (!found) throw new ImportRejected([{ file, line: 1, message: 'expected a JSON array or object' }]);
    const lines = found.depth === 0 ? [1] : objectStartLines(body, found.depth);
    let li = 0;
    found.items.forEach((item, i) => {
      if (!isObject(item)) throw new ImportRejected([{ file, line: 1, message: `record ${i + 1} is not a JSON object` }]);
      out.push({ value: item, line: lines[li++] ?? 1 });
    });
    return out;
  }
  // One document per line.
  const rows = body.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).trim();
    if (!row) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(row);
    } catch (err) {
      throw new ImportRejected([{ file, line: i + 1, message: `not readable as JSON: ${(err as Error).message}` }]);
    }
    const found = recordsOf(doc, keys);
    if (!found) throw new ImportRejected([{ file, line: i + 1, message: 'expected a JSON object' }]);
    for (const item of found.items) if (isObject(item)) out.push({ value: item, line: i + 1 });
  }
  if (out.length === 0 && body.trim()) throw new ImportRejected([{ file, line: 1, message: 'not readable as JSON' }]);
  return out;
}

export const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? v : String(v);

export function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}
