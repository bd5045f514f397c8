import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { copyCsvFileInto, copyCsvTextInto } from '../../../db/copy.ts';
import { queryRows } from '../../../db/rows.ts';

/**
 * The set-based half of an import, inside its transaction: staging tables filled by COPY, AP and
 * device keys resolved, new rows inserted (duplicates skipped: the same file twice adds nothing),
 * and the rollups advanced by exactly the rows that were new.
 */

export const STAGING_COLUMNS = {
  attempts: ['ts', 'ap', 'mac', 'identity', 'ssid', 'band', 'stage', 'ok', 'rssi', 'latency_ms', 'reason', 'device', 'hostname'],
  sessions: [
    'started_at',
    'ended_at',
    'ap',
    'mac',
    'identity',
    'ssid',
    'duration_s',
    'terminate_cause',
    'bytes_in',
    'bytes_out',
    'hostname',
  ],
  client_samples: [
    'ts',
    'ap',
    'mac',
    'identity',
    'ssid',
    'band',
    'rssi',
    'snr',
    'tx_rate',
    'rx_rate',
    'retry_rate',
    'satisfaction',
    'device',
    'hostname',
  ],
  ap_samples: ['ts', 'ap', 'ap_mac', 'client_count', 'channel', 'channel_util', 'interference', 'uptime_s', 'state'],
  roams: ['ts', 'mac', 'from_ap', 'to_ap', 'duration_ms', 'rssi_before', 'rssi_after'],
  infra: ['ts', 'key', 'ap', 'message'],
} as const;

export type StagingTable = keyof typeof STAGING_COLUMNS;

/** PGlite runs one statement per call. */
async function runEach(db: Db, script: string): Promise<void> {
  for (const statement of script
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean))
    await db.execute(sql.raw(statement));
}

export async function createStagingTables(db: Db): Promise<void> {
  await runEach(
    db,
    `
    CREATE TEMP TABLE stg_attempts (ts timestamptz, ap text, mac text, identity text, ssid text, band text, stage smallint,
      ok boolean, rssi smallint, latency_ms integer, reason text, device text, hostname text) ON COMMIT DROP;
    CREATE TEMP TABLE stg_sessions (started_at timestamptz, ended_at timestamptz, ap text, mac text, identity text, ssid text,
      duration_s integer, terminate_cause text, bytes_in bigint, bytes_out bigint, hostname text) ON COMMIT DROP;
    CREATE TEMP TABLE stg_client_samples (ts timestamptz, ap text, mac text, identity text, ssid text, band text, rssi smallint,
      snr smallint, tx_rate integer, rx_rate integer, retry_rate real, satisfaction smallint, device text, hostname text) ON COMMIT DROP;
    CREATE TEMP TABLE stg_ap_samples (ts timestamptz, ap text, ap_mac text, client_count integer, channel integer,
      channel_util real, interference real, uptime_s integer, state text) ON COMMIT DROP;
    CREATE TEMP TABLE stg_roams (ts timestamptz, mac text, from_ap text, to_ap text, duration_ms integer, rssi_before smallint,
      rssi_after smallint) ON COMMIT DROP;
    CREATE TEMP TABLE stg_infra (ts timestamptz, key text, ap text, message text) ON COMMIT DROP;
    CREATE TEMP TABLE stg_ap_map (key text PRIMARY KEY, ap_id integer NOT NULL) ON COMMIT DROP;
  `,
  );
}

export const copyStagingFile = (db: Db, table: StagingTable, file: string): Promise<number> =>
  copyCsvFileInto(db, `stg_${table}`, [...STAGING_COLUMNS[table]], file);

/** Every AP key the staged rows use. */
export async function selectStagedApKeys(db: Db): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`SELECT DISTINCT key FROM (
      SELECT ap AS key FROM stg_attempts UNION SELECT ap FROM stg_sessions UNION SELECT ap FROM stg_client_samples
      UNION SELECT ap FROM stg_ap_samples UNION SELECT to_ap FROM stg_roams UNION SELECT from_ap FROM stg_roams
      UNION SELECT ap FROM stg_infra) k WHERE key IS NOT NULL AND key <> '' ORDER BY key`,
  );
  return rows.map((r) => r.key);
}

