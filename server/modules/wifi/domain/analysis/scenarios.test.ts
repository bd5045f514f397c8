import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../lib/test-db.ts';
import { addDays, zonedToUtc } from '../../../../lib/zoned-time.ts';
import { getWifiVerdict } from '../verdict.ts';
import { stableJson } from './format.ts';
import { loadFixturePlaces, loadScenario } from './scenario-loader.ts';
import { BUILDINGS, generateScenario, identityOf, macOf, type Plant, RANDOM_MACS, TZ } from './test-scenarios.ts';
import type { Finding, Verdict } from './types.ts';

/**
 * Research §8.2, B-1 to B-10 and B-12, end to end: each scenario is generated, imported through
 * the same staging, COPY and rollups as a file, and judged by the verdict use case from the
 * rollups, on PGlite and PostgreSQL. Each lives on its own Monday, five weeks from the next.
 */

const monday = (k: number) => addDays('2030-01-07', 35 * k);
const at = (day: string, hhmm: string) => zonedToUtc(day, hhmm, TZ).getTime();
const BAD_THREE = [11, 22, 33];
const ANON_MACS = ['02:5e:20:00:00:07', '16:5e:20:00:00:07', 'ea:5e:20:00:00:07'];
const hex = (n: number) => n.toString(16).padStart(2, '0');

const SCENARIOS: Record<string, { k: number; days?: number; plant: Plant }> = {
  b1: { k: 0, plant: { fail: ({ ap }) => (ap === 'AP-B2' ? { p: 0.8, stage: 'dhcp' } : undefined) } },
  b2: {
    k: 1,
    plant: {
      fail: ({ client }) => (BAD_THREE.includes(client) ? { p: 0.6, stage: 'assoc' } : undefined),
      apSet: (i) =>
        i === 11 ? ['AP-A1', 'AP-A2'] : i === 22 ? ['AP-A1', 'AP-B1', 'AP-B3'] : i === 33 ? ['AP-A1', 'AP-C1'] : undefined,
      attempts: (i) => (BAD_THREE.includes(i) ? 90 : undefined),
    },
  },
  b3: {
    k: 2,
    plant: {
      fail: ({ client, ap }) =>
        BAD_THREE.includes(client) ? { p: 0.6, stage: 'assoc' } : ap === 'AP-B2' ? { p: 0.8, stage: 'dhcp' } : undefined,
      apSet: (i) =>
        i === 11
          ? ['AP-A1', 'AP-A2', 'AP-B2']
          : i === 22
            ? ['AP-A1', 'AP-B1', 'AP-B3']
            : i === 33
              ? ['AP-A1', 'AP-C1']
              : undefined,
      attempts: (i) => (BAD_THREE.includes(i) ? 90 : undefined),
    },
  },
  // Issue 13 item 6: AP-B2 fails everyone at DHCP; pupil 55's device also fails at association, there
  // (where it makes most of its attempts) and at AP-C2; pupil 66 only ever uses AP-B2, 12 times.
  b13: {
    k: 11,
    plant: {
      fail: ({ client, ap, at: when }) =>
        client === 55
          ? ap === 'AP-B2' && Math.floor(when.getTime() / 1000) % 2 === 1
            ? { p: 0.8, stage: 'dhcp' }
            : { p: 0.6, stage: 'assoc' }
          : ap === 'AP-B2'
            ? { p: 0.8, stage: 'dhcp' }
            : undefined,
      apSet: (i) => (i === 55 ? [...Array(8).fill('AP-B2'), 'AP-C2'] : i === 66 ? ['AP-B2'] : undefined),
      attempts: (i) => (i === 55 ? 60 : i === 66 ? 12 : undefined),
    },
  },
  b4: { k: 3, plant: { fail: ({ ap }) => (BUILDINGS.B.includes(ap) ? { p: 0.25, stage: 'auth' } : undefined) } },
  b5: {
    k: 4,
    plant: {
      fail: ({ at: when }) => {
        const day = new Date(when).toISOString().slice(0, 10);
        return when.getTime() >= at(day, '10:00') && when.getTime() < at(day, '10:20') ? { p: 1, stage: 'dhcp' } : undefined;
      },
    },
  },
  b6: { k: 5, days: 5, plant: { extra: capacityPlant } },
  b7: {
    k: 6,
    plant: {
      samplesPerDay: 8,
      apSet: (i) => (i === 44 ? ['AP-A2'] : undefined),
      rssi: ({ client, ap, rng }) =>
        client === 44
          ? Math.round(rng.normal(-80, 1.5))
          : ap === 'AP-C1'
            ? Math.round(rng.chance(0.4) ? rng.normal(-80, 2) : rng.normal(-62, 3))
            : undefined,
    },
  },
  b8: {
    k: 7,
    plant: {
      model: (i) => (i % 12 === 5 && i < 480 ? 'Chromebook C340' : undefined),
      apSet: (i) =>
        i % 12 === 5 && i < 480 ? [[...BUILDINGS.A, ...BUILDINGS.B][(i >> 2) % 8] as string, 'AP-A1'].sort() : undefined,
      fail: ({ client }) => (client % 12 === 5 && client < 480 ? { p: 0.4, stage: 'assoc' } : undefined),
    },
  },
  b9: {
    k: 8,
    plant: {
      extra: ({ day, out }) => {
        for (let j = 0; j < 7; j++)
          out.attempts.push({
            ts: new Date(at(day, '11:00') + j * 60_000),
            ap: 'AP-C9',
            clientMac: macOf(j % 3),
            identity: identityOf(j % 3),
            stage: j < 3 ? 'dhcp' : 'connected',
            ok: j >= 3,
          });
      },
    },
  },
  b10: {
    k: 9,
    plant: {
      macs: (i) => (i === 7 ? RANDOM_MACS : undefined),
      attempts: (i) => (i === 7 ? 60 : undefined),
      fail: ({ client }) => (client === 7 ? { p: 0.6, stage: 'assoc' } : undefined),
    },
  },
  b10anon: {
    k: 10,
    plant: {
      withoutIdentities: true,
      macs: (i) => (i === 7 ? ANON_MACS : [`${i % 3 === 0 ? '0e' : '00'}:77:00:00:${hex(i >> 8)}:${hex(i & 255)}`]),
      attempts: (i) => (i === 7 ? 60 : undefined),
      fail: ({ client }) => (client === 7 ? { p: 0.6, stage: 'assoc' } : undefined),
    },
  },
};

