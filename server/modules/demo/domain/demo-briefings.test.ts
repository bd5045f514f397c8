import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { describeEachDemoDatabase } from '../../../lib/test-demo-db.ts';
import { describeDay } from '../../../lib/working-time.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listUsers } from '../../accounts/index.ts';
import { getBriefing, listBriefings, searchArchive } from '../../briefings/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { listSchools } from '../../directory/index.ts';
import { getHelpdeskMetrics } from '../../helpdesk/index.ts';
import { listProjectChangesBetween } from '../../projects/index.ts';
import { countAlertsBySeverity, readIncidentActivity } from '../../security/index.ts';
import { getWifiVerdict } from '../../wifi/index.ts';

/**
 * The demo's weekly briefings, drafted through the briefing's own code from the demo's data.
 * The demo's "now" is Monday 16 November 2026 (the test clock), so the last published one is
 * week 46, drafted on Friday 13 November at 11:00.
 */
describeEachDemoDatabase('the demo school’s weekly briefings', (t) => {
  let director: Actor;
  beforeAll(async () => {
    const u = (await listUsers(t.ctx())).find((x) => x.role === 'admin');
    director = { kind: 'user', id: u?.id as string, email: u?.email as string, name: u?.name as string, role: 'admin' };
  });

  it('has a term of published briefings and this week’s draft', async () => {
    const list = await listBriefings(t.ctx(director));
    expect(list.map((b) => b.status)).toEqual(['draft', ...Array(12).fill('published')]);
    expect(list[0]?.week).toBe('2026-W47');
    expect(list[1]?.week).toBe('2026-W46');
    expect(list.filter((b) => b.sharedWithSlt).length).toBe(2);
    const hits = await searchArchive(t.ctx(director), { q: 'broadband fault line' });
    expect(hits[0]).toMatchObject({ kind: 'useful', title: 'Broadband supplier: fault line', pinned: true });
  });

  it('has, for week 46, each section’s figures exactly as the source modules’ read functions give them', async () => {
    const week = (await listBriefings(t.ctx(director))).find((b) => b.week === '2026-W46');
    const b = await getBriefing(t.ctx(director), week?.id as string);
    const sections = b.current?.sections ?? [];
    const data = (key: string, feed: string) => sections.find((s) => s.key === key)?.data[feed] as Record<string, unknown>;
    // The figures as of when it was drafted: Friday 13 November, 11:00.
    const drafted = '2026-11-13T11:00:00Z';
    const then = t.ctx(director, drafted);
    const start = zonedToUtc('2026-11-09', '00:00', 'Europe/London');

    const m = (await getHelpdeskMetrics(then, { from: '2026-11-09', to: '2026-11-15' })).metrics;
    expect(data('numbers', 'helpdesk')).toMatchObject({
      created: m.created,
      resolved: m.resolved,
      openAtStart: m.openAtStart,
      openAtEnd: m.openAtEnd,
      firstResponseMedian: m.firstResponse.median,
      resolutionMedian: m.resolution.median,
      responseBreached: m.responseSla.breached,
      resolutionBreached: m.resolutionSla.breached,
    });
    expect(m.created).toBeGreaterThan(20);
    const numbers = sections.find((s) => s.key === 'numbers')?.markdown ?? '';
    expect(numbers).toContain(`[**${m.created}** raised](/helpdesk/metrics?from=2026-11-09&to=2026-11-15&drill=created)`);

    const security = data('security', 'security');
    expect(security.alerts).toEqual(await countAlertsBySeverity(then, { from: start, to: new Date(drafted) }));
    expect(security.incidents).toEqual(await readIncidentActivity(then, { from: '2026-11-09', to: '2026-11-15' }));

    const changes = await listProjectChangesBetween(then, { from: start, to: new Date(drafted) });
    expect((data('projects', 'projects').changes as { projectId: string }[]).map((c) => c.projectId)).toEqual(
      changes.map((c) => c.projectId),
    );

    const verdict = await getWifiVerdict(then, { from: '2026-11-09', to: '2026-11-13' });
    const wifi = data('wifi', 'wifi');
    expect(wifi.verdict).toBe(verdict.verdict);
    expect((wifi.findings as { kind: string; scope: string }[]).map((f) => `${f.kind} ${f.scope}`)).toEqual(
      verdict.findings.filter((f) => f.kind !== 'insufficient-data').map((f) => `${f.kind} ${f.scope}`),
    );

    // The week ahead, in this week's draft (made Monday 16th): from the day after its last school
    // day, Friday 20th, to the next Sunday; the INSET Friday of the 27th is in it.
    const draft = await getBriefing(t.ctx(director), (await listBriefings(t.ctx(director)))[0]?.id as string);
    const ahead = draft.sections?.find((s) => s.key === 'ahead')?.data.calendar as {
      from: string;
      to: string;
      days: { from: string; kind: string }[];
    };
    expect([ahead.from, ahead.to]).toEqual(['2026-11-21', '2026-11-29']);
    const now = t.ctx(director);
    const expected = new Set<string>();
    for (const s of await listSchools(now)) {
      const cal = await loadSchoolCalendar(now, s.id);
      for (let d = ahead.from; d <= ahead.to; d = addDays(d, 1)) {
        const day = describeDay(cal, d);
        if (['inset', 'closure', 'bank_holiday'].includes(day.kind) && !day.isWeekend) expected.add(`${d} ${day.kind}`);
      }
    }
    expect(expected).toEqual(new Set(['2026-11-27 inset']));
    expect(new Set(ahead.days.map((d) => `${d.from} ${d.kind}`))).toEqual(expected);
  });
});
