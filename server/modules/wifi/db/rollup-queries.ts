import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import type { StagingTable } from './ingest-queries.ts';

/**
 * The rollups, advanced by exactly the rows an import added, so a re-import adds nothing and a
 * dashboard never reads raw events. Thresholds that classify a reading (weak signal, high
 * retries, slow connect, short session, slow roam) apply at import.
 *
 * An import adds each slice's new rows (the `new_<kind>` temp table) to its own rollups
 * (wifi_import_daily, _bins, _fail_bins), and `publishImportRollups` adds those to the rollups
 * everyone reads in the one step that makes the import visible. A bin's clients are the devices
 * the import saw in it, each counted once across slices (wifi_import_bin_devices); across imports
 * the larger count wins, as it always has.
 */

export type RollupThresholds = {
  timeZone: string;
  weakRssi: number;
  highRetry: number;
  slowConnectMs: number;
  shortSessionS: number;
  slowRoamMs: number;
};

const BIN = (col: string) => `to_timestamp(floor(extract(epoch FROM ${col}) / 300) * 300)`;

const DAILY_KEY = ['day', 'ap_id', 'device_id', 'ssid', 'band'];
const DAILY_SUMS = [
  'attempts',
  'failures',
  'fail_assoc',
  'fail_auth',
  'fail_dhcp',
  'fail_dns',
  'connect_ms_sum',
  'connect_ms_n',
  'slow_connects',
  'samples',
  'weak_samples',
  'retry_samples',
  'rssi_sum',
  'rssi_n',
  'sessions',
  'short_drops',
  'roams',
  'slow_roams',
];
const BIN_KEY = ['bin', 'ap_id'];
const BIN_SUMS = [
  'attempts',
  'failures',
  'fail_assoc',
  'fail_auth',
  'fail_dhcp',
  'fail_dns',
  'samples',
  'weak_samples',
  'retry_samples',
  'roams',
];
const BIN_MAX = ['clients', 'ap_clients', 'channel_util'];
const FAIL_KEY = ['bin', 'ap_id', 'device_id', 'ssid', 'band'];
const FAIL_SUMS = ['attempts', 'failures', 'fail_assoc', 'fail_auth', 'fail_dhcp', 'fail_dns'];

const sums = (cols: string[]) => cols.map((c) => `${c} = w.${c} + excluded.${c}`);
const maxes = (cols: string[]) => cols.map((c) => `${c} = greatest(w.${c}, excluded.${c})`);

const STAGE_FAILS = `count(*) FILTER (WHERE NOT ok) AS failures, count(*) FILTER (WHERE NOT ok AND stage = 0) AS fail_assoc,
  count(*) FILTER (WHERE NOT ok AND stage = 1) AS fail_auth, count(*) FILTER (WHERE NOT ok AND stage = 2) AS fail_dhcp,
  count(*) FILTER (WHERE NOT ok AND stage = 3) AS fail_dns`;

/**
 * One upsert into an import's rollup: `cols` are the key followed by the measures the SELECT
 * gives (named as in the table); the measures are added to what the import has there already.
 */