/** B-6: AP-A3's load climbs to 60 devices and 75% utilisation over lunch, and its bad minutes with it; AP-A4 stays flat. */
function capacityPlant({ rng, day, out }: Parameters<NonNullable<Plant['extra']>>[0]): void {
  for (let t = at(day, '08:30'); t < at(day, '15:30'); t += 300_000) {
    const minutes = (t - at(day, '08:30')) / 60_000;
    const lunch = t >= at(day, '12:30') && t < at(day, '13:15');
    const load = lunch ? 60 : Math.round(18 + 8 * Math.sin(minutes / 40) ** 2 + rng.int(-2, 2));
    out.apSamples.push({ ts: new Date(t + 1000), ap: 'AP-A3', clientCount: load, channelUtil: lunch ? 75 : 25 + load / 2 });
    out.apSamples.push({ ts: new Date(t + 1000), ap: 'AP-A4', clientCount: 20, channelUtil: 30 });
    const bad = Math.min(0.9, 0.02 + 0.012 * Math.max(0, load - 15));
    for (let j = 0; j < load; j++) {
      out.clientSamples.push({
        ts: new Date(t + 2000 + j),
        ap: 'AP-A3',
        clientMac: macOf(j),
        identity: identityOf(j),
        rssi: -55,
        retryRate: rng.chance(bad) ? 0.4 : 0.05,
      });
      out.clientSamples.push({
        ts: new Date(t + 3000 + j),
        ap: 'AP-A4',
        clientMac: macOf(200 + j),
        identity: identityOf(200 + j),
        rssi: -55,
        retryRate: rng.chance(0.02) ? 0.4 : 0.05,
      });
    }
  }
}

const generals = (v: Verdict) => v.findings.filter((f) => f.kind === 'general');
const individuals = (v: Verdict) => v.findings.filter((f) => f.kind === 'individual');
const show = (v: Verdict) =>
  `${v.headline}\n${v.findings.map((f) => `${f.kind} ${f.scope} ${f.subject}: ${f.explanation}`).join('\n')}`;

