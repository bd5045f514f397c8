import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import { visibleSignins } from './signin-queries.ts';

/** Reads for the detectors: each narrows the raw table in SQL before anything reaches JavaScript. */

export type EventRow = {
  ts: Date;
  source: string;
  eventKey: string;
  user: string;
  ip: string | null;
  result: string;
  errorCode: number | null;
  failureKind: string | null;
  failureReason: string | null;
  clientApp: string | null;
  userAgent: string | null;
  authRequirement: string | null;
  authProtocol: string | null;
  mfaResult: string | null;
  interactive: boolean | null;
  app: string | null;
  resource: string | null;
  country: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  geoSource: string | null;
  asn: number | null;
  deviceId: string | null;
  deviceCompliant: boolean | null;
  deviceTrustType: string | null;
  caStatus: string | null;
  riskState: string | null;
  eventName: string | null;
};

const SELECT = sql.raw(`ts, source, event_key AS "eventKey", user_name AS "user", ip, result, error_code AS "errorCode",
  failure_kind AS "failureKind", failure_reason AS "failureReason", client_app AS "clientApp", user_agent AS "userAgent",
  auth_requirement AS "authRequirement", auth_protocol AS "authProtocol", mfa_result AS "mfaResult", interactive, app, resource,
  country, city, lat, lon, geo_source AS "geoSource", asn, device_id AS "deviceId", device_compliant AS "deviceCompliant",
  device_trust_type AS "deviceTrustType", ca_status AS "caStatus", risk_state AS "riskState", event_name AS "eventName"`);

const iso = (d: Date) => d.toISOString();

/** Each event property's column. */
export const COLUMN: Record<keyof EventRow, string> = {
  ts: 'ts',
  source: 'source',
  eventKey: 'event_key',
  user: 'user_name',
  ip: 'ip',
  result: 'result',
  errorCode: 'error_code',
  failureKind: 'failure_kind',
  failureReason: 'failure_reason',
  clientApp: 'client_app',
  userAgent: 'user_agent',
  authRequirement: 'auth_requirement',
  authProtocol: 'auth_protocol',
  mfaResult: 'mfa_result',
  interactive: 'interactive',
  app: 'app',
  resource: 'resource',
  country: 'country',
  city: 'city',
  lat: 'lat',
  lon: 'lon',
  geoSource: 'geo_source',
  asn: 'asn',
  deviceId: 'device_id',
  deviceCompliant: 'device_compliant',
  deviceTrustType: 'device_trust_type',
  caStatus: 'ca_status',
  riskState: 'risk_state',
  eventName: 'event_name',
};

