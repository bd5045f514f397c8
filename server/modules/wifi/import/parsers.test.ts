import { describe, expect, it } from 'vitest';
import type { RowProblem } from '../../../lib/errors.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { emptyBatch, type WifiBatch } from '../domain/records.ts';
import { parseGenericCsv } from './generic-csv.ts';
import { parseMerakiConnectionStats, parseMerakiEvents, parseMerakiFailedConnections } from './meraki.ts';
import { parseRadiusDetail, parseRadiusPostauth } from './radius.ts';
import { batchSink, type WifiParser } from './sink.ts';
import { parseUnifiClients, parseUnifiEvents } from './unifi.ts';

/** B-11: each vendor shape from research §6 normalises to the right records, with problems by line. */

async function run(
  parser: WifiParser,
  name: string,
  content: string,
): Promise<{ batch: WifiBatch; problems: RowProblem[]; rows: number }> {
  const batch = emptyBatch();
  const problems: RowProblem[] = [];
  const file = writeTestFile(name, content);
  const rows = await parser(file, {
    file: name,
    timeZone: 'Europe/London',
    sink: batchSink(batch),
    problems,
    progress: () => {},
  });
  return { batch, problems, rows };
}

// The stat/event shape (unpoller/unifi examples/events.json): connect, disconnect, and an IPS alert.
const UNIFI_EVENTS = `[
  {
    "_id": "65a1", "user": "3c:22:fb:10:20:30", "ssid": "Oakfield", "ap": "f0:9f:c2:00:00:01", "radio": "na",
    "channel": "36", "key": "EVT_WU_Connected", "subsystem": "wlan", "site_id": "s1",
    "time": 1763370000000, "datetime": "2025-11-17T09:00:00Z", "msg": "User[3c:22:fb:10:20:30] has connected"
  },
  {
    "_id": "65a2", "user": "3c:22:fb:10:20:30", "ssid": "Oakfield", "hostname": "year10-ipad",
    "ap": "f0:9f:c2:00:00:02", "duration": 1084, "bytes": 846171, "key": "EVT_WU_Disconnected",
    "subsystem": "wlan", "site_id": "s1", "time": 1763371084000, "datetime": "2025-11-17T09:18:04Z",
    "msg": "User[3c:22:fb:10:20:30] disconnected"
  },
  {
    "_id": "65a3", "timestamp": 1763372000, "event_type": "alert", "src_ip": "10.0.0.9", "key": "EVT_IPS_IpsAlert",
    "subsystem": "www", "site_id": "s1", "time": 1763372000000, "msg": "IPS Alert 1: A Network Trojan was Detected"
  }
]`;

