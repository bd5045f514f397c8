import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { BRIEFING_FEEDS } from '../../briefings/index.ts';
import { phishingRecipients } from '../db/tables.ts';
import { ADMIN, type Rig, scheduledCampaign, seedStaff, seedTerm, send, startRig } from '../test-rig.ts';

/**
 * The weekly briefing reads the phishing module through `readPhishingSummary` only: this drives a
 * real campaign (sent to the loopback sink, clicked and reported over HTTP) and reads the
 * briefing's phishing feed for that week. The counts are by hand: 10 delivered, 4 reported
 * without clicking, 3 other people clicked.
 */
describeEachDatabase('phishing: what the weekly briefing says', (t) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(t);
    await seedTerm(rig.ctx(ADMIN));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('names a campaign that started this week with its counts, and only counts one under the threshold', async () => {
    const staff = await seedStaff(rig.ctx(ADMIN), { Office: 10, Tiny: 4 });
    const big = await scheduledCampaign(rig, { groups: [staff.code('Office')] });
    await send(rig, big.campaignId);
    const small = await scheduledCampaign(rig, { groups: [staff.code('Tiny')] });
    await send(rig, small.campaignId);
    const { eq } = await import('drizzle-orm');
    const people = (
      await rig.ctx().db.select().from(phishingRecipients).where(eq(phishingRecipients.campaignId, big.campaignId))
    ).sort((a, b) => a.sendOrder - b.sendOrder);
    expect(people).toHaveLength(10);
    rig.clock.advance(15 * 60_000);
    for (const [i, p] of people.slice(0, 3).entries()) await rig.hit('GET', `/c/${p.token}`, { ip: `203.0.113.${40 + i}` });
    for (const [i, p] of people.slice(3, 7).entries()) await rig.hit('POST', `/r/${p.token}`, { ip: `203.0.113.${50 + i}` });

    const feed = BRIEFING_FEEDS.find((f) => f.id === 'phishing');
    if (!feed) throw new Error('no phishing feed');
    const now = rig.clock.now();
    const result = await feed.load(rig.ctx(ADMIN), {
      week: '2026-W47',
      from: '2026-11-16',
      to: '2026-11-22',
      start: new Date('2026-11-16T00:00:00Z'),
      end: new Date('2026-11-23T00:00:00Z'),
      asOf: now,
      lastSchoolDay: '2026-11-20',
      aheadFrom: '2026-11-21',
      aheadTo: '2026-11-29',
      termWeek: null,
      schools: [],
      briefingId: 'test',
      once: (_key, load) => load(),
    });
    const lines = (result?.markdown ?? '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^- Started Mon 16 Nov: \[Test campaign \d+\]\(\/phishing\/campaigns\/[0-9a-f-]{36}\)\. 10 messages delivered; 4 of 10 reported, 4 of 10 before anyone clicked, 3 of 10 clicked so far\.$/,
    );
    expect(lines[0]).toContain(`(/phishing/campaigns/${big.campaignId})`);
    expect(lines[1]).toBe('- 1 smaller campaign (under 5 people) in the last 90 days is not listed.');
    // Nobody is named: no address of anyone it went to.
    for (const p of people) expect(result?.markdown).not.toContain(p.email);

    // A week with no campaign says nothing, so the briefing leaves it out.
    const quiet = await feed.load(rig.ctx(ADMIN), {
      week: '2026-W40',
      from: '2026-09-28',
      to: '2026-10-04',
      start: new Date('2026-09-27T23:00:00Z'),
      end: new Date('2026-10-04T23:00:00Z'),
      asOf: new Date('2026-10-04T23:00:00Z'),
      lastSchoolDay: '2026-10-02',
      aheadFrom: '2026-10-03',
      aheadTo: '2026-10-11',
      termWeek: null,
      schools: [],
      briefingId: 'test',
      once: (_key, load) => load(),
    });
    expect(quiet).toBeNull();
  });
});
