import { resolveColumns } from '../../../lib/csv.ts';
import { csvRowBatches, openTextChunks } from '../../../lib/csv-stream.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { normaliseBand, normaliseMac, parseTimestamp } from '../domain/identifiers.ts';
import { STAGES, type Stage } from '../domain/records.ts';
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

export function parseGenericCsv(mapping: Record<string, string> = {}) {
  return async (path: string, pc: ParseContext): Promise<number> => {
    const { chunks, fraction } = await openTextChunks(path, { displayName: pc.file });
    let columns: Partial<Record<Field, number>> = {};
    let rows = 0;
    let header = true;
    let shown = -1;
    for await (const batch of csvRowBatches(chunks, pc.file)) {
      for (const { values, line } of batch) {
        if (header) {
          header = false;
          const resolved = resolveColumns(
            values.map((v) => v.replace(/^\uFEFF/, '').trim()),
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
          continue;
        }
        rows++;
        readRow(values, line, columns, pc);
      }
      const percent = Math.round(fraction() * 100);
      if (percent !== shown) {
        shown = percent;
        pc.progress(percent, 100);
      }
      // A file that is wrong throughout stops early: a thousand problems say enough.
      if (pc.problems.length > 1000) break;
    }
    if (header) throw new ImportRejected([{ file: pc.file, line: 1, message: 'the file is empty' }]);
    return rows;
  };
}