describe('UniFi', () => {
  it('normalises a connect and a disconnect and ignores the IPS alert (B-11)', async () => {
    const { batch, problems, rows } = await run(parseUnifiEvents, 'events.json', UNIFI_EVENTS);
    expect(problems).toEqual([]);
    expect(rows).toBe(3);
    expect(batch.attempts).toEqual([
      {
        ts: new Date('2025-11-17T09:00:00Z'),
        ap: 'f0:9f:c2:00:00:01',
        clientMac: '3c:22:fb:10:20:30',
        ssid: 'Oakfield',
        hostname: undefined,
        band: '5',
        stage: 'connected',
        ok: true,
      },
    ]);
    expect(batch.sessions).toHaveLength(1);
    expect(batch.sessions[0]).toMatchObject({
      start: new Date('2025-11-17T09:00:00Z'),
      end: new Date('2025-11-17T09:18:04Z'),
      ap: 'f0:9f:c2:00:00:02',
      durationS: 1084,
      bytesIn: 846171,
      hostname: 'year10-ipad',
    });
    expect(batch.ignored).toEqual({ EVT_IPS_IpsAlert: 1 });
  });

  it('reads the same records from a {meta, data} response and names the line of a bad record', async () => {
    const wrapped = `{"meta": {"rc": "ok"},\n "data": [\n  {"key": "EVT_WU_Connected", "user": "nope", "ap": "x", "time": 1763370000000}\n ]}`;
    const { problems } = await run(parseUnifiEvents, 'events.json', wrapped);
    expect(problems).toEqual([{ file: 'events.json', line: 3, field: 'user', message: '"nope" is not a MAC address' }]);
  });

  it('turns roams into roam records and AP events into infrastructure events', async () => {
    const text = JSON.stringify([
      { key: 'EVT_WU_Roam', user: 'aa:bb:cc:00:00:01', ap_from: 'ap-1', ap_to: 'ap-2', time: 1763370000000 },
      { key: 'EVT_AP_Restarted', ap: 'f0:9f:c2:00:00:01', ap_name: 'SCI-AP-01', time: 1763370060000, msg: 'restarted' },
    ]);
    const { batch } = await run(parseUnifiEvents, 'e.json', text);
    expect(batch.roams).toEqual([{ ts: new Date(1763370000000), clientMac: 'aa:bb:cc:00:00:01', fromAp: 'ap-1', toAp: 'ap-2' }]);
    expect(batch.infra).toEqual([
      { ts: new Date(1763370060000), key: 'EVT_AP_Restarted', ap: 'SCI-AP-01', message: 'restarted' },
    ]);
  });

  it('reads stat/sta client samples and stat/device AP samples, one response per line', async () => {
    const sta = {
      meta: { rc: 'ok' },
      data: [
        {
          mac: '3C:22:FB:10:20:30',
          ap_mac: 'f0:9f:c2:00:00:01',
          essid: 'Oakfield',
          radio: 'ng',
          rssi: 40,
          signal: -58,
          noise: -95,
          tx_retries: 30,
          wifi_tx_attempts: 120,
          last_seen: 1763370000,
          hostname: 'ipad',
          '1x_identity': 'S.Mensah@oakfield.example',
        },
        { mac: 'aa:bb:cc:dd:ee:01', is_wired: true, last_seen: 1763370000 },
      ],
    };
    const dev = {
      data: [
        {
          type: 'uap',
          name: 'SCI-AP-01',
          mac: 'f0:9f:c2:00:00:01',
          last_seen: 1763370000,
          uptime: 3600,
          state: 1,
          radio_table_stats: [
            { name: 'wifi0', radio: 'ng', channel: 6, cu_total: 35, num_sta: 5 },
            { name: 'wifi1', radio: 'na', channel: 36, cu_total: 72, num_sta: 30 },
          ],
        },
      ],
    };
    const { batch, problems } = await run(parseUnifiClients, 'polls.ndjson', `${JSON.stringify(sta)}\n${JSON.stringify(dev)}\n`);
    expect(problems).toEqual([]);
    expect(batch.clientSamples).toEqual([
      expect.objectContaining({
        clientMac: '3c:22:fb:10:20:30',
        ap: 'f0:9f:c2:00:00:01',
        band: '2.4',
        rssi: -58,
        snr: 37,
        retryRate: 0.25,
        identity: 'S.Mensah@oakfield.example',
      }),
    ]);
    expect(batch.apSamples).toEqual([
      expect.objectContaining({ ap: 'SCI-AP-01', clientCount: 35, channel: 36, channelUtil: 72, uptimeS: 3600, state: '1' }),
    ]);
    expect(batch.ignored).toEqual({ 'wired client': 1 });
  });
});

