import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { setSetting } from '../../settings/index.ts';
import { listAlerts } from '../domain/alerts.ts';
import { addSuppression, addTrip } from '../domain/rules-admin.ts';
import { relayAsnsSetting, trustedNetworksSetting } from '../domain/security-settings.ts';
import { importEntraCsv } from '../import/entra-csv-importer.ts';
import { jsonImporter } from '../import/json-importers.ts';
import { runDetections } from './run-detections.ts';
import { ev, fail, store } from './test-events.ts';

const LONDON = { lat: 51.507, lon: -0.128, country: 'GB', city: 'London' };
const SYDNEY = { lat: -33.869, lon: 151.209, country: 'AU', city: 'Sydney' };
const MANCHESTER = { lat: 53.48, lon: -2.242, country: 'GB', city: 'Manchester' };
const PARIS = { lat: 48.857, lon: 2.352, country: 'FR', city: 'Paris' };
const period = (day: string) => ({ from: new Date(`${day}T00:00:00Z`), to: new Date(`${day}T23:59:59Z`) });

describeEachDatabase('security: impossible travel and MFA fatigue (A-6, A-7)', (t) => {
  it('A-6: London then Sydney an hour later is one alert of about 16,990 km; the negatives are silent', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await setSetting(ctx, [relayAsnsSetting], 'security.relayAsns', { text: '64512' });
    const day = '2026-11-10';
    await store(ctx, [
      ev({ ts: `${day}T08:00:00Z`, user: 'traveller', ip: '81.2.69.1', ...LONDON }),
      ev({ ts: `${day}T09:00:00Z`, user: 'traveller', ip: '1.128.0.1', ...SYDNEY }),
      ev({ ts: `${day}T08:00:00Z`, user: 'commuter', ip: '81.2.69.2', ...LONDON }),
      ev({ ts: `${day}T09:00:00Z`, user: 'commuter', ip: '81.2.69.3', ...MANCHESTER }),
      ev({ ts: `${day}T10:00:00Z`, user: 'near', ip: '81.2.69.4', lat: 51.507, lon: -0.128, country: 'GB' }),
      ev({ ts: `${day}T10:05:00Z`, user: 'near', ip: '81.2.69.5', lat: 51.75, lon: -0.34, country: 'GB' }),
      ev({ ts: `${day}T11:00:00Z`, user: 'vpn', ip: '81.2.69.6', ...LONDON }),
      ev({ ts: `${day}T11:10:00Z`, user: 'vpn', ip: '104.28.0.1', asn: 64512, ...PARIS }),
      ev({ ts: `${day}T12:00:00Z`, user: 'vpn', ip: '81.2.69.6', ...LONDON }),
      ev({ ts: `${day}T12:30:00Z`, user: 'vpn', ip: '104.28.0.2', asn: 64512, ...SYDNEY }),
    ]);
    await runDetections(ctx, period(day));
    const travel = (await listAlerts(ctx)).filter((a) => a.type === 'impossible_travel');
    expect(travel.map((a) => a.users[0])).toEqual(['traveller']);
    const km = travel[0]?.evidence.distanceKm as number;
    expect(Math.abs(km - 16_990) / 16_990).toBeLessThan(0.01);
    expect(travel[0]?.evidence.speedKmh as number).toBeGreaterThan(900);
  });

  it('A-6: London to Madrid in an hour (about 1,263 km) alerts', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-11-09';
    await store(ctx, [
      ev({ ts: `${day}T08:00:00Z`, user: 'madrid', ip: '81.2.69.10', ...LONDON }),
      ev({ ts: `${day}T09:00:00Z`, user: 'madrid', ip: '88.0.0.1', lat: 40.417, lon: -3.704, country: 'ES', city: 'Madrid' }),
    ]);
    await runDetections(ctx, period(day));
    const a = (await listAlerts(ctx)).find((x) => x.type === 'impossible_travel' && x.users[0] === 'madrid');
    expect(Math.abs((a?.evidence.distanceKm as number) - 1263) / 1263).toBeLessThan(0.01);
  });

  it('A-6 from the portal CSV (countries, no coordinates): GB then Singapore alerts on the least distance; GB then France or Spain is silent', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-11-07';
    const at = (time: string, user: string, ip: string, country: string, city: string) =>
      ev({ ts: `${day}T${time}:00Z`, user, ip, country, city, lat: null, lon: null });
    await store(ctx, [
      at('08:00', 'csv-sg', '81.2.69.20', 'GB', 'Woking'),
      at('09:40', 'csv-sg', '1.32.0.1', 'SG', 'Singapore'),
      at('08:00', 'csv-fr', '81.2.69.21', 'GB', 'Woking'),
      at('08:30', 'csv-fr', '2.0.0.1', 'FR', 'Paris'),
      at('08:00', 'csv-es', '81.2.69.22', 'GB', 'Woking'),
      at('09:00', 'csv-es', '88.0.0.2', 'ES', 'Madrid'),
      at('08:00', 'csv-gb', '81.2.69.23', 'GB', 'Woking'),
      at('08:05', 'csv-gb', '81.2.69.24', 'GB', 'Leeds'),
    ]);
    await runDetections(ctx, period(day));
    const travel = (await listAlerts(ctx)).filter((a) => a.type === 'impossible_travel' && a.users[0]?.startsWith('csv-'));
    expect(travel.map((a) => a.users[0])).toEqual(['csv-sg']);
    // By hand: centres GB (54, -2) and SG (1.3667, 103.8) are 10,906.6 km apart; the radii are
    // 1.5 x sqrt(area / pi) + 100 km: GB 242,900 km2 -> 517.0, SG 710 km2 -> 122.5; least 10,267 km.
    expect(travel[0]?.evidence).toMatchObject({ distanceKm: 10267, distanceFrom: 'country', minutes: 100, speedKmh: 6160 });
    expect(travel[0]?.summary).toBe(
      'Woking, GB then Singapore, SG: at least 10,267 km in 100 minutes (at least 6,160 km/h), judged from the countries alone.',
    );
  });

  it('A-7: four MFA denials in 8 minutes then a success is critical; two denials are silent; a fraud report is high', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-11-08';
    const denial = (user: string, min: number, reason = 'MFA denied; user declined the authentication') =>
      fail({
        ts: `${day}T07:${String(min).padStart(2, '0')}:00Z`,
        user,
        ip: '203.0.113.7',
        errorCode: 500121,
        failureKind: reason.includes('Fraud') ? 'mfa_fraud' : 'mfa_denied',
        failureReason: reason,
      });
    await store(ctx, [
      denial('tired', 0),
      denial('tired', 3),
      denial('tired', 5),
      denial('tired', 8),
      ev({ ts: `${day}T07:12:00Z`, user: 'tired', ip: '203.0.113.7' }),
      denial('twice', 20),
      denial('twice', 22),
      denial('fraud', 30, 'MFA denied; Phone App Reported Fraud'),
    ]);
    await runDetections(ctx, period(day));
    const mfa = (await listAlerts(ctx)).filter((a) => a.type === 'mfa_fatigue');
    expect(Object.fromEntries(mfa.map((a) => [a.users[0], a.severity]))).toEqual({ tired: 'critical', fraud: 'high' });
  });
});

