import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { setSetting } from '../../settings/index.ts';
import { listAlerts } from '../domain/alerts.ts';
import { trustedNetworksSetting } from '../domain/security-settings.ts';
import { runDetections } from './run-detections.ts';
import { backgroundDay, ev, fail, store } from './test-events.ts';

const DAY = '2026-11-10';
const period = { from: new Date(`${DAY}T00:00:00Z`), to: new Date(`${DAY}T23:59:59Z`) };
const at = (hhmm: string) => `${DAY}T${hhmm}:00Z`;

function spray(ip: string, users: string[]) {
  return users.flatMap((user, i) => {
    const minute = Math.floor((i * 40) / users.length);
    const t = `02:${String(minute).padStart(2, '0')}`;
    return i % 2
      ? [fail({ ts: at(t), user, ip })]
      : [fail({ ts: at(t), user, ip }), fail({ ts: `${DAY}T02:${String(minute).padStart(2, '0')}:30Z`, user, ip })];
  });
}

describeEachDatabase('security: password spray and brute force (A-1 to A-5)', (t) => {
  it('A-1: a spray is found once, however often the detector runs; no brute force', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await setSetting(ctx, [trustedNetworksSetting], 'security.trustedNetworks', { text: '198.51.100.0/24,2001:db8::/32' });
    const targets = Array.from({ length: 30 }, (_, i) => `user${String(i * 7).padStart(3, '0')}@school.example`);
    await store(ctx, [...backgroundDay(DAY), ...spray('203.0.113.66', targets)]);
    await runDetections(ctx, period);
    const again = await runDetections(ctx, period);
    expect(again.created).toBe(0);
    const alerts = await listAlerts(ctx);
    const sprays = alerts.filter((a) => a.type === 'password_spray');
    expect(sprays).toHaveLength(1);
    expect(sprays[0]?.ips).toEqual(['203.0.113.66']);
    expect(sprays[0]?.evidence.ip).toBe('203.0.113.66');
    expect(sprays[0]?.evidence.distinctUsers).toBe(30);
    expect(sprays[0]?.severity).toBe('medium');
    expect(alerts.filter((a) => a.type === 'brute_force')).toHaveLength(0);
  });

  it('A-2: a targeted user then succeeding from the same address raises the same alert to high', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await store(ctx, [
      fail({ ts: at('02:10'), user: 'j.smith', ip: '203.0.113.66' }),
      ev({ ts: at('02:45'), user: 'j.smith', ip: '203.0.113.66' }),
    ]);
    await runDetections(ctx, period);
    const sprays = (await listAlerts(ctx)).filter((a) => a.type === 'password_spray');
    expect(sprays).toHaveLength(1);
    expect(sprays[0]?.severity).toBe('high');
    expect(sprays[0]?.evidence.possibleCompromise).toEqual(['j.smith']);
  });
});

describeEachDatabase('security: the school NAT and thresholds (A-3, A-4)', (t) => {
  it('A-3: 40 pupils mistyping on a Monday behind the trusted NAT (or any busy address) is not a spray', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await setSetting(ctx, [trustedNetworksSetting], 'security.trustedNetworks', { text: '198.51.100.0/24' });
    const monday = '2026-11-09';
    const rows = [];
    for (const ip of ['198.51.100.10', '203.0.113.90']) {
      for (let i = 0; i < 800; i++)
        rows.push(ev({ ts: `${monday}T08:${String(30 + (i % 30)).padStart(2, '0')}:00Z`, user: `p${i}@pupils.example`, ip }));
      for (let i = 0; i < 40; i++)
        rows.push(fail({ ts: `${monday}T08:${String(40 + (i % 20)).padStart(2, '0')}:00Z`, user: `p${i}@pupils.example`, ip }));
    }
    await store(ctx, rows);
    await runDetections(ctx, { from: new Date(`${monday}T00:00:00Z`), to: new Date(`${monday}T23:59:00Z`) });
    expect((await listAlerts(ctx)).filter((a) => a.type === 'password_spray')).toHaveLength(0);
  });

  it('A-4: nine users failing from one address in 20 minutes is below the threshold of 10', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    await store(
      ctx,
      Array.from({ length: 9 }, (_, i) => fail({ ts: at(`03:0${i}`), user: `nine${i}@school.example`, ip: '203.0.113.9' })),
    );
    await runDetections(ctx, period);
    expect((await listAlerts(ctx)).filter((a) => a.type === 'password_spray')).toHaveLength(0);
  });

  it('A-5: 25 failures in 10 minutes then a lockout is one brute-force alert; a success 5 minutes later makes it high', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const user = 'bursar@school.example';
    const rows = Array.from({ length: 25 }, (_, i) =>
      fail({ ts: new Date(Date.parse(at('10:00')) + i * 24_000), user, ip: '203.0.113.50' }),
    );
    rows.push(
      fail({
        ts: at('10:10'),
        user,
        ip: '203.0.113.50',
        errorCode: 50053,
        failureKind: 'locked',
        failureReason: 'Account is locked',
      }),
    );
    await store(ctx, rows);
    await runDetections(ctx, period);
    let brute = (await listAlerts(ctx)).filter((a) => a.type === 'brute_force');
    expect(brute).toHaveLength(1);
    expect(brute[0]?.severity).toBe('medium');
    expect(brute[0]?.evidence.lockouts).toHaveLength(1);
    await store(ctx, [ev({ ts: at('10:15'), user, ip: '203.0.113.50' })]);
    await runDetections(ctx, period);
    brute = (await listAlerts(ctx)).filter((a) => a.type === 'brute_force');
    expect(brute).toHaveLength(1);
    expect(brute[0]?.severity).toBe('high');
  });
});
