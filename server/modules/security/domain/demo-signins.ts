import type { Ctx } from '../../../lib/context.ts';
import { newId } from '../../../lib/ids.ts';
import type { Rng } from '../../../lib/random.ts';
import { setSetting } from '../../settings/index.ts';
import { selectAlerts } from '../db/alert-queries.ts';
import { ingestNormalised } from '../import/json-importers.ts';
import { escalateAlert } from './alerts.ts';
import { SECURITY_SETTINGS } from './security-settings.ts';
import { emptyEvent, type SigninEvent } from './signin-event.ts';

/**
 * The demo's sign-in history (called by the demo module through index.ts). Deterministic for a
 * seed; every time is relative to ctx.clock.
 */

const DAY = 86_400_000;
const SCHOOL_IP = '198.51.100.10';
const LONDONISH = [
  { city: 'Guildford', lat: 51.236, lon: -0.57 },
  { city: 'Woking', lat: 51.319, lon: -0.558 },
  { city: 'Farnham', lat: 51.215, lon: -0.799 },
  { city: 'London', lat: 51.507, lon: -0.128 },
];

export async function loadDemoSignins(
  ctx: Ctx,
  rng: Rng,
  who: { staff: string[]; pupils: string[]; privileged: string[] },
): Promise<void> {
  const now = ctx.clock.now().getTime();
  await setSetting(ctx, SECURITY_SETTINGS, 'security.trustedNetworks', { value: ['198.51.100.0/24'] });
  await setSetting(ctx, SECURITY_SETTINGS, 'security.privilegedAccounts', { value: who.privileged });
  const events: SigninEvent[] = [];
  let n = 0;
  const add = (p: Partial<Omit<SigninEvent, 'ts'>> & { ts: number; user: string }) => {
    const { ts, user, ...rest } = p;
    const result = rest.result ?? 'success';
    events.push({
      ...emptyEvent(),
      source: 'entra',
      eventKey: `demo-${++n}`,
      result,
      errorCode: result === 'success' ? 0 : 50126,
      failureKind: result === 'success' ? null : 'credential',
      failureReason: result === 'success' ? null : 'Invalid username or password or Invalid on-premise username or password.',
      clientApp: 'Browser',
      app: rng.pick(['Office 365 Exchange Online', 'Microsoft Teams', 'OfficeHome', 'SharePoint Online']),
      interactive: true,
      geoSource: 'vendor',
      ...rest,
      userName: user,
      ts: new Date(ts),
    });
  };
  const homes = new Map<string, { ip: string; city: string; lat: number; lon: number }>();
  const homeOf = (u: string) => {
    let h = homes.get(u);
    if (!h) {
      const place = rng.pick(LONDONISH);
      h = { ip: `81.2.69.${rng.int(2, 250)}`, ...place };
      homes.set(u, h);
    }
    return h;
  };
  const start = Math.floor((now - 30 * DAY) / DAY) * DAY;
  for (let d = start; d < now - DAY / 8; d += DAY) {
    const weekday = new Date(d).getUTCDay();
    const schoolDay = weekday >= 1 && weekday <= 5;
    for (const [list, share] of [
      [who.staff, 1],
      [who.pupils, 0.7],
    ] as const) {
      for (const user of list) {
        if (!rng.chance(schoolDay ? share : share * 0.3)) continue;
        const home = homeOf(user);
        const count = rng.int(1, 3);
        for (let i = 0; i < count; i++) {
          const atSchool = schoolDay && rng.chance(0.7);
          const ts = d + (atSchool ? rng.int(8 * 60, 16 * 60) : rng.int(17 * 60, 22 * 60)) * 60_000 + rng.int(0, 59) * 1000;
          if (ts > now) continue;
          const where = atSchool ? { ip: SCHOOL_IP, city: 'Guildford', lat: 51.236, lon: -0.57 } : home;
          const failed = rng.chance(0.02);
          add({
            ts,
            user,
            ip: where.ip,
            country: 'GB',
            city: where.city,
            lat: where.lat,
            lon: where.lon,
            asn: atSchool ? 786 : 5607,
            ...(failed ? { result: 'failure' } : {}),
          });
        }
      }
    }
  }
  // The spray: a VPS address works through 24 staff accounts at 02:10 two nights ago; one password works.
  const sprayDay = Math.floor((now - 2 * DAY) / DAY) * DAY + 2 * 3_600_000;
  const targets = who.staff.slice(10, 34);
  for (const [i, user] of targets.entries()) {
    add({
      ts: sprayDay + 10 * 60_000 + i * 70_000,
      user,
      ip: '185.220.101.45',
      country: 'NL',
      city: 'Amsterdam',
      asn: 208294,
      result: 'failure',
    });
  }

  const victim = targets[5] as string;
  add({
    ts: sprayDay + 55 * 60_000,
    user: victim,
    ip: '185.220.101.45',
    country: 'NL',
    city: 'Amsterdam',
    lat: 52.37,
    lon: 4.9,
    asn: 208294,
    authRequirement: 'singleFactorAuthentication',
  });
  // Impossible travel: a teacher signs in at home at 07:50 yesterday, then from Singapore 100 minutes later.
  const traveller = who.staff[40] as string;
  const yday = Math.floor((now - DAY) / DAY) * DAY;
  add({
    ts: yday + 7 * 3_600_000 + 50 * 60_000,
    user: traveller,
    ip: '81.2.69.77',
    country: 'GB',
    city: 'Woking',
    lat: 51.319,
    lon: -0.558,
    asn: 5607,
  });
  add({
    ts: yday + 9 * 3_600_000 + 30 * 60_000,
    user: traveller,
    ip: '103.252.200.14',
    country: 'SG',
    city: 'Singapore',
    lat: 1.29,
    lon: 103.85,
    asn: 38001,
  });
  // The staffroom scanner still sends scans by SMTP AUTH every school day.
  for (let d = start; d < now; d += DAY) {
    const weekday = new Date(d).getUTCDay();
    if (weekday === 0 || weekday === 6 || d + 10 * 3_600_000 > now) continue;
    add({
      ts: d + 10 * 3_600_000,
      user: 'scan-staffroom@oakfield.example',
      ip: SCHOOL_IP,
      country: 'GB',
      city: 'Guildford',
      clientApp: 'Authenticated SMTP',
      app: 'Office 365 Exchange Online',
      interactive: false,
    });
  }
  // MFA push-bombing against the bursar's office yesterday evening: four denials, then an approval.
  const bombed = who.staff[60] as string;
  for (let i = 0; i < 4; i++)
    add({
      ts: yday + 19 * 3_600_000 + i * 120_000,
      user: bombed,
      ip: '45.133.1.20',
      country: 'DE',
      city: 'Frankfurt',
      asn: 44592,
      result: 'failure',
      errorCode: 500121,
      failureKind: 'mfa_denied',
      failureReason: 'Authentication failed during strong authentication request.',
      mfaResult: 'MFA denied; user declined the authentication',
    });
  add({ ts: yday + 19 * 3_600_000 + 11 * 60_000, user: bombed, ip: '45.133.1.20', country: 'DE', city: 'Frankfurt', asn: 44592 });
  // An older brute force, already dealt with as an incident.
  const old = Math.floor((now - 12 * DAY) / DAY) * DAY + 21 * 3_600_000;
  const head = who.privileged[0] as string;
  for (let i = 0; i < 18; i++)
    add({
      ts: old + i * 40_000,
      user: head,
      ip: '91.240.118.7',
      country: 'RU',
      asn: 198953,
      result: 'failure',
      ...(i === 17 ? { errorCode: 50053, failureKind: 'locked' } : {}),
    });
  events.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  const leaked = who.pupils[3] ?? who.staff[3] ?? 'pupil@oakfield.example';
  await ingestNormalised(ctx, { kind: 'demo', name: 'Oakfield demo sign-ins' }, events, [
    {
      id: newId(),
      source: 'entra_id_protection',
      vendorId: 'demo-risk-1',
      ts: new Date(now - 3 * 3_600_000),
      eventType: 'leakedCredentials',
      displayName: 'Leaked credentials',
      severity: 'high',
      alerted: true,
      userName: leaked,
      ip: null,
      raw: {
        id: 'demo-risk-1',
        riskEventType: 'leakedCredentials',
        riskLevel: 'high',
        riskState: 'atRisk',
        userPrincipalName: leaked,
      },
    },
  ]);
  const [brute] = await selectAlerts(ctx.db, { type: 'brute_force', limit: 1 });
  if (brute)
    await escalateAlert(ctx, brute.id, {
      incident: {
        title: 'Brute force against the Director’s account (locked out)',
        category: 'password_attack',
        severity: 'high',
        becameAwareAt: new Date(old + 11 * 3_600_000).toISOString(),
        detectedAt: new Date(old + 11 * 3_600_000).toISOString(),
        personalData: false,
      },
    });
}
