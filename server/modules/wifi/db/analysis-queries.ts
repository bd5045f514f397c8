import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

/** Reads for the verdict: the rollups only, never the raw events. */

const list = (values: readonly string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** A result read column by column: each column's values, in the rows' order. */
export type Columns<Row> = { [K in keyof Row]: Row[K][] };

/**
 * The rows of `rows` (a SELECT naming each of `names` as a column) as one JSON object of arrays,
 * one per column, in the rows' order. Thousands of rows come back as one value: PGlite decodes
 * each field of each row on its own (most of a large read's time), but one JSON text in one go.
 * JSON keeps the values exact: integers, float8 as PostgreSQL prints it, text, booleans, nulls.
 */
async function selectColumns<Row>(db: Db, names: readonly (keyof Row & string)[], rows: SQL): Promise<Columns<Row>> {
  const pairs = sql.join(
    names.map((n) => sql`${n}::text, coalesce(json_agg(t.${sql.identifier(n)}), '[]'::json)`),
    sql`, `,
  );
  const result = await queryRows<{ j: Columns<Row> | string }>(db, sql`SELECT json_build_object(${pairs}) AS j FROM (${rows}) t`);
  const j = result[0]?.j;
  // Both drivers parse json; a string would be a driver that does not.
  return (typeof j === 'string' ? JSON.parse(j) : j) as Columns<Row>;
}

export type DailyPairRow = {
  device_id: number;
  ap_id: number;
  ssid: string;
  band: string;
  n: number;
  k: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
  samples: number;
  weak: number;
  rssi_sum: number;
  rssi_n: number;
};
const DAILY_COLUMNS = [
  'device_id',
  'ap_id',
  'ssid',
  'band',
  'n',
  'k',
  'fa',
  'fu',
  'fd',
  'fn',
  'samples',
  'weak',
  'rssi_sum',
  'rssi_n',
] as const;

/**
 * Per device × AP × SSID × band over the window's local days, with attempts or signal readings.
 * One day is one row per key already (the rollup's key is day × AP × device × SSID × band).
 */
export function selectDailyPairs(db: Db, from: string, to: string): Promise<Columns<DailyPairRow>> {
  const rows =
    from === to
      ? sql`SELECT device_id, ap_id, ssid, band, attempts AS n, failures AS k, fail_assoc AS fa, fail_auth AS fu, fail_dhcp AS fd,
          fail_dns AS fn, samples, weak_samples AS weak, rssi_sum::float8 AS rssi_sum, rssi_n
        FROM wifi_daily WHERE day = ${from} AND (attempts > 0 OR samples > 0)
        ORDER BY device_id, ap_id, ssid, band`
      : sql`SELECT device_id, ap_id, ssid, band, sum(attempts)::int AS n, sum(failures)::int AS k, sum(fail_assoc)::int AS fa,
          sum(fail_auth)::int AS fu, sum(fail_dhcp)::int AS fd, sum(fail_dns)::int AS fn, sum(samples)::int AS samples,
          sum(weak_samples)::int AS weak, sum(rssi_sum)::float8 AS rssi_sum, sum(rssi_n)::int AS rssi_n
        FROM wifi_daily WHERE day BETWEEN ${from} AND ${to}
        GROUP BY device_id, ap_id, ssid, band
        HAVING sum(attempts) > 0 OR sum(samples) > 0
        ORDER BY device_id, ap_id, ssid, band`;
  return selectColumns<DailyPairRow>(db, DAILY_COLUMNS, rows);
}

export type DeviceRow = {
  id: number;
  mac: string;
  randomised: boolean;
  identity: string | null;
  person_id: string | null;
  person_kind: string | null;
  device: string | null;
};

export async function selectDevicesByIds(db: Db, ids: readonly number[]): Promise<DeviceRow[]> {
  if (ids.length === 0) return [];
  const c = await selectColumns<DeviceRow>(
    db,
    ['id', 'mac', 'randomised', 'identity', 'person_id', 'person_kind', 'device'],
    // One array parameter, not a parameter per device (a school day names thousands of them).
    sql`SELECT id, mac, randomised, identity, person_id, person_kind, device FROM wifi_devices
      WHERE id = ANY(${`{${ids.map((i) => Math.trunc(Number(i))).join(',')}}`}::bigint[]) ORDER BY id`,
  );
  return c.id.map((id, i) => ({
    id,
    mac: c.mac[i] as string,
    randomised: c.randomised[i] as boolean,
    identity: c.identity[i] ?? null,
    person_id: c.person_id[i] ?? null,
    person_kind: c.person_kind[i] ?? null,
    device: c.device[i] ?? null,
  }));
}

export type FailBinRow = {
  bin: number;
  ap_id: number;
  device_id: number;
  ssid: string;
  band: string;
  n: number;
  k: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
};

const binList = (bins: readonly number[]): SQL =>
  sql.join(
    bins.map((b) => sql`${new Date(b).toISOString()}::timestamptz`),
    sql`, `,
  );

/** The failures in the given bins only (burst candidates). */
export function selectFailBins(db: Db, bins: readonly number[]): Promise<FailBinRow[]> {
  if (!bins.length) return Promise.resolve([]);
  return queryRows<FailBinRow>(
    db,
    sql`SELECT (extract(epoch FROM bin) * 1000)::float8 AS bin, ap_id, device_id, ssid, band, attempts AS n, failures AS k,
      fail_assoc AS fa, fail_auth AS fu, fail_dhcp AS fd, fail_dns AS fn
    FROM wifi_fail_bins WHERE bin IN (${binList(bins)})
    ORDER BY bin, ap_id, device_id, ssid, band`,
  );
}

export function selectActiveAps(db: Db, bins: readonly number[]): Promise<{ bin: number; ap_id: number }[]> {
  if (!bins.length) return Promise.resolve([]);
  return queryRows(
    db,
    sql`SELECT (extract(epoch FROM bin) * 1000)::float8 AS bin, ap_id FROM wifi_bins WHERE bin IN (${binList(bins)}) AND attempts > 0
    ORDER BY bin, ap_id`,
  );
}

export type BinSummaryRow = { bin: number; busy_aps: number; failing_devices: number; failing_aps: number };

/** Per 5-minute bin of the window: busy APs, and the devices and APs that failed. */
export function selectBinSummary(db: Db, start: Date, end: Date): Promise<BinSummaryRow[]> {
  const s = start.toISOString();
  const e = end.toISOString();
  return queryRows<BinSummaryRow>(
    db,
    sql`SELECT (extract(epoch FROM b.bin) * 1000)::float8 AS bin, b.aps AS busy_aps, coalesce(f.devices, 0)::int AS failing_devices,
      coalesce(f.aps, 0)::int AS failing_aps
    FROM (SELECT bin, count(*)::int AS aps FROM wifi_bins WHERE bin >= ${s} AND bin < ${e} AND attempts > 0 GROUP BY bin) b
    LEFT JOIN (SELECT bin, count(DISTINCT device_id) AS devices, count(DISTINCT ap_id) AS aps FROM wifi_fail_bins
      WHERE bin >= ${s} AND bin < ${e} AND failures > 0 GROUP BY bin) f ON f.bin = b.bin
    ORDER BY 1`,
  );
}

export type CapacityBinRow = {
  bin: number;
  ap_id: number;
  n: number;
  k: number;
  samples: number;
  weak: number;
  retry: number;
  /** The controller's client count when it gave one, else the devices seen. */
  load: number;
  util: number | null;
};
const CAPACITY_COLUMNS = ['bin', 'ap_id', 'n', 'k', 'samples', 'weak', 'retry', 'load', 'util'] as const;

/**
 * AP bins on the given local days (the capacity test's), only those with at least `minVolume`
 * attempts and signal readings, and only the columns the test reads.
 */
/** Instants [start, end): local days as the stretches of time they cover. */
export type Span = { start: Date; end: Date };

const inSpans = (spans: readonly Span[]): SQL =>
  sql.join(
    spans.map((s) => sql`(bin >= ${s.start.toISOString()}::timestamptz AND bin < ${s.end.toISOString()}::timestamptz)`),
    sql` OR `,
  );

/**
 * AP bins in the given spans (the capacity test's local days), only those with at least
 * `minVolume` attempts and signal readings, and only the columns the test reads.
 */
export function selectCapacityBins(db: Db, spans: readonly Span[], minVolume: number): Promise<Columns<CapacityBinRow>> {
  if (spans.length === 0)
    return Promise.resolve({ bin: [], ap_id: [], n: [], k: [], samples: [], weak: [], retry: [], load: [], util: [] });
  const rows = sql`SELECT (extract(epoch FROM bin) * 1000)::float8 AS bin, ap_id, attempts AS n, failures AS k, samples,
      weak_samples AS weak, retry_samples AS retry, coalesce(ap_clients, clients) AS load, channel_util::float8 AS util
    FROM wifi_bins
    WHERE (${inSpans(spans)}) AND attempts + samples >= ${minVolume}
    ORDER BY bin, ap_id`;
  return selectColumns<CapacityBinRow>(db, CAPACITY_COLUMNS, rows);
}

/** Attempts and failures in the given spans (the reference's local days). */
export async function selectTotalsInSpans(db: Db, spans: readonly Span[]): Promise<{ n: number; k: number }> {
  if (spans.length === 0) return { n: 0, k: 0 };
  const rows = await queryRows<{ n: number; k: number }>(
    db,
    sql`SELECT coalesce(sum(attempts), 0)::int AS n, coalesce(sum(failures), 0)::int AS k FROM wifi_bins WHERE ${inSpans(spans)}`,
  );
  return rows[0] ?? { n: 0, k: 0 };
}

export async function selectTotalsOnDays(db: Db, days: readonly string[], timeZone: string): Promise<{ n: number; k: number }> {
  if (days.length === 0) return { n: 0, k: 0 };
  const sorted = [...days].sort();
  const rows = await queryRows<{ n: number; k: number }>(
    db,
    sql`SELECT coalesce(sum(attempts), 0)::int AS n, coalesce(sum(failures), 0)::int AS k FROM wifi_bins
    WHERE bin >= (${sorted[0]}::date - 1)::timestamptz AND bin < (${sorted[sorted.length - 1]}::date + 2)::timestamptz
      AND (bin AT TIME ZONE ${timeZone})::date IN (${list(sorted)})`,
  );
  return rows[0] ?? { n: 0, k: 0 };
}
