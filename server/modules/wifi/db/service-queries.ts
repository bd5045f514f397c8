import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { visibleWifi } from './visible.ts';

/** Aggregates for the service levels: no device leaves these queries. */

export type ServiceRow = {
  ap_id: number;
  ssid: string;
  band: string;
  day: string;
  attempts: number;
  failures: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
  connect_ms_sum: number;
  connect_ms_n: number;
  slow: number;
  samples: number;
  weak: number;
  retry: number;
  sessions: number;
  short_drops: number;
  roams: number;
  slow_roams: number;
  devices: number;
};

export function selectServiceRows(db: Db, from: string, to: string): Promise<ServiceRow[]> {
  return queryRows<ServiceRow>(
    db,
    sql`SELECT ap_id, ssid, band, day::text AS day, sum(attempts)::int AS attempts, sum(failures)::int AS failures,
      sum(fail_assoc)::int AS fa, sum(fail_auth)::int AS fu, sum(fail_dhcp)::int AS fd, sum(fail_dns)::int AS fn,
      sum(connect_ms_sum)::float8 AS connect_ms_sum, sum(connect_ms_n)::int AS connect_ms_n, sum(slow_connects)::int AS slow,
      sum(samples)::int AS samples, sum(weak_samples)::int AS weak, sum(retry_samples)::int AS retry,
      sum(sessions)::int AS sessions, sum(short_drops)::int AS short_drops, sum(roams)::int AS roams,
      sum(slow_roams)::int AS slow_roams, count(DISTINCT device_id)::int AS devices
    FROM wifi_daily WHERE day BETWEEN ${from} AND ${to}
    GROUP BY ap_id, ssid, band, day ORDER BY day, ap_id, ssid, band`,
  );
}

export type HourRow = {
  ap_id: number;
  day: string;
  hour: number;
  attempts: number;
  failures: number;
  samples: number;
  weak: number;
  retry: number;
  peak_clients: number | null;
  peak_util: number | null;
};

export function selectHourRows(db: Db, start: Date, end: Date, timeZone: string): Promise<HourRow[]> {
  return queryRows<HourRow>(
    db,
    sql`SELECT ap_id, (bin AT TIME ZONE ${timeZone})::date::text AS day, extract(hour FROM bin AT TIME ZONE ${timeZone})::int AS hour,
      sum(attempts)::int AS attempts, sum(failures)::int AS failures, sum(samples)::int AS samples,
      sum(weak_samples)::int AS weak, sum(retry_samples)::int AS retry,
      max(coalesce(ap_clients, clients))::int AS peak_clients, max(channel_util)::float8 AS peak_util
    FROM wifi_bins WHERE bin >= ${start.toISOString()} AND bin < ${end.toISOString()}
    GROUP BY 1, 2, 3 ORDER BY 2, 3, 1`,
  );
}

export type ApBinRow = {
  bin: string;
  attempts: number;
  failures: number;
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
  roams: number;
};

export function selectApBins(db: Db, apId: number, start: Date, end: Date): Promise<ApBinRow[]> {
  return queryRows<ApBinRow>(
    db,
    sql`SELECT to_char(bin AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bin, attempts, failures, fail_assoc AS fa,
      fail_auth AS fu, fail_dhcp AS fd, fail_dns AS fn, clients, samples, weak_samples AS weak, retry_samples AS retry,
      ap_clients, channel_util::float8 AS util, roams
    FROM wifi_bins WHERE ap_id = ${apId} AND bin >= ${start.toISOString()} AND bin < ${end.toISOString()} ORDER BY bin`,
  );
}

export type InfraRow = { ts: string; key: string; ap_name: string; message: string | null };

export function selectInfraEvents(db: Db, start: Date, end: Date, apNames?: string[]): Promise<InfraRow[]> {
  const names = apNames?.length
    ? sql` AND ap_name IN (${sql.join(
        apNames.map((n) => sql`${n}`),
        sql`, `,
      )})`
    : sql``;
  return queryRows<InfraRow>(
    db,
    sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ts, key, ap_name, message FROM wifi_infra_events
    WHERE ts >= ${start.toISOString()} AND ts < ${end.toISOString()}${names} AND ${visibleWifi('wifi_infra_events')}
    ORDER BY ts LIMIT 200`,
  );
}
