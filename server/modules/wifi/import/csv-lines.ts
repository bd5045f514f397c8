import { createReadStream } from 'node:fs';

/**
 * A fast streaming CSV reader for big exports: lines are split as they arrive, and only a line
 * with a quote goes through the quote-aware splitter (a quoted field may span lines). Calls
 * `onRecord` with the values and the line the record starts on; empty lines are skipped.
 */

function splitQuoted(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const quotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

export function sniffDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? (counts[0][0] as string) : ',';
}

export async function readCsvLines(
  path: string,
  options: { encoding: BufferEncoding; start: number },
  onRecord: (values: string[], line: number, bytes: number) => boolean | undefined,
): Promise<void> {
  let rest = '';
  let line = 0;
  let bytes = 0;
  let delimiter: string | undefined;
  let pending: { text: string; line: number } | undefined;
  let stop = false;
  const handle = (raw: string) => {
    line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (pending) {
      pending.text += `\n${text}`;
      if (quotes(pending.text) % 2 === 1) return;
    } else {
      if (text.trim() === '') return;
      if (text.includes('"') && quotes(text) % 2 === 1) {
        pending = { text, line };
        return;
      }
    }
    const record = pending ?? { text, line };
    pending = undefined;
    delimiter ??= sniffDelimiter(record.text);
    const values = record.text.includes('"') ? splitQuoted(record.text, delimiter) : record.text.split(delimiter);
    if (onRecord(values, record.line, bytes) === false) stop = true;
  };
  for await (const chunk of createReadStream(path, {
    encoding: options.encoding,
    start: options.start,
    highWaterMark: 1 << 20,
  })) {
    bytes += Buffer.byteLength(chunk as string);
    const text = rest + (chunk as string);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && !stop; nl = text.indexOf('\n', from)) {
      handle(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (stop) return;
  }
  if (rest || pending) handle(rest);
}