export async function fillApMap(db: Db, map: Map<string, number>): Promise<void> {
  if (map.size === 0) return;
  const csv = [...map].map(([k, id]) => `"${k.replace(/"/g, '""')}",${id}\n`).join('');
  await copyCsvTextInto(db, 'stg_ap_map', ['key', 'ap_id'], csv);
}

/** Upserts a device per staged MAC: the identity, model and host name last seen win. */
export async function upsertStagedDevices(db: Db): Promise<void> {
  await db.execute(sql`
    INSERT INTO wifi_devices (mac, randomised, identity, device, hostname, first_seen, last_seen)
    SELECT mac, substr(mac, 2, 1) IN ('2', '6', 'a', 'e'),
      (array_agg(identity ORDER BY ts DESC) FILTER (WHERE identity IS NOT NULL AND identity <> ''))[1],
      (array_agg(device ORDER BY ts DESC) FILTER (WHERE device IS NOT NULL AND device <> ''))[1],
      (array_agg(hostname ORDER BY ts DESC) FILTER (WHERE hostname IS NOT NULL AND hostname <> ''))[1],
      min(ts), max(ts)
    FROM (
      SELECT mac, ts, lower(identity) AS identity, device, hostname FROM stg_attempts
      UNION ALL SELECT mac, ended_at, lower(identity), NULL, hostname FROM stg_sessions
      UNION ALL SELECT mac, ts, lower(identity), device, hostname FROM stg_client_samples
      UNION ALL SELECT mac, ts, NULL, NULL, NULL FROM stg_roams
    ) s
    GROUP BY mac
    ON CONFLICT (mac) DO UPDATE SET
      identity = CASE WHEN excluded.last_seen >= wifi_devices.last_seen THEN coalesce(excluded.identity, wifi_devices.identity)
        ELSE coalesce(wifi_devices.identity, excluded.identity) END,
      person_id = CASE WHEN excluded.identity IS DISTINCT FROM NULL AND excluded.identity IS DISTINCT FROM wifi_devices.identity
        AND excluded.last_seen >= wifi_devices.last_seen THEN NULL ELSE wifi_devices.person_id END,
      device = coalesce(excluded.device, wifi_devices.device),
      hostname = coalesce(excluded.hostname, wifi_devices.hostname),
      first_seen = least(wifi_devices.first_seen, excluded.first_seen),
      last_seen = greatest(wifi_devices.last_seen, excluded.last_seen)`);
}

/** Identities on devices not yet joined to a person, for the directory look-up. */
export async function selectUnjoinedIdentities(db: Db): Promise<string[]> {
  const rows = await queryRows<{ identity: string }>(
    db,
    sql`SELECT DISTINCT identity FROM wifi_devices WHERE identity IS NOT NULL AND person_id IS NULL ORDER BY identity`,
  );
  return rows.map((r) => r.identity);
}

/** Joins identities to people, a few hundred per statement. */
export async function setDevicePeople(db: Db, rows: { identity: string; personId: string; kind: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows.slice(i, i + 500).map((r) => sql`(${r.identity}, ${r.personId}::uuid, ${r.kind})`),
      sql`, `,
    );
    await db.execute(sql`UPDATE wifi_devices d SET person_id = v.person_id, person_kind = v.kind
      FROM (VALUES ${values}) AS v(identity, person_id, kind) WHERE d.identity = v.identity AND d.person_id IS NULL`);
  }
}

export type InsertCounts = Record<StagingTable, { staged: number; created: number }>;

const count = async (db: Db, query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db, query))[0]?.n ?? 0);

