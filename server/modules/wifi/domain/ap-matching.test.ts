import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { loadFixturePlaces } from './analysis/scenario-loader.ts';
import { WIFI_IMPORTERS } from './importers.ts';

/**
 * Issue 13 items 4 and 5: a RADIUS record that names an SSID's BSSID, an AP's name or only the
 * NAS finds the inventory's AP; a UniFi log that names one AP by name and by MAC makes one row.
 */

const run = (kind: string, name: string, content: string) => {
  const importer = WIFI_IMPORTERS.find((i) => i.kind === kind);
  if (!importer) throw new Error(kind);
  return (ctx: Parameters<typeof importer.run>[0]) =>
    importer.run(ctx, writeTestFile(name, content), { dryRun: false, skipInvalid: false, fileName: name }, () => {});
};

/** A FreeRADIUS accounting Stop, as rlm_detail writes it. */
const stop = (at: string, epoch: number, called: string, nas: string, session: string) =>
  [
    at,
    '\tAcct-Status-Type = Stop',
    '\tUser-Name = "s.mensah@oakfield.example"',
    '\tCalling-Station-Id = "3C-22-FB-10-20-30"',
    `\tCalled-Station-Id = "${called}"`,
    `\tNAS-Identifier = "${nas}"`,
    '\tNAS-IP-Address = 10.20.0.13',
    `\tAcct-Session-Id = "${session}"`,
    '\tAcct-Session-Time = 600',
    '\tAcct-Terminate-Cause = User-Request',
    `\tTimestamp = ${epoch}`,
    '',
  ].join('\n');

