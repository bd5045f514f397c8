import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { ImportRejected } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { syncPeople } from '../../directory/index.ts';
import { loadFixturePlaces } from './analysis/scenario-loader.ts';
import { WIFI_IMPORTERS } from './importers.ts';
import { purgeWifiData } from './retention.ts';

const NO_DETAILS = {
  preferredName: null,
  schoolId: null,
  house: null,
  tutorGroup: null,
  jobTitle: null,
  department: null,
  groups: [],
};

/** The importers against a real database: atomic, idempotent, joined to the directory, rolled up. */

const run = (kind: string, name: string, content: string, options: { dryRun?: boolean; skipInvalid?: boolean } = {}) => {
  const importer = WIFI_IMPORTERS.find((i) => i.kind === kind);
  if (!importer) throw new Error(kind);
  return (ctx: Parameters<typeof importer.run>[0]) =>
    importer.run(
      ctx,
      writeTestFile(name, content),
      { dryRun: !!options.dryRun, skipInvalid: !!options.skipInvalid, fileName: name },
      () => {},
    );
};

const CSV = [
  'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device',
  '2026-11-17T09:00:00Z,AP-A1,3c:22:fb:10:20:30,S.Mensah@Oakfield.example,Oakfield,5,connected,true,-60,iPad 9',
  '2026-11-17T09:01:00Z,AP-A1,3c:22:fb:10:20:30,s.mensah@oakfield.example,Oakfield,5,dhcp,false,,iPad 9',
  '2026-11-17T09:02:00Z,AP-A2,3c:22:fb:10:20:30,s.mensah@oakfield.example,Oakfield,5,connected,true,-80,iPad 9',
  '2026-11-17T09:03:00Z,AP-A2,da:00:00:00:00:01,,Oakfield,2.4,assoc,false,,',
  '2026-11-17T09:04:10Z,AP-A2,da:00:00:00:00:01,,Oakfield,2.4,connected,true,-70,',
].join('\n');