describeEachDatabase('security: legacy authentication, new country, vendors (A-8, A-9, A-11, A-12)', (t) => {
  it('A-8: a successful IMAP sign-in alerts; the allowlisted printer does not; failed IMAP attempts do not', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-11-10';
    await addSuppression(ctx, {
      alertType: 'legacy_auth',
      userMatch: 'printer-staffroom@school.example',
      owner: 'Priya Raman',
      reason: 'Scan to email (SMTP AUTH) until the new copier',
      expiresAt: '2027-07-31',
    });
    await store(ctx, [
      ev({ ts: `${day}T09:00:00Z`, user: 'teacher@school.example', ip: '81.2.69.20', clientApp: 'IMAP4' }),
      ev({ ts: `${day}T09:10:00Z`, user: 'ropc@school.example', ip: '81.2.69.21', userAgent: 'BAV2ROPC' }),
      ev({
        ts: `${day}T09:20:00Z`,
        user: 'printer-staffroom@school.example',
        ip: '198.51.100.10',
        clientApp: 'Authenticated SMTP',
      }),
      fail({ ts: `${day}T09:30:00Z`, user: 'imapfail@school.example', ip: '203.0.113.8', clientApp: 'IMAP4' }),
    ]);
    await runDetections(ctx, period(day));
    const legacy = (await listAlerts(ctx)).filter((a) => a.type === 'legacy_auth');
    expect(legacy.map((a) => a.users[0]).sort()).toEqual(['ropc@school.example', 'teacher@school.example']);
  });

  it("A-9 on a first import (no history before it): the school's own country raises nothing, and one user abroad with no history is counted, not alerted", async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-08-20';
    await store(ctx, [
      ...Array.from({ length: 30 }, (_, u) =>
        ev({
          ts: `${day}T09:${String(u).padStart(2, '0')}:00Z`,
          user: `first${u}@school.example`,
          ip: '81.2.69.40',
          country: 'GB',
        }),
      ),
      ev({ ts: `${day}T10:00:00Z`, user: 'alone@school.example', ip: '95.24.0.1', country: 'RU' }),
    ]);
    const run = await runDetections(ctx, period(day));
    const nc = (await listAlerts(ctx)).filter((a) => a.type === 'new_country' && a.firstSeen.startsWith(day));
    expect(nc).toEqual([]);
    // A thin baseline is a reason for silence: the run says how many it left unjudged.
    expect(run.newCountryThin).toBe(1);
  });

  it('A-9: a one-user portal download from London never calls GB new (homeCountry GB), nor a sign-in from a trusted network', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await setSetting(ctx, [trustedNetworksSetting], 'security.trustedNetworks', { value: ['81.2.69.0/24'] });
    // The portal's sign-in download filtered to one user: headers and values in the portal's CSV shape.
    const header =
      'Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,User type,Cross tenant access type,Incoming token type,Authentication Protocol,Unique token identifier,Client credential type,Application,Application ID,Resource,Resource ID,Resource tenant ID,Home tenant ID,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Device ID,Browser,Operating System,Compliant,Managed,Join Type,Multifactor authentication result,Multifactor authentication auth method,Multifactor authentication auth detail,Authentication requirement,Sign-in identifier,Session ID,IP address (seen by resource),Through Global Secure Access,Global Secure Access IP address,Autonomous system  number,Flagged for review,Token issuer type,Incoming token type,Token issuer name,Latency,Conditional Access';
    const row = (at: string, id: string, ip: string, location: string) =>
      `${at},${id},Mozilla/5.0 (Windows NT 10.0; Win64; x64),c-${id},u-1,Dan Cooper,d.cooper@oakfield.example,Member,none,none,none,t-${id},,Office 365 Exchange Online,00000002-0000-0ff1-ce00-000000000000,Office 365 Exchange Online,r-1,t-1,t-1,${ip},"${location}",Success,0,,Browser,,Edge 130,Windows10,No,No,,,,,Single-factor authentication,d.cooper@oakfield.example,s-1,,No,,5089,No,AzureAD,none,,120,Not Applied`;
    const file = writeTestFile(
      'InteractiveSignIns_2026-11-09_2026-11-10.csv',
      [
        header,
        row('2026-11-10T08:01:12Z', 'a1000000-0000-0000-0000-000000000001', '86.160.12.9', 'London, London, GB'),
        row('2026-11-10T12:31:40Z', 'a1000000-0000-0000-0000-000000000002', '81.2.69.77', 'Dublin, Dublin, IE'),
        '',
      ].join('\n'),
    );
    await importEntraCsv(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
    await runDetections(ctx, period('2026-11-10'));
    const nc = (await listAlerts(ctx)).filter((a) => a.type === 'new_country' && a.users.includes('d.cooper@oakfield.example'));
    expect(nc).toEqual([]);
    // With a full baseline too: a teacher whose history is all from France signing in from GB
    // (the home country), and one whose history is all GB signing in from the school's own
    // egress that a GeoIP database places in Ireland, are not new; the same from an outside
    // Irish address is.
    const history = [];
    for (let d = 0; d < 40; d++) {
      const ts = new Date(Date.parse('2026-09-20T08:00:00Z') + d * 86_400_000);
      history.push(ev({ ts, user: 'exchange@oakfield.example', ip: '90.80.1.2', country: 'FR' }));
      history.push(ev({ ts, user: 'settled@oakfield.example', ip: '86.160.1.2', country: 'GB' }));
      history.push(ev({ ts, user: 'outside@oakfield.example', ip: '86.160.1.3', country: 'GB' }));
    }
    await store(ctx, [
      ...history,
      ev({ ts: '2026-11-09T09:00:00Z', user: 'exchange@oakfield.example', ip: '86.160.1.9', country: 'GB' }),
      ev({ ts: '2026-11-09T09:05:00Z', user: 'settled@oakfield.example', ip: '81.2.69.78', country: 'IE' }),
      ev({ ts: '2026-11-09T09:10:00Z', user: 'outside@oakfield.example', ip: '87.32.0.5', country: 'IE' }),
    ]);
    await runDetections(ctx, period('2026-11-09'));
    const more = (await listAlerts(ctx)).filter((a) => a.type === 'new_country' && a.firstSeen.startsWith('2026-11-09'));
    expect(more.map((a) => `${a.users[0]} ${a.evidence.country}`)).toEqual(['outside@oakfield.example IE']);
    await setSetting(ctx, [trustedNetworksSetting], 'security.trustedNetworks', { value: [] });
  });

  it('A-9: a new country is medium, low on a registered trip, and a thin baseline is silent', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const rows = [];
    for (let u = 0; u < 400; u++)
      rows.push(
        ev({
          ts: `2026-10-${String(1 + (u % 28)).padStart(2, '0')}T09:00:00Z`,
          user: `bg${u}@school.example`,
          ip: '81.2.69.30',
          country: 'GB',
        }),
      );
    for (const user of ['settled@school.example', 'tripper@school.example'])
      for (let d = 0; d < 60; d++)
        rows.push(
          ev({ ts: new Date(Date.parse('2026-09-10T08:00:00Z') + d * 86_400_000), user, ip: '81.2.69.31', country: 'GB' }),
        );
    for (let d = 0; d < 3; d++)
      rows.push(ev({ ts: `2026-11-0${d + 1}T08:00:00Z`, user: 'newstarter@school.example', ip: '81.2.69.32', country: 'GB' }));
    await store(ctx, rows);
    await addTrip(ctx, {
      name: 'Year 10 Lagos exchange',
      country: 'NG',
      startsOn: '2026-11-09',
      endsOn: '2026-11-16',
      travellers: ['tripper@school.example'],
    });
    const day = '2026-11-10';
    await store(
      ctx,
      ['settled', 'tripper', 'newstarter'].map((u) =>
        ev({ ts: `${day}T10:00:00Z`, user: `${u}@school.example`, ip: '41.58.0.1', country: 'NG' }),
      ),
    );
    await runDetections(ctx, period(day));
    const nc = (await listAlerts(ctx)).filter((a) => a.type === 'new_country' && a.evidence.country === 'NG');
    const by = Object.fromEntries(nc.map((a) => [a.users[0], a]));
    expect(by['settled@school.example']?.severity).toBe('medium');
    expect(by['tripper@school.example']?.severity).toBe('low');
    // Three days of history is too thin to call NG new for the new starter: silence.
    expect(nc.map((a) => `${a.users[0]} ${a.evidence.country}`).sort()).toEqual([
      'settled@school.example NG',
      'tripper@school.example NG',
    ]);
  });

  it('A-11: Google login failures become brute force; account warnings pass through; blocked risky actions are kept quiet', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const act = (n: number, name: string, type: string, user: string, minute: number, params: object[] = []) => ({
      kind: 'admin#reports#activity',
      id: {
        time: `2026-11-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
        uniqueQualifier: `${n}`,
        applicationName: 'login',
        customerId: 'C01',
      },
      actor: { callerType: 'USER', email: user, profileId: `p${n}` },
      ipAddress: '203.0.113.77',
      events: [{ type, name, parameters: [{ name: 'login_type', value: 'google_password' }, ...params] }],
    });
    const items = [
      ...Array.from({ length: 12 }, (_, i) =>
        act(i, 'login_failure', 'login', 'head@school.example', i % 10, [
          { name: 'login_failure_type', value: 'login_failure_invalid_password' },
        ]),
      ),
      act(100, 'suspicious_login', 'account_warning', 'bursar@school.example', 20, [
        { name: 'affected_email_address', value: 'bursar@school.example' },
      ]),
      act(101, 'account_disabled_password_leak', 'account_warning', 'dsl@school.example', 21, [
        { name: 'affected_email_address', value: 'dsl@school.example' },
      ]),
      act(102, 'risky_sensitive_action_blocked', 'risky_sensitive_action', 'staff@school.example', 22),
    ];
    const file = writeTestFile('login.json', JSON.stringify({ kind: 'admin#reports#activities', items }, null, 2));
    const summary = await jsonImporter('google-logins')(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
    expect(summary.created).toBe(15 + 3);
    const alerts = await listAlerts(ctx);
    expect(alerts.filter((a) => a.type === 'brute_force').map((a) => a.users[0])).toEqual(['head@school.example']);
    const vendor = Object.fromEntries(
      alerts.filter((a) => a.source === 'google_workspace').map((a) => [a.evidence.eventType, a.severity]),
    );
    expect(vendor).toEqual({ suspicious_login: 'medium', account_disabled_password_leak: 'high' });
  });

  it('A-12: an Entra passwordSpray detection maps to password_spray and links to our spray; unknown types are named as unknown', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const day = '2026-11-05';
    await store(
      ctx,
      Array.from({ length: 12 }, (_, i) =>
        fail({
          ts: `${day}T02:0${i % 10}:00Z`,
          user: i === 0 ? 'victim@school.example' : `t${i}@school.example`,
          ip: '203.0.113.99',
        }),
      ),
    );
    const risk = (id: string, type: string) => ({
      id,
      riskEventType: type,
      riskLevel: 'high',
      riskState: 'atRisk',
      detectedDateTime: `${day}T03:00:00Z`,
      activityDateTime: `${day}T02:30:00Z`,
      userPrincipalName: 'victim@school.example',
      ipAddress: '203.0.113.99',
    });
    const file = writeTestFile('risk.json', JSON.stringify({ value: [risk('r1', 'passwordSpray'), risk('r2', 'somethingNew')] }));
    await jsonImporter('entra-risk-detections')(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
    const alerts = await listAlerts(ctx);
    const vendorSpray = alerts.find((a) => a.source === 'entra_id_protection' && a.type === 'password_spray');
    const own = alerts.find((a) => a.source === 'belfry' && a.type === 'password_spray');
    expect(vendorSpray?.severity).toBe('high');
    expect(own).toBeDefined();
    expect(vendorSpray?.linkedAlertIds).toEqual([own?.id]);
    expect(own?.linkedAlertIds).toContain(vendorSpray?.id);
    expect(alerts.find((a) => a.source === 'entra_id_protection' && a.type === 'vendor')?.title).toBe(
      'Unknown risk type (somethingNew)',
    );
  });
});