const apCount = async (db: Parameters<typeof queryRows>[0]) =>
  (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM wifi_aps`))[0]?.n;

describeEachDatabase('Wi-Fi AP matching', (t) => {
  beforeAll(async () => {
    await loadFixturePlaces(t.ctx());
    await run(
      'wifi-aps',
      'aps.csv',
      'ap,mac,school,building,floor,room\nLIB-AP03,00:18:0A:31:0A:5E,main,C,,\nLIB-AP04,80:2a:a8:17:74:b5,main,C,,\n',
    )(t.ctx());
  });

  it('puts RADIUS sessions on the inventory AP by BSSID, by Called-Station-Id name and by NAS-Identifier, and says which', async () => {
    const before = await apCount(t.ctx().db);
    const detail = [
      // Meraki: 5 GHz third octet, locally administered first octet.
      stop('Tue Nov 17 10:00:00 2026', 1794909600, '06-18-1A-31-0A-5E:Oakfield', 'radius-client-1', 'S1'),
      // UniFi: the third SSID's BSSID.
      stop('Tue Nov 17 10:05:00 2026', 1794909900, '92-2A-A8-17-74-B5:Oakfield', 'radius-client-1', 'S2'),
      // Cisco's "AP Name:SSID" call-station-id type.
      stop('Tue Nov 17 10:10:00 2026', 1794910200, 'LIB-AP04:Oakfield', 'radius-client-1', 'S3'),
      // A BSSID no rule derives, sent by the AP itself: its NAS-Identifier is its name.
      stop('Tue Nov 17 10:15:00 2026', 1794910500, 'AA-BB-CC-00-00-99:Oakfield', 'LIB-AP03', 'S4'),
    ].join('\n');
    const r = await run('radius-detail', 'detail-20261117', detail)(t.ctx());
    expect([r.rowsIn, r.created, r.rejected]).toEqual([4, 4, 0]);
    expect(r.notes).toEqual([
      "Access points matched by BSSID (an SSID's address, derived from the access point's base MAC): 06:18:1a:31:0a:5e → LIB-AP03, 92:2a:a8:17:74:b5 → LIB-AP04",
      "Access points matched by NAS-Identifier (the RADIUS client's name): aa:bb:cc:00:00:99 → LIB-AP03",
    ]);
    expect(await apCount(t.ctx().db)).toBe(before);
    const rows = await queryRows<{ name: string; sessions: number }>(
      t.ctx().db,
      sql`SELECT a.name, sum(d.sessions)::int AS sessions FROM wifi_daily d JOIN wifi_aps a ON a.id = d.ap_id
        WHERE d.sessions > 0 GROUP BY a.name ORDER BY a.name`,
    );
    expect(rows).toEqual([
      { name: 'LIB-AP03', sessions: 2 },
      { name: 'LIB-AP04', sessions: 2 },
    ]);
  });

  it('keeps a BSSID that neither a rule nor the NAS places as an AP not seen before, and says so', async () => {
    const r = await run(
      'radius-detail',
      'detail-20261118',
      stop('Wed Nov 18 10:00:00 2026', 1794996000, '00-24-6C-11-22-33:Oakfield', 'wlc-01', 'S9'),
    )(t.ctx());
    expect(r.notes).toEqual([
      '1 access point not seen before: 00:24:6c:11:22:33 (add them to the inventory to place them in buildings)',
    ]);
  });

  // The stat/event shape: a connect naming the AP by MAC and name, a roam and a disconnect by MAC only.
  const UNIFI = (mac: string, name: string | undefined, other: string) =>
    JSON.stringify({
      meta: { rc: 'ok' },
      data: [
        {
          _id: `${mac}-1`,
          user: '3c:22:fb:10:20:40',
          ssid: 'Oakfield',
          ap: mac,
          ...(name ? { ap_name: name } : {}),
          radio: 'na',
          channel: '36',
          key: 'EVT_WU_Connected',
          subsystem: 'wlan',
          site_id: 's1',
          time: 1794999600000,
          datetime: '2026-11-18T11:00:00Z',
          msg: 'User[3c:22:fb:10:20:40] has connected',
        },
        {
          _id: `${mac}-2`,
          user: '3c:22:fb:10:20:40',
          ap_from: other,
          ap_to: mac.toUpperCase(),
          channel_from: '1',
          channel_to: '36',
          radio_from: 'ng',
          radio_to: 'na',
          key: 'EVT_WU_Roam',
          subsystem: 'wlan',
          site_id: 's1',
          time: 1794999700000,
          datetime: '2026-11-18T11:01:40Z',
          msg: 'User[3c:22:fb:10:20:40] roams',
        },
        {
          _id: `${mac}-3`,
          user: '3c:22:fb:10:20:40',
          ssid: 'Oakfield',
          ap: mac.toUpperCase(),
          duration: 600,
          bytes: 1000,
          key: 'EVT_WU_Disconnected',
          subsystem: 'wlan',
          site_id: 's1',
          time: 1795000300000,
          datetime: '2026-11-18T11:11:40Z',
          msg: 'User[3c:22:fb:10:20:40] disconnected',
        },
      ],
    });

  it('makes one AP of a UniFi AP named by its name in one event and by its MAC in the next', async () => {
    const before = await apCount(t.ctx().db);
    const r = await run('unifi-events', 'events.json', UNIFI('f0:9f:c2:aa:00:01', 'SCI-AP-09', 'f0:9f:c2:aa:00:02'))(t.ctx());
    expect(r.rejected).toBe(0);
    expect(await apCount(t.ctx().db)).toBe((before ?? 0) + 2);
    const aps = await queryRows<{ name: string; mac: string }>(
      t.ctx().db,
      sql`SELECT name, mac FROM wifi_aps WHERE mac LIKE 'f0:9f:c2:aa:%' ORDER BY mac`,
    );
    expect(aps).toEqual([
      { name: 'SCI-AP-09', mac: 'f0:9f:c2:aa:00:01' },
      { name: 'f0:9f:c2:aa:00:02', mac: 'f0:9f:c2:aa:00:02' },
    ]);
    const rows = await queryRows<{ name: string; attempts: number; sessions: number }>(
      t.ctx().db,
      sql`SELECT a.name, sum(d.attempts)::int AS attempts, sum(d.sessions)::int AS sessions FROM wifi_daily d
        JOIN wifi_aps a ON a.id = d.ap_id WHERE a.mac LIKE 'f0:9f:c2:aa:%' GROUP BY a.name`,
    );
    expect(rows).toEqual([{ name: 'SCI-AP-09', attempts: 1, sessions: 1 }]);
  });

  it('names an AP first seen by its MAC once a later file gives its name, still one row', async () => {
    await run('unifi-events', 'mac-only.json', UNIFI('f0:9f:c2:bb:00:01', undefined, 'f0:9f:c2:aa:00:01'))(t.ctx());
    const count = await apCount(t.ctx().db);
    const r = await run(
      'unifi-events',
      'named.json',
      UNIFI('f0:9f:c2:bb:00:01', 'SCI-AP-10', 'f0:9f:c2:aa:00:01')
        .replace(/2026-11-18/g, '2026-11-19')
        .replace(/17949/g, '17950'),
    )(t.ctx());
    expect(await apCount(t.ctx().db)).toBe(count);
    expect(r.notes).toEqual([
      'Access points matched by the name and MAC one record gives: SCI-AP-10 → SCI-AP-10 (until now named f0:9f:c2:bb:00:01)',
    ]);
    const aps = await queryRows<{ name: string }>(t.ctx().db, sql`SELECT name FROM wifi_aps WHERE mac = 'f0:9f:c2:bb:00:01'`);
    expect(aps).toEqual([{ name: 'SCI-AP-10' }]);
  });

  it('imports a radpostauth table without station columns as checked outcomes only, saying what is missing', async () => {
    const tsv = 'id\tusername\tpass\treply\tauthdate\tclass\n1\tj.smith\t\tAccess-Reject\t2026-11-20 09:00:00.000000\t\n';
    const r = await run('radius-postauth', 'radpostauth.tsv', tsv)(t.ctx());
    expect([r.rowsIn, r.created, r.rejected]).toEqual([1, 0, 0]);
    expect(r.notes?.[0]).toMatch(/^This radpostauth table has no callingstationid or calledstationid columns/);
    const stored = await queryRows<{ n: number }>(
      t.ctx().db,
      sql`SELECT count(*)::int AS n FROM wifi_attempts WHERE ts >= '2026-11-20' AND ts < '2026-11-21'`,
    );
    expect(stored[0]?.n).toBe(0);
  });
});