describe('Meraki', () => {
  it('maps failedConnections to failed attempts at the matching stage (B-11)', async () => {
    const steps = ['assoc', 'auth', 'dhcp', 'dns'];
    const text = JSON.stringify(
      steps.map((s, i) => ({
        ssidNumber: 1,
        vlan: 20,
        clientMac: `00:11:22:33:44:0${i}`,
        serial: `Q2XX-AAAA-000${i}`,
        failureStep: s,
        type: `${s} failure`,
        ts: `2025-11-17T10:0${i}:00Z`,
      })),
    );
    const { batch, problems } = await run(parseMerakiFailedConnections, 'failed.json', text);
    expect(problems).toEqual([]);
    expect(batch.attempts.map((a) => [a.stage, a.ok, a.ap, a.ssid])).toEqual(
      steps.map((s, i) => [s, false, `Q2XX-AAAA-000${i}`, 'SSID 1']),
    );
  });

  // The v0 API's own example (openapi/0.3.0/spec2.json, GET /networks/{id}/failedConnections): the
  // first record names the AP by `serial`, the rest by `nodeId`, with epoch-second times.
  const V0_FAILED = `[
  {"ssidNumber": 0, "vlan": -1, "clientMac": "00:61:71:c8:51:27", "serial": "Q2JC-2MJM-FHRD", "failureStep": "auth", "type": "802.1X auth fail", "ts": 1532032592},
  {"ssidNumber": 0, "vlan": -1, "clientMac": "00:61:71:c8:51:27", "nodeId": "Q2FJ-3SHB-Y2K2", "failureStep": "auth", "type": "802.1X auth fail", "ts": 1532032593},
  {"ssidNumber": 0, "vlan": -1, "clientMac": "1c:4d:70:7f:5e:5e", "nodeId": "Q2FJ-3SHB-Y2K2", "failureStep": "assoc", "type": "802.1X auth fail", "ts": 1532032592}
]`;

  it('reads the v0 failedConnections, whose records name the AP by nodeId', async () => {
    const { batch, problems } = await run(parseMerakiFailedConnections, 'failed-v0.json', V0_FAILED);
    expect(problems).toEqual([]);
    expect(batch.attempts.map((a) => [a.ap, a.stage, a.ts.toISOString()])).toEqual([
      ['Q2JC-2MJM-FHRD', 'auth', '2018-07-19T20:36:32.000Z'],
      ['Q2FJ-3SHB-Y2K2', 'auth', '2018-07-19T20:36:33.000Z'],
      ['Q2FJ-3SHB-Y2K2', 'assoc', '2018-07-19T20:36:32.000Z'],
    ]);
    const none = await run(parseMerakiFailedConnections, 'failed.json', V0_FAILED.replace(/"nodeId": "Q2FJ-3SHB-Y2K2", /g, ''));
    expect(none.problems.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      '3 serial: names no access point (v1 writes "serial", v0 "nodeId")',
      '4 serial: names no access point (v1 writes "serial", v0 "nodeId")',
    ]);
  });

  it('refuses a failure step it does not know, naming the line', async () => {
    const text = `[\n {"clientMac": "00:11:22:33:44:55", "serial": "Q2XX-AAAA-0001", "failureStep": "roam", "ts": "2025-11-17T10:00:00Z"}\n]`;
    const { problems } = await run(parseMerakiFailedConnections, 'failed.json', text);
    expect(problems).toEqual([
      { file: 'failed.json', line: 2, field: 'failureStep', message: '"roam" is not one of assoc, auth, dhcp, dns' },
    ]);
  });

  it('spreads connection stats over the time span, one attempt per count', async () => {
    const text = JSON.stringify({
      t0: '2025-11-17T08:00:00Z',
      t1: '2025-11-17T09:00:00Z',
      serial: 'Q2XX-AAAA-0001',
      data: [{ mac: '00:11:22:33:44:55', connectionStats: { assoc: 1, auth: 2, dhcp: 0, dns: 1, success: 6 } }],
    });
    const { batch } = await run(parseMerakiConnectionStats, 'stats.json', text);
    expect(batch.attempts).toHaveLength(10);
    expect(batch.attempts.filter((a) => !a.ok).map((a) => a.stage)).toEqual(['assoc', 'auth', 'auth', 'dns']);
    expect(batch.attempts[0]?.ts).toEqual(new Date('2025-11-17T08:00:00Z'));
    expect(batch.attempts[9]?.ts).toEqual(new Date('2025-11-17T08:54:00Z'));
    const bare = await run(
      parseMerakiConnectionStats,
      'stats.json',
      JSON.stringify([{ mac: '00:11:22:33:44:55', connectionStats: {} }]),
    );
    expect(bare.problems[0]?.field).toBe('t0');
  });

  it('reads 802.1X outcomes, association signal and disassociation sessions from the event log', async () => {
    const text = JSON.stringify({
      message: null,
      pageStartAt: '2025-11-17T08:00:00Z',
      events: [
        {
          occurredAt: '2025-11-17T08:00:01Z',
          type: '8021x_eap_failure',
          clientMac: '00:11:22:33:44:55',
          deviceSerial: 'Q2XX-AAAA-0001',
          deviceName: 'SCI-AP-01',
          ssidName: 'Oakfield',
          eventData: { identity: 'j.smith' },
        },
        {
          occurredAt: '2025-11-17T08:00:05Z',
          type: '8021x_eap_success',
          clientMac: '00:11:22:33:44:55',
          deviceSerial: 'Q2XX-AAAA-0001',
          deviceName: 'SCI-AP-01',
          eventData: {},
        },
        {
          occurredAt: '2025-11-17T08:00:06Z',
          type: 'association',
          clientMac: '00:11:22:33:44:55',
          deviceName: 'SCI-AP-01',
          eventData: { rssi: '30', band: '5' },
        },
        {
          occurredAt: '2025-11-17T09:00:06Z',
          type: 'disassociation',
          clientMac: '00:11:22:33:44:55',
          deviceName: 'SCI-AP-01',
          eventData: { duration: '3600.5', reason: '8' },
        },
        { occurredAt: '2025-11-17T09:00:07Z', type: 'wpa_auth_rekey', clientMac: '00:11:22:33:44:55', deviceName: 'SCI-AP-01' },
      ],
    });
    const { batch, problems } = await run(parseMerakiEvents, 'events.json', text);
    expect(problems).toEqual([]);
    expect(batch.attempts.map((a) => [a.stage, a.ok, a.identity])).toEqual([
      ['auth', false, 'j.smith'],
      ['connected', true, undefined],
    ]);
    expect(batch.clientSamples).toEqual([expect.objectContaining({ rssi: -65, band: '5' })]);
    expect(batch.sessions).toEqual([expect.objectContaining({ durationS: 3601, terminateCause: '8' })]);
    expect(batch.ignored).toEqual({ wpa_auth_rekey: 1 });
  });
});

