import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { copyCsvTextInto } from '../../../db/copy.ts';
import { queryRows } from '../../../db/rows.ts';
import { Conflict } from '../../../lib/errors.ts';
import { advanceImportRollups, type RollupThresholds } from './rollup-queries.ts';

/**
 * The set-based half of a Wi-Fi import, one slice at a time, each slice its own transaction: a
 * slice of one kind of record is copied into a temporary stage, its devices are noted (new MACs
 * get a bare device row; what the file says of each device waits in wifi_import_devices until
 * the import is published), the rows that are new are inserted into the raw table tagged with the
 * import's id (ON CONFLICT DO NOTHING: the same file twice adds nothing) and added to the
 * import's own rollups (wifi_import_*). Until the import is published every read leaves its raw
 * rows out (`visibleWifi`), and the rollups the verdict reads do not hold them yet.
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

const STAGE_DDL: Record<StagingTable, string> = {
  attempts: `ts timestamptz, ap text, mac text, identity text, ssid text, band text, stage smallint, ok boolean, rssi smallint,
    latency_ms integer, reason text, device text, hostname text`,
  sessions: `started_at timestamptz, ended_at timestamptz, ap text, mac text, identity text, ssid text, duration_s integer,
    terminate_cause text, bytes_in bigint, bytes_out bigint, hostname text`,
  client_samples: `ts timestamptz, ap text, mac text, identity text, ssid text, band text, rssi smallint, snr smallint,
    tx_rate integer, rx_rate integer, retry_rate real, satisfaction smallint, device text, hostname text`,
  ap_samples: `ts timestamptz, ap text, ap_mac text, client_count integer, channel integer, channel_util real, interference real,
    uptime_s integer, state text`,
  roams: 'ts timestamptz, mac text, from_ap text, to_ap text, duration_ms integer, rssi_before smallint, rssi_after smallint',
  infra: 'ts timestamptz, key text, ap text, message text',
};

/** Per kind, each staged row's device: its MAC, time, and the identity, model and host name it gives. */
const DEVICE_FACTS: Partial<Record<StagingTable, string>> = {
  attempts: 'mac, ts, lower(identity) AS identity, device, hostname',
  sessions: 'mac, ended_at AS ts, lower(identity) AS identity, NULL::text AS device, hostname',
  client_samples: 'mac, ts, lower(identity) AS identity, device, hostname',
  roams: 'mac, ts, NULL::text AS identity, NULL::text AS device, NULL::text AS hostname',
};

/** The import is still staging (a sweep has not taken it): its row stays locked until the slice commits. */
async function stillStaging(tx: Db, importId: string): Promise<void> {
  const alive = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE wifi_imports SET heartbeat_at = now() WHERE id = ${importId}::uuid AND status = 'staging' RETURNING id`,
  );
  if (!alive.length) throw new Conflict('the import was stopped before it finished; nothing of it was kept');
}

/** The AP keys the import uses, resolved once, for its slices to join. */
export async function saveApMap(db: Db, importId: string, map: Map<string, number>): Promise<void> {
  if (map.size === 0) return;
  const csv = [...map].map(([k, id]) => `${importId},"${k.replace(/"/g, '""')}",${id}\n`).join('');
  await db.transaction((tx) => copyCsvTextInto(tx, 'wifi_import_ap_map', ['import_id', 'key', 'ap_id'], csv).then(() => {}));
}

/** `keys` in the database's own order (the order the AP resolution has always met them in). */
export async function sortKeys(db: Db, keys: Iterable<string>): Promise<string[]> {
  const list = [...keys].filter((k) => k !== '');
  if (!list.length) return [];
  const rows = await queryRows<{ key: string }>(
    db,
    sql`SELECT k AS key FROM jsonb_array_elements_text(${JSON.stringify(list)}::jsonb) k ORDER BY k`,
  );
  return rows.map((r) => r.key);
}

export type SliceResult = { staged: number; created: number };

