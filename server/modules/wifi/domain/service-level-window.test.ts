import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { wilson } from '../../../lib/stats.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { readWifiServiceLevel } from './service-level-window.ts';

/** Hand-made 5-minute AP bins (no term dates entered: every weekday is a school day). */
describeEachDatabase('readWifiServiceLevel', (t) => {
  beforeAll(async () => {
    const bin = async (iso: string, attempts: number, failures: number, assoc: number, dhcp: number) =>
      t
        .ctx()
        .db.execute(
          sql`INSERT INTO wifi_bins (bin, ap_id, attempts, failures, fail_assoc, fail_dhcp) VALUES (${iso}, 1, ${attempts}, ${failures}, ${assoc}, ${dhcp})`,
        );
    await bin('2026-11-16T09:00:00Z', 600, 10, 10, 0);
    await bin('2026-11-16T12:30:00Z', 400, 10, 0, 10);
    await bin('2026-11-17T12:30:00Z', 500, 50, 20, 30);
    await bin('2026-11-21T10:00:00Z', 100, 100, 100, 0); // a Saturday: not a school day
    await bin('2026-11-23T10:00:00Z', 100, 0, 0, 0); // after the window
  });

  it('adds up school days only, with the Wilson interval and the poor days', async () => {
    const l = await readWifiServiceLevel(t.ctx(), { from: '2026-11-16', to: '2026-11-22' }, { poorDayBelow: 0.95 });
    expect([l.schoolDays, l.daysWithData, l.attempts, l.failures]).toEqual([5, 2, 1500, 70]);
    expect(l.successRate).toBeCloseTo(1430 / 1500, 4);
    const w = wilson(1430, 1500);
    expect(l.ci?.[0]).toBeCloseTo(w.lower, 4);
    expect(l.stages).toEqual({ assoc: 30, auth: 0, dhcp: 40, dns: 0 });
    expect(l.poorDays).toEqual([{ day: '2026-11-17', attempts: 500, successRate: 0.9 }]);
    expect(l.buildings).toEqual([{ code: '', name: 'Not placed', attempts: 1500, successRate: 0.9533 }]);
  });

  it('says there is no figure for a window without data', async () => {
    const l = await readWifiServiceLevel(t.ctx(), { from: '2026-10-01', to: '2026-10-07' });
    expect([l.attempts, l.successRate, l.ci, l.daysWithData]).toEqual([0, null, null, 0]);
  });
});
