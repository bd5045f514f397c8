import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { readIncidentActivity } from './incident-activity.ts';
import { createIncident, recordIcoDecision, updateIncident } from './incidents.ts';

/** Week 47 of 2026 (16-22 November), GMT: four incidents placed by hand around it. */
describeEachDatabase('incident activity in a window', (t) => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const at = (now: string) => t.ctx(undefined, now);
    const add = async (key: string, now: string, aware: string, personalData: boolean) => {
      ids[key] = (
        await createIncident(at(now), {
          title: `Title of ${key} never shown`,
          category: key === 'a' ? 'phishing' : 'data_loss',
          severity: key === 'a' ? 'high' : 'medium',
          becameAwareAt: aware,
          personalData,
        })
      ).id;
    };
    // a: aware Monday, closed Wednesday, no personal data.
    await add('a', '2026-11-16T09:30:00Z', '2026-11-16T09:00:00Z', false);
    await updateIncident(at('2026-11-18T15:00:00Z'), ids.a as string, { status: 'closed' });
    // b: aware the Friday before, deadline Monday 10:00, reported Monday 16:00 (late).
    await add('b', '2026-11-13T10:30:00Z', '2026-11-13T10:00:00Z', true);
    await recordIcoDecision(at('2026-11-16T16:00:00Z'), ids.b as string, { decision: 'reported', reference: 'ICO-1' });
    // c: aware Sunday 22nd 20:00: deadline Wednesday 25th, after the window but within 7 days, still pending.
    await add('c', '2026-11-22T20:30:00Z', '2026-11-22T20:00:00Z', true);
    // d: aware the week after: not in it at all.
    await add('d', '2026-11-24T09:30:00Z', '2026-11-24T09:00:00Z', false);
  });

  it('lists what was opened and closed, the ICO deadlines, and what was open at the end, by reference only', async () => {
    const got = await readIncidentActivity(t.ctx(undefined, '2026-11-23T09:00:00Z'), { from: '2026-11-16', to: '2026-11-22' });
    expect(got.opened.map((i) => [i.ref, i.category, i.severity, i.openedAt])).toEqual([
      ['INC-2026-001', 'phishing', 'high', '2026-11-16T09:00:00.000Z'],
      ['INC-2026-003', 'data_loss', 'medium', '2026-11-22T20:00:00.000Z'],
    ]);
    expect(got.closed.map((i) => [i.ref, i.closedAt, i.url])).toEqual([
      ['INC-2026-001', '2026-11-18T15:00:00.000Z', `/incidents?open=${ids.a}`],
    ]);
    expect(got.icoDeadlines.map((d) => [d.ref, d.deadline, d.decision, d.met])).toEqual([
      ['INC-2026-002', '2026-11-16T10:00:00.000Z', 'reported', false],
      ['INC-2026-003', '2026-11-25T20:00:00.000Z', null, null],
    ]);
    // b and c were open at the end of Sunday; a was closed, d not yet known.
    expect(got.openAtEnd).toBe(2);
    expect(JSON.stringify(got)).not.toContain('never shown');
  });
});