/** One slice of one kind of record (CSV text in STAGING_COLUMNS order), inside its own transaction. */
export async function mergeSlice(
  tx: Db,
  importId: string,
  kind: StagingTable,
  csv: string,
  thresholds: RollupThresholds,
): Promise<SliceResult> {
  await stillStaging(tx, importId);
  const stage = `stg_${kind}`;
  await tx.execute(sql.raw(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (${STAGE_DDL[kind]}) ON COMMIT DELETE ROWS`));
  const staged = await copyCsvTextInto(tx, stage, [...STAGING_COLUMNS[kind]], csv);
  if (staged === 0) return { staged, created: 0 };
  const facts = DEVICE_FACTS[kind];
  if (facts) {
    // What the file says of each device waits in wifi_import_devices until the import is published;
    // a MAC new to the import that Belfry has never seen gets a bare row now (its id is needed).
    await tx.execute(sql`
      WITH f AS (
        INSERT INTO wifi_import_devices AS w (import_id, mac, identity, identity_at, device, device_at, hostname, hostname_at,
          first_seen, last_seen)
        SELECT ${importId}::uuid, mac,
          (array_agg(identity ORDER BY ts DESC) FILTER (WHERE identity IS NOT NULL AND identity <> ''))[1],
          max(ts) FILTER (WHERE identity IS NOT NULL AND identity <> ''),
          (array_agg(device ORDER BY ts DESC) FILTER (WHERE device IS NOT NULL AND device <> ''))[1],
          max(ts) FILTER (WHERE device IS NOT NULL AND device <> ''),
          (array_agg(hostname ORDER BY ts DESC) FILTER (WHERE hostname IS NOT NULL AND hostname <> ''))[1],
          max(ts) FILTER (WHERE hostname IS NOT NULL AND hostname <> ''),
          min(ts), max(ts)
        FROM (SELECT ${sql.raw(facts)} FROM ${sql.raw(stage)}) s WHERE mac IS NOT NULL AND ts IS NOT NULL
        GROUP BY mac
        ON CONFLICT (import_id, mac) DO UPDATE SET
          identity = CASE WHEN w.identity_at IS NULL OR excluded.identity_at > w.identity_at THEN coalesce(excluded.identity, w.identity)
            ELSE w.identity END,
          identity_at = greatest(w.identity_at, excluded.identity_at),
          device = CASE WHEN w.device_at IS NULL OR excluded.device_at > w.device_at THEN coalesce(excluded.device, w.device)
            ELSE w.device END,
          device_at = greatest(w.device_at, excluded.device_at),
          hostname = CASE WHEN w.hostname_at IS NULL OR excluded.hostname_at > w.hostname_at THEN coalesce(excluded.hostname, w.hostname)
            ELSE w.hostname END,
          hostname_at = greatest(w.hostname_at, excluded.hostname_at),
          first_seen = least(w.first_seen, excluded.first_seen), last_seen = greatest(w.last_seen, excluded.last_seen)
        RETURNING mac, first_seen, last_seen, xmax = 0 AS fresh
      )
      INSERT INTO wifi_devices (mac, randomised, first_seen, last_seen, created_by_import)
      SELECT mac, substr(mac, 2, 1) IN ('2', '6', 'a', 'e'), first_seen, last_seen, ${importId}::uuid FROM f WHERE fresh
      ON CONFLICT (mac) DO NOTHING`);
  }
  await tx.execute(sql.raw(insertNew(kind, importId)));
  const created = Number((await queryRows<{ n: number }>(tx, sql.raw(`SELECT count(*)::int AS n FROM new_${kind}`)))[0]?.n ?? 0);
  if (created > 0) await advanceImportRollups(tx, importId, kind, thresholds);
  await tx.execute(sql.raw(`DROP TABLE new_${kind}`));
  return { staged, created };
}

/** Inserts the slice's new rows into the raw table under the import's id; `new_<kind>` holds exactly those. */
function insertNew(kind: StagingTable, importId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(importId)) throw new Error('not an import id');
  const id = `'${importId}'::uuid`;
  const ap = (col: string, alias: string) =>
    `JOIN wifi_import_ap_map ${alias} ON ${alias}.import_id = ${id} AND ${alias}.key = s.${col}`;
  const dev = 'JOIN wifi_devices d ON d.mac = s.mac';
  const body: Record<StagingTable, string> = {
    attempts: `INSERT INTO wifi_attempts (ts, ap_id, device_id, ssid, band, stage, ok, rssi, latency_ms, reason, source, import_id)
      SELECT s.ts, m.ap_id, d.id, coalesce(s.ssid, ''), coalesce(s.band, ''), s.stage, s.ok, s.rssi, s.latency_ms, s.reason, 'import', ${id}
      FROM stg_attempts s ${ap('ap', 'm')} ${dev}
      ON CONFLICT DO NOTHING
      RETURNING ts, ap_id, device_id, ssid, band, stage, ok, rssi, latency_ms`,
    sessions: `INSERT INTO wifi_sessions (started_at, ended_at, device_id, ap_id, ssid, duration_s, terminate_cause, bytes_in, bytes_out, source,
        import_id)
      SELECT s.started_at, s.ended_at, d.id, m.ap_id, coalesce(s.ssid, ''), s.duration_s, s.terminate_cause, s.bytes_in, s.bytes_out,
        'import', ${id}
      FROM stg_sessions s ${ap('ap', 'm')} ${dev}
      ON CONFLICT DO NOTHING
      RETURNING started_at, ended_at, device_id, ap_id, ssid, duration_s, terminate_cause`,
    client_samples: `INSERT INTO wifi_client_samples (ts, device_id, ap_id, ssid, band, rssi, snr, tx_rate, rx_rate, retry_rate, satisfaction,
        source, import_id)
      SELECT s.ts, d.id, m.ap_id, coalesce(s.ssid, ''), coalesce(s.band, ''), s.rssi, s.snr, s.tx_rate, s.rx_rate, s.retry_rate,
        s.satisfaction, 'import', ${id}
      FROM stg_client_samples s ${ap('ap', 'm')} ${dev}
      ON CONFLICT DO NOTHING
      RETURNING ts, device_id, ap_id, ssid, band, rssi, retry_rate`,
    ap_samples: `INSERT INTO wifi_ap_samples (ts, ap_id, client_count, channel, channel_util, interference, uptime_s, state, source, import_id)
      SELECT s.ts, m.ap_id, s.client_count, s.channel, s.channel_util, s.interference, s.uptime_s, s.state, 'import', ${id}
      FROM stg_ap_samples s ${ap('ap', 'm')}
      ON CONFLICT DO NOTHING
      RETURNING ts, ap_id, client_count, channel_util`,
    roams: `INSERT INTO wifi_roams (ts, device_id, from_ap_id, to_ap_id, duration_ms, rssi_before, rssi_after, source, import_id)
      SELECT s.ts, d.id, f.ap_id, t.ap_id, s.duration_ms, s.rssi_before, s.rssi_after, 'import', ${id}
      FROM stg_roams s ${ap('to_ap', 't')}
        LEFT JOIN wifi_import_ap_map f ON f.import_id = ${id} AND f.key = s.from_ap
        ${dev}
      ON CONFLICT DO NOTHING
      RETURNING ts, device_id, to_ap_id, duration_ms`,
    infra: `INSERT INTO wifi_infra_events (ts, key, ap_name, message, source, import_id)
      SELECT ts, key, coalesce(ap, ''), message, 'import', ${id} FROM stg_infra
      ON CONFLICT DO NOTHING
      RETURNING ts`,
  };
  return `CREATE TEMP TABLE new_${kind} AS WITH ins AS (${body[kind]}) SELECT * FROM ins`;
}

/**
 * Applies what the import says of its devices to wifi_devices (the identity, model and host name
 * last seen win; a device whose identity changed is joined to its person again), inside the
 * publishing transaction.
 */
export async function applyImportDevices(tx: Db, importId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE wifi_devices d SET
      identity = CASE WHEN i.last_seen >= d.last_seen THEN coalesce(i.identity, d.identity) ELSE coalesce(d.identity, i.identity) END,
      person_id = CASE WHEN i.identity IS DISTINCT FROM NULL AND i.identity IS DISTINCT FROM d.identity
        AND i.last_seen >= d.last_seen THEN NULL ELSE d.person_id END,
      device = coalesce(i.device, d.device),
      hostname = coalesce(i.hostname, d.hostname),
      first_seen = least(d.first_seen, i.first_seen),
      last_seen = greatest(d.last_seen, i.last_seen),
      created_by_import = NULL
    FROM wifi_import_devices i WHERE i.import_id = ${importId}::uuid AND d.mac = i.mac`);
  await tx.execute(sql`UPDATE wifi_aps SET created_by_import = NULL WHERE created_by_import = ${importId}::uuid`);
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
