import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import type { Prefilter } from '../sigma/sigma-prefilter.ts';
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
      OR lower(auth_protocol) = 'ropc' OR lower(user_agent) LIKE '%bav2ropc%')`,
  );

/** The sign-ins the travel pairs are made from: successes that say where they were, from a day before the period. */
const travelRows = (from: Date, to: Date) =>
  sql`ts >= ${iso(new Date(from.getTime() - 86_400_000))}::timestamptz AND ts <= ${iso(to)}::timestamptz
    AND result = 'success' AND ((lat IS NOT NULL AND lon IS NOT NULL) OR country IS NOT NULL)
    AND coalesce(interactive, true) AND ${visibleSignins()}`;

/**
 * Two points more than `km` apart differ by more than this many degrees of latitude plus
 * longitude: the great circle is no longer than going along the meridian, then the parallel
 * (R·|Δlat| + R·cos(lat)·|Δlon| ≤ R·(|Δlat| + |Δlon|)); with a margin for rounding. A user whose
 * sign-ins all fit in a smaller box, in one country, can make no travel pair.
 */
const degreesWithin = (km: number) => ((km / 6371.0088) * 180) / Math.PI - 0.01;

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
          WHERE ${travelRows(from, to)}
            AND user_name IN (
              SELECT user_name FROM security_signins WHERE ${travelRows(from, to)} GROUP BY user_name
              HAVING min(country) <> max(country)
                OR (max(lat) - min(lat)) + (max(lon) - min(lon)) > ${degreesWithin(minKm)})
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

/**
 * The first success of each (user, country) in the period with no success from that country in
 * the `days` before it; the school's own country (`home`), which is never new, is left out here.
 */
export async function selectNewCountryCandidates(db: Db, from: Date, to: Date, days: number, home?: string): Promise<EventRow[]> {
  return events(
    db,
    sql`id IN (
      SELECT f.id FROM (
        SELECT DISTINCT ON (user_name, country) id, user_name, country, ts FROM security_signins
        WHERE ${between(from, to)} AND ${visibleSignins()} AND result = 'success' AND country IS NOT NULL
          ${home ? sql`AND country <> ${home}` : sql``}
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

/**
 * Share of users with a success from each country in the period: the tenant baseline. `users` is
 * every user with a success from any country; `byCountry` holds the `countries` asked about.
 */
export async function selectTenantCountries(
  db: Db,
  from: Date,
  before: Date,
  countries: readonly string[],
): Promise<{ users: number; byCountry: Map<string, number> }> {
  // One pass: the distinct (user, country) pairs by hashing, then counted (a count(DISTINCT) per
  // country sorts every sign-in of the period).
  const rows = await queryRows<{ country: string | null; n: number }>(
    db,
    sql`WITH uc AS (
          SELECT DISTINCT user_name, country FROM security_signins
          WHERE result = 'success' AND country IS NOT NULL AND ts >= ${iso(from)}::timestamptz AND ts < ${iso(before)}::timestamptz
            AND ${visibleSignins()}
        )
        SELECT NULL AS country, count(DISTINCT user_name)::int AS n FROM uc
        ${
          countries.length
            ? sql`UNION ALL SELECT country, count(*)::int AS n FROM uc WHERE country IN (${sql.join(
                countries.map((c) => sql`${c}`),
                sql`, `,
              )}) GROUP BY country`
            : sql``
        }`,
  );
  const total = rows.find((r) => r.country === null);
  return {
    users: Number(total?.n ?? 0),
    byCountry: new Map(rows.filter((r) => r.country !== null).map((r) => [r.country as string, Number(r.n)])),
  };
}

/** Each Sigma field a prefilter may name, as SQL (a list for a field that is several columns). */
const SIGMA_SQL: Record<string, string[]> = {
  resulttype: [`coalesce(error_code, CASE WHEN result = 'success' THEN 0 END)`],
  autonomoussystemnumber: ['asn'],
  resultdescription: ['failure_reason'],
  status: [
    `CASE result WHEN 'success' THEN 'Success' WHEN 'failure' THEN 'Failure' WHEN 'interrupted' THEN 'Interrupted' END`,
    'failure_reason',
    'mfa_result',
  ],
  authenticationrequirement: ['auth_requirement'],
  authenticationprotocol: ['auth_protocol'],
  clientapp: ['client_app'],
  clientappused: ['client_app'],
  useragent: ['user_agent'],
  appdisplayname: ['app'],
  resourcedisplayname: ['resource'],
  ipaddress: ['ip'],
  userprincipalname: ['user_name'],
  username: ['user_name'],
  location: ['country'],
  conditionalaccessstatus: ['ca_status'],
  riskstate: ['risk_state'],
  eventname: ['event_name'],
  'protopayload.metadata.event.eventname': ['event_name'],
};

/**
 * `lower(text) LIKE` the prefilter's lower-case ASCII text anywhere: fast, and in every locale
 * lower() turns A-Z into a-z, except that a Turkish one makes I a dotless ı, so an i in the text
 * is matched by any one character (LIKE's _). `%`, `_` and `\` in the text are matched as such.
 */
const likeAnywhere = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/i/g, '_')}%`;

export function prefilterSql(p: Prefilter): SQL {
  if ('any' in p) return sql`(${sql.join(p.any.map(prefilterSql), sql` OR `)})`;
  if ('all' in p) return sql`(${sql.join(p.all.map(prefilterSql), sql` AND `)})`;
  const exprs = SIGMA_SQL[p.field];
  if (!exprs) throw new Error(`no column for the Sigma field ${p.field}`);
  const one = (e: string) =>
    'equals' in p ? sql`${sql.raw(e)} = ${p.equals}` : sql`lower((${sql.raw(e)})::text) LIKE ${likeAnywhere(p.contains)}`;
  return sql`(${sql.join(exprs.map(one), sql` OR `)})`;
}

/**
 * All events in the period, a page at a time (for the Sigma rules), in time order: each page is
 * its own short statement that starts where the last one ended (time, then id, through the time
 * index), so the pass never holds the database for longer than a page and needs no transaction.
 * Only the events that pass `where` when given. `pageSize()` is asked before each page; `pause` runs between pages (bulk work lets others go
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
  where?: SQL,
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
          WHERE ${between(from, to)} AND ${visibleSignins()}${where ? sql` AND ${where}` : sql``}
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
