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
 * the import saw in it; across imports
 * the larger count wins, as it always has. A bin's devices travel with it (`devices`, merged per
 * slice), so its clients count each device once however its rows fell in slices. A failure bin
 * (AP × device × 5 minutes) exists only where the device failed; one first met in a later slice
 * takes its whole count from the import's raw rows (found by their device and time index).
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

/** An upsert whose `devices` measure is merged as a set, not summed. */
const withDevices = (statement: string, union: string) => statement.replace('devices = w.devices + excluded.devices', union);

/**
 * The import's failure bins from a slice of attempts: a bin it has already is added to; a bin
 * where the device failed in this slice and that the import has not met yet takes its whole count
 * from the import's raw rows (earlier slices' included), through the attempts' (device, time) key.
 */
function failBins(importId: string): string {
  const id = `'${importId}'::uuid`;
  const key = ['bin', 'ap_id', 'device_id', 'ssid', 'band'];
  const same = (a: string, b: string) => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
  return `WITH g AS (
      SELECT ${BIN('ts')} AS bin, ap_id, device_id, ssid, band, count(*)::int AS attempts, ${STAGE_FAILS}
      FROM new_attempts GROUP BY 1, 2, 3, 4, 5
    ), upd AS (
      UPDATE wifi_import_fail_bins w SET ${FAIL_SUMS.map((c) => `${c} = w.${c} + g.${c}`).join(', ')}
      FROM g WHERE w.import_id = ${id} AND ${same('w', 'g')}
      RETURNING w.bin, w.ap_id, w.device_id, w.ssid, w.band
    )
    INSERT INTO wifi_import_fail_bins (import_id, ${key.join(', ')}, ${FAIL_SUMS.join(', ')})
    SELECT ${id}, g.bin, g.ap_id, g.device_id, g.ssid, g.band, t.* FROM g CROSS JOIN LATERAL (
      SELECT count(*)::int, ${STAGE_FAILS} FROM wifi_attempts a
      WHERE a.device_id = g.device_id AND a.ts >= g.bin AND a.ts < g.bin + interval '300 seconds'
        AND a.ap_id = g.ap_id AND a.ssid = g.ssid AND a.band = g.band AND a.import_id = ${id}
    ) t
    WHERE g.failures > 0 AND NOT EXISTS (SELECT 1 FROM upd u WHERE ${same('u', 'g')})`;
}

/** Adds the slice's new rows of `kind` (in `new_<kind>`) to the import's rollups. */
export async function advanceImportRollups(tx: Db, importId: string, kind: StagingTable, t: RollupThresholds): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(importId)) throw new Error('not an import id');
  const tz = `'${t.timeZone.replace(/'/g, "''")}'`;
  const day = (col: string) => `(${col} AT TIME ZONE ${tz})::date`;
  const n = (v: number) => String(Number(v));
  const statements: string[] = [];
  const union =
    'devices = (SELECT array_agg(DISTINCT d ORDER BY d) FROM unnest(coalesce(w.devices, ARRAY[]::int[]) || excluded.devices) d)';
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
      withDevices(
        upsert(
          'wifi_import_bins',
          BIN_KEY,
          ['attempts', 'failures', 'fail_assoc', 'fail_auth', 'fail_dhcp', 'fail_dns', 'devices'],
          `SELECT ${BIN('ts')}, ap_id, count(*), ${STAGE_FAILS}, array_agg(DISTINCT device_id ORDER BY device_id)
          FROM new_attempts GROUP BY 1, 2`,
          importId,
        ),
        union,
      ),
      failBins(importId),
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
      withDevices(
        upsert(
          'wifi_import_bins',
          BIN_KEY,
          ['samples', 'weak_samples', 'retry_samples', 'devices'],
          `SELECT ${BIN('ts')}, ap_id, count(*), count(*) FILTER (WHERE rssi < ${n(t.weakRssi)}),
            count(*) FILTER (WHERE retry_rate > ${Number(t.highRetry)}), array_agg(DISTINCT device_id ORDER BY device_id)
          FROM new_client_samples GROUP BY 1, 2`,
          importId,
        ),
        union,
      ),
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
  const merge = (target: string, from: string, key: string[], summed: string[]) => {
    const cols = [...key, ...summed];
    return sql`INSERT INTO ${sql.raw(target)} AS w (${sql.raw(cols.join(', '))})
      SELECT ${sql.raw(cols.join(', '))} FROM ${sql.raw(from)} WHERE import_id = ${importId}::uuid
      ON CONFLICT (${sql.raw(key.join(', '))}) DO UPDATE SET ${sql.raw(sums(summed).join(', '))}`;
  };
  await tx.execute(merge('wifi_daily', 'wifi_import_daily', DAILY_KEY, DAILY_SUMS));
  await tx.execute(sql`INSERT INTO wifi_bins AS w (${sql.raw([...BIN_KEY, ...BIN_SUMS, ...BIN_MAX].join(', '))})
      SELECT ${sql.raw([...BIN_KEY, ...BIN_SUMS, 'coalesce(cardinality(devices), 0)', 'ap_clients', 'channel_util'].join(', '))}
      FROM wifi_import_bins WHERE import_id = ${importId}::uuid
      ON CONFLICT (${sql.raw(BIN_KEY.join(', '))}) DO UPDATE SET ${sql.raw([...sums(BIN_SUMS), ...maxes(BIN_MAX)].join(', '))}`);
  await tx.execute(merge('wifi_fail_bins', 'wifi_import_fail_bins', FAIL_KEY, FAIL_SUMS));
}

/** The import's scratch tables, emptied once it is published or discarded (one statement each). */
export const IMPORT_SCRATCH = [
  'wifi_import_fail_bins',
  'wifi_import_bins',
  'wifi_import_daily',
  'wifi_import_devices',
  'wifi_import_ap_map',
];

export async function clearImportScratch(db: Db, importId: string): Promise<void> {
  for (const table of IMPORT_SCRATCH) await db.execute(sql`DELETE FROM ${sql.raw(table)} WHERE import_id = ${importId}::uuid`);
}
