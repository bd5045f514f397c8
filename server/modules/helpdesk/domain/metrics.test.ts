import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { addCalendarEntry } from '../../calendar/index.ts';
import { sameTermLastYear, termLabelOf } from './metric-periods.ts';
import { getHelpdeskMetrics, listMetricTickets, metricsCsv } from './metrics-read.ts';
import { recomputeSla } from './sla-recompute.ts';
import { CAL1 } from './test-fixtures.ts';
import { type SeededWeek, seedWeek } from './test-seed-week.ts';
import { raiseTicket } from './ticket-actions.ts';
import { getTicket } from './ticket-view.ts';

const WEEK = { from: '2026-11-09', to: '2026-11-15' };

describeEachDatabase('help desk metrics on the hand-computed week (research §9 E)', (t) => {
  let seed: SeededWeek;
  beforeAll(async () => {
    seed = await seedWeek(t);
    seed.clock.set('2026-11-20T12:00:00Z');
  });

  it('AT-24: every figure of the week equals the hand-computed value', async () => {
    const { metrics: m, sites } = await getHelpdeskMetrics(seed.ctx(), WEEK);
    expect(m).toMatchObject({ created: 7, merged: 1, resolved: 5, openAtStart: 0, openAtEnd: 2, netFlow: 2 });
    expect(m.firstResponse).toMatchObject({ n: 6, median: 45, mean: 95 });
    expect(m.awaitingFirstResponse).toBe(1);
    expect(m.resolution).toMatchObject({ n: 5, median: 90, mean: 124 });
    expect(m.reopened).toBe(1);
    expect(m.reopenRate).toBeCloseTo(0.2, 10);
    expect(m.oneTouch).toBe(2);
    expect(m.oneTouchRate).toBeCloseTo(0.4, 10);
    expect(m.responseSla).toMatchObject({ met: 5, breached: 1, pending: 1 });
    expect(m.responseSla.breachRate).toBeCloseTo(1 / 6, 10);
    expect(m.resolutionSla).toMatchObject({ met: 5, breached: 1, pending: 1 });
    expect(m.resolutionSla.breachRate).toBeCloseTo(1 / 6, 10);
    expect(m.satisfaction).toMatchObject({ sent: 5, answered: 3, positive: 2, low: 1 });
    expect(m.satisfaction.responseRate).toBeCloseTo(0.6, 10);
    expect(m.satisfaction.average).toBeCloseTo(11 / 3, 10);
    expect(m.satisfaction.positiveShare).toBeCloseTo(2 / 3, 10);
    expect(m.kudos.map((k) => k.comment)).toEqual(['Thanks, Wi-Fi works in the library now!']);
    expect(m.byCategory).toEqual([
      { category: 'Wi-Fi', created: 3 },
      { category: 'Printing', created: 2 },
      { category: 'Accounts', created: 1 },
      { category: 'AV', created: 1 },
    ]);
    expect(m.bySite.map((s, i) => [sites[i]?.name, s.created])).toEqual([
      ['Senior', 4],
      ['Prep', 3],
    ]);
    // The p90s by nearest rank (the ceil(0.9 n)-th value): first response [10,20,30,60,90,360] -> 6th = 360;
    // resolution [20,90,90,120,300] -> 5th = 300.
    expect(m.firstResponse.p90).toBe(360);
    expect(m.resolution.p90).toBe(300);
  });

  it('AT-24: the single tickets behind the figures are the ones the table names', async () => {
    const { metrics: m } = await getHelpdeskMetrics(seed.ctx(), WEEK);
    const { ids } = seed;
    const set = (key: string) => new Set(m.drill[key]);
    expect(set('resolved')).toEqual(new Set([ids.A, ids.B, ids.C, ids.D, ids.H]));
    expect(set('openAtEnd')).toEqual(new Set([ids.E, ids.F]));
    expect(set('responseSla:breached')).toEqual(new Set([ids.E]));
    expect(set('responseSla:pending')).toEqual(new Set([ids.F]));
    expect(set('oneTouch')).toEqual(new Set([ids.A, ids.H]));
    expect(set('reopened')).toEqual(new Set([ids.D]));
    expect(set('merged')).toEqual(new Set([ids.G]));
    // F's response is due Monday 16 Nov 09:45 (15 minutes on Friday, 105 on Monday).
    seed.clock.set('2026-11-13T17:00:00Z');
    const f = await getTicket(seed.ctx(seed.agent), ids.F);
    expect(f.sla?.responseDueAt).toBe('2026-11-16T09:45:00.000Z');
    seed.clock.set('2026-11-20T12:00:00Z');
  });

  it('AT-26: each figure drills down to a list of exactly that many tickets', async () => {
    const { metrics: m } = await getHelpdeskMetrics(seed.ctx(), WEEK);
    const figures: [string, number][] = [
      ['created', m.created],
      ['merged', m.merged],
      ['resolved', m.resolved],
      ['openAtEnd', m.openAtEnd],
      ['firstResponse', m.firstResponse.n],
      ['awaitingFirstResponse', m.awaitingFirstResponse],
      ['resolution', m.resolution.n],
      ['reopened', m.reopened],
      ['oneTouch', m.oneTouch],
      ['responseSla:breached', m.responseSla.breached],
      ['resolutionSla:met', m.resolutionSla.met],
      ['surveysSent', m.satisfaction.sent],
      ['surveysAnswered', m.satisfaction.answered],
      ['category:Wi-Fi', 3],
      [`site:${seed.schools.senior}`, 4],
    ];
    for (const [metric, n] of figures) {
      const list = await listMetricTickets(seed.ctx(seed.agent), { ...WEEK, metric });
      expect(list.tickets, metric).toHaveLength(n);
    }
  });

  it('AT-25: the CSV carries the same numbers, and they survive a rebuild of the cached SLA columns', async () => {
    const report = await getHelpdeskMetrics(seed.ctx(), WEEK);
    const csv = metricsCsv(report);
    expect(csv).toContain('created,7\r\n');
    expect(csv).toContain('first response median (working min),45\r\n');
    expect(csv).toContain('resolution mean (working min),124\r\n');
    expect(csv).toContain('response SLA breach rate %,16.7\r\n');
    expect(csv).toContain('satisfaction average,3.67\r\n');
    expect(csv).toContain('satisfaction 4-5 %,66.7\r\n');
    await t
      .database()
      .db.execute(
        sql`UPDATE helpdesk_tickets SET response_due_at = NULL, resolution_due_at = NULL, first_response_at = NULL, sla_fingerprint = NULL`,
      );
    expect(await recomputeSla(seed.ctx())).toBe(2);
    const again = await getHelpdeskMetrics(seed.ctx(), WEEK);
    expect(metricsCsv(again)).toBe(csv);
  });

  it('AT-22: a closure day added afterwards moves due dates and past metrics, on the ticket and in the report alike', async () => {
    seed.clock.set('2026-11-12T16:00:00Z');
    const before = await getTicket(seed.ctx(seed.agent), seed.ids.E);
    expect(before.sla?.resolutionDueAt).toBe('2026-11-12T17:00:00.000Z');
    seed.clock.set('2026-11-20T12:00:00Z');
    // The school closes on Friday 13 Nov after the fact (a power cut): E's clock did not run then.
    await addCalendarEntry(seed.ctx(), {
      kind: 'closure',
      name: 'Power cut',
      startsOn: '2026-11-13',
      endsOn: '2026-11-13',
      schoolId: null,
    });
    expect(await recomputeSla(seed.ctx())).toBe(2);
    const rows = await t.database().db.execute(sql`SELECT resolution_due_at FROM helpdesk_tickets WHERE id = ${seed.ids.F}`);
    // F was raised at 16:45 on what is now a closed day: 540 minutes on Monday, the other 420 by Tuesday 15:00.
    const due = new Date((rows as unknown as { rows: { resolution_due_at: Date }[] }).rows[0]?.resolution_due_at as Date);
    expect(due.toISOString()).toBe('2026-11-17T15:00:00.000Z');
    const f = await getTicket(seed.ctx(seed.agent), seed.ids.F);
    expect(f.sla?.resolutionDueAt).toBe(due.toISOString());
    const { metrics: m } = await getHelpdeskMetrics(seed.ctx(), WEEK);
    // E's clock now stops at exactly 480 on Thursday (Friday closed): on target, so pending rather than breached.
    expect(m.resolutionSla).toMatchObject({ breached: 0, pending: 2, met: 5 });
  });

  it('AT-27: months are Europe/London months, so late-night tickets across the clock changes fall in the right one', async () => {
    for (const at of ['2026-09-30T23:30:00Z', '2026-10-31T23:30:00Z', '2026-11-01T00:30:00Z']) {
      seed.clock.set(at);
      await raiseTicket(seed.ctx(seed.agent), { subject: `Night ticket ${at}`, description: 'x', category: 'Other' });
    }
    seed.clock.set('2026-11-20T12:00:00Z');
    const { series } = await getHelpdeskMetrics(seed.ctx(), { from: '2026-09-01', to: '2026-11-08', bucket: 'month' });
    expect(series.map((s) => [s.key, s.created])).toEqual([
      ['2026-09', 0],
      ['2026-10', 2],
      ['2026-11', 1],
    ]);
    expect(series[1]).toMatchObject({ from: '2026-09-30T23:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
  });
});

describe('metric buckets', () => {
  it('AT-28: term buckets name terms, half-terms and holidays; same term last year is found', () => {
    expect(termLabelOf(CAL1, '2026-10-15')).toBe('Autumn 2026');
    expect(termLabelOf(CAL1, '2026-10-27')).toBe('Autumn half-term 2026');
    expect(termLabelOf(CAL1, '2026-12-20')).toBe('Christmas holiday 2026');
    expect(termLabelOf(CAL1, '2027-01-02')).toBe('Christmas holiday 2026');
    expect(termLabelOf(CAL1, '2027-01-10')).toBe('Spring 2027');
    const autumn = CAL1.terms.find((x) => x.startsOn === '2026-09-03');
    expect(sameTermLastYear(CAL1, autumn as (typeof CAL1.terms)[number])).toMatchObject({
      startsOn: '2025-09-03',
      endsOn: '2025-12-12',
    });
  });
});
