import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { listAuditEvents } from '../../audit/index.ts';
import { trustedNetworksSetting } from '../../security/index.ts';
import { setSetting } from '../../settings/index.ts';
import { phishingInteractions, phishingRecipients } from '../db/tables.ts';
import { ADMIN, type Rig, scheduledCampaign, seedStaff, seedTerm, send, startRig } from '../test-rig.ts';
import { archiveCampaign, closeCampaign, listInteractions, overrideInteraction } from './lifecycle.ts';
import { campaignStats, loadOutcomes } from './results.ts';

type R = typeof phishingRecipients.$inferSelect;

describeEachDatabase('phishing: tracking and classification (PH-07..PH-11, PH-13, PH-17)', (t) => {
  let rig: Rig;
  let n = 0;
  beforeAll(async () => {
    rig = await startRig(t);
    await seedTerm(rig.ctx(ADMIN));
    await setSetting(rig.ctx(ADMIN), [trustedNetworksSetting], trustedNetworksSetting.key, { value: ['198.51.100.0/24'] });
  });
  afterAll(() => rig.close());

  /** A delivered campaign to `size` people; its recipients in send order. */
  async function delivered(size: number): Promise<{ campaignId: string; people: R[] }> {
    const staff = await seedStaff(rig.ctx(ADMIN), { [`G${++n}`]: size });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code(`G${n}`)] });
    await send(rig, campaignId);
    const people = await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId));
    return { campaignId, people: people.sort((a, b) => a.sendOrder - b.sendOrder) };
  }
  const interactionsOf = async (campaignId: string) => listInteractions(rig.ctx(ADMIN), campaignId, { limit: 1000 });
  const outcomeOf = async (campaignId: string, id: string) =>
    (await loadOutcomes(rig.ctx(), campaignId)).find((o) => o.id === id);

  it('PH-07: the pixel is a tiny uncached GIF; opens are kept but change nothing; unknown tokens store nothing; HEAD is a machine', async () => {
    const { campaignId, people } = await delivered(3);
    const r = people[0] as R;
    rig.clock.advance(10 * 60_000);
    const res = await rig.hit('GET', `/o/${r.token}.gif`, { ip: '203.0.113.7' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await res.arrayBuffer()).byteLength).toBeLessThanOrEqual(100);
    const before = await outcomeOf(campaignId, r.id);
    await rig.hit('GET', `/o/${r.token}.gif`, { ip: '203.0.113.7' });
    expect((await interactionsOf(campaignId)).filter((i) => i.kind === 'open')).toHaveLength(2);
    expect(await outcomeOf(campaignId, r.id)).toEqual(before);
    expect(before?.outcome).toBe('no_action');
    const all = await rig.ctx().db.select().from(phishingInteractions);
    const unknown = await rig.hit('GET', '/o/AAAAAAAAAAAAAAAAAAAAAAAA.gif');
    expect(unknown.status).toBe(404);
    expect(await rig.ctx().db.select().from(phishingInteractions)).toHaveLength(all.length);
    const head = await rig.hit('HEAD', `/o/${r.token}.gif`, { ip: '203.0.113.7' });
    expect(head.status).toBe(200);
    const last = (await interactionsOf(campaignId)).at(-1);
    expect(last).toMatchObject({ kind: 'open', method: 'HEAD', classification: 'automated' });
    expect(last?.evidence.map((e) => e.code)).toContain('method_head');
  });

  it('PH-08: a browser click ten minutes on is probably a person; the page beacon confirms it', async () => {
    const { campaignId, people } = await delivered(2);
    const r = people[0] as R;
    rig.clock.advance(10 * 60_000);
    const res = await rig.hit('GET', `/c/${r.token}`, { ip: '203.0.113.7' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('practice phishing email');
    expect((await interactionsOf(campaignId)).at(-1)).toMatchObject({ kind: 'click', classification: 'likely_human' });
    expect((await outcomeOf(campaignId, r.id))?.clickClass).toBe('likely_human');
    rig.clock.advance(4000);
    const b = await rig.hit('POST', `/b/${r.token}`, {
      ip: '203.0.113.7',
      body: JSON.stringify({ interaction: 'pointer' }),
      type: 'application/json',
    });
    expect(b.status).toBe(204);
    const o = await outcomeOf(campaignId, r.id);
    expect(o?.clickClass).toBe('human_confirmed');
    expect(o?.firstHumanClickAt).not.toBeNull();
    expect(o?.outcome).toBe('clicked');
  });

  it('PH-09: scanners are flagged with their evidence and left out; school egress is not a fan-out', async () => {
    const { campaignId, people } = await delivered(14);
    const p = people as R[];
    const t0 = ((p[0] as R).smtpAcceptedAt as Date).getTime();
    // (c) 1.5 s after acceptance, from the scanner network.
    rig.clock.set(new Date(t0 + 1500));
    await rig.hit('GET', `/c/${p[2]?.token}`, { ip: '40.94.12.7' });
    rig.clock.set(new Date(t0 + 15 * 60_000));
    // (a) HEAD; (b) a program.
    await rig.hit('HEAD', `/c/${p[0]?.token}`, { ip: '203.0.113.20' });
    await rig.hit('GET', `/c/${p[1]?.token}`, { ip: '203.0.113.21', ua: 'python-requests/2.31' });
    // (d) one outside address, three people's links in ten seconds.
    for (const [i, x] of [p[3], p[4], p[5]].entries()) {
      rig.clock.set(new Date(t0 + 20 * 60_000 + i * 3000));
      await rig.hit('GET', `/c/${x?.token}`, { ip: '198.18.0.9' });
    }
    // (e) a click, then the honeypot 20 s later, then another click 40 s after that, all one address.
    rig.clock.set(new Date(t0 + 30 * 60_000));
    await rig.hit('GET', `/c/${p[6]?.token}`, { ip: '192.0.2.50' });
    rig.clock.advance(20_000);
    await rig.hit('GET', `/h/${p[7]?.token}`, { ip: '192.0.2.50' });
    rig.clock.advance(40_000);
    await rig.hit('GET', `/c/${p[7]?.token}`, { ip: '192.0.2.50' });
    // Control: three people clicking through the school's own egress within ten seconds.
    for (const [i, x] of [p[8], p[9], p[10]].entries()) {
      rig.clock.set(new Date(t0 + 40 * 60_000 + i * 2000));
      await rig.hit('GET', `/c/${x?.token}`, { ip: '198.51.100.20' });
    }
    const all = await interactionsOf(campaignId);
    const codes = (x: R | undefined) =>
      all.filter((i) => i.recipientId === x?.id).map((i) => [i.classification, ...i.evidence.map((e) => e.code)]);
    expect(codes(p[0])[0]).toEqual(expect.arrayContaining(['automated', 'method_head']));
    expect(codes(p[1])[0]).toEqual(expect.arrayContaining(['automated', 'bot_user_agent']));
    expect(codes(p[2])[0]).toEqual(expect.arrayContaining(['automated', 'fast_after_delivery', 'scanner_ip']));
    for (const x of [p[3], p[4], p[5]]) expect(codes(x)[0]).toEqual(expect.arrayContaining(['automated', 'ip_fanout']));
    expect(codes(p[6])[0]).toEqual(expect.arrayContaining(['automated', 'honeypot']));
    expect(codes(p[7])).toHaveLength(2);
    for (const c of codes(p[7])) expect(c).toEqual(expect.arrayContaining(['automated', 'honeypot']));
    for (const x of [p[8], p[9], p[10]]) {
      expect(codes(x)[0]?.[0]).toBe('likely_human');
      expect(codes(x)[0]).not.toContain('ip_fanout');
    }
    const stats = await campaignStats(rig.ctx(), campaignId);
    expect(stats.overall.excludedAutomated).toBe(9);
    expect(stats.overall.humanClicked).toMatchObject({ k: 3, n: 14 });
    for (const x of p.slice(0, 8)) expect((await outcomeOf(campaignId, x.id))?.firstHumanClickAt).toBeNull();
  });

  it('PH-10 and PH-17: a report is a POST (204), recognised before any click; the report button opening the link 40 s later is a machine', async () => {
    const { campaignId, people } = await delivered(3);
    const c = people[0] as R;
    rig.clock.advance(12 * 60_000);
    const get = await rig.hit('GET', `/r/${c.token}`, { ip: '203.0.113.9' });
    expect(get.status).toBe(405);
    expect((await interactionsOf(campaignId)).filter((i) => i.kind === 'report')).toHaveLength(0);
    const post = await rig.hit('POST', `/r/${c.token}`, { ip: '203.0.113.9' });
    expect(post.status).toBe(204);
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
    rig.clock.advance(40_000);
    await rig.hit('GET', `/c/${c.token}`, { ip: '40.107.3.4' });
    const click = (await interactionsOf(campaignId)).filter((i) => i.kind === 'click').at(-1);
    expect(click?.classification).toBe('automated');
    expect(click?.evidence.map((e) => e.code)).toContain('post_report_detonation');
    const o = await outcomeOf(campaignId, c.id);
    expect(o).toMatchObject({ reportedBeforeClick: true, firstHumanClickAt: null, outcome: 'recognised' });
  });

  it('PH-11: an override needs a reason, records who and when, recomputes the figures and is in the audit log', async () => {
    const { campaignId, people } = await delivered(2);
    const r = people[0] as R;
    rig.clock.advance(10 * 60_000);
    await rig.hit('GET', `/c/${r.token}`, { ip: '203.0.113.30', ua: 'python-requests/2.31' });
    const [i] = await interactionsOf(campaignId);
    expect((await campaignStats(rig.ctx(), campaignId)).overall.humanClicked.k).toBe(0);
    await expect(
      overrideInteraction(rig.ctx(ADMIN), i?.id as number, { classification: 'human_confirmed', reason: '' }),
    ).rejects.toThrow(/reason/);
    await overrideInteraction(rig.ctx(ADMIN), i?.id as number, {
      classification: 'human_confirmed',
      reason: 'Confirmed with the teacher: she opened it from a script she was testing',
    });
    const after = (await interactionsOf(campaignId))[0];
    expect(after).toMatchObject({ classification: 'human_confirmed', overriddenBy: ADMIN.email });
    expect(after?.overrideReason).toContain('script she was testing');
    expect((await campaignStats(rig.ctx(), campaignId)).overall.humanClicked.k).toBe(1);
    const audit = await listAuditEvents(rig.ctx(ADMIN), { limit: 20 });
    expect(audit.find((e) => e.action === 'phishing.interaction_reclassified')).toMatchObject({
      actor: ADMIN.email,
      targetId: String(i?.id),
    });
  });

  it('PH-13: URLs carry only the token; after close and archive the page still answers and events are kept as late', async () => {
    const { campaignId, people } = await delivered(2);
    const r = people[0] as R;
    const m = rig.sink.messages.find((x) => x.rcptTo.includes(r.email.toLowerCase()));
    const urls = [...(m?.raw.replace(/=\r?\n/g, '') ?? '').matchAll(/https?:\/\/[^\s"'<>]+/g)].map((x) => x[0]);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) {
      expect(u).not.toMatch(/@|%40/);
      expect(u.toLowerCase()).not.toContain(r.displayName.split(' ')[1]?.toLowerCase() as string);
      expect(u).not.toContain('Test%20campaign');
      expect(new URL(u).search).toBe('');
    }
    await closeCampaign(rig.ctx(ADMIN), campaignId);
    await archiveCampaign(rig.ctx(ADMIN), campaignId);
    const before = await campaignStats(rig.ctx(), campaignId);
    rig.clock.advance(60 * 60_000);
    const res = await rig.hit('GET', `/c/${r.token}`, { ip: '203.0.113.40' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('practice phishing email');
    const late = await interactionsOf(campaignId);
    expect(late.at(-1)).toMatchObject({ kind: 'click', late: true });
    const after = await campaignStats(rig.ctx(), campaignId);
    expect(after.overall).toEqual(before.overall);
  });
});
