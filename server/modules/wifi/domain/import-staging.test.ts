import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { newId } from '../../../lib/ids.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { selectRecentFailures } from '../db/detail-queries.ts';
import { beginWifiImport } from '../db/import-queries.ts';
import { mergeSlice, saveApMap } from '../db/ingest-queries.ts';
import { loadFixturePlaces } from './analysis/scenario-loader.ts';
import { abandonInterruptedWifiImports, sweepDeadWifiImports } from './import-staging.ts';
import { WIFI_IMPORTERS } from './importers.ts';
import { WIFI_SETUP } from './setup-checks.ts';

/**
 * Issue 12 item 4 for Wi-Fi: an import is stored in slices that each commit, invisible until one
 * step publishes it; its rollups are exactly those of its rows however the slices fall; a
 * failure, a dry run or a killed process leaves nothing, and a second import waits its turn.
 */

const importer = WIFI_IMPORTERS.find((i) => i.kind === 'wifi-csv');
if (!importer) throw new Error('wifi-csv');
const run = (ctx: Parameters<NonNullable<typeof importer>['run']>[0], name: string, content: string, dryRun = false) =>
  (importer as NonNullable<typeof importer>).run(
    ctx,
    writeTestFile(name, content),
    { dryRun, skipInvalid: false, fileName: name },
    () => {},
  );

const STAGES = ['assoc', 'auth', 'dhcp', 'dns', 'connected'];

/**
 * 24,000 attempts by 60 devices on three APs over a school morning, shuffled (a fixed generator)
 * so that every five-minute bin's devices fall in several slices.
 */
function bigCsv(): string {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows: string[] = [];
  const start = Date.parse('2026-11-17T08:00:00Z');
  for (let i = 0; i < 24_000; i++) {
    const device = i % 60;
    const ap = `AP-${['A1', 'A2', 'B1'][device % 3]}`;
    // Each device every 36 s: no two rows of a device share a time.
    const ts = new Date(start + (Math.floor(i / 60) * 36 + (device % 30)) * 1000).toISOString();
    const fail = rand() < 0.15;
    const stage = fail ? STAGES[Math.floor(rand() * 4)] : 'connected';
    const rssi = fail && stage === 'assoc' ? '' : String(-45 - Math.floor(rand() * 40));
    const mac = `3c:22:fb:00:00:${device.toString(16).padStart(2, '0')}`;
    rows.push(`${ts},${ap},${mac},,Oakfield,5,${stage},${!fail},${rssi},iPad`);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
  }
  return ['ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device', ...rows].join('\n');
}

const SMALL = [
  'ts,ap,client_mac,identity,ssid,band,stage,ok,rssi,device',
  '2026-11-18T09:00:00Z,AP-NEW-1,3c:22:fb:aa:00:01,,Oakfield,5,connected,true,-60,iPad',
  '2026-11-18T09:01:00Z,AP-NEW-1,3c:22:fb:aa:00:01,,Oakfield,5,dhcp,false,,iPad',
].join('\n');

const WIFI_TABLES = [
  'wifi_aps',
  'wifi_devices',
  'wifi_attempts',
  'wifi_sessions',
  'wifi_client_samples',
  'wifi_ap_samples',
  'wifi_roams',
  'wifi_infra_events',
  'wifi_daily',
  'wifi_bins',
  'wifi_fail_bins',
  'wifi_imports',
  'wifi_import_ap_map',
  'wifi_import_devices',
  'wifi_import_daily',
  'wifi_import_bins',
  'wifi_import_fail_bins',
];

async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of WIFI_TABLES)
    out[table] = Number((await queryRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]?.n);
  return out;
}

const one = async (db: Db, query: ReturnType<typeof sql>) => (await queryRows<Record<string, unknown>>(db, query))[0];