/** Whole events by id (the evidence of a Sigma match). */
export async function selectEventsById(db: Db, ids: readonly number[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  return events(
    db,
    sql`id IN (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}

async function events(db: Db, where: SQL, order: SQL = sql`ts`): Promise<EventRow[]> {
  const rows = await queryRows<EventRow>(
    db,
    sql`SELECT ${SELECT} FROM security_signins WHERE (${where}) AND ${visibleSignins()} ORDER BY ${order}`,
  );
  for (const r of rows) r.ts = new Date(r.ts);
  return rows;
}

const between = (from: Date, to: Date) => sql`ts >= ${iso(from)}::timestamptz AND ts <= ${iso(to)}::timestamptz`;

export const selectFailures = (db: Db, kinds: readonly string[], from: Date, to: Date) =>
  events(
    db,
    sql`${between(from, to)} AND failure_kind IN (${sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );

export const selectSuccessesOf = (db: Db, users: readonly string[], from: Date, to: Date) =>
  users.length === 0
    ? Promise.resolve([])
    : events(
        db,
        sql`${between(from, to)} AND result = 'success' AND user_name IN (${sql.join(
          users.map((u) => sql`${u}`),
          sql`, `,
        )})`,
      );

/** Users who succeeded from each IP in the period: the failing-vs-succeeding guard. */
export async function countSucceedingUsersByIp(
  db: Db,
  ips: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, number>> {
  if (ips.length === 0) return new Map();
  const rows = await queryRows<{ ip: string; n: number }>(
    db,
    sql`SELECT ip, count(DISTINCT user_name)::int AS n FROM security_signins
        WHERE ${between(from, to)} AND ${visibleSignins()} AND result = 'success' AND ip IN (${sql.join(
          ips.map((i) => sql`${i}`),
          sql`, `,
        )}) GROUP BY ip`,
  );
  return new Map(rows.map((r) => [r.ip, Number(r.n)]));
}

/** Successes that may be legacy authentication (the exact test is legacyReason in the domain). */
export const selectLegacyCandidates = (db: Db, from: Date, to: Date) =>
  events(
    db,
    sql`${between(from, to)} AND result = 'success' AND (
      (client_app IS NOT NULL AND lower(client_app) NOT IN ('browser', 'mobile apps and desktop clients', 'google_password', 'saml', 'reauth', 'unknown'))
      OR lower(auth_protocol) = 'ropc' OR user_agent ILIKE '%bav2ropc%')`,
  );

/**
 * Successful sign-ins that say where they were (coordinates, or at least a country), each with the
 * same user's previous one. `km` is the great-circle distance when both have coordinates and null
 * otherwise (the caller works out a least distance from the countries); pairs within one country
 * and without coordinates are left out, as are coordinate pairs `minKm` or less apart.
 */
export async function selectTravelPairs(db: Db, from: Date, to: Date, minKm: number) {
  const rows = await queryRows<{
    user: string;
    prevTs: Date;
    ts: Date;
    prevIp: string | null;
    ip: string | null;
    prevLat: number | null;
    prevLon: number | null;
    lat: number | null;
    lon: number | null;
    prevCountry: string | null;
    country: string | null;
    prevCity: string | null;
    city: string | null;
    prevAsn: number | null;
    asn: number | null;
    prevKey: string;
    eventKey: string;
    authRequirement: string | null;
    clientApp: string | null;
    km: number | null;
  }>(
    db,
    sql`WITH s AS (
          SELECT user_name, ts, ip, lat, lon, country, city, asn, event_key, auth_requirement, client_app,
            lag(ts) OVER w AS prev_ts, lag(ip) OVER w AS prev_ip, lag(lat) OVER w AS prev_lat, lag(lon) OVER w AS prev_lon,
            lag(country) OVER w AS prev_country, lag(city) OVER w AS prev_city, lag(asn) OVER w AS prev_asn,
            lag(event_key) OVER w AS prev_key
          FROM security_signins
          WHERE ts >= ${iso(new Date(from.getTime() - 86_400_000))}::timestamptz AND ts <= ${iso(to)}::timestamptz
            AND result = 'success' AND ((lat IS NOT NULL AND lon IS NOT NULL) OR country IS NOT NULL)
            AND coalesce(interactive, true) AND ${visibleSignins()}
          WINDOW w AS (PARTITION BY user_name ORDER BY ts)
        ), d AS (
          SELECT *, CASE WHEN lat IS NOT NULL AND lon IS NOT NULL AND prev_lat IS NOT NULL AND prev_lon IS NOT NULL
            THEN 2 * 6371.0088 * asin(sqrt(
              power(sin(radians(lat - prev_lat) / 2), 2) + cos(radians(prev_lat)) * cos(radians(lat)) * power(sin(radians(lon - prev_lon) / 2), 2)
            )) END AS km FROM s WHERE prev_ts IS NOT NULL AND ts >= ${iso(from)}::timestamptz
        )
        SELECT user_name AS "user", prev_ts AS "prevTs", ts, prev_ip AS "prevIp", ip, prev_lat AS "prevLat", prev_lon AS "prevLon",
          lat, lon, prev_country AS "prevCountry", country, prev_city AS "prevCity", city, prev_asn AS "prevAsn", asn,
          prev_key AS "prevKey", event_key AS "eventKey", auth_requirement AS "authRequirement", client_app AS "clientApp", km
        FROM d
        WHERE km > ${minKm}
          OR (km IS NULL AND country IS NOT NULL AND prev_country IS NOT NULL AND country <> prev_country)
        ORDER BY ts`,
  );
  for (const r of rows) {
    r.ts = new Date(r.ts);
    r.prevTs = new Date(r.prevTs);
    r.km = r.km === null ? null : Number(r.km);
  }
  return rows;
}

/** The first success of each (user, country) in the period with no success from that country in the `days` before it. */
export async function selectNewCountryCandidates(db: Db, from: Date, to: Date, days: number): Promise<EventRow[]> {
  return events(
    db,
    sql`id IN (
      SELECT f.id FROM (
        SELECT DISTINCT ON (user_name, country) id, user_name, country, ts FROM security_signins
        WHERE ${between(from, to)} AND ${visibleSignins()} AND result = 'success' AND country IS NOT NULL
        ORDER BY user_name, country, ts
      ) f
      WHERE NOT EXISTS (SELECT 1 FROM security_signins p WHERE p.user_name = f.user_name AND p.country = f.country
        AND p.result = 'success' AND p.ts < f.ts AND p.ts >= f.ts - make_interval(days => ${days}) AND ${visibleSignins('p')}))`,
  );
}

export type Baseline = { user: string; signIns: number; spanDays: number; countries: string[] };

/** Each user's successful sign-ins in [from, before): count, span in days and countries. */
export async function selectBaselines(
  db: Db,
  users: readonly string[],
  from: Date,
  before: Date,
): Promise<Map<string, Baseline>> {
  if (users.length === 0) return new Map();
  const rows = await queryRows<{ user: string; n: number; span: number; countries: string[] }>(
    db,
    sql`SELECT user_name AS "user", count(*)::int AS n,
          extract(epoch FROM max(ts) - min(ts))::float8 / 86400 AS span,
          array_agg(DISTINCT country) FILTER (WHERE country IS NOT NULL) AS countries
        FROM security_signins WHERE result = 'success' AND ts >= ${iso(from)}::timestamptz AND ts < ${iso(before)}::timestamptz
          AND ${visibleSignins()} AND user_name IN (${sql.join(
            users.map((u) => sql`${u}`),
            sql`, `,
          )}) GROUP BY user_name`,
  );
  return new Map(
    rows.map((r) => [r.user, { user: r.user, signIns: Number(r.n), spanDays: Number(r.span), countries: r.countries ?? [] }]),
  );
}

/** Baselines for many (user, instant) pairs at once: successes in the `days` before each instant. */
export async function selectBaselinesAt(
  db: Db,
  at: readonly { user: string; ts: Date }[],
  days: number,
): Promise<Map<string, Baseline>> {
  const out = new Map<string, Baseline>();
  for (let i = 0; i < at.length; i += 500) {
    const part = at.slice(i, i + 500);
    const rows = await queryRows<{ user: string; at: Date; n: number; span: number | null; countries: string[] | null }>(
      db,
      sql`SELECT c.u AS "user", c.at, count(s.id)::int AS n, extract(epoch FROM max(s.ts) - min(s.ts))::float8 / 86400 AS span,
            array_agg(DISTINCT s.country) FILTER (WHERE s.country IS NOT NULL) AS countries
          FROM (VALUES ${sql.join(
            part.map((p) => sql`(${p.user}, ${p.ts.toISOString()}::timestamptz)`),
            sql`, `,
          )}) AS c(u, at)
          LEFT JOIN security_signins s ON s.user_name = c.u AND s.result = 'success' AND s.ts < c.at AND s.ts >= c.at - make_interval(days => ${days})
            AND ${visibleSignins('s')}
          GROUP BY c.u, c.at`,
    );
    for (const r of rows)
      out.set(`${r.user}|${new Date(r.at).toISOString()}`, {
        user: r.user,
        signIns: Number(r.n),
        spanDays: Number(r.span ?? 0),
        countries: r.countries ?? [],
      });
  }
  return out;
}

/** Share of users with a success from each country in the period: the tenant baseline. */
export async function selectTenantCountries(
  db: Db,
  from: Date,
  before: Date,
): Promise<{ users: number; byCountry: Map<string, number> }> {
  const rows = await queryRows<{ country: string | null; n: number }>(
    db,
    sql`SELECT country, count(DISTINCT user_name)::int AS n FROM security_signins
        WHERE result = 'success' AND country IS NOT NULL AND ts >= ${iso(from)}::timestamptz AND ts < ${iso(before)}::timestamptz
          AND ${visibleSignins()}
        GROUP BY ROLLUP (country)`,
  );
  const total = rows.find((r) => r.country === null);
  return {
    users: Number(total?.n ?? 0),
    byCountry: new Map(rows.filter((r) => r.country !== null).map((r) => [r.country as string, Number(r.n)])),
  };
}

/**
 * All events in the period, a page at a time (for the Sigma rules), in time order: each page is
 * its own short statement that starts where the last one ended (time, then id, through the time
 * index), so the pass never holds the database for longer than a page and needs no transaction.
 * `pageSize()` is asked before each page; `pause` runs between pages (bulk work lets others go
 * first there).
 */
export async function forEachEventPage(
  db: Db,
  from: Date,
  to: Date,
  pageSize: () => number,
  fields: readonly (keyof EventRow)[],
  fn: (page: (EventRow & { id: number })[]) => void,
  pause?: (rows: number, ms: number) => Promise<void>,
): Promise<void> {
  // Only the columns the rules read: moving rows from the database to JavaScript is the cost.
  const cols = [...new Set(['ts', 'user', 'source', ...fields])]
    .map((f) => `${COLUMN[f as keyof EventRow]} AS "${f}"`)
    .join(', ');
  // The time exactly as stored (microseconds), not as a JavaScript date, so no row is skipped.
  let after: { ts: string; id: number } | undefined;
  for (;;) {
    const size = Math.max(1, Math.floor(pageSize()));
    const t0 = performance.now();
    const rows = await queryRows<EventRow & { id: number; ts_key: string }>(
      db,
      sql`SELECT id, ts::text AS ts_key, ${sql.raw(cols)} FROM security_signins
          WHERE ${between(from, to)} AND ${visibleSignins()}
            ${after ? sql`AND (ts, id) > (${after.ts}::timestamptz, ${after.id})` : sql``}
          ORDER BY ts, id LIMIT ${size}`,
    );
    const ms = performance.now() - t0;
    const last = rows[rows.length - 1];
    if (!last) break;
    after = { ts: last.ts_key, id: Number(last.id) };
    for (const r of rows) {
      r.ts = new Date(r.ts);
      delete (r as { ts_key?: string }).ts_key;
    }
    fn(rows);
    if (rows.length < size) break;
    await pause?.(rows.length, ms);
  }
}

export const selectByKind = (db: Db, kind: string, from: Date, to: Date) =>
  events(db, sql`${between(from, to)} AND failure_kind = ${kind}`);
