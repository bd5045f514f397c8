import { readCsvFile, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { normaliseMac, parseTimestamp, splitCalledStation } from '../domain/identifiers.ts';
import { type ParseContext, problem, readText } from './sink.ts';

/**
 * FreeRADIUS (research §6.5). `radius-detail`: the accounting `detail` file (a ctime header,
 * then tab-indented `Attribute = Value` lines, records separated by a blank line); Start,
 * Interim-Update and Stop records of one session become one WifiSession when the Stop arrives.
 * `radius-postauth`: the radpostauth table as CSV; each Access-Accept or Access-Reject is an
 * attempt at the authentication stage. The `pass` column is never read.
 */

type DetailRecord = { line: number; header: string; attrs: Map<string, string> };

function readDetailRecords(text: string): DetailRecord[] {
  const out: DetailRecord[] = [];
  let current: DetailRecord | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (!raw.trim()) {
      current = undefined;
      continue;
    }
    if (!/^\s/.test(raw)) {
      current = { line: i + 1, header: raw.trim(), attrs: new Map() };
      out.push(current);
      continue;
    }
    const eq = raw.indexOf('=');
    if (!current || eq < 0) continue;
    const name = raw.slice(0, eq).trim();
    const value = raw
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    current.attrs.set(name, value);
  }
  return out;
}

const CTIME = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\s+(\d{4})$/;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function headerTime(header: string, timeZone: string): Date | undefined {
  const m = CTIME.exec(header);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] as string) / 3 + 1;
  if (month < 1) return undefined;
  const date = `${m[4]}-${String(month).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}`;
  return parseTimestamp(`${date} ${m[3]}`, timeZone);
}

type Open = { start?: Date; line: number };

export async function parseRadiusDetail(path: string, pc: ParseContext): Promise<number> {
  const records = readDetailRecords(await readText(path));
  if (records.length === 0) throw new ImportRejected([{ file: pc.file, line: 1, message: 'holds no accounting records' }]);
  const open = new Map<string, Open>();
  for (const [i, rec] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const a = rec.attrs;
    const status = a.get('Acct-Status-Type');
    if (!status) {
      problem(pc, rec.line, 'Acct-Status-Type', 'is missing');
      continue;
    }
    const epoch = Number(a.get('Timestamp'));
    const ts =
      (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : undefined) ??
      parseTimestamp(a.get('Event-Timestamp'), pc.timeZone) ??
      headerTime(rec.header, pc.timeZone);
    if (status === 'Accounting-On' || status === 'Accounting-Off') {
      if (ts) pc.sink.infra({ ts, key: `RADIUS_${status}`, ap: a.get('NAS-Identifier') ?? a.get('NAS-IP-Address') });
      else problem(pc, rec.line, 'Timestamp', `no readable time in "${rec.header}"`);
      continue;
    }
    const mac = normaliseMac(a.get('Calling-Station-Id'));
    const called = splitCalledStation(a.get('Called-Station-Id') ?? '');
    const sessionId = a.get('Acct-Unique-Session-Id') ?? `${a.get('Acct-Session-Id') ?? ''}|${mac ?? ''}`;
    if (!ts) {
      problem(pc, rec.line, 'Timestamp', `no readable time in "${rec.header}"`);
      continue;
    }
    if (!mac) {
      problem(pc, rec.line, 'Calling-Station-Id', `"${a.get('Calling-Station-Id') ?? ''}" is not a MAC address`);
      continue;
    }
    const ap = called.apMac ?? a.get('NAS-Identifier') ?? a.get('NAS-IP-Address');
    if (!ap) {
      problem(pc, rec.line, 'Called-Station-Id', 'names no access point');
      continue;
    }
    const delay = Number(a.get('Acct-Delay-Time') ?? 0) || 0;
    const at = new Date(ts.getTime() - delay * 1000);
    if (status === 'Start') {
      open.set(sessionId, { start: at, line: rec.line });
      continue;
    }
    if (status === 'Interim-Update') {
      if (!open.has(sessionId)) open.set(sessionId, { line: rec.line });
      continue;
    }
    if (status !== 'Stop') {
      pc.sink.ignore(`Acct-Status-Type ${status}`);
      continue;
    }
    const seconds = Number(a.get('Acct-Session-Time'));
    const started = open.get(sessionId)?.start;
    open.delete(sessionId);
    const duration = Number.isFinite(seconds) ? seconds : started ? Math.round((at.getTime() - started.getTime()) / 1000) : NaN;
    if (!Number.isFinite(duration) || duration < 0) {
      problem(pc, rec.line, 'Acct-Session-Time', 'is missing and no Start record was seen');
      continue;
    }
    const gigaIn = Number(a.get('Acct-Input-Gigawords') ?? 0) || 0;
    const gigaOut = Number(a.get('Acct-Output-Gigawords') ?? 0) || 0;
    pc.sink.session({
      start: started ?? new Date(at.getTime() - duration * 1000),
      end: at,
      ap,
      clientMac: mac,
      identity: a.get('User-Name'),
      ssid: called.ssid,
      durationS: duration,
      terminateCause: a.get('Acct-Terminate-Cause'),
      bytesIn: (Number(a.get('Acct-Input-Octets') ?? 0) || 0) + gigaIn * 2 ** 32,
      bytesOut: (Number(a.get('Acct-Output-Octets') ?? 0) || 0) + gigaOut * 2 ** 32,
    });
  }
  for (const _ of open.values()) pc.sink.ignore('session without a Stop record (still open)');
  return records.length;
}

