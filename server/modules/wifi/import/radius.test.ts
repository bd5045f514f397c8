import { describe, expect, it } from 'vitest';
import type { RowProblem } from '../../../lib/errors.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { emptyBatch, type WifiBatch } from '../domain/records.ts';
import { parseRadiusDetail, parseRadiusPostauth } from './radius.ts';
import { batchSink, type WifiParser } from './sink.ts';

/**
 * Issue 13 item 7: radpostauth as the MySQL/MariaDB, SQLite and MSSQL schemas have it
 * (raddb/mods-config/sql/main/<db>/schema.sql: id, username, pass, reply, authdate, class; no
 * station columns), exported as a DBA would; and the auth_log / reply_log detail files.
 */

async function run(parser: WifiParser, name: string, content: string) {
  const batch: WifiBatch = emptyBatch();
  const problems: RowProblem[] = [];
  const notes: string[] = [];
  const rows = await parser(writeTestFile(name, content), {
    file: name,
    timeZone: 'Europe/London',
    sink: batchSink(batch),
    problems,
    progress: () => {},
    notes,
  });
  return { batch, problems, notes, rows };
}

const NO_STATIONS_NOTE = (outcomes: string, refused: string) =>
  `This radpostauth table has no callingstationid or calledstationid columns (the MySQL/MariaDB, SQLite and MSSQL schemas): ${outcomes} name no device and no access point, so none of them is in the Wi-Fi verdict. Refused most: ${refused}. For the verdict, import the auth_log and reply_log detail files (radius-detail), or add the two columns as the PostgreSQL schema has them.`;

describe('radpostauth from the default SQL schemas', () => {
  it('reads a MySQL/MariaDB `mysql -B` export (TSV, microsecond times) and says what it cannot tell', async () => {
    const tsv = [
      'id\tusername\tpass\treply\tauthdate\tclass',
      '101\tj.smith\tWinter2026!\tAccess-Reject\t2026-11-17 08:59:58.104233\t',
      '102\tj.smith\t\tAccess-Reject\t2026-11-17 09:00:03.551020\t',
      '103\tj.smith\t\tAccess-Accept\t2026-11-17 09:00:09.000001\t',
      '104\ts.mensah@oakfield.example\t\tAccess-Accept\t2026-11-17 09:01:00.000000\t',
      '105\ta.khan\t\tAccess-Reject\t2026-11-17 09:02:00.000000\t',
    ].join('\n');
    const { batch, problems, notes, rows } = await run(parseRadiusPostauth, 'radpostauth.tsv', tsv);
    expect(problems).toEqual([]);
    expect(rows).toBe(5);
    expect(batch.attempts).toEqual([]);
    expect(notes).toEqual([
      NO_STATIONS_NOTE('5 outcomes (2 accepted, 3 refused) by 3 identities', 'j.smith 2 of 3; a.khan 1 of 1'),
    ]);
    expect(JSON.stringify({ batch, notes })).not.toContain('Winter2026!');
  });

  it('reads a SQLite `sqlite3 -header -csv` export and an SSMS export with column headers', async () => {
    const sqlite = [
      'id,username,pass,reply,authdate,class',
      '1,j.smith,,Access-Accept,"2026-11-17 09:00:00",',
      '2,p.oduya,,Access-Reject,"2026-11-17 09:00:05",',
    ].join('\n');
    const a = await run(parseRadiusPostauth, 'radpostauth.csv', sqlite);
    expect([a.problems, a.batch.attempts.length]).toEqual([[], 0]);
    expect(a.notes).toEqual([NO_STATIONS_NOTE('2 outcomes (1 accepted, 1 refused) by 2 identities', 'p.oduya 1 of 1')]);
    const ssms = [
      'id,username,pass,reply,authdate,class',
      '7,j.smith,,Access-Reject,2026-11-17 09:00:00.000,NULL',
      '8,j.smith,,Access-Maybe,2026-11-17 09:00:01.000,NULL',
      '9,j.smith,,Access-Accept,17/11/2026 09:00,NULL',
    ].join('\r\n');
    const b = await run(parseRadiusPostauth, 'radpostauth-mssql.csv', ssms);
    expect(b.problems).toEqual([
      {
        file: 'radpostauth-mssql.csv',
        line: 3,
        field: 'reply',
        message: '"Access-Maybe" is neither Access-Accept nor Access-Reject',
      },
      {
        file: 'radpostauth-mssql.csv',
        line: 4,
        field: 'authdate',
        message: '"17/11/2026 09:00" is not a date and time',
      },
    ]);
  });

  it('refuses an export without its header row (bcp, SSMS without column names), saying how to export it', async () => {
    const bcp = '7,j.smith,,Access-Reject,2026-11-17 09:00:00.000,\n8,j.smith,,Access-Accept,2026-11-17 09:00:05.000,\n';
    await expect(run(parseRadiusPostauth, 'radpostauth.csv', bcp)).rejects.toThrow(
      'radpostauth.csv:1: has no header row (the first line is a record): export radpostauth with its column names',
    );
    await expect(run(parseRadiusPostauth, 'radacct.csv', 'radacctid,acctsessionid,username\n1,A1,j.smith\n')).rejects.toThrow(
      'radacct.csv:1: this is the radacct (accounting) table, not radpostauth',
    );
    await expect(run(parseRadiusPostauth, 'users.csv', 'name,email\nA,a@b.example\n')).rejects.toThrow(
      'users.csv:1: needs columns reply, authdate, username (found: name, email)',
    );
    await expect(run(parseRadiusPostauth, 'detail', AUTH_LOG)).rejects.toThrow(
      'detail:1: this looks like a FreeRADIUS detail file, not the radpostauth table: try `belfry import radius-detail`',
    );
    await expect(
      run(
        parseRadiusDetail,
        'radpostauth.csv',
        'id,username,pass,reply,authdate,class\n1,j,,Access-Accept,2026-11-17 09:00:00,\n',
      ),
    ).rejects.toThrow(
      'radpostauth.csv:1: this looks like the radpostauth table, not a detail file: try `belfry import radius-postauth`',
    );
  });
});

