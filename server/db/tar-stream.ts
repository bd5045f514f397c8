/**
 * The little of the tar format a backup needs, as streams: write regular files one after
 * another (ustar headers, any `tar` can unpack them) and read them back one at a time. Neither
 * side ever holds more than one entry, so a backup's memory is one chunk of one table whatever
 * the size of the school (the `tar` package's extractor writes to disk; its packer reads files).
 */

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** The 512-byte ustar header of a regular file. Names are at most 100 bytes (a table's chunk). */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: the name ${name} is longer than 100 bytes`);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A file's header, its bytes and the padding to the next block. */
export function tarEntry(name: string, data: Uint8Array, mtime: Date): Buffer[] {
  const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
  return [tarHeader(name, data.byteLength, mtime), Buffer.from(data.buffer, data.byteOffset, data.byteLength), Buffer.alloc(pad)];
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

export type TarFile = { name: string; data: Buffer };

export class TarFormatError extends Error {}

const field = (h: Buffer, start: number, len: number) => {
  const raw = h.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? len : end).toString('utf8');
};

/**
 * The regular files of a tar stream, in order, each whole (a backup's entries are one chunk
 * each). Directories are skipped; a pax header's `path` renames the entry after it.
 */
export async function* readTarFiles(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<TarFile> {
  let buf = Buffer.alloc(0);
  const chunks = source[Symbol.asyncIterator]();
  let ended = false;
  /** Makes at least `n` bytes available in `buf`, or returns false at the end of the stream. */
  const need = async (n: number): Promise<boolean> => {
    const parts: Buffer[] = [buf];
    let have = buf.length;
    while (have < n && !ended) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      const b = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      parts.push(b);
      have += b.length;
    }
    if (parts.length > 1) buf = Buffer.concat(parts, have);
    return buf.length >= n;
  };
  let paxPath: string | undefined;
  for (;;) {
    if (!(await need(BLOCK))) {
      if (buf.length === 0) return;
      throw new TarFormatError('the archive ends inside a header');
    }
    const h = buf.subarray(0, BLOCK);
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    if (Number.parseInt(field(h, 148, 8).trim(), 8) !== sum) throw new TarFormatError('a header checksum is wrong');
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] as number);
    const prefix = field(h, 345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    const total = BLOCK + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (!(await need(total))) throw new TarFormatError(`the archive ends inside ${name}`);
    const data = Buffer.from(buf.subarray(BLOCK, BLOCK + size));
    buf = buf.subarray(total);
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      paxPath = m?.[1];
      continue;
    }
    paxPath = undefined;
    if (type === '0' || type === '\0') yield { name, data };
  }
}