const POSTAUTH_FIELDS = {
  username: ['username', 'user name', 'user-name'],
  reply: ['reply', 'packet type', 'result'],
  called: ['calledstationid', 'called station id', 'called-station-id', 'nasidentifier'],
  calling: ['callingstationid', 'calling station id', 'calling-station-id'],
  authdate: ['authdate', 'date', 'timestamp', 'time'],
} as const;

export async function parseRadiusPostauth(path: string, pc: ParseContext): Promise<number> {
  const table = await readCsvFile(path, pc.file);
  const { columns } = resolveColumns(table.headers, POSTAUTH_FIELDS);
  const missing = (['reply', 'calling', 'authdate', 'called'] as const).filter((f) => columns[f] === undefined);
  if (missing.length)
    throw new ImportRejected([
      { file: pc.file, line: 1, message: `needs columns ${missing.join(', ')} (found: ${table.headers.join(', ')})` },
    ]);
  for (const [i, row] of table.rows.entries()) {
    if (i % 5000 === 0) pc.progress(i, table.rows.length);
    const get = (f: keyof typeof POSTAUTH_FIELDS) => (columns[f] === undefined ? '' : (row.values[columns[f]] ?? '').trim());
    const ts = parseTimestamp(get('authdate'), pc.timeZone);
    const mac = normaliseMac(get('calling'));
    const called = splitCalledStation(get('called'));
    const reply = get('reply');
    if (!ts) problem(pc, row.line, 'authdate', `"${get('authdate')}" is not a date and time`);
    else if (!mac) problem(pc, row.line, 'callingstationid', `"${get('calling')}" is not a MAC address`);
    else if (!called.apMac && !get('called')) problem(pc, row.line, 'calledstationid', 'names no access point');
    else if (reply !== 'Access-Accept' && reply !== 'Access-Reject')
      problem(pc, row.line, 'reply', `"${reply}" is neither Access-Accept nor Access-Reject`);
    else
      pc.sink.attempt({
        ts,
        ap: called.apMac ?? get('called'),
        clientMac: mac,
        identity: get('username') || undefined,
        ssid: called.ssid,
        stage: reply === 'Access-Accept' ? 'connected' : 'auth',
        ok: reply === 'Access-Accept',
        reason: reply === 'Access-Reject' ? 'Access-Reject' : undefined,
      });
  }
  return table.rows.length;
}