// rlm_detail's format (src/modules/rlm_detail/rlm_detail.c): the header, Packet-Type, the pairs,
// Timestamp. auth_log writes each Access-Request (User-Password suppressed), reply_log each reply.
const AUTH_LOG = `Tue Nov 17 09:00:00 2026
\tPacket-Type = Access-Request
\tUser-Name = "s.mensah@oakfield.example"
\tNAS-IP-Address = 10.20.0.13
\tNAS-Identifier = "LIB-AP03"
\tCalled-Station-Id = "00-18-0A-31-0A-5E:Oakfield"
\tCalling-Station-Id = "3C-22-FB-10-20-30"
\tFramed-MTU = 1400
\tNAS-Port-Type = Wireless-802.11
\tService-Type = Framed-User
\tEAP-Message = 0x0201001e01732e6d656e736168406f616b6669656c642e6578616d706c65
\tMessage-Authenticator = 0x5c2b1a0d4e3f2a1b0c9d8e7f6a5b4c3d
\tTimestamp = 1794906000

Tue Nov 17 09:00:01 2026
\tPacket-Type = Access-Request
\tUser-Name = "s.mensah@oakfield.example"
\tNAS-IP-Address = 10.20.0.13
\tNAS-Identifier = "LIB-AP03"
\tCalled-Station-Id = "00-18-0A-31-0A-5E:Oakfield"
\tCalling-Station-Id = "3C-22-FB-10-20-30"
\tState = 0x8a1f44b18b1e5d2c
\tTimestamp = 1794906001

Tue Nov 17 09:05:00 2026
\tPacket-Type = Access-Request
\tUser-Name = "j.smith"
\tNAS-IP-Address = 10.20.0.14
\tNAS-Identifier = "LIB-AP04"
\tCalled-Station-Id = "80-2A-A8-17-74-B5:Oakfield"
\tCalling-Station-Id = "DA-A1-19-00-00-01"
\tTimestamp = 1794906300

Tue Nov 17 09:09:00 2026
\tPacket-Type = Access-Request
\tUser-Name = "p.oduya"
\tNAS-IP-Address = 10.20.0.14
\tNAS-Identifier = "LIB-AP04"
\tCalled-Station-Id = "80-2A-A8-17-74-B5:Oakfield"
\tCalling-Station-Id = "DA-A1-19-00-00-02"
\tTimestamp = 1794906540
`;

