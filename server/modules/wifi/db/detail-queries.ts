import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { visibleWifi } from './visible.ts';

/** Per-device reads for the drill-downs (the Director and IT only). */

const ids = (xs: readonly number[]): SQL =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );

export type DeviceFull = {
  id: number;
  mac: string;
  randomised: boolean;
  identity: string | null;
  person_id: string | null;
  person_kind: string | null;
  device: string | null;
  hostname: string | null;
  first_seen: string;
  last_seen: string;
};

const DEVICE_COLUMNS = sql`id, mac, randomised, identity, person_id, person_kind, device, hostname,
  to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS first_seen,
  to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_seen`;

export function selectDevicesFor(db: Db, by: { identity?: string; mac?: string; personId?: string }): Promise<DeviceFull[]> {
  const where = by.identity
    ? sql`identity = ${by.identity}`
    : by.mac
      ? sql`mac = ${by.mac}`
      : sql`person_id = ${by.personId ?? '00000000-0000-0000-0000-000000000000'}`;
  return queryRows<DeviceFull>(db, sql`SELECT ${DEVICE_COLUMNS} FROM wifi_devices WHERE ${where} ORDER BY mac`);
}

export function selectDevicesByIdList(db: Db, list: readonly number[]): Promise<DeviceFull[]> {
  if (!list.length) return Promise.resolve([]);
  return queryRows<DeviceFull>(db, sql`SELECT ${DEVICE_COLUMNS} FROM wifi_devices WHERE id IN (${ids(list)}) ORDER BY id`);
}

export type DayApRow = {
  day: string;
  ap_id: number;
  attempts: number;
  failures: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
  samples: number;
  weak: number;
  rssi_sum: number;
  rssi_n: number;
  short_drops: number;
  sessions: number;
};

const DAY_AP = sql`day::text AS day, ap_id, sum(attempts)::int AS attempts, sum(failures)::int AS failures,
  sum(fail_assoc)::int AS fa, sum(fail_auth)::int AS fu, sum(fail_dhcp)::int AS fd, sum(fail_dns)::int AS fn,
  sum(samples)::int AS samples, sum(weak_samples)::int AS weak, sum(rssi_sum)::float8 AS rssi_sum, sum(rssi_n)::int AS rssi_n,
  sum(short_drops)::int AS short_drops, sum(sessions)::int AS sessions`;

/** One device set's days × APs. */
export function selectDeviceDays(db: Db, devices: readonly number[], from: string, to: string): Promise<DayApRow[]> {
  if (!devices.length) return Promise.resolve([]);
  return queryRows<DayApRow>(
    db,
    sql`SELECT ${DAY_AP} FROM wifi_daily WHERE device_id IN (${ids(devices)}) AND day BETWEEN ${from} AND ${to}
    GROUP BY day, ap_id ORDER BY day, ap_id`,
  );
}

/** Everyone's days × APs on the given APs (to give each device its peers). */
export function selectApDays(db: Db, aps: readonly number[], from: string, to: string): Promise<DayApRow[]> {
  if (!aps.length) return Promise.resolve([]);
  return queryRows<DayApRow>(
    db,
    sql`SELECT ${DAY_AP} FROM wifi_daily WHERE ap_id IN (${ids(aps)}) AND day BETWEEN ${from} AND ${to}
    GROUP BY day, ap_id ORDER BY day, ap_id`,
  );
}

export type ApDeviceRow = {
  device_id: number;
  attempts: number;
  failures: number;
  samples: number;
  weak: number;
  rssi_sum: number;
  rssi_n: number;
};

export function selectApDevices(db: Db, apId: number, from: string, to: string, limit = 200): Promise<ApDeviceRow[]> {
  return queryRows<ApDeviceRow>(
    db,
    sql`SELECT device_id, sum(attempts)::int AS attempts, sum(failures)::int AS failures, sum(samples)::int AS samples,
      sum(weak_samples)::int AS weak, sum(rssi_sum)::float8 AS rssi_sum, sum(rssi_n)::int AS rssi_n
    FROM wifi_daily WHERE ap_id = ${apId} AND day BETWEEN ${from} AND ${to}
    GROUP BY device_id ORDER BY sum(failures) DESC, sum(attempts) DESC, device_id LIMIT ${limit}`,
  );
}

export type RawAttemptRow = { ts: string; ap_id: number; stage: number; ok: boolean; rssi: number | null; reason: string | null };

/** The raw failed attempts still kept (the retention period), newest first. */
export function selectRecentFailures(db: Db, devices: readonly number[], start: Date, end: Date): Promise<RawAttemptRow[]> {
  if (!devices.length) return Promise.resolve([]);
  return queryRows<RawAttemptRow>(
    db,
    sql`SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ts, ap_id, stage, ok, rssi, reason FROM wifi_attempts
    WHERE device_id IN (${ids(devices)}) AND ts >= ${start.toISOString()} AND ts < ${end.toISOString()} AND NOT ok
      AND ${visibleWifi('wifi_attempts')}
    ORDER BY ts DESC LIMIT 200`,
  );
}

export type WindowRow = { device_id: number; ap_id: number; n: number; k: number };

/** Attempts and failures in a time window from the failure bins (rollups, so older than the raw period too). */
export function selectFailBinsFor(db: Db, devices: readonly number[], start: Date, end: Date): Promise<WindowRow[]> {
  if (!devices.length) return Promise.resolve([]);
  return queryRows<WindowRow>(
    db,
    sql`SELECT device_id, ap_id, sum(attempts)::int AS n, sum(failures)::int AS k FROM wifi_fail_bins
    WHERE device_id IN (${ids(devices)}) AND bin >= ${start.toISOString()} AND bin < ${end.toISOString()}
    GROUP BY device_id, ap_id ORDER BY device_id, ap_id`,
  );
}
