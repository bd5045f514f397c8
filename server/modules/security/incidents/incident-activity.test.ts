import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { readIncidentActivity } from './incident-activity.ts';
import { createIncident, recordIcoDecision, updateIncident } from './incidents.ts';

/**
 * The register's activity in a window of school dates (Europe/London): the Autumn 2026 term,
 * 3 September to 11 December. Times are UTC; 11 December 23:30 UTC is still 11 December in London
 * (GMT), 2 September 23:30 UTC is 3 September in London (BST).
 */
describeEachDatabase('readIncidentActivity', (t) => {
  const at = (iso: string) => t.ctx(undefined, iso);
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const make = async (key: string, aware: string, personalData: boolean) => {
      const i = await createIncident(at(aware), {
        title: `Incident ${key} about a named pupil`,
        category: 'phishing',
        severity: 'high',
        becameAwareAt: aware,
        personalData,
      });
      ids[key] = i.id;
      return i;
    };
    await make('before', '2026-08-20T10:00:00Z', true); // decided late, in the summer: outside the window
    await recordIcoDecision(at('2026-08-25T10:00:00Z'), ids.before as string, {
      decision: 'reported',
      reference: 'ICO-1',
      rationale: 'A pupil account was read by an outsider',
    });
    await make('first', '2026-09-02T23:30:00Z', true); // 3 Sept in London; decided in time
    await recordIcoDecision(at('2026-09-04T09:00:00Z'), ids.first as string, {
      decision: 'reported',
      reference: 'ICO-2',
      rationale: 'A pupil account was read by an outsider',
    });
    await make('late', '2026-10-01T08:00:00Z', true); // deadline 4 Oct 08:00, decided 5 Oct: late
    await recordIcoDecision(at('2026-10-05T08:00:00Z'), ids.late as string, {
      decision: 'not_reportable',
      rationale: 'Encrypted',
      dpoName: 'A. DPO',
    });
    await make('noPd', '2026-11-02T08:00:00Z', false); // no personal data: no ICO deadline
    await updateIncident(at('2026-11-20T08:00:00Z'), ids.noPd as string, {
      status: 'closed',
      outcome: 'Access point replaced',
      lessons: 'Keep a spare',
    });
    await make('soon', '2026-12-11T23:30:00Z', true); // 11 Dec in London; deadline 14 Dec, after the window, still open
  });

  it('lists opened, closed, ICO deadlines (met, late, due soon) and what was open at the end, with refs only', async () => {
    const a = await readIncidentActivity(at('2026-12-20T09:00:00Z'), { from: '2026-09-03', to: '2026-12-11' });
    expect(a.opened.map((o) => o.id)).toEqual([ids.first, ids.late, ids.noPd, ids.soon]);
    expect(a.closed.map((c) => c.id)).toEqual([ids.noPd]);
    expect(a.icoDeadlines.map((d) => [d.id, d.met, d.decision])).toEqual([
      [ids.first, true, 'reported'],
      [ids.late, false, 'not_reportable'],
      [ids.soon, null, null],
    ]);
    // Open at the end: first, late and soon (never closed); noPd was closed before the end; 'before' is open too.
    expect(a.openAtEnd).toBe(4);
    expect(JSON.stringify(a)).not.toContain('named pupil');
    expect(a.opened[0]?.url).toBe(`/incidents?open=${ids.first}`);
  });

  it('a deadline that passed undecided inside the window is not met', async () => {
    const a = await readIncidentActivity(at('2026-12-20T09:00:00Z'), { from: '2026-12-12', to: '2026-12-18' });
    expect(a.icoDeadlines.map((d) => [d.id, d.met])).toEqual([[ids.soon, false]]);
  });
});
