import { open, stat } from 'node:fs/promises';
import { Invalid } from './errors.ts';

/**
 * The first part of a file, read once, so an importer can say whether the file is its kind and
 * the import can say which kind it looks like instead (a JSON given to a CSV kind, a log of
 * events given to the clients kind). Only the head is read: the files can be gigabytes.
 */

export type FileShape = 'json' | 'ndjson' | 'csv' | 'yaml' | 'xlsx' | 'text' | 'binary' | 'empty';

export type FileSample = {
  name: string;
  shape: FileShape;
  /** The decoded head of the file (up to 64 KiB). */
  text: string;
  /** JSON (and NDJSON) object keys seen in the head, lower-cased; empty for other shapes. */
  keys: ReadonlySet<string>;
  /** A CSV's header cells, trimmed and lower-cased; empty for other shapes. */
  headers: readonly string[];
};

const HEAD = 64 * 1024;

/** One plain line for a path that is not a readable file (never a raw ENOENT or EISDIR). */
export async function requireFile(
  file: string,
  name: string,
  opts: { directoryOk?: boolean } = {},
): Promise<'file' | 'directory'> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new Invalid(`There is no file at ${name}: check the path and the name.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new Invalid(`${name} cannot be read by Belfry (permission denied): check the file's permissions.`);
    throw new Invalid(`${name} cannot be read (${(err as Error).message}).`);
  }
  if (s.isDirectory()) {
    if (opts.directoryOk) return 'directory';
    throw new Invalid(`${name} is a folder, not a file: give the path of the file inside it.`);
  }
  if (!s.isFile()) throw new Invalid(`${name} is not a regular file.`);
  return 'file';
}

function splitCsvHeader(line: string): string[] {
  const delimiter = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out.map((h) => h.trim().toLowerCase());
}

/** Reads the head of `file` and says what shape it is. */
export async function readFileSample(file: string, name: string): Promise<FileSample> {
  const handle = await open(file, 'r');
  let bytes: Buffer;
  try {
    const buf = Buffer.alloc(HEAD);
    const { bytesRead } = await handle.read(buf, 0, HEAD, 0);
    bytes = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const base = { name, keys: new Set<string>(), headers: [] as string[] };
  if (bytes.length === 0) return { ...base, shape: 'empty', text: '' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { ...base, shape: 'xlsx', text: '' };
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString('utf16le');
  else text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const probe = text.slice(0, 4096);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL means a binary file
  if (/\u0000/.test(probe)) return { ...base, shape: 'binary', text: '' };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const keys = new Set<string>();
    for (const m of text.matchAll(/"([A-Za-z_@$][\w@$.#-]{0,60})"\s*:/g)) keys.add((m[1] as string).toLowerCase());
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
    const ndjson = lines.length > 1 && lines.slice(0, 3).every((l) => /^\s*\{.*\}\s*,?\s*$/.test(l)) && !trimmed.startsWith('[');
    return { ...base, shape: ndjson ? 'ndjson' : 'json', text, keys };
  }
  if (
    /^(---\s*\n)?(title|id|logsource|detection|name|status)\s*:/m.test(probe) &&
    /^\w[\w-]*:\s/m.test(probe) &&
    !probe.includes(',')
  )
    return { ...base, shape: 'yaml', text };
  if (/^[a-z]+\s*:/im.test(probe.split('\n')[0] ?? '') && /^(title|logsource|detection)\s*:/m.test(probe))
    return { ...base, shape: 'yaml', text };
  const first = (text.split(/\r?\n/)[0] ?? '').trim();
  const cells = splitCsvHeader(first);
  if (cells.length >= 2 && first.length < 20_000) return { ...base, shape: 'csv', text, headers: cells };
  return { ...base, shape: 'text', text };
}

/** True when every one of `names` is among the JSON keys (lower-case names). */
export const hasKeys = (s: FileSample, ...names: string[]): boolean => names.every((n) => s.keys.has(n));
/** True when the CSV header has a cell equal to one of `names` for each group. */
export const hasHeaders = (s: FileSample, ...groups: (string | string[])[]): boolean =>
  groups.every((g) => (Array.isArray(g) ? g : [g]).some((n) => s.headers.includes(n)));