const DETAIL = (called: string) => `Mon Nov 17 09:00:00 2025
\tAcct-Status-Type = Start
\tUser-Name = "s.mensah@oakfield.example"
\tCalling-Station-Id = "3C-22-FB-10-20-30"
\tCalled-Station-Id = "${called}"
\tAcct-Session-Id = "81F0001"
\tNAS-Port-Type = Wireless-802.11
\tTimestamp = 1763370000

Mon Nov 17 09:10:00 2025
\tAcct-Status-Type = Interim-Update
\tUser-Name = "s.mensah@oakfield.example"
\tCalling-Station-Id = "3C-22-FB-10-20-30"
\tCalled-Station-Id = "${called}"
\tAcct-Session-Id = "81F0001"
\tAcct-Session-Time = 600
\tTimestamp = 1763370600

Mon Nov 17 09:25:00 2025
\tAcct-Status-Type = Stop
\tUser-Name = "s.mensah@oakfield.example"
\tCalling-Station-Id = "3C-22-FB-10-20-30"
\tCalled-Station-Id = "${called}"
\tAcct-Session-Id = "81F0001"
\tAcct-Session-Time = 1500
\tAcct-Input-Octets = 1000
\tAcct-Output-Octets = 2000
\tAcct-Terminate-Cause = Lost-Carrier
\tTimestamp = 1763371500
`;

