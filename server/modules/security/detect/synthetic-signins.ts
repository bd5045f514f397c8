import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { copyCsvTextInto } from '../../../db/copy.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { seededRng } from '../../../lib/random.ts';

/**
 * Synthetic sign-ins for the detections benchmark (bench/detections.ts) and the test that keeps
 * its alerts the same (detections-synthetic.test.ts): a fortnight of a school's sign-ins with an
 * attack of each kind the detectors look for planted in it, so that a faster detector that
 * finds something different shows up as a different alert set. The same seed and size give the
 * same rows, and the rows are COPYed straight into security_signins (as a finished import's
 * would be), so setting up a million takes seconds and goes through no import code.
 */

export const SYNTHETIC_START = Date.parse('2026-10-01T00:00:00Z');
export const SYNTHETIC_DAYS = 14;
export const syntheticPeriod = () => ({
  from: new Date(SYNTHETIC_START),
  to: new Date(SYNTHETIC_START + SYNTHETIC_DAYS * 86_400_000 - 1),
});

const COLUMNS = [
  'ts',
  'source',
  'event_key',
  'user_name',
  'ip',
  'result',
  'error_code',
  'failure_kind',
  'failure_reason',
  'client_app',
  'user_agent',
  'auth_requirement',
  'interactive',
  'app',
  'country',
  'city',
  'lat',
  'lon',
  'geo_source',
] as const;

type Row = {
  ts: number;
  user: string;
  ip: string;
  result?: 'success' | 'failure' | 'interrupted';
  code?: number;
  kind?: string;
  reason?: string;
  clientApp?: string;
  ua?: string;
  auth?: string;
  place?: keyof typeof PLACES;
};

const PLACES = {
  GB: ['GB', 'Guildford', 51.2362, -0.5704],
  GB2: ['GB', 'London', 51.5072, -0.1276],
  FR: ['FR', 'Paris', 48.8566, 2.3522],
  US: ['US', 'New York', 40.7128, -74.006],
  NG: ['NG', 'Lagos', 6.5244, 3.3792],
} as const;

const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const userName = (u: number) => `person${u}@school.example`;
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const MIN = 60_000;
const DAY = 86_400_000;

/** The planted attacks, at fixed times in the fortnight, on fixed accounts (all below `users`). */
function planted(users: number): Row[] {
  const at = (day: number, hh: number, mm = 0) => SYNTHETIC_START + day * DAY + hh * 3_600_000 + mm * MIN;
  const out: Row[] = [];
  const fail = (r: Row): Row => ({
    result: 'failure',
    code: 50126,
    kind: 'credential',
    reason: 'Invalid username or password',
    ...r,
  });
  // Two password sprays from outside: 30 and 14 accounts, a failure or two each in 20 minutes.
  for (const [ip, day, n] of [
    ['203.0.113.66', 11, 30],
    ['198.18.0.5', 5, 14],
  ] as const)
    for (let i = 0; i < n; i++) {
      const user = userName((i * 37 + day) % users);
      out.push(fail({ ts: at(day, 2, Math.floor((i * 18) / n)), user, ip, place: 'NG' }));
      if (i % 3 === 0) out.push(fail({ ts: at(day, 2, Math.floor((i * 18) / n)) + 20_000, user, ip, place: 'NG' }));
    }
  // A sprayed account that then succeeds from the spraying address.
  out.push({ ts: at(11, 2, 40), user: userName((3 * 37 + 11) % users), ip: '203.0.113.66', place: 'NG' });
  // Brute force: 25 failures in 10 minutes, a lockout, then a success from the same address.
  for (let i = 0; i < 25; i++) out.push(fail({ ts: at(8, 10) + i * 24_000, user: userName(5), ip: '203.0.113.50', place: 'US' }));
  out.push(
    fail({
      ts: at(8, 10, 10),
      user: userName(5),
      ip: '203.0.113.50',
      code: 50053,
      kind: 'locked',
      reason: 'Account is locked',
      place: 'US',
    }),
  );
  out.push({ ts: at(8, 10, 15), user: userName(5), ip: '203.0.113.50', place: 'US' });
  // MFA fatigue: five denials in eight minutes, then the person gives in.
  for (let i = 0; i < 5; i++)
    out.push({
      ts: at(9, 21, i * 2),
      user: userName(9),
      ip: '192.0.2.99',
      result: 'failure',
      code: 500121,
      kind: 'mfa_denied',
      reason: 'Authentication failed during strong authentication request. MFA denied; user declined the authentication',
      auth: 'multiFactorAuthentication',
      place: 'FR',
    });
  out.push({ ts: at(9, 21, 12), user: userName(9), ip: '192.0.2.99', auth: 'multiFactorAuthentication', place: 'FR' });
  // Legacy authentication: IMAP successes, and a ROPC user agent.
  for (let i = 0; i < 3; i++)
    out.push({ ts: at(3, 7, i * 5), user: userName(11), ip: '81.2.0.10', clientApp: 'IMAP4', place: 'GB' });
  out.push({ ts: at(4, 13), user: userName(12), ip: '81.2.0.10', clientApp: 'Other clients', ua: 'BAV2ROPC', place: 'GB' });
  // A disabled account tried four times.
  for (let i = 0; i < 4; i++)
    out.push(
      fail({
        ts: at(6, 9, i),
        user: userName(13),
        ip: '192.0.2.13',
        code: 50057,
        kind: 'disabled',
        reason: 'User account is disabled.',
        place: 'GB',
      }),
    );
  // For the Sigma rules on by default: AzureHound, Conditional Access blocks, an unusual interruption.
  out.push({ ts: at(10, 1), user: userName(14), ip: '203.0.113.14', ua: 'azurehound/v2.1.7', place: 'US' });
  for (let i = 0; i < 2; i++)
    out.push(
      fail({
        ts: at(12, 15, i),
        user: userName(15),
        ip: '192.0.2.15',
        code: 53003,
        kind: 'blocked',
        reason: 'Access has been blocked by Conditional Access policies.',
        place: 'GB',
      }),
    );
  out.push({
    ts: at(7, 16),
    user: userName(16),
    ip: '192.0.2.16',
    result: 'interrupted',
    code: 50158,
    kind: 'other',
    reason: 'External security challenge was not satisfied.',
    place: 'GB',
  });
  return out;
}

