import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { phishingRecipients } from '../db/tables.ts';
import { ADMIN, groupIdsOf, type Rig, scheduledCampaign, seedStaff, seedTerm, send, startRig, tokenOf } from '../test-rig.ts';
import { createCampaign, scheduleCampaign } from './campaigns.ts';
import { addExclusion } from './exclusions.ts';
import { listLures } from './lures.ts';
import { saveProfile } from './profiles.ts';
import { campaignStats } from './results.ts';
import { campaignPeople } from './views.ts';

const recipientsOf = (rig: Rig, campaignId: string) =>
  rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, campaignId));

describeEachDatabase('phishing: delivery (PH-01..PH-06, PH-15)', (t) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(t);
    await seedTerm(rig.ctx(ADMIN));
  });
  afterAll(() => rig.close());

  it('PH-01/02: 25 entries with one duplicate across groups give exactly 24 messages, each with one token of its own', async () => {
    rig.sink.messages.length = 0;
    const staff = await seedStaff(
      rig.ctx(ADMIN),
      { A: 12, B: 11 },
      { shared: [{ email: 'both.groups@school.example', groups: ['A', 'B'] }] },
    );
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('A'), staff.code('B')], lures: 2 });
    const other = await scheduledCampaign(rig, { groups: [staff.code('A')] });
    const result = await send(rig, campaignId);
    expect(result).toMatchObject({ total: 24, accepted: 24, failed: 0, pending: 0, state: 'live' });
    const mine = rig.sink.messages.filter((m) => m.mail.headers.get('x-simulation-id') === campaignId);
    expect(mine).toHaveLength(24);
    const rows = await recipientsOf(rig, campaignId);
    expect(rows.every((r) => r.status === 'accepted' && r.smtpAcceptedAt)).toBe(true);
    const tokens = new Set<string>();
    const ids = new Set<string>();
    for (const m of mine) {
      // RFC 5322 To is the recipient, and the envelope matches it.
      const to = (m.mail.to as { value: { address: string }[] }).value.map((v) => v.address.toLowerCase());
      expect(to).toEqual(m.rcptTo);
      ids.add(m.mail.messageId as string);
      const raw = m.raw.replace(/=\r?\n/g, '');
      const found = new Set(
        [...raw.matchAll(/\/(?:c|o|h)\/([A-Za-z0-9_-]{22,})/g)].map((x) => (x[1] as string).replace(/\.gif$/, '')),
      );
      expect(found.size).toBe(1);
      const token = [...found][0] as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      tokens.add(token);
      expect(rows.find((r) => r.email.toLowerCase() === to[0])?.token).toBe(token);
      // PH-02: the envelope sender is the profile's; the header names the campaign, not the person.
      expect(m.mailFrom).toBe('bounces@oakfie1d-school.example');
      expect(m.mail.headers.get('x-simulation-id')).toBe(campaignId);
      const person = rows.find((r) => r.email.toLowerCase() === to[0]);
      const headerText = m.raw.split(/\r?\n\r?\n/)[0] as string;
      const headersWithoutTo = headerText.split(/\r?\n(?=\S)/).filter((h) => !/^to:/i.test(h));
      expect(headersWithoutTo.join('\n')).not.toContain(person?.displayName.split(' ')[1] as string);
      expect(headersWithoutTo.join('\n')).not.toContain(token);
    }
    expect(tokens.size).toBe(24);
    expect(ids.size).toBe(24);
    const otherTokens = (await recipientsOf(rig, other.campaignId)).map((r) => r.token);
    expect(otherTokens.some((x) => tokens.has(x))).toBe(false);
  });

  it('PH-03: ten a minute for 30 recipients: no minute holds more than ten, the last goes after two minutes, in a seeded random order', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { R: 30 });
    const before = rig.sink.messages.length;
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('R')], perMinute: 10, seed: 7 });
    const start = rig.clock.now().getTime();
    await send(rig, campaignId);
    const rows = (await recipientsOf(rig, campaignId)).filter((r) => r.smtpAcceptedAt);
    expect(rows).toHaveLength(30);
    const times = rows.map((r) => (r.smtpAcceptedAt as Date).getTime() - start).sort((a, b) => a - b);
    for (const t0 of times) expect(times.filter((x) => x >= t0 && x < t0 + 60_000).length).toBeLessThanOrEqual(10);
    expect(times.at(-1)).toBeGreaterThanOrEqual(120_000);
    const order = rig.sink.messages.slice(before).map((m) => m.rcptTo[0]);
    const inputOrder = [...order].sort(
      (a, b) => Number(/\.(\d+)\./.exec(a as string)?.[1]) - Number(/\.(\d+)\./.exec(b as string)?.[1]),
    );
    expect(order).not.toEqual(inputOrder);
    // The same seed gives the same permutation.
    const byOrder = [...rows].sort((a, b) => a.sendOrder - b.sendOrder).map((r) => r.email);
    const again = await scheduledCampaign(rig, { groups: [staff.code('R')], perMinute: 0, seed: 7 });
    const byOrderAgain = (await recipientsOf(rig, again.campaignId))
      .sort((a, b) => a.sendOrder - b.sendOrder)
      .map((r) => r.email);
    expect(byOrderAgain).toEqual(byOrder);
  });

  it('PH-05: 451 twice then 250 is accepted after two retries with growing back-off; 550 fails once; others unaffected', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { F: 4 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('F')] });
    const rows = await recipientsOf(rig, campaignId);
    const [a, b] = rows.map((r) => r.email.toLowerCase()) as [string, string];
    rig.sink.script.set(a, [451, 451]);
    rig.sink.script.set(b, [550]);
    const result = await send(rig, campaignId);
    expect(result).toMatchObject({ total: 4, accepted: 3, failed: 1, pending: 0 });
    const after = await recipientsOf(rig, campaignId);
    const ra = after.find((r) => r.email.toLowerCase() === a);
    const rb = after.find((r) => r.email.toLowerCase() === b);
    expect(ra).toMatchObject({ status: 'accepted', attempts: 3 });
    expect(ra?.backoffs).toHaveLength(2);
    expect(ra?.backoffs[0]).toBeGreaterThanOrEqual(60);
    expect(ra?.backoffs[1]).toBeGreaterThanOrEqual(120);
    expect(rig.sink.attempts.filter((x) => x.to === b)).toHaveLength(1);
    expect(rb).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rb?.lastError).toMatch(/550/);
    // The failed recipient is in no denominator.
    const stats = await campaignStats(rig.ctx(), campaignId);
    expect(stats.overall.delivered).toBe(3);
    expect(stats.overall.reported.n).toBe(3);
    expect(stats.failed).toBe(1);
  });

  it('PH-04: sends keep to the send hours: what does not fit today waits for the next school day at the opening time', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { H: 10 });
    rig.clock.set('2026-11-17T09:00:00Z');
    const ctx = rig.ctx(ADMIN);
    const profile = await saveProfile(ctx, undefined, {
      name: `Slow ${Date.now()}`,
      host: '127.0.0.1',
      port: rig.sink.port,
      envelopeFrom: 'b@lookalike.example',
      perMinute: 2,
      jitterSeconds: 0,
    });
    const lure = (await listLures(ctx)).find((l) => !l.ethicsFlags.length && l.technique === 'link');
    const c = await createCampaign(ctx, {
      name: 'Send hours',
      lureIds: [lure?.id],
      groupIds: await groupIdsOf(ctx, [staff.code('H')]),
      profileId: profile.id,
      windowStart: '2026-11-17T09:00:00Z',
      windowEnd: '2026-11-19T16:00:00Z',
      sendFrom: '09:00',
      sendUntil: '09:03',
      spread: false,
    });
    await scheduleCampaign(ctx, c.id);
    await send(rig, c.id);
    const times = (await recipientsOf(rig, c.id)).map((r) => (r.smtpAcceptedAt as Date).toISOString()).sort();
    expect(times).toHaveLength(10);
    for (const t of times) expect(t.slice(11, 16) >= '09:00' && t.slice(11, 16) < '09:03').toBe(true);
    expect(times.filter((t) => t.startsWith('2026-11-17'))).toHaveLength(6);
    expect(times.filter((t) => t.startsWith('2026-11-18'))).toHaveLength(4);
  });

  it('PH-06: a send cut off after 5 of 20 resumes with exactly 15 more, none twice', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { K: 20 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('K')] });
    const before = rig.sink.messages.length;
    let seen = 0;
    // The process "dies" once five messages are accepted: the run stops and nothing in flight is answered.
    rig.sink.dropAfter = before + 5;
    await send(rig, campaignId, { shouldStop: () => rig.sink.messages.length - before >= 5 && ++seen > 0 });
    rig.sink.dropAfter = undefined;
    const first = rig.sink.messages.slice(before).map((m) => m.rcptTo[0]);
    expect(first).toHaveLength(5);
    const mid = await recipientsOf(rig, campaignId);
    expect(mid.filter((r) => r.status === 'accepted')).toHaveLength(5);
    // Restart: a new sender takes over once the dead one's lease has run out.
    rig.clock.advance(3 * 60_000);
    const result = await send(rig, campaignId);
    const all = rig.sink.messages.slice(before).map((m) => m.rcptTo[0]);
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
    expect(result).toMatchObject({ accepted: 20, pending: 0 });
  });

  it('PH-15: an exclusion added in flight cancels the pending send; the person is in no count', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { X: 6 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('X')] });
    const rows = await recipientsOf(rig, campaignId);
    const target = rows[0] as (typeof rows)[number];
    const r = await addExclusion(rig.ctx(ADMIN), { personId: target.personId, kind: 'wellbeing' });
    expect(r.cancelledSends).toBe(1);
    const before = rig.sink.messages.length;
    const result = await send(rig, campaignId);
    expect(result).toMatchObject({ total: 6, accepted: 5, excluded: 1 });
    expect(rig.sink.messages.slice(before).some((m) => m.rcptTo.includes(target.email.toLowerCase()))).toBe(false);
    // At scheduling an excluded person gets no row at all.
    const again = await scheduledCampaign(rig, { groups: [staff.code('X')] });
    const emails = (await recipientsOf(rig, again.campaignId)).map((x) => x.email);
    expect(emails).toHaveLength(5);
    expect(emails).not.toContain(target.email);
  });

  it('PH-22: 500 recipients with the rate limit off are all accepted in under a minute', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { P: 500 });
    const { campaignId } = await scheduledCampaign(rig, { groups: [staff.code('P')], lures: 3, profile: { maxConnections: 5 } });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = Date.now();
    const result = await send(rig, campaignId);
    clearInterval(sampler);
    expect(result.accepted).toBe(500);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect((rssPeak - rssBefore) / 2 ** 20).toBeLessThan(300);
    // The admin results API for it answers in under a second, a page at a time.
    const t0 = Date.now();
    const page = await campaignPeople(rig.ctx(ADMIN), campaignId, { limit: 100 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(page).toMatchObject({ total: 500 });
    expect(page.people).toHaveLength(100);
    expect(tokenOf(rig.sink.messages.at(-1) as never)).toMatch(/^[A-Za-z0-9_-]{24}$/);
  }, 90_000);
});