const REPLY_LOG = `Tue Nov 17 09:00:00 2026
\tPacket-Type = Access-Challenge
\tEAP-Message = 0x010200061920
\tMessage-Authenticator = 0x00000000000000000000000000000000
\tState = 0x8a1f44b18b1e5d2c
\tTimestamp = 1794906000

Tue Nov 17 09:00:02 2026
\tPacket-Type = Access-Accept
\tUser-Name = "s.mensah@oakfield.example"
\tMS-MPPE-Recv-Key = 0x3f1e
\tMS-MPPE-Send-Key = 0x9a0b
\tEAP-Message = 0x03050004
\tMessage-Authenticator = 0x00000000000000000000000000000000
\tTimestamp = 1794906002

Tue Nov 17 09:05:04 2026
\tPacket-Type = Access-Reject
\tEAP-Message = 0x04060004
\tMessage-Authenticator = 0x00000000000000000000000000000000
\tTimestamp = 1794906304

Tue Nov 17 09:20:00 2026
\tPacket-Type = Access-Reject
\tReply-Message = "Account disabled"
\tTimestamp = 1794907200
`;

describe('FreeRADIUS auth_log and reply_log', () => {
  it('pairs each Accept or Reject with its Access-Request: the device, the AP and the outcome', async () => {
    const { batch, problems, rows } = await run(parseRadiusDetail, 'auth-and-reply', `${AUTH_LOG}\n${REPLY_LOG}`);
    expect(problems).toEqual([]);
    expect(rows).toBe(8);
    expect(batch.attempts).toEqual([
      {
        ts: new Date('2026-11-17T09:00:02Z'),
        ap: '00:18:0a:31:0a:5e',
        clientMac: '3c:22:fb:10:20:30',
        identity: 's.mensah@oakfield.example',
        ssid: 'Oakfield',
        stage: 'connected',
        ok: true,
        reason: undefined,
      },
      {
        // The reject names no user: it is the only request waiting in the 30 s before it.
        ts: new Date('2026-11-17T09:05:04Z'),
        ap: '80:2a:a8:17:74:b5',
        clientMac: 'da:a1:19:00:00:01',
        identity: 'j.smith',
        ssid: 'Oakfield',
        stage: 'auth',
        ok: false,
        reason: 'Access-Reject',
      },
    ]);
    expect(batch.aliases).toEqual([
      { key: '00:18:0a:31:0a:5e', other: 'LIB-AP03', via: 'NAS-Identifier' },
      { key: '80:2a:a8:17:74:b5', other: 'LIB-AP04', via: 'NAS-Identifier' },
    ]);
    expect(batch.ignored).toEqual({
      'Access-Challenge (one step of an EAP conversation)': 1,
      'Access-Reject without its Access-Request (reply_log names no device: import it with auth_log)': 1,
      'Access-Request without its reply (auth_log alone has no outcome: import it with reply_log)': 1,
    });
  });

  it('says what each log lacks when it comes alone', async () => {
    const auth = await run(parseRadiusDetail, 'auth-detail-20261117', AUTH_LOG);
    expect([auth.batch.attempts.length, auth.problems]).toEqual([0, []]);
    expect(auth.batch.ignored).toEqual({
      'Access-Request without its reply (auth_log alone has no outcome: import it with reply_log)': 3,
    });
    const reply = await run(parseRadiusDetail, 'reply-detail-20261117', REPLY_LOG);
    expect(reply.batch.attempts).toEqual([]);
    expect(
      reply.batch.ignored['Access-Reject without its Access-Request (reply_log names no device: import it with auth_log)'],
    ).toBe(2);
  });

  it('names the line of a request without a device', async () => {
    const bad = AUTH_LOG.replace('"DA-A1-19-00-00-02"', '"unknown"');
    const { problems } = await run(parseRadiusDetail, 'auth-detail', bad);
    expect(problems).toEqual([
      { file: 'auth-detail', line: 34, field: 'Calling-Station-Id', message: '"unknown" is not a MAC address' },
    ]);
  });
});
