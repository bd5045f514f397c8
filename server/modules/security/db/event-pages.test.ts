import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { ev, store } from '../detect/test-events.ts';
import { forEachEventPage } from './detect-queries.ts';

/**
 * The Sigma pass reads the period a page at a time, each page its own statement (no transaction
 * held over the whole pass): every event exactly once, in time order, even where many share one
 * instant (to the microsecond) across a page boundary, and none outside the period.
 */
describeEachDatabase('security: the period read a page at a time', (t) => {
  it('gives every event in the period once, in order, across pages that split one instant', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const same = '2026-11-10T08:00:00.123Z';
    await store(ctx, [
      ev({ ts: '2026-11-09T23:59:59Z', user: 'before' }),
      ...Array.from({ length: 7 }, (_, i) => ev({ ts: same, user: `same${i}` })),
      ...Array.from({ length: 5 }, (_, i) => ev({ ts: `2026-11-10T09:0${i}:00Z`, user: `later${i}` })),
      ev({ ts: '2026-11-11T00:00:01Z', user: 'after' }),
    ]);
    // Sub-millisecond times (a vendor's microseconds) must not be lost between pages either.
    await ctx.db.execute(sql`UPDATE security_signins SET ts = ts + make_interval(secs => 0.000456) WHERE user_name = 'same3'`);
    const pages: number[] = [];
    const seen: string[] = [];
    const sizes = [3, 2, 4, 3];
    await forEachEventPage(
      ctx.db,
      new Date('2026-11-10T00:00:00Z'),
      new Date('2026-11-10T23:59:59Z'),
      () => sizes[pages.length] ?? 3,
      ['user'],
      (page) => {
        pages.push(page.length);
        seen.push(...page.map((e) => e.user));
      },
    );
    const expected = await queryRows<{ user_name: string }>(
      ctx.db,
      sql`SELECT user_name FROM security_signins WHERE ts >= '2026-11-10' AND ts < '2026-11-11' ORDER BY ts, id`,
    );
    expect(seen).toEqual(expected.map((r) => r.user_name));
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(seen).not.toContain('before');
    expect(seen).not.toContain('after');
    expect(pages).toEqual([3, 2, 4, 3]);
  });
});
