import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';

/**
 * Advances the rollups by the rows an import added (the `new_*` temp tables), so a re-import
 * adds nothing and a dashboard never reads raw events. Thresholds that classify a reading
 * (weak signal, high retries, slow connect, short session, slow roam) apply at import.
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

export async function advanceRollups(db: Db, t: RollupThresholds): Promise<void> {
  const day = (col: string) => sql`(${sql.raw(col)} AT TIME ZONE ${t.timeZone})::date`;
  await db.execute(sql`
    INSERT INTO wifi_daily AS w (day, ap_id, device_id, ssid, band, attempts, failures, fail_assoc, fail_auth, fail_dhcp, fail_dns,
      connect_ms_sum, connect_ms_n, slow_connects, samples, weak_samples, retry_samples, rssi_sum, rssi_n, sessions, short_drops,
      roams, slow_roams)
    SELECT day, ap_id, device_id, ssid, band, sum(attempts), sum(failures), sum(fa), sum(fu), sum(fd), sum(fn), sum(cms), sum(cn),
      sum(slow), sum(samples), sum(weak), sum(retry), sum(rs), sum(rn), sum(sess), sum(short), sum(roams), sum(sroams)
    FROM (
      SELECT ${day('ts')} AS day, ap_id, device_id, ssid, band, count(*) AS attempts,
        count(*) FILTER (WHERE NOT ok) AS failures, count(*) FILTER (WHERE NOT ok AND stage = 0) AS fa,
        count(*) FILTER (WHERE NOT ok AND stage = 1) AS fu, count(*) FILTER (WHERE NOT ok AND stage = 2) AS fd,
        count(*) FILTER (WHERE NOT ok AND stage = 3) AS fn,
        coalesce(sum(latency_ms) FILTER (WHERE ok), 0) AS cms, count(latency_ms) FILTER (WHERE ok) AS cn,
        count(*) FILTER (WHERE ok AND latency_ms > ${t.slowConnectMs}) AS slow,
        count(rssi) AS samples, count(*) FILTER (WHERE rssi < ${t.weakRssi}) AS weak, 0 AS retry,
        coalesce(sum(rssi), 0) AS rs, count(rssi) AS rn, 0 AS sess, 0 AS short, 0 AS roams, 0 AS sroams
      FROM new_attempts GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT ${day('ts')}, ap_id, device_id, ssid, band, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*),
        count(*) FILTER (WHERE rssi < ${t.weakRssi}), count(*) FILTER (WHERE retry_rate > ${t.highRetry}),
        coalesce(sum(rssi), 0), count(rssi), 0, 0, 0, 0
      FROM new_client_samples GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT ${day('started_at')}, ap_id, device_id, ssid, '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*),
        count(*) FILTER (WHERE duration_s < ${t.shortSessionS}
          AND terminate_cause IN ('Lost-Carrier', 'Lost-Service', '2', '3')), 0, 0
      FROM new_sessions GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT ${day('ts')}, to_ap_id, device_id, '', '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*), count(*) FILTER (WHERE duration_ms > ${t.slowRoamMs})
      FROM new_roams GROUP BY 1, 2, 3
    ) x
    GROUP BY day, ap_id, device_id, ssid, band
    ON CONFLICT (day, ap_id, device_id, ssid, band) DO UPDATE SET
      attempts = w.attempts + excluded.attempts, failures = w.failures + excluded.failures,
      fail_assoc = w.fail_assoc + excluded.fail_assoc, fail_auth = w.fail_auth + excluded.fail_auth,
      fail_dhcp = w.fail_dhcp + excluded.fail_dhcp, fail_dns = w.fail_dns + excluded.fail_dns,
      connect_ms_sum = w.connect_ms_sum + excluded.connect_ms_sum, connect_ms_n = w.connect_ms_n + excluded.connect_ms_n,
      slow_connects = w.slow_connects + excluded.slow_connects, samples = w.samples + excluded.samples,
      weak_samples = w.weak_samples + excluded.weak_samples, retry_samples = w.retry_samples + excluded.retry_samples,
      rssi_sum = w.rssi_sum + excluded.rssi_sum, rssi_n = w.rssi_n + excluded.rssi_n, sessions = w.sessions + excluded.sessions,
      short_drops = w.short_drops + excluded.short_drops, roams = w.roams + excluded.roams, slow_roams = w.slow_roams + excluded.slow_roams`);

  await db.execute(
    sql.raw(`
    INSERT INTO wifi_bins AS w (bin, ap_id, attempts, failures, fail_assoc, fail_auth, fail_dhcp, fail_dns, clients, samples,
      weak_samples, retry_samples, ap_clients, channel_util, roams)
    SELECT bin, ap_id, sum(attempts), sum(failures), sum(fa), sum(fu), sum(fd), sum(fn), max(clients), sum(samples), sum(weak),
      sum(retry), max(ap_clients), max(util), sum(roams)
    FROM (
      SELECT ${BIN('ts')} AS bin, ap_id, count(*) AS attempts, count(*) FILTER (WHERE NOT ok) AS failures,
        count(*) FILTER (WHERE NOT ok AND stage = 0) AS fa, count(*) FILTER (WHERE NOT ok AND stage = 1) AS fu,
        count(*) FILTER (WHERE NOT ok AND stage = 2) AS fd, count(*) FILTER (WHERE NOT ok AND stage = 3) AS fn,
        0 AS clients, 0 AS samples, 0 AS weak, 0 AS retry, NULL::integer AS ap_clients, NULL::real AS util, 0 AS roams
      FROM new_attempts GROUP BY 1, 2
      UNION ALL
      SELECT ${BIN('ts')}, ap_id, 0, 0, 0, 0, 0, 0, 0, count(*), count(*) FILTER (WHERE rssi < ${t.weakRssi}),
        count(*) FILTER (WHERE retry_rate > ${t.highRetry}), NULL, NULL, 0
      FROM new_client_samples GROUP BY 1, 2
      UNION ALL
      SELECT bin, ap_id, 0, 0, 0, 0, 0, 0, count(DISTINCT device_id), 0, 0, 0, NULL, NULL, 0
      FROM (SELECT ${BIN('ts')} AS bin, ap_id, device_id FROM new_attempts
        UNION ALL SELECT ${BIN('ts')}, ap_id, device_id FROM new_client_samples) d GROUP BY 1, 2
      UNION ALL
      SELECT ${BIN('ts')}, ap_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, max(client_count), max(channel_util), 0
      FROM new_ap_samples GROUP BY 1, 2
      UNION ALL
      SELECT ${BIN('ts')}, to_ap_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, count(*) FROM new_roams GROUP BY 1, 2
    ) x
    GROUP BY bin, ap_id
    ON CONFLICT (bin, ap_id) DO UPDATE SET
      attempts = w.attempts + excluded.attempts, failures = w.failures + excluded.failures,
      fail_assoc = w.fail_assoc + excluded.fail_assoc, fail_auth = w.fail_auth + excluded.fail_auth,
      fail_dhcp = w.fail_dhcp + excluded.fail_dhcp, fail_dns = w.fail_dns + excluded.fail_dns,
      clients = greatest(w.clients, excluded.clients), samples = w.samples + excluded.samples,
      weak_samples = w.weak_samples + excluded.weak_samples, retry_samples = w.retry_samples + excluded.retry_samples,
      ap_clients = greatest(w.ap_clients, excluded.ap_clients), channel_util = greatest(w.channel_util, excluded.channel_util),
      roams = w.roams + excluded.roams`),
  );

  await db.execute(
    sql.raw(`
    INSERT INTO wifi_fail_bins AS w (bin, ap_id, device_id, ssid, band, attempts, failures, fail_assoc, fail_auth, fail_dhcp, fail_dns)
    SELECT ${BIN('ts')}, ap_id, device_id, ssid, band, count(*), count(*) FILTER (WHERE NOT ok),
      count(*) FILTER (WHERE NOT ok AND stage = 0), count(*) FILTER (WHERE NOT ok AND stage = 1),
      count(*) FILTER (WHERE NOT ok AND stage = 2), count(*) FILTER (WHERE NOT ok AND stage = 3)
    FROM new_attempts GROUP BY 1, 2, 3, 4, 5 HAVING count(*) FILTER (WHERE NOT ok) > 0
    ON CONFLICT (bin, ap_id, device_id, ssid, band) DO UPDATE SET
      attempts = w.attempts + excluded.attempts, failures = w.failures + excluded.failures,
      fail_assoc = w.fail_assoc + excluded.fail_assoc, fail_auth = w.fail_auth + excluded.fail_auth,
      fail_dhcp = w.fail_dhcp + excluded.fail_dhcp, fail_dns = w.fail_dns + excluded.fail_dns`),
  );
}