describeEachDatabase('Wi-Fi importers', (t) => {
  beforeAll(async () => {
    const ctx = t.ctx();
    await loadFixturePlaces(ctx);
    await syncPeople(
      ctx,
      [
        {
          externalId: 'P1',
          kind: 'pupil',
          givenName: 'Sienna',
          familyName: 'Mensah',
          email: 's.mensah@oakfield.example',
          yearGroup: 10,
          ...NO_DETAILS,
        },
      ],
      { dryRun: false, deactivateMissing: false },
    );
  });

  it('places APs from the inventory and refuses an unknown building with its line and column', async () => {
    const bad = run('wifi-aps', 'aps.csv', 'ap,mac,school,building,floor,room\nAP-Z1,,main,Z,,\n');
    await expect(bad(t.ctx())).rejects.toThrow('aps.csv:2 [building]: unknown building "Z"');
    const again = await run('wifi-aps', 'aps.csv', 'ap,mac,school,building,floor,room\nAP-A1,,main,A,,\n')(t.ctx());
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 1]);
  });

  it('imports attempts once, joins identities to people, recognises private addresses, and rolls them up', async () => {
    const dry = await run('wifi-csv', 'wifi.csv', CSV, { dryRun: true })(t.ctx());
    expect([dry.rowsIn, dry.created, dry.dryRun]).toEqual([5, 5, true]);
    expect((await queryRows<{ n: number }>(t.ctx().db, sql`SELECT count(*)::int AS n FROM wifi_attempts`))[0]?.n).toBe(0);

    const first = await run('wifi-csv', 'wifi.csv', CSV)(t.ctx());
    expect([first.rowsIn, first.created, first.unchanged, first.rejected]).toEqual([5, 5, 0, 0]);
    const second = await run('wifi-csv', 'wifi.csv', CSV)(t.ctx());
    expect([second.created, second.unchanged]).toEqual([0, 5]);

    const devices = await queryRows<{ mac: string; randomised: boolean; identity: string | null; person_kind: string | null }>(
      t.ctx().db,
      sql`SELECT mac, randomised, identity, person_kind FROM wifi_devices ORDER BY mac`,
    );
    expect(devices).toEqual([
      { mac: '3c:22:fb:10:20:30', randomised: false, identity: 's.mensah@oakfield.example', person_kind: 'pupil' },
      { mac: 'da:00:00:00:00:01', randomised: true, identity: null, person_kind: null },
    ]);
    const daily = await queryRows<Record<string, number | string>>(
      t.ctx().db,
      sql`SELECT a.name, d.band, d.attempts, d.failures, d.fail_dhcp, d.fail_assoc, d.samples, d.weak_samples, d.rssi_sum::int AS rssi_sum
        FROM wifi_daily d JOIN wifi_aps a ON a.id = d.ap_id ORDER BY a.name, d.band`,
    );
    expect(daily).toEqual([
      {
        name: 'AP-A1',
        band: '5',
        attempts: 2,
        failures: 1,
        fail_dhcp: 1,
        fail_assoc: 0,
        samples: 1,
        weak_samples: 0,
        rssi_sum: -60,
      },
      {
        name: 'AP-A2',
        band: '2.4',
        attempts: 2,
        failures: 1,
        fail_dhcp: 0,
        fail_assoc: 1,
        samples: 1,
        weak_samples: 0,
        rssi_sum: -70,
      },
      {
        name: 'AP-A2',
        band: '5',
        attempts: 1,
        failures: 0,
        fail_dhcp: 0,
        fail_assoc: 0,
        samples: 1,
        weak_samples: 1,
        rssi_sum: -80,
      },
    ]);
    const bins = await queryRows<{ bin: string; attempts: number; failures: number; clients: number }>(
      t.ctx().db,
      sql`SELECT to_char(bin AT TIME ZONE 'UTC', 'HH24:MI') AS bin, sum(attempts)::int AS attempts, sum(failures)::int AS failures,
        max(clients)::int AS clients FROM wifi_bins GROUP BY 1 ORDER BY 1`,
    );
    expect(bins).toEqual([{ bin: '09:00', attempts: 5, failures: 2, clients: 2 }]);
  });

  it('refuses a file with a bad row, saving nothing, unless told to skip it', async () => {
    const bad = `${CSV.replace('2026-11-17', '2026-11-18').replaceAll('2026-11-17', '2026-11-18')}\n2026-11-18T10:00:00Z,AP-A1,not-a-mac,,,,auth,false,,`;
    const err = await run('wifi-csv', 'bad.csv', bad)(t.ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).problems).toEqual([
      { file: 'bad.csv', line: 7, field: 'client_mac', message: '"not-a-mac" is not a MAC address' },
    ]);
    const day = await queryRows<{ n: number }>(
      t.ctx().db,
      sql`SELECT count(*)::int AS n FROM wifi_daily WHERE day = '2026-11-18'`,
    );
    expect(day[0]?.n).toBe(0);
    const skipped = await run('wifi-csv', 'bad.csv', bad, { skipInvalid: true })(t.ctx());
    expect([skipped.created, skipped.rejected]).toEqual([5, 1]);
  });

  it('matches controller events to inventoried APs by MAC, and turns RADIUS sessions into drops', async () => {
    await run('wifi-aps', 'aps.csv', 'ap,mac,school,building,floor,room\nAP-C1,00-10-A4-23-19-C0,main,C,,\n')(t.ctx());
    const detail = [
      'Tue Nov 17 10:00:00 2026',
      '\tAcct-Status-Type = Stop',
      '\tUser-Name = "s.mensah@oakfield.example"',
      '\tCalling-Station-Id = "3C-22-FB-10-20-30"',
      '\tCalled-Station-Id = "00-10-A4-23-19-C0:Oakfield"',
      '\tAcct-Session-Id = "A1"',
      '\tAcct-Session-Time = 20',
      '\tAcct-Terminate-Cause = Lost-Carrier',
      '\tTimestamp = 1794909600',
      '',
    ].join('\n');
    const r = await run('radius-detail', 'detail', detail)(t.ctx());
    expect([r.rowsIn, r.created, r.notes]).toEqual([1, 1, []]);
    const rows = await queryRows<{ name: string; sessions: number; short_drops: number }>(
      t.ctx().db,
      sql`SELECT a.name, d.sessions, d.short_drops FROM wifi_daily d JOIN wifi_aps a ON a.id = d.ap_id WHERE d.sessions > 0`,
    );
    expect(rows).toEqual([{ name: 'AP-C1', sessions: 1, short_drops: 1 }]);
  });

  it('purges raw per-device events past the retention period and keeps the AP totals', async () => {
    const later = t.ctx(undefined, '2027-01-10T09:00:00Z');
    const removed = await purgeWifiData(later);
    expect(removed.wifi_attempts).toBe(10);
    expect(removed.wifi_sessions).toBe(1);
    expect(removed.wifi_daily).toBe(0);
    const bins = await queryRows<{ n: number }>(later.db, sql`SELECT sum(attempts)::int AS n FROM wifi_bins`);
    expect(bins[0]?.n).toBe(10);
    expect(Object.values(await purgeWifiData(later)).every((n) => n === 0)).toBe(true);
    const much = t.ctx(undefined, '2027-06-10T09:00:00Z');
    const all = await purgeWifiData(much);
    expect(all.wifi_daily).toBeGreaterThan(0);
    expect(all.wifi_devices).toBe(2);
  });
});