function upsert(table: string, key: string[], measures: string[], select: string, importId: string, max: string[] = []): string {
  const cols = ['import_id', ...key, ...measures];
  const set = [...sums(measures.filter((m) => !max.includes(m))), ...maxes(measures.filter((m) => max.includes(m)))];
  return `INSERT INTO ${table} AS w (${cols.join(', ')}) SELECT '${importId}'::uuid, * FROM (${select}) x
    ON CONFLICT (import_id, ${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

/** Adds the slice's new rows of `kind` (in `new_<kind>`) to the import's rollups. */
export async function advanceImportRollups(tx: Db, importId: string, kind: StagingTable, t: RollupThresholds): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(importId)) throw new Error('not an import id');
  const tz = `'${t.timeZone.replace(/'/g, "''")}'`;
  const day = (col: string) => `(${col} AT TIME ZONE ${tz})::date`;
  const n = (v: number) => String(Number(v));
  const statements: string[] = [];
  const binDevices = () =>
    // Each device once per bin across the import's slices: only a pair new to the import adds a client.
    `WITH nd AS (
      INSERT INTO wifi_import_bin_devices (import_id, bin, ap_id, device_id)
      SELECT DISTINCT '${importId}'::uuid, ${BIN('ts')}, ap_id, device_id FROM new_${kind}
      ON CONFLICT DO NOTHING RETURNING bin, ap_id)
    ${upsert('wifi_import_bins', BIN_KEY, ['clients'], 'SELECT bin, ap_id, count(*)::int FROM nd GROUP BY 1, 2', importId)}`;
  if (kind === 'attempts') {
    statements.push(
      upsert(
        'wifi_import_daily',
        DAILY_KEY,
        [
          'attempts',
          'failures',
          'fail_assoc',
          'fail_auth',
          'fail_dhcp',
          'fail_dns',
          'connect_ms_sum',
          'connect_ms_n',
          'slow_connects',
          'samples',
          'weak_samples',
          'rssi_sum',
          'rssi_n',
        ],
        `SELECT ${day('ts')}, ap_id, device_id, ssid, band, count(*), ${STAGE_FAILS},
          coalesce(sum(latency_ms) FILTER (WHERE ok), 0), count(latency_ms) FILTER (WHERE ok),
          count(*) FILTER (WHERE ok AND latency_ms > ${n(t.slowConnectMs)}),
          count(rssi), count(*) FILTER (WHERE rssi < ${n(t.weakRssi)}), coalesce(sum(rssi), 0), count(rssi)
        FROM new_attempts GROUP BY 1, 2, 3, 4, 5`,
        importId,
      ),
      upsert(
        'wifi_import_bins',
        BIN_KEY,
        ['attempts', 'failures', 'fail_assoc', 'fail_auth', 'fail_dhcp', 'fail_dns'],
        `SELECT ${BIN('ts')}, ap_id, count(*), ${STAGE_FAILS} FROM new_attempts GROUP BY 1, 2`,
        importId,
      ),
      binDevices(),
      // Every group, failing or not: whether it failed is judged over the whole import when it is published.
      upsert(
        'wifi_import_fail_bins',
        FAIL_KEY,
        FAIL_SUMS,
        `SELECT ${BIN('ts')}, ap_id, device_id, ssid, band, count(*), ${STAGE_FAILS} FROM new_attempts GROUP BY 1, 2, 3, 4, 5`,
        importId,
      ),
    );
  } else if (kind === 'client_samples') {
    statements.push(
      upsert(
        'wifi_import_daily',
        DAILY_KEY,
        ['samples', 'weak_samples', 'retry_samples', 'rssi_sum', 'rssi_n'],
        `SELECT ${day('ts')}, ap_id, device_id, ssid, band, count(*), count(*) FILTER (WHERE rssi < ${n(t.weakRssi)}),
          count(*) FILTER (WHERE retry_rate > ${Number(t.highRetry)}), coalesce(sum(rssi), 0), count(rssi)
        FROM new_client_samples GROUP BY 1, 2, 3, 4, 5`,
        importId,
      ),
      upsert(
        'wifi_import_bins',
        BIN_KEY,
        ['samples', 'weak_samples', 'retry_samples'],
        `SELECT ${BIN('ts')}, ap_id, count(*), count(*) FILTER (WHERE rssi < ${n(t.weakRssi)}),
          count(*) FILTER (WHERE retry_rate > ${Number(t.highRetry)}) FROM new_client_samples GROUP BY 1, 2`,
        importId,
      ),
      binDevices(),
    );
  } else if (kind === 'sessions') {
    statements.push(
      upsert(
        'wifi_import_daily',
        DAILY_KEY,
        ['sessions', 'short_drops'],
        `SELECT ${day('started_at')}, ap_id, device_id, ssid, '', count(*),
          count(*) FILTER (WHERE duration_s < ${n(t.shortSessionS)} AND terminate_cause IN ('Lost-Carrier', 'Lost-Service', '2', '3'))
        FROM new_sessions GROUP BY 1, 2, 3, 4`,
        importId,
      ),
    );
  } else if (kind === 'roams') {
    statements.push(
      upsert(
        'wifi_import_daily',
        DAILY_KEY,
        ['roams', 'slow_roams'],
        `SELECT ${day('ts')}, to_ap_id, device_id, '', '', count(*), count(*) FILTER (WHERE duration_ms > ${n(t.slowRoamMs)})
        FROM new_roams GROUP BY 1, 2, 3`,
        importId,
      ),
      upsert(
        'wifi_import_bins',
        BIN_KEY,
        ['roams'],
        `SELECT ${BIN('ts')}, to_ap_id, count(*) FROM new_roams GROUP BY 1, 2`,
        importId,
      ),
    );
  } else if (kind === 'ap_samples') {
    statements.push(
      upsert(
        'wifi_import_bins',
        BIN_KEY,
        ['ap_clients', 'channel_util'],
        `SELECT ${BIN('ts')}, ap_id, max(client_count), max(channel_util) FROM new_ap_samples GROUP BY 1, 2`,
        importId,
        ['ap_clients', 'channel_util'],
      ),
    );
  }
  for (const s of statements) await tx.execute(sql.raw(s));
}

/** Adds a staged import's rollups to the ones everyone reads: part of the step that publishes it. */
export async function publishImportRollups(tx: Db, importId: string): Promise<void> {
  const merge = (target: string, from: string, key: string[], summed: string[], max: string[] = [], where = '') => {
    const cols = [...key, ...summed, ...max];
    return sql`INSERT INTO ${sql.raw(target)} AS w (${sql.raw(cols.join(', '))})
      SELECT ${sql.raw(cols.join(', '))} FROM ${sql.raw(from)} WHERE import_id = ${importId}::uuid ${sql.raw(where)}
      ON CONFLICT (${sql.raw(key.join(', '))}) DO UPDATE SET ${sql.raw([...sums(summed), ...maxes(max)].join(', '))}`;
  };
  await tx.execute(merge('wifi_daily', 'wifi_import_daily', DAILY_KEY, DAILY_SUMS));
  await tx.execute(merge('wifi_bins', 'wifi_import_bins', BIN_KEY, BIN_SUMS, BIN_MAX));
  // A device × AP × bin is kept only where the device failed there.
  await tx.execute(merge('wifi_fail_bins', 'wifi_import_fail_bins', FAIL_KEY, FAIL_SUMS, [], 'AND failures > 0'));
}

/** The import's scratch tables, emptied once it is published or discarded (one statement each). */
export const IMPORT_SCRATCH = [
  'wifi_import_bin_devices',
  'wifi_import_fail_bins',
  'wifi_import_bins',
  'wifi_import_daily',
  'wifi_import_devices',
  'wifi_import_ap_map',
];

export async function clearImportScratch(db: Db, importId: string): Promise<void> {
  for (const table of IMPORT_SCRATCH) await db.execute(sql`DELETE FROM ${sql.raw(table)} WHERE import_id = ${importId}::uuid`);
}