describeEachDatabase('the Wi-Fi verdict on the research scenarios', (t) => {
  beforeAll(async () => {
    const ctx = t.ctx();
    await loadFixturePlaces(ctx, ['AP-C9']);
    for (const s of Object.values(SCENARIOS))
      await loadScenario(ctx, generateScenario(100 + s.k, monday(s.k), s.days ?? 1, s.plant));
  }, 240_000);
  const verdict = (name: string, scope?: string) => {
    const s = SCENARIOS[name] as { k: number; days?: number };
    return getWifiVerdict(t.ctx(), { from: monday(s.k), to: addDays(monday(s.k), (s.days ?? 1) - 1), scope });
  };

  it('B-1: one bad AP is general at that AP, with no device blamed', async () => {
    const v = await verdict('b1');
    expect(v.verdict, show(v)).toBe('general');
    expect(v.findings).toHaveLength(1);
    const f = v.findings[0] as Finding;
    expect([f.scope, f.subject, f.stage]).toEqual(['ap', 'AP-B2', 'dhcp']);
    expect(f.evidence.breadth as number).toBeGreaterThanOrEqual(0.9);
    expect(individuals(v)).toEqual([]);
  });

  it('B-2: three old devices are individual, and AP-A1 is not blamed for them', async () => {
    const v = await verdict('b2');
    expect(v.verdict, show(v)).toBe('individual');
    expect(generals(v)).toEqual([]);
    const f = individuals(v)[0] as Finding;
    expect(f.clients).toEqual(BAD_THREE.map((i) => ({ identity: identityOf(i), macs: [macOf(i, 101)] })));
    for (const d of f.evidence.devices as { ratio: number; aps: { failures: number }[] }[]) {
      expect(d.ratio).toBeGreaterThanOrEqual(3);
      expect(d.aps.filter((a) => a.failures > 0).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('B-2 narrowed to one access point: every figure is about that access point, one set of numbers', async () => {
    const whole = await verdict('b2');
    const devices = individuals(whole)[0]?.evidence.devices as { aps: { ap: string; failures: number }[] }[] | undefined;
    const ap = devices?.[0]?.aps.find((a) => a.failures > 0)?.ap as string;
    const v = await verdict('b2', `ap:${ap}`);
    const [part, all] = [v.summary as Record<string, number>, whole.summary as Record<string, number>];
    expect(part.aps).toBe(1);
    expect(all.aps).toBeGreaterThan(1);
    expect(part.attempts).toBeLessThan(all.attempts as number);
    expect(part.devices).toBeLessThan(all.devices as number);
    const f = individuals(v)[0] as Finding;
    // The subject and the explanation count the same devices: those seen at this access point.
    const n = f.clients.length;
    expect(f.subject).toBe(n === 1 ? '1 device' : `${n} devices`);
    expect(f.explanation.startsWith(n === 1 ? 'One device ' : `${n} devices `), f.explanation).toBe(true);
  });

  it('B-3: both together are mixed, and the devices are judged without AP-B2', async () => {
    const v = await verdict('b3');
    expect(v.verdict, show(v)).toBe('mixed');
    expect(generals(v).map((f) => [f.scope, f.subject])).toEqual([['ap', 'AP-B2']]);
    const f = individuals(v)[0] as Finding;
    expect(f.clients.map((c) => c.identity)).toEqual(BAD_THREE.map(identityOf));
    // AP-B2's DHCP fault explains its DHCP failures only: device 11's association failures there count.
    const first = (f.evidence.devices as { aps: { ap: string; failures: number }[]; stages: Record<string, number> }[])[0];
    expect(first?.aps.find((a) => a.ap === 'AP-B2')?.failures).toBeGreaterThan(0);
    expect(first?.stages.dhcp).toBe(0);
  });

  it('judges a device stage by stage: an AP failing everyone at DHCP hides no device failing at association (issue 13)', async () => {
    const v = await verdict('b13');
    expect(v.verdict, show(v)).toBe('mixed');
    expect(generals(v).map((f) => [f.scope, f.subject, f.stage])).toEqual([['ap', 'AP-B2', 'dhcp']]);
    const f = individuals(v)[0] as Finding;
    expect(f.clients.map((c) => c.identity)).toEqual([identityOf(55)]);
    const d = (f.evidence.devices as { stage: string; stages: Record<string, number>; aps: { ap: string }[] }[])[0];
    expect([d?.stage, d?.stages.dhcp, d?.aps.map((a) => a.ap)]).toEqual(['assoc', 0, ['AP-B2', 'AP-C2']]);
    // Pupil 66's 12 attempts, all at AP-B2, leave fewer than 10 once its DHCP failures are set aside
    // (at 80%, about 2 or 3): not judged, and said. Counted here from the records themselves.
    const records = generateScenario(111, monday(11), 1, SCENARIOS.b13?.plant);
    const per = new Map<string, { n: number; dhcpAtB2: number }>();
    for (const a of records.attempts) {
      const e = per.get(a.identity as string) ?? { n: 0, dhcpAtB2: 0 };
      e.n++;
      if (a.ap === 'AP-B2' && a.stage === 'dhcp') e.dhcpAtB2++;
      per.set(a.identity as string, e);
    }
    const unjudged = [...per.values()].filter((e) => e.n >= 10 && e.n - e.dhcpAtB2 < 10).length;
    expect(unjudged).toBeGreaterThanOrEqual(1);
    expect(per.get(identityOf(66) as string)?.n).toBe(12);
    expect(v.notes).toContainEqual(
      `${unjudged === 1 ? '1 device was' : `${unjudged} devices were`} not judged: once the failures an outage or an access point's own fault explains were set aside, ${unjudged === 1 ? 'it had' : 'each had'} fewer than 10 attempts left. A pupil who complains may be among them: look at their device's page.`,
    );
  });

  it('B-4: a building-wide problem is one building finding with its APs as members', async () => {
    const v = await verdict('b4');
    expect(v.verdict, show(v)).toBe('general');
    expect(v.findings.map((f) => [f.scope, f.subject, f.stage])).toEqual([['building', 'B', 'auth']]);
    expect((v.findings[0] as Finding).evidence.members).toEqual(BUILDINGS.B);
  });

  it('B-5: a site outage burst is general at the site, in its window, attributed to DHCP', async () => {
    const v = await verdict('b5');
    expect(v.verdict, show(v)).toBe('general');
    expect(v.findings).toHaveLength(1);
    const f = v.findings[0] as Finding;
    expect([f.scope, f.subject, f.stage, f.evidence.window, f.evidence.attributedTo]).toEqual([
      'site',
      'main',
      'dhcp',
      '10:00–10:20',
      'core services (DHCP)',
    ]);
  });

  it('B-6: capacity at AP-A3 with rho of at least 0.5, and nothing at the flat control AP', async () => {
    const v = await verdict('b6');
    expect(v.verdict, show(v)).toBe('general');
    expect(v.findings.map((f) => [f.scope, f.subject, f.evidence.metric])).toEqual([['ap', 'AP-A3', 'capacity']]);
    const e = (v.findings[0] as Finding).evidence;
    expect(e.rho as number).toBeGreaterThanOrEqual(0.5);
    expect([e.peakWindow, e.peakClients, e.peakUtil]).toEqual(['12:30–13:15', 60, 75]);
  });

  it('B-7: a coverage hole at AP-C1, and one weak device on AP-A2', async () => {
    const v = await verdict('b7');
    expect(v.verdict, show(v)).toBe('mixed');
    expect(generals(v).map((f) => [f.scope, f.subject, f.evidence.metric])).toEqual([['ap', 'AP-C1', 'coverage']]);
    const f = individuals(v)[0] as Finding;
    expect([f.evidence.metric, f.clients]).toEqual(['weak-signal', [{ identity: identityOf(44), macs: [macOf(44, 106)] }]]);
  });

  it('B-8: a device class, not 40 individuals and not general', async () => {
    const v = await verdict('b8');
    expect(v.verdict, show(v)).toBe('device-class');
    expect(v.findings.map((f) => [f.kind, f.subject])).toEqual([['device-class', 'Chromebook C340']]);
    expect((v.findings[0] as Finding).evidence.devices).toBe(40);
  });

  it('B-9: pure noise is no issue, and an AP with 7 attempts from 3 devices is insufficient data', async () => {
    const v = await verdict('b9');
    expect(v.verdict, show(v)).toBe('no-issue');
    expect(v.findings).toEqual([]);
    const c9 = await verdict('b9', 'ap:AP-C9');
    expect(c9.verdict).toBe('insufficient-data');
    expect(c9.findings.map((f) => [f.kind, f.scope, f.subject, f.evidence.attempts, f.evidence.devices])).toEqual([
      ['insufficient-data', 'ap', 'AP-C9', 7, 3],
    ]);
  });

  it('B-10: three randomised MACs under one identity are one person; without identities a note says so', async () => {
    const v = await verdict('b10');
    expect(v.verdict, show(v)).toBe('individual');
    expect((individuals(v)[0] as Finding).clients).toEqual([{ identity: identityOf(7), macs: [...RANDOM_MACS].sort() }]);
    const anon = await verdict('b10anon');
    expect(anon.notes.join(' ')).toContain('Device identity unstable');
    expect((individuals(anon)[0] as Finding).clients.map((c) => [c.identity, c.macs])).toEqual(ANON_MACS.map((m) => [null, [m]]));
  });

  it('B-12: the same data gives byte-identical findings, equal to the golden file', async () => {
    const a = stableJson(await verdict('b3'));
    const b = stableJson(await verdict('b3'));
    expect(a).toBe(b);
    const golden = path.resolve('server/modules/wifi/domain/analysis/golden/b3-verdict.txt');
    // biome-ignore lint/style/noProcessEnv: the test's own switch to rewrite the golden file
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, `${a}\n`);
    expect(`${a}\n`).toBe(readFileSync(golden, 'utf8'));
  });
});
