import { readFile } from 'node:fs/promises';
import { decodeText } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { findJsonError } from './json-syntax.ts';

/**
 * The records of a vendor JSON download, each with the line it starts on (for error messages):
 * a top-level array, an object holding the array under one of `keys` (Graph's `value`, Google's
 * `items` and `alerts`, Event Hub's `records`), or one record per line (NDJSON: Azure Monitor's
 * storage blobs, a Reports API export of one activity per line).
 */

export type JsonItem = { line: number; value: unknown };

function itemLines(text: string, wrapped: boolean, key: string | undefined): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let depth1Key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        else s += text[j];
        if (text[j] === '\n') line++;
        j++;
      }
      i = j;
      if (wrapped && stack.length === 1) {
        let k = j + 1;
        while (k < text.length && /\s/.test(text[k] as string)) k++;
        if (text[k] === ':') depth1Key = s;
      }
    } else if (ch === '{' || ch === '[') {
      const atItem = wrapped
        ? stack.length === 2 && stack[0] === '{' && stack[1] === '[' && depth1Key === key
        : stack.length === 1 && stack[0] === '[';
      if (atItem) lines.push(line);
      stack.push(ch);
    } else if (ch === '}' || ch === ']') stack.pop();
  }
  return lines;
}

export async function readJsonItems(file: string, displayName: string, keys: readonly string[]): Promise<JsonItem[]> {
  const text = decodeText(await readFile(file), displayName);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const perLine = readJsonLines(text, displayName);
    if (perLine) return perLine;
    const at = findJsonError(text);
    const m = /position (\d+)/.exec((err as Error).message);
    const line = at?.line ?? (m ? text.slice(0, Number(m[1])).split('\n').length : 1);
    throw new ImportRejected([{ file: displayName, line, message: `not valid JSON: ${at?.message ?? (err as Error).message}` }]);
  }
  let items: unknown[] | undefined;
  let key: string | undefined;
  if (Array.isArray(data)) items = data;
  else if (data && typeof data === 'object') {
    key = keys.find((k) => Array.isArray((data as Record<string, unknown>)[k]));
    if (key) items = (data as Record<string, unknown[]>)[key];
    // An empty page of results has no array at all (Google leaves `items` out).
    else if (keys.some((k) => k in (data as object)) || 'kind' in (data as object) || '@odata.context' in (data as object))
      items = [];
  }
  if (!items)
    throw new ImportRejected([
      {
        file: displayName,
        line: 1,
        message: `expected a JSON array, or an object with ${keys.map((k) => `"${k}"`).join(' or ')}`,
      },
    ]);
  const lines = itemLines(text, !Array.isArray(data), key);
  return items.map((value, i) => ({ line: lines[i] ?? 1, value }));
}

/**
 * One JSON object per line. Undefined when the text is not that shape (its first line is not a
 * whole object); a bad line after a good first one is that line's error.
 */
function readJsonLines(text: string, displayName: string): JsonItem[] | undefined {
  const out: JsonItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as string).trim().replace(/^\uFEFF/, '');
    if (!t) continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      value = undefined;
    }
    if (value === undefined || typeof value !== 'object' || Array.isArray(value)) {
      if (!out.length) return undefined;
      const at = findJsonError(t);
      throw new ImportRejected([
        {
          file: displayName,
          line: i + 1,
          message: `not valid JSON (one record per line): ${at?.message ?? 'not a JSON object'}`,
        },
      ]);
    }
    out.push({ line: i + 1, value });
  }
  return out.length ? out : undefined;
}