/**
 * `rows` sign-ins by `users` accounts over the fortnight (the background plus the planted
 * attacks), in time order: half from the school's address, half from home, 3% mistyped
 * passwords, and one account in fifty travelling (a few sign-ins from New York or Paris in the
 * second week, between sign-ins from home: impossible travel and a new country).
 */
export function* syntheticSignins(rows: number, users: number, seed = 42): Generator<string[]> {
  const rng = seededRng(seed);
  const extra = planted(users);
  const background = Math.max(0, rows - extra.length);
  const all: Row[] = [];
  for (let i = 0; i < background; i++) {
    const u = rng.int(0, users - 1);
    const ts = SYNTHETIC_START + Math.floor((i / background) * SYNTHETIC_DAYS * DAY) + rng.int(0, 59_999);
    const day = Math.floor((ts - SYNTHETIC_START) / DAY);
    const home = `81.2.${(u >> 8) & 255}.${(u & 255) + 1}`;
    const traveller = u % 50 === 17 && day >= 9 && day <= 10 && rng.chance(0.05);
    if (traveller) {
      all.push({ ts, user: userName(u), ip: `198.51.100.${(u % 200) + 1}`, place: u % 100 === 17 ? 'US' : 'FR' });
      continue;
    }
    if (rng.chance(0.03)) {
      all.push({
        ts,
        user: userName(u),
        ip: home,
        result: 'failure',
        code: 50126,
        kind: 'credential',
        reason: 'Invalid username or password',
        place: 'GB',
      });
      continue;
    }
    all.push({
      ts,
      user: userName(u),
      ip: rng.chance(0.5) ? '81.2.0.10' : home,
      clientApp: rng.chance(0.2) ? 'Mobile Apps and Desktop clients' : 'Browser',
      place: rng.chance(0.1) ? 'GB2' : 'GB',
    });
  }
  all.push(...extra);
  all.sort((a, b) => a.ts - b.ts);
  let n = 0;
  for (const r of all) {
    const [country, city, lat, lon] = PLACES[r.place ?? 'GB'];
    const result = r.result ?? 'success';
    yield [
      new Date(r.ts).toISOString(),
      'entra',
      `req-${(++n).toString(16).padStart(8, '0')}`,
      r.user,
      r.ip,
      result,
      String(r.code ?? 0),
      r.kind ?? '',
      quote(r.reason ?? ''),
      quote(r.clientApp ?? 'Browser'),
      quote(r.ua ?? EDGE),
      r.auth ?? 'singleFactorAuthentication',
      'true',
      'Microsoft Teams',
      country,
      city,
      String(lat),
      String(lon),
      'vendor',
    ];
  }
}

/** COPYs the synthetic sign-ins into security_signins (no import of its own) and analyses the table. */
export async function loadSyntheticSignins(db: Db, rows: number, users: number, seed = 42): Promise<number> {
  let copied = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    copied += await inTransaction(db, {}, (tx) => copyCsvTextInto(tx, 'security_signins', [...COLUMNS], text));
  };
  for (const fields of syntheticSignins(rows, users, seed)) {
    // An empty field is NULL in COPY's CSV format.
    chunk.push(fields.join(','));
    if (chunk.length >= 50_000) await flush();
  }
  await flush();
  await db.execute(sql`ANALYZE security_signins`);
  return copied;
}
