import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { normaliseBand, normaliseMac, parseTimestamp } from '../domain/identifiers.ts';
import { STAGES, type Stage } from '../domain/records.ts';
import { readCsvLines } from './csv-lines.ts';
import { type ParseContext, problem } from './sink.ts';

/**
 * `wifi-csv`: any vendor's connection attempts as CSV, one attempt a row, with the header
 * `ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device`. Streamed, so a file of ten million
 * rows never sits in memory; UTF-8 (with or without a BOM) or UTF-16 with a BOM.
 */

export const WIFI_CSV_FIELDS = {
  ts: ['ts', 'time', 'timestamp'],
  ap: ['ap', 'ap name', 'access point'],
  client_mac: ['client_mac', 'client mac', 'mac'],
  identity: ['identity', 'user', 'username'],
  ssid: ['ssid'],
  band: ['band', 'radio'],
  stage: ['stage'],
  ok: ['ok', 'success'],
  rssi: ['rssi', 'signal'],
  device: ['device', 'model', 'os'],
} as const;

type Field = keyof typeof WIFI_CSV_FIELDS;
const REQUIRED: Field[] = ['ts', 'ap', 'client_mac', 'stage', 'ok'];
const OK_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  t: true,
  f: false,
};

/** One attempt row to a record, or a problem naming its line and column. */
function readRow(values: string[], line: number, columns: Partial<Record<Field, number>>, pc: ParseContext): boolean {
  const bad = (field: string, message: string) => {
    problem(pc, line, field, message);
    return false;
  };
  const get = (f: Field) => (columns[f] === undefined ? '' : (values[columns[f]] ?? '').trim());
  const ts = parseTimestamp(get('ts'), pc.timeZone);
  if (!ts) return bad('ts', `"${get('ts')}" is not an ISO 8601 date and time`);
  const ap = get('ap');
  if (!ap) return bad('ap', 'is empty');
  const mac = normaliseMac(get('client_mac'));
  if (!mac) return bad('client_mac', `"${get('client_mac')}" is not a MAC address`);
  const stage = get('stage').toLowerCase();
  if (!(STAGES as readonly string[]).includes(stage)) return bad('stage', `"${get('stage')}" is not one of ${STAGES.join(', ')}`);
  const ok = OK_WORDS[get('ok').toLowerCase()];
  if (ok === undefined) return bad('ok', `"${get('ok')}" is not true or false`);
  const rssiText = get('rssi');
  const rssi = rssiText ? Number(rssiText) : undefined;
  if (rssi !== undefined && (!Number.isFinite(rssi) || rssi > 0 || rssi < -120))
    return bad('rssi', `"${rssiText}" is not a signal strength in dBm (-120 to 0)`);
  pc.sink.attempt({
    ts,
    ap,
    clientMac: mac,
    identity: get('identity') || undefined,
    ssid: get('ssid') || undefined,
    band: normaliseBand(get('band')),
    stage: stage as Stage,
    ok,
    rssi: rssi === undefined ? undefined : Math.round(rssi),
    device: get('device') || undefined,
  });
  return true;
}

async function encodingOf(path: string): Promise<{ encoding: BufferEncoding | 'utf-16be'; skip: number }> {
  const fh = createReadStream(path, { start: 0, end: 2 });
  const chunks: Buffer[] = [];
  for await (const c of fh) chunks.push(c as Buffer);
  const b = Buffer.concat(chunks);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return { encoding: 'utf8', skip: 0 };
}

export function parseGenericCsv(mapping: Record<string, string> = {}) {
  return async (path: string, pc: ParseContext): Promise<number> => {
    const size = (await stat(path)).size;
    const { encoding, skip } = await encodingOf(path);
    if (encoding === 'utf-16be')
      throw new ImportRejected([{ file: pc.file, line: 1, message: 'UTF-16 big-endian is not supported' }]);
    let columns: Partial<Record<Field, number>> = {};
    let rows = 0;
    let header = true;
    await readCsvLines(path, { encoding: encoding as BufferEncoding, start: skip }, (values, line, bytes) => {
      if (header) {
        header = false;
        const resolved = resolveColumns(
          values.map((v) => v.trim()),
          WIFI_CSV_FIELDS,
          mapping,
        );
        const missing = REQUIRED.filter((f) => resolved.columns[f] === undefined);
        if (missing.length || resolved.unknownMapped.length)
          throw new ImportRejected([
            {
              file: pc.file,
              line: 1,
              message: `needs columns ${REQUIRED.join(', ')}; missing ${[...missing, ...resolved.unknownMapped].join(', ')} (found: ${values.join(', ')})`,
            },
          ]);
        columns = resolved.columns;
        return;
      }
      rows++;
      if (rows % 20000 === 0) pc.progress(Math.round((bytes / Math.max(size, 1)) * 100), 100);
      readRow(values, line, columns, pc);
      return pc.problems.length <= 1000;
    });
    if (header) throw new ImportRejected([{ file: pc.file, line: 1, message: 'the file is empty' }]);
    return rows;
  };
}
