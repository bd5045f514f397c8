import { parseCsvText, resolveColumns } from '../../../lib/csv.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { normaliseMac, parseTimestamp, splitCalledStation } from '../domain/identifiers.ts';
import { type ParseContext, problem, readText } from './sink.ts';

/**
 * FreeRADIUS (research §6.5). `radius-detail`: a `detail` file (a ctime header, then tab-indented
 * `Attribute = Value` lines, records separated by a blank line). Accounting: Start,
 * Interim-Update and Stop records of one session become one WifiSession when the Stop arrives.
 * Authentication (`auth_log` and `reply_log` together, e.g. `cat auth-detail-* reply-detail-*`):
 * each Access-Accept or Access-Reject paired with its Access-Request is an attempt.
 * `radius-postauth`: the radpostauth table as CSV or TSV; each Access-Accept or Access-Reject is
 * an attempt at the authentication stage. The `pass` column is never read.
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

/**
 * The AP a record names: the BSSID or AP name in Called-Station-Id, else the NAS. When both are
 * given, the NAS-Identifier is offered as an alias: where the APs are the RADIUS clients it is the
 * AP's name, which finds the inventory's AP when the BSSID alone does not.
 */
function apKey(
  pc: ParseContext,
  called: { apMac?: string; apName?: string },
  nasId: string | undefined,
  nasIp: string | undefined,
): string | undefined {
  const station = called.apMac ?? called.apName;
  if (station && nasId) pc.sink.apAlias(station, nasId, 'NAS-Identifier');
  return station ?? nasId ?? nasIp;
}

const recordTime = (rec: DetailRecord, timeZone: string): Date | undefined => {
  const epoch = Number(rec.attrs.get('Timestamp'));
  return (
    (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : undefined) ??
    parseTimestamp(rec.attrs.get('Event-Timestamp'), timeZone) ??
    headerTime(rec.header, timeZone)
  );
};

type Request = { ts: Date; mac: string; ap: string; ssid?: string; identity?: string; answered: boolean };

/** How long after its Access-Request a reply may come and still be its answer. */
const REPLY_WINDOW_MS = 30_000;

/**
 * The authentication logs (`auth_log`: each Access-Request, with the device and the AP; and
 * `reply_log`: each Access-Accept, -Reject or -Challenge, which names neither). Each outcome is
 * paired with the latest unanswered request for the same User-Name in the 30 s before it, or, when
 * the reply carries no user name, with the only unanswered request in that window. An outcome that
 * finds no request, and a request that finds no outcome, are counted, not guessed.
 */
function readAuthRecords(records: DetailRecord[], pc: ParseContext): void {
  const requests: Request[] = [];
  const replies: { rec: DetailRecord; ts: Date; type: string }[] = [];
  for (const rec of records) {
    const type = rec.attrs.get('Packet-Type') ?? '';
    if (type !== 'Access-Request' && type !== 'Access-Accept' && type !== 'Access-Reject') {
      if (type === 'Access-Challenge') pc.sink.ignore('Access-Challenge (one step of an EAP conversation)');
      continue;
    }
    const ts = recordTime(rec, pc.timeZone);
    if (!ts) {
      problem(pc, rec.line, 'Timestamp', `no readable time in "${rec.header}"`);
      continue;
    }
    if (type !== 'Access-Request') {
      replies.push({ rec, ts, type });
      continue;
    }
    const a = rec.attrs;
    const mac = normaliseMac(a.get('Calling-Station-Id'));
    const called = splitCalledStation(a.get('Called-Station-Id') ?? '');
    const ap = apKey(pc, called, a.get('NAS-Identifier'), a.get('NAS-IP-Address'));
    if (!mac) problem(pc, rec.line, 'Calling-Station-Id', `"${a.get('Calling-Station-Id') ?? ''}" is not a MAC address`);
    else if (!ap) problem(pc, rec.line, 'Called-Station-Id', 'names no access point');
    else requests.push({ ts, mac, ap, ssid: called.ssid, identity: a.get('User-Name'), answered: false });
  }
  requests.sort((x, y) => x.ts.getTime() - y.ts.getTime());
  replies.sort((x, y) => x.ts.getTime() - y.ts.getTime());
  let lo = 0;
  let hi = 0;
  for (const reply of replies) {
    const user = reply.rec.attrs.get('User-Name');
    const t = reply.ts.getTime();
    while (hi < requests.length && (requests[hi] as Request).ts.getTime() <= t) hi++;
    while (lo < hi && (requests[lo] as Request).ts.getTime() < t - REPLY_WINDOW_MS) lo++;
    const open = requests.slice(lo, hi).filter((r) => !r.answered);
    const mine = user ? open.filter((r) => r.identity?.toLowerCase() === user.toLowerCase()) : [];
    const request = mine.length ? mine[mine.length - 1] : !user && open.length === 1 ? open[0] : undefined;
    if (!request) {
      pc.sink.ignore(`${reply.type} without its Access-Request (reply_log names no device: import it with auth_log)`);
      continue;
    }
    // The EAP conversation's earlier requests are the same attempt.
    for (const r of open) if (r.mac === request.mac) r.answered = true;
    const ok = reply.type === 'Access-Accept';
    pc.sink.attempt({
      ts: reply.ts,
      ap: request.ap,
      clientMac: request.mac,
      identity: user ?? request.identity,
      ssid: request.ssid,
      stage: ok ? 'connected' : 'auth',
      ok,
      reason: ok ? undefined : (reply.rec.attrs.get('Reply-Message') ?? 'Access-Reject'),
    });
  }
  // An unanswered EAP conversation is one attempt, however many requests it took.
  const lastSeen = new Map<string, number>();
  for (const r of requests) {
    if (r.answered) continue;
    const t = r.ts.getTime();
    const before = lastSeen.get(r.mac);
    lastSeen.set(r.mac, t);
    if (before === undefined || t - before > REPLY_WINDOW_MS)
      pc.sink.ignore('Access-Request without its reply (auth_log alone has no outcome: import it with reply_log)');
  }
}

