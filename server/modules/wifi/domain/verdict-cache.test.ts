import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import type { Analysis } from './analysis/counts.ts';
import type { Verdict } from './analysis/types.ts';
import { cachedVerdict, dropWifiVerdicts } from './verdict-cache.ts';

describeEachDatabase('the Wi-Fi verdict cache', (t) => {
  const calls = { analyse: 0, compose: [] as string[] };
  const analysis = { marker: 'analysis' } as unknown as Analysis;
  const verdictFor = (scope: string) =>
    cachedVerdict(
      t.ctx(),
      'window-2026-11-16',
      scope,
      async () => {
        calls.analyse++;
        return analysis;
      },
      (an) => {
        calls.compose.push(scope);
        return { scope, from: an } as unknown as Verdict;
      },
    );
  const importRow = (n: number) =>
    t.database().db.execute(
      sql`INSERT INTO wifi_imports (id, kind, file_name, file_sha256, actor_label, rows_in, created, unchanged, rejected, report)
          VALUES (gen_random_uuid(), 'wifi-csv', ${`day-${n}.csv`}, 'x', 'test', 1, 1, 0, 0, '{}'::jsonb)`,
    );

  it('answers a repeat from the cache, derives a narrower scope from the same analysis, and recomputes after an import', async () => {
    const first = await verdictFor('');
    expect(calls).toEqual({ analyse: 1, compose: [''] });
    // A repeat: the very same verdict, nothing analysed or composed again.
    expect(await verdictFor('')).toBe(first);
    expect(calls).toEqual({ analyse: 1, compose: [''] });
    // One building: composed from the cached analysis, not analysed again.
    const building = await verdictFor('building:SCI');
    expect(building).toMatchObject({ scope: 'building:SCI', from: analysis });
    expect(calls).toEqual({ analyse: 1, compose: ['', 'building:SCI'] });
    // An import recorded by any process changes the data version: everything is made again.
    await importRow(1);
    expect(await verdictFor('')).not.toBe(first);
    expect(calls).toEqual({ analyse: 2, compose: ['', 'building:SCI', ''] });
    // Moving an access point to another building changes it too.
    await t.database().db.execute(sql`INSERT INTO wifi_aps (name, building_code) VALUES ('SCI-AP01', 'SCI')`);
    await verdictFor('');
    expect(calls.analyse).toBe(3);
    await t.database().db.execute(sql`UPDATE wifi_aps SET building_code = 'LIB' WHERE name = 'SCI-AP01'`);
    await verdictFor('');
    expect(calls.analyse).toBe(4);
    // And an import in this process drops it at once.
    dropWifiVerdicts(t.database().db);
    await verdictFor('');
    expect(calls.analyse).toBe(5);
  });
});