/** Inserts the staged rows that are new into the raw tables; `new_*` temp tables hold exactly those. */
export async function insertNewRows(db: Db): Promise<InsertCounts> {
  await runEach(
    db,
    `
    CREATE TEMP TABLE new_attempts ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_attempts (ts, ap_id, device_id, ssid, band, stage, ok, rssi, latency_ms, reason, source)
      SELECT s.ts, m.ap_id, d.id, coalesce(s.ssid, ''), coalesce(s.band, ''), s.stage, s.ok, s.rssi, s.latency_ms, s.reason, 'import'
      FROM stg_attempts s JOIN stg_ap_map m ON m.key = s.ap JOIN wifi_devices d ON d.mac = s.mac
      ON CONFLICT DO NOTHING
      RETURNING ts, ap_id, device_id, ssid, band, stage, ok, rssi, latency_ms)
    SELECT * FROM ins;
    CREATE TEMP TABLE new_sessions ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_sessions (started_at, ended_at, device_id, ap_id, ssid, duration_s, terminate_cause, bytes_in, bytes_out, source)
      SELECT s.started_at, s.ended_at, d.id, m.ap_id, coalesce(s.ssid, ''), s.duration_s, s.terminate_cause, s.bytes_in, s.bytes_out, 'import'
      FROM stg_sessions s JOIN stg_ap_map m ON m.key = s.ap JOIN wifi_devices d ON d.mac = s.mac
      ON CONFLICT DO NOTHING
      RETURNING started_at, ended_at, device_id, ap_id, ssid, duration_s, terminate_cause)
    SELECT * FROM ins;
    CREATE TEMP TABLE new_client_samples ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_client_samples (ts, device_id, ap_id, ssid, band, rssi, snr, tx_rate, rx_rate, retry_rate, satisfaction, source)
      SELECT s.ts, d.id, m.ap_id, coalesce(s.ssid, ''), coalesce(s.band, ''), s.rssi, s.snr, s.tx_rate, s.rx_rate, s.retry_rate,
        s.satisfaction, 'import'
      FROM stg_client_samples s JOIN stg_ap_map m ON m.key = s.ap JOIN wifi_devices d ON d.mac = s.mac
      ON CONFLICT DO NOTHING
      RETURNING ts, device_id, ap_id, ssid, band, rssi, retry_rate)
    SELECT * FROM ins;
    CREATE TEMP TABLE new_ap_samples ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_ap_samples (ts, ap_id, client_count, channel, channel_util, interference, uptime_s, state, source)
      SELECT s.ts, m.ap_id, s.client_count, s.channel, s.channel_util, s.interference, s.uptime_s, s.state, 'import'
      FROM stg_ap_samples s JOIN stg_ap_map m ON m.key = s.ap
      ON CONFLICT DO NOTHING
      RETURNING ts, ap_id, client_count, channel_util)
    SELECT * FROM ins;
    CREATE TEMP TABLE new_roams ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_roams (ts, device_id, from_ap_id, to_ap_id, duration_ms, rssi_before, rssi_after, source)
      SELECT s.ts, d.id, f.ap_id, t.ap_id, s.duration_ms, s.rssi_before, s.rssi_after, 'import'
      FROM stg_roams s JOIN stg_ap_map t ON t.key = s.to_ap LEFT JOIN stg_ap_map f ON f.key = s.from_ap
        JOIN wifi_devices d ON d.mac = s.mac
      ON CONFLICT DO NOTHING
      RETURNING ts, device_id, to_ap_id, duration_ms)
    SELECT * FROM ins;
    CREATE TEMP TABLE new_infra ON COMMIT DROP AS
    WITH ins AS (
      INSERT INTO wifi_infra_events (ts, key, ap_name, message, source)
      SELECT ts, key, coalesce(ap, ''), message, 'import' FROM stg_infra
      ON CONFLICT DO NOTHING
      RETURNING ts)
    SELECT * FROM ins;
  `,
  );
  const out = {} as InsertCounts;
  for (const t of ['attempts', 'sessions', 'client_samples', 'ap_samples', 'roams', 'infra'] as const) {
    out[t] = {
      staged: await count(db, sql.raw(`SELECT count(*)::int AS n FROM stg_${t}`)),
      created: await count(db, sql.raw(`SELECT count(*)::int AS n FROM new_${t}`)),
    };
  }
  return out;
}