describe('FreeRADIUS', () => {
  it.each([['00-10-A4-23-19-C0:Oakfield'], ['00:10:a4:23:19:c0:Oakfield']])(
    'makes one session from Start, Interim-Update and Stop, with Called-Station-Id %s split (B-11)',
    async (called) => {
      const { batch, problems, rows } = await run(parseRadiusDetail, 'detail-20251117', DETAIL(called));
      expect(problems).toEqual([]);
      expect(rows).toBe(3);
      expect(batch.sessions).toEqual([
        {
          start: new Date('2025-11-17T09:00:00Z'),
          end: new Date('2025-11-17T09:25:00Z'),
          ap: '00:10:a4:23:19:c0',
          clientMac: '3c:22:fb:10:20:30',
          identity: 's.mensah@oakfield.example',
          ssid: 'Oakfield',
          durationS: 1500,
          terminateCause: 'Lost-Carrier',
          bytesIn: 1000,
          bytesOut: 2000,
        },
      ]);
    },
  );

  it('turns radpostauth rejects into failed attempts at the auth stage and never reads the password (B-11)', async () => {
    const csv = [
      'id,username,pass,reply,calledstationid,callingstationid,authdate',
      '1,j.smith,hunter2,Access-Reject,00-10-A4-23-19-C0:Oakfield,3C-22-FB-10-20-31,2025-11-17 09:00:00+00',
      '2,j.smith,,Access-Accept,00-10-A4-23-19-C0:Oakfield,3C-22-FB-10-20-31,2025-11-17 09:00:30+00',
      '3,j.smith,,Access-Maybe,00-10-A4-23-19-C0:Oakfield,3C-22-FB-10-20-31,2025-11-17 09:00:40+00',
    ].join('\n');
    const { batch, problems } = await run(parseRadiusPostauth, 'radpostauth.csv', csv);
    expect(batch.attempts.map((a) => [a.stage, a.ok, a.ap, a.ssid, a.identity])).toEqual([
      ['auth', false, '00:10:a4:23:19:c0', 'Oakfield', 'j.smith'],
      ['connected', true, '00:10:a4:23:19:c0', 'Oakfield', 'j.smith'],
    ]);
    expect(JSON.stringify(batch)).not.toContain('hunter2');
    expect(problems).toEqual([
      { file: 'radpostauth.csv', line: 4, field: 'reply', message: '"Access-Maybe" is neither Access-Accept nor Access-Reject' },
    ]);
  });
});

describe('generic CSV', () => {
  it('reads the documented header, local times in the school zone and empty optional columns', async () => {
    const csv = [
      'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device',
      '2025-11-17T09:00:00Z,SCI-AP-01,3C:22:FB:10:20:30,s.mensah@oakfield.example,Oakfield,5,connected,true,-61,iPad (9th gen)',
      '2025-07-17 09:00:00,SCI-AP-01,3c22fb102031,,Oakfield,2.4,dhcp,false,,',
    ].join('\r\n');
    const { batch, problems } = await run(parseGenericCsv(), 'wifi.csv', `\uFEFF${csv}`);
    expect(problems).toEqual([]);
    expect(batch.attempts).toEqual([
      {
        ts: new Date('2025-11-17T09:00:00Z'),
        ap: 'SCI-AP-01',
        clientMac: '3c:22:fb:10:20:30',
        identity: 's.mensah@oakfield.example',
        ssid: 'Oakfield',
        band: '5',
        stage: 'connected',
        ok: true,
        rssi: -61,
        device: 'iPad (9th gen)',
      },
      {
        ts: new Date('2025-07-17T08:00:00Z'),
        ap: 'SCI-AP-01',
        clientMac: '3c:22:fb:10:20:31',
        identity: undefined,
        ssid: 'Oakfield',
        band: '2.4',
        stage: 'dhcp',
        ok: false,
        rssi: undefined,
        device: undefined,
      },
    ]);
  });

  it('names the file, line and column of every bad row, and refuses a file without the columns', async () => {
    const csv = [
      'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device',
      'yesterday,SCI-AP-01,3c:22:fb:10:20:30,,,,connected,true,,',
      '2025-11-17T09:00:00Z,SCI-AP-01,3c:22:fb:10:20:30,,,,roaming,true,,',
      '2025-11-17T09:00:00Z,SCI-AP-01,3c:22:fb:10:20:30,,,,auth,maybe,,',
      '2025-11-17T09:00:00Z,SCI-AP-01,3c:22:fb:10:20:30,,,,auth,false,12,',
    ].join('\n');
    const { problems } = await run(parseGenericCsv(), 'wifi.csv', csv);
    expect(problems.map((p) => `${p.line} ${p.field}`)).toEqual(['2 ts', '3 stage', '4 ok', '5 rssi']);
    await expect(run(parseGenericCsv(), 'wifi.csv', 'when,where\n1,2\n')).rejects.toBeInstanceOf(ImportRejected);
  });
});