describeEachDatabase('Wi-Fi imports staged in slices', (t) => {
  beforeAll(async () => {
    await loadFixturePlaces(t.ctx());
  });

  it('a dry run of a file of many slices counts what is new and leaves every Wi-Fi table as it was', async () => {
    const before = await counts(t.ctx().db);
    const dry = await run(t.ctx(), 'morning.csv', bigCsv(), true);
    expect([dry.rowsIn, dry.created, dry.dryRun]).toEqual([24_000, 24_000, true]);
    expect(await counts(t.ctx().db)).toEqual(before);
  });

  it('rolls up exactly the rows it stored however the slices fall, and the same file again adds nothing', async () => {
    const db = t.ctx().db;
    const first = await run(t.ctx(), 'morning.csv', bigCsv());
    expect([first.rowsIn, first.created, first.unchanged]).toEqual([24_000, 24_000, 0]);
    const rolled = await counts(db);
    // The scratch is empty once the import is published, and it is on record as done.
    for (const table of WIFI_TABLES.filter((x) => x.startsWith('wifi_import_'))) expect(rolled[table]).toBe(0);
    expect(await one(db, sql`SELECT status, created, rows_in FROM wifi_imports WHERE file_name = 'morning.csv'`)).toEqual({
      status: 'done',
      created: 24_000,
      rows_in: 24_000,
    });
    // Each rollup against the same figures computed straight from the raw rows (timestamps are UTC here; London is UTC in November).
    const diff = async (rollup: string, raw: string) =>
      Number(
        (await queryRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ((${rollup}) EXCEPT ALL (${raw})) x`)))[0]?.n,
      ) +
      Number(
        (await queryRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ((${raw}) EXCEPT ALL (${rollup})) x`)))[0]?.n,
      );
    expect(
      await diff(
        'SELECT day, ap_id, device_id, attempts, failures, fail_assoc, fail_auth, fail_dhcp, fail_dns, samples, weak_samples, rssi_sum::int FROM wifi_daily',
        `SELECT (ts AT TIME ZONE 'Europe/London')::date, ap_id, device_id, count(*)::int, count(*) FILTER (WHERE NOT ok)::int,
           count(*) FILTER (WHERE NOT ok AND stage = 0)::int, count(*) FILTER (WHERE NOT ok AND stage = 1)::int,
           count(*) FILTER (WHERE NOT ok AND stage = 2)::int, count(*) FILTER (WHERE NOT ok AND stage = 3)::int,
           count(rssi)::int, count(*) FILTER (WHERE rssi < -72)::int, coalesce(sum(rssi), 0)::int
         FROM wifi_attempts GROUP BY 1, 2, 3`,
      ),
    ).toBe(0);
    // A bin's clients: each device once, though its attempts there fell in different slices.
    expect(
      await diff(
        'SELECT bin, ap_id, attempts, failures, clients FROM wifi_bins',
        `SELECT to_timestamp(floor(extract(epoch FROM ts) / 300) * 300), ap_id, count(*)::int, count(*) FILTER (WHERE NOT ok)::int,
           count(DISTINCT device_id)::int FROM wifi_attempts GROUP BY 1, 2`,
      ),
    ).toBe(0);
    expect(
      await diff(
        'SELECT bin, ap_id, device_id, attempts, failures FROM wifi_fail_bins',
        `SELECT to_timestamp(floor(extract(epoch FROM ts) / 300) * 300), ap_id, device_id, count(*)::int, count(*) FILTER (WHERE NOT ok)::int
         FROM wifi_attempts GROUP BY 1, 2, 3 HAVING count(*) FILTER (WHERE NOT ok) > 0`,
      ),
    ).toBe(0);
    expect(rolled.wifi_bins).toBeGreaterThan(100);
    expect(rolled.wifi_devices).toBe(60);

    const again = await run(t.ctx(), 'morning-again.csv', bigCsv());
    expect([again.created, again.unchanged]).toEqual([0, 24_000]);
    const after = await counts(db);
    expect({ ...after, wifi_imports: 0 }).toEqual({ ...rolled, wifi_imports: 0 });
    expect(after.wifi_imports).toBe((rolled.wifi_imports ?? 0) + 1);
    const sums = await one(db, sql`SELECT sum(attempts)::int AS attempts, sum(clients)::int AS clients FROM wifi_bins`);
    expect(sums?.attempts).toBe(24_000);
  });

  it('leaves a killed import invisible to every read, then discards it with the devices and APs it brought', async () => {
    const ctx = t.ctx();
    const db = ctx.db;
    const before = await counts(db);
    // What a process killed mid-import leaves: begun, its APs resolved, one slice committed.
    const id = newId();
    expect(
      await beginWifiImport(db, {
        id,
        kind: 'wifi-csv',
        fileName: 'killed.csv',
        fileSha256: 'x',
        at: new Date('2026-11-18T10:00:00Z'),
        actor: 'it@oakfield.example',
        firstTs: new Date('2026-11-18T09:00:00Z'),
        lastTs: new Date('2026-11-18T09:01:00Z'),
      }),
    ).toBeUndefined();
    const ap = await one(db, sql`INSERT INTO wifi_aps (name, created_by_import) VALUES ('AP-NEW-1', ${id}::uuid) RETURNING id`);
    await saveApMap(db, id, new Map([['AP-NEW-1', Number(ap?.id)]]));
    const slice = SMALL.split('\n')
      .slice(1)
      .map((l) => {
        const [ts, apKey, mac, , ssid, band, stage, ok, rssi, device] = l.split(',');
        return `${ts},${apKey},${mac},,${ssid},${band},${STAGES.indexOf(stage as string)},${ok === 'true' ? 't' : 'f'},${rssi},,,${device},\n`;
      })
      .join('');
    const thresholds = {
      timeZone: 'Europe/London',
      weakRssi: -75,
      highRetry: 0.2,
      slowConnectMs: 3000,
      shortSessionS: 60,
      slowRoamMs: 500,
    };
    expect(await db.transaction((tx) => mergeSlice(tx, id, 'attempts', slice, thresholds))).toEqual({ staged: 2, created: 2 });

    // Written, but no one sees it: not the raw reads, not the rollups, not the set-up page.
    const stored = await one(db, sql`SELECT count(*)::int AS n FROM wifi_attempts WHERE import_id = ${id}::uuid`);
    expect(stored?.n).toBe(2);
    const device = await one(db, sql`SELECT id FROM wifi_devices WHERE mac = '3c:22:fb:aa:00:01'`);
    expect(
      await selectRecentFailures(db, [Number(device?.id)], new Date('2026-11-18T00:00:00Z'), new Date('2026-11-19T00:00:00Z')),
    ).toEqual([]);
    expect(await one(db, sql`SELECT count(*)::int AS n FROM wifi_daily WHERE device_id = ${Number(device?.id)}`)).toEqual({
      n: 0,
    });
    // The two finished imports of the test before; the staging one is not counted.
    expect((await WIFI_SETUP[0]?.load(ctx))?.detail).toContain('; 2 data imports');

    // Another import meanwhile is refused, saying which one runs.
    await expect(run(ctx, 'small.csv', SMALL)).rejects.toThrow(
      'Another Wi-Fi import is still running (killed.csv, by it@oakfield.example)',
    );

    // The restart: on PGlite every staging import is dead at once; on PostgreSQL once it is stale.
    await abandonInterruptedWifiImports(ctx);
    await db.execute(sql`UPDATE wifi_imports SET heartbeat_at = now() - interval '10 minutes' WHERE id = ${id}::uuid`);
    expect(await sweepDeadWifiImports(ctx)).toBe(1);
    expect(await counts(db)).toEqual(before);

    // And now the same rows import normally: the dead import's keys did not hold them back.
    const small = await run(ctx, 'small.csv', SMALL);
    expect([small.created, small.unchanged]).toEqual([2, 0]);
    expect((small.notes ?? []).join(' ')).toContain('1 access point not seen before: AP-NEW-1');
  });
});