export async function parseRadiusDetail(path: string, pc: ParseContext): Promise<number> {
  const text = await readText(path);
  const records = readDetailRecords(text);
  if (records.length === 0 || records.every((r) => r.attrs.size === 0)) {
    const head = text.split(/\r?\n/, 1)[0]?.toLowerCase() ?? '';
    const csv = /[,\t;]/.test(head) && /reply|authdate|username/.test(head);
    throw new ImportRejected([
      {
        file: pc.file,
        line: 1,
        message: csv
          ? 'this looks like the radpostauth table, not a detail file: try `belfry import radius-postauth`'
          : 'holds no accounting or authentication records (a detail file has a date line, then tab-indented "Attribute = Value" lines)',
      },
    ]);
  }
  const auth = records.filter((r) => /^Access-/.test(r.attrs.get('Packet-Type') ?? ''));
  if (auth.length) readAuthRecords(auth, pc);
  const open = new Map<string, Open>();
  for (const [i, rec] of records.entries()) {
    if (i % 5000 === 0) pc.progress(i, records.length);
    const a = rec.attrs;
    if (/^Access-/.test(a.get('Packet-Type') ?? '')) continue;
    const status = a.get('Acct-Status-Type');
    if (!status) {
      problem(pc, rec.line, 'Acct-Status-Type', 'is missing (neither an accounting record nor an Access-Request or reply)');
      continue;
    }
    const ts = recordTime(rec, pc.timeZone);
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
    const ap = apKey(pc, called, a.get('NAS-Identifier'), a.get('NAS-IP-Address'));
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
  called: ['calledstationid', 'called station id', 'called-station-id'],
  calling: ['callingstationid', 'calling station id', 'calling-station-id'],
  nasid: ['nasidentifier', 'nas identifier', 'nas-identifier'],
  authdate: ['authdate', 'date', 'timestamp', 'time'],
} as const;

/** The header of a radpostauth export without its header row (bcp, SSMS without column names). */
const HEADERLESS = /^\d+$/;

/**
 * The radpostauth table exported as CSV or TSV (phpMyAdmin, `mysql -B`, `sqlite3 -header -csv`,
 * SSMS with column headers). The PostgreSQL schema has calledstationid and callingstationid; the
 * MySQL/MariaDB, SQLite and MSSQL schemas (id, username, pass, reply, authdate, class) do not: their
 * outcomes name no device and no access point, so they are read and checked, summed up by identity
 * in the import's notes, and not stored: the Wi-Fi verdict judges devices at access points.
 */
export async function parseRadiusPostauth(path: string, pc: ParseContext): Promise<number> {
  const text = await readText(path);
  if (/^\w{3} \w{3}\s+\d{1,2} \d{2}:\d{2}:\d{2} \d{4}\r?\n\s+[\w-]+ = /.test(text))
    throw new ImportRejected([
      {
        file: pc.file,
        line: 1,
        message: 'this looks like a FreeRADIUS detail file, not the radpostauth table: try `belfry import radius-detail`',
      },
    ]);
  const table = parseCsvText(text, pc.file);
  const { columns } = resolveColumns(table.headers, POSTAUTH_FIELDS);
  if (HEADERLESS.test(table.headers[0]?.trim() ?? '') && table.headers.some((h) => /^Access-/.test(h.trim())))
    throw new ImportRejected([
      {
        file: pc.file,
        line: 1,
        message:
          'has no header row (the first line is a record): export radpostauth with its column names (SSMS: Tools > Options > Query Results > Include column headers; bcp cannot)',
      },
    ]);
  const missing = (['reply', 'authdate', 'username'] as const).filter((f) => columns[f] === undefined);
  if (missing.length) {
    const radacct = table.headers.some((h) => /^acct(sessionid|starttime|uniqueid)$/i.test(h.trim()));
    throw new ImportRejected([
      {
        file: pc.file,
        line: 1,
        message: radacct
          ? 'this is the radacct (accounting) table, not radpostauth: Belfry reads accounting from the detail file (`belfry import radius-detail`)'
          : `needs columns ${missing.join(', ')} (found: ${table.headers.join(', ')})`,
      },
    ]);
  }
  const stations = columns.calling !== undefined && (columns.called !== undefined || columns.nasid !== undefined);
  const byIdentity = new Map<string, { accepted: number; rejected: number }>();
  for (const [i, row] of table.rows.entries()) {
    if (i % 5000 === 0) pc.progress(i, table.rows.length);
    const get = (f: keyof typeof POSTAUTH_FIELDS) => (columns[f] === undefined ? '' : (row.values[columns[f]] ?? '').trim());
    const ts = parseTimestamp(get('authdate'), pc.timeZone);
    const reply = get('reply');
    if (!ts) {
      problem(pc, row.line, 'authdate', `"${get('authdate')}" is not a date and time`);
      continue;
    }
    if (reply !== 'Access-Accept' && reply !== 'Access-Reject') {
      problem(pc, row.line, 'reply', `"${reply}" is neither Access-Accept nor Access-Reject`);
      continue;
    }
    if (!stations) {
      const who = get('username').toLowerCase() || '(no user name)';
      const tally = byIdentity.get(who) ?? { accepted: 0, rejected: 0 };
      if (reply === 'Access-Accept') tally.accepted++;
      else tally.rejected++;
      byIdentity.set(who, tally);
      continue;
    }
    const mac = normaliseMac(get('calling'));
    const called = splitCalledStation(get('called'));
    const ap = apKey(pc, called, get('nasid') || undefined, undefined);
    if (!mac) problem(pc, row.line, 'callingstationid', `"${get('calling')}" is not a MAC address`);
    else if (!ap) problem(pc, row.line, 'calledstationid', 'names no access point');
    else
      pc.sink.attempt({
        ts,
        ap,
        clientMac: mac,
        identity: get('username') || undefined,
        ssid: called.ssid,
        stage: reply === 'Access-Accept' ? 'connected' : 'auth',
        ok: reply === 'Access-Accept',
        reason: reply === 'Access-Reject' ? 'Access-Reject' : undefined,
      });
  }
  if (!stations && byIdentity.size) {
    const tallies = [...byIdentity.values()];
    const accepted = tallies.reduce((n, t) => n + t.accepted, 0);
    const rejected = tallies.reduce((n, t) => n + t.rejected, 0);
    const refused = [...byIdentity]
      .filter(([, t]) => t.rejected > 0)
      .sort((x, y) => y[1].rejected - x[1].rejected || x[0].localeCompare(y[0]))
      .slice(0, 5)
      .map(([who, t]) => `${who} ${t.rejected} of ${t.accepted + t.rejected}`);
    pc.notes?.push(
      `This radpostauth table has no callingstationid or calledstationid columns (the MySQL/MariaDB, SQLite and MSSQL schemas): ${(accepted + rejected).toLocaleString('en-GB')} outcomes (${accepted.toLocaleString('en-GB')} accepted, ${rejected.toLocaleString('en-GB')} refused) by ${byIdentity.size.toLocaleString('en-GB')} identities name no device and no access point, so none of them is in the Wi-Fi verdict.${refused.length ? ` Refused most: ${refused.join('; ')}.` : ''} For the verdict, import the auth_log and reply_log detail files (radius-detail), or add the two columns as the PostgreSQL schema has them.`,
    );
  }
  return table.rows.length;
}
