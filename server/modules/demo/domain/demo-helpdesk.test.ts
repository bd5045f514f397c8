import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import type { Ctx } from '../../../lib/context.ts';
import { seededRng } from '../../../lib/random.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { calendarModule, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { createSchool, directoryModule, syncPeople } from '../../directory/index.ts';
import { getHelpdeskMetrics, listWifiComplaints } from '../../helpdesk/index.ts';
import { loadHelpdeskDemo } from './demo-helpdesk.ts';
import { generatePeople } from './demo-people.ts';
import { placesCsv, termDatesCsv } from './demo-places.ts';

async function importText(ctx: Ctx, kind: string, text: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'belfry-hd-demo-'));
  const file = path.join(dir, `${kind}.csv`);
  await writeFile(file, text);
  const importer = [...(directoryModule.importers ?? []), ...(calendarModule.importers ?? [])].find((i) => i.kind === kind);
  await importer?.run(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
  await rm(dir, { recursive: true, force: true });
}

/** The demo help desk on just what it needs of the demo school (the whole demo is tested in load-demo-school.test.ts). */
describeEachDatabase('the demo help desk', (t) => {
  beforeAll(async () => {
    const ctx = t.ctx();
    const prep = await createSchool(ctx, { code: 'prep', name: 'Oakfield Prep', phase: 'prep' });
    const senior = await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
    await importText(ctx, 'places', placesCsv());
    await ensureBundledBankHolidays(ctx);
    await importText(ctx, 'term-dates', termDatesCsv('2026-11-16'));
    await syncPeople(ctx, generatePeople(seededRng(1), { prep: prep.id, senior: senior.id }).people, {
      dryRun: false,
      deactivateMissing: false,
    });
    for (const name of ['Priya Raman', 'Tom Okafor', 'Jess Marsh']) {
      await createUser(ctx, {
        email: `${name.split(' ')[0]?.toLowerCase()}@oakfield.example`,
        name,
        role: 'it',
        password: 'correct horse battery staple',
      });
    }
    await ctx.db.transaction((db) => loadHelpdeskDemo({ ...ctx, db }, seededRng(20260905)));
  }, 120_000);

  it('has two terms of tickets with start-of-term peaks, and a live queue', async () => {
    const byWeek = await queryRows<{ week: string; n: number }>(
      t.database().db,
      sql`SELECT to_char(date_trunc('week', created_at AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD') AS week, count(*)::int AS n
          FROM helpdesk_tickets GROUP BY 1 ORDER BY 1`,
    );
    expect(byWeek[0]?.week).toBe('2026-04-20'); // the Summer term 2026 starts on Tuesday 21 April
    const n = (week: string) => byWeek.find((w) => w.week === week)?.n ?? 0;
    expect(n('2026-09-07')).toBeGreaterThan(1.5 * n('2026-10-05'));
    expect(byWeek.reduce((a, w) => a + w.n, 0)).toBeGreaterThan(1000);
    const open = await queryRows<{ status: string; assigned: boolean; n: number }>(
      t.database().db,
      sql`SELECT status, assignee_id IS NOT NULL AS assigned, count(*)::int AS n FROM helpdesk_tickets
          WHERE status IN ('new','open','waiting_requester') GROUP BY 1, 2`,
    );
    expect(open.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(5);
    expect(open.some((r) => !r.assigned)).toBe(true);
  });

  it('clusters Wi-Fi complaints in the Science Centre at lunchtime, mostly from pupils', async () => {
    const complaints = await listWifiComplaints(t.ctx(), { from: '2026-04-01', to: '2026-11-16' });
    const sci = complaints.filter((c) => c.locationLabel?.includes('Science Centre'));
    expect(sci.length / complaints.length).toBeGreaterThan(0.5);
    const atLunch = sci.filter((c) => {
      const hm = new Date(c.createdAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour12: false }).slice(0, 5);
      return hm >= '12:00' && hm <= '13:45';
    });
    expect(atLunch.length / sci.length).toBeGreaterThan(0.8);
    expect(sci.filter((c) => c.requesterKind === 'pupil').length / sci.length).toBeGreaterThan(0.5);
  });

  it('has satisfaction answers with kudos in the autumn term', async () => {
    const { metrics } = await getHelpdeskMetrics(t.ctx(), { from: '2026-09-03', to: '2026-11-15' });
    expect(metrics.satisfaction.answered).toBeGreaterThan(50);
    expect(metrics.satisfaction.average).toBeGreaterThan(3.8);
    expect(metrics.kudos.length).toBeGreaterThan(5);
    expect(metrics.firstResponse.median).toBeGreaterThan(10);
  });
});
