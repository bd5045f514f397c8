import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

/** Reads for the verdict: the rollups only, never the raw events. */

const list = (values: readonly string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

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

export function selectDailyPairs(db: Db, from: string, to: string): Promise<DailyPairRow[]> {
  return queryRows<DailyPairRow>(
    db,
    sql`SELECT device_id, ap_id, ssid, band, sum(attempts)::int AS n, sum(failures)::int AS k, sum(fail_assoc)::int AS fa,
      sum(fail_auth)::int AS fu, sum(fail_dhcp)::int AS fd, sum(fail_dns)::int AS fn, sum(samples)::int AS samples,
      sum(weak_samples)::int AS weak, sum(rssi_sum)::float8 AS rssi_sum, sum(rssi_n)::int AS rssi_n
    FROM wifi_daily WHERE day BETWEEN ${from} AND ${to}
    GROUP BY device_id, ap_id, ssid, band
    HAVING sum(attempts) > 0 OR sum(samples) > 0
    ORDER BY device_id, ap_id, ssid, band`,
  );
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

export function selectDevicesByIds(db: Db, ids: readonly number[]): Promise<DeviceRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<DeviceRow>(
    db,
    // One array parameter, not a parameter per device (a school day names thousands of them).
    sql`SELECT id, mac, randomised, identity, person_id, person_kind, device FROM wifi_devices
      WHERE id = ANY(${`{${ids.map((i) => Math.trunc(Number(i))).join(',')}}`}::bigint[]) ORDER BY id`,
  );
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

export type BinRow = {
  bin: number;
  ap_id: number;
  n: number;
  k: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
  clients: number;
  samples: number;
  weak: number;
  retry: number;
  ap_clients: number | null;
  util: number | null;
};

/** AP bins on the given local days (the window and the reference). */
export function selectBinsOnDays(db: Db, days: readonly string[], timeZone: string): Promise<BinRow[]> {
  if (days.length === 0) return Promise.resolve([]);
  const sorted = [...days].sort();
  return queryRows<BinRow>(
    db,
    sql`SELECT (extract(epoch FROM bin) * 1000)::float8 AS bin, ap_id, attempts AS n, failures AS k, fail_assoc AS fa,
      fail_auth AS fu, fail_dhcp AS fd, fail_dns AS fn, clients, samples, weak_samples AS weak, retry_samples AS retry,
      ap_clients, channel_util::float8 AS util
    FROM wifi_bins
    WHERE bin >= (${sorted[0]}::date - 1)::timestamptz AND bin < (${sorted[sorted.length - 1]}::date + 2)::timestamptz
      AND (bin AT TIME ZONE ${timeZone})::date IN (${list(sorted)})
    ORDER BY bin, ap_id`,
  );
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
