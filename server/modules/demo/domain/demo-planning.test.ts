import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { seededRng } from '../../../lib/random.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { writeTestFile } from '../../../lib/test-files.ts';
import { createUser, listUserSummaries } from '../../accounts/index.ts';
import { calendarModule, ensureBundledBankHolidays } from '../../calendar/index.ts';
import { createSchool, syncPeople } from '../../directory/index.ts';
import { getMeeting, listSeries } from '../../meetings/index.ts';
import { loadStrategyTree, summarisePortfolio } from '../../projects/index.ts';
import { generatePeople, KEY_STAFF } from './demo-people.ts';
import { termDatesCsv } from './demo-places.ts';
import { loadDemoPlanning } from './demo-planning.ts';

const ACCOUNTS = { director: 'admin', network: 'it', servicedesk: 'it', tech1: 'it', head: 'slt', bursar: 'slt' } as const;

/*
 * Only what the planning demo stands on (the key staff, their accounts, the term dates), then
 * the planning demo itself, with "now" at Monday 16 November 2026, 09:00.
 */
describeEachDatabase('the demo school’s projects, risks, strategy, meetings and to-dos', (t) => {
  let director: Actor;
  beforeAll(async () => {
    const ctx = t.ctx();
    const prep = await createSchool(ctx, { code: 'prep', name: 'Oakfield Prep', phase: 'prep' });
    const senior = await createSchool(ctx, { code: 'senior', name: 'Oakfield Senior School', phase: 'senior' });
    await ensureBundledBankHolidays(ctx);
    const file = writeTestFile('terms.csv', termDatesCsv('2026-11-16'));
    await calendarModule.importers
      ?.find((i) => i.kind === 'term-dates')
      ?.run(ctx, file, { dryRun: false, skipInvalid: false }, () => {});
    const { people, emailOf } = generatePeople(seededRng(1), { prep: prep.id, senior: senior.id });
    const keyEmails = new Set(KEY_STAFF.map((k) => emailOf(k.key)));
    await syncPeople(
      ctx,
      people.filter((p) => p.email && keyEmails.has(p.email)),
      { dryRun: false, deactivateMissing: false },
    );
    for (const [key, role] of Object.entries(ACCOUNTS))
      await createUser(ctx, { email: emailOf(key), name: key, role, sso: true });
    await loadDemoPlanning(ctx, emailOf);
    const d = (await listUserSummaries(ctx)).find((u) => u.email === emailOf('director'));
    director = { kind: 'user', id: d?.id as string, email: d?.email as string, name: d?.name as string, role: 'admin' };
  });

  it('has the strategy, a dozen projects in every state and last summer’s Wi-Fi refresh done', async () => {
    const tree = await loadStrategyTree(t.ctx(director));
    expect(tree.map((o) => [o.code, o.status])).toEqual([
      ['O1', 'published'],
      ['O2', 'published'],
      ['O3', 'published'],
    ]);
    const projects = tree.flatMap((o) => [...o.initiatives.flatMap((i) => i.projects), ...o.projects]);
    expect(projects).toHaveLength(13);
    expect(new Set(projects.map((p) => p.status))).toEqual(
      new Set(['completed', 'active', 'planned', 'on_hold', 'cancelled', 'proposed']),
    );
    const wifi = projects.find((p) => p.name === 'Wi-Fi refresh');
    expect([wifi?.status, wifi?.completedOn, wifi?.budget.capitalSpent]).toEqual(['completed', '2026-08-21', 8_320_000]);
    expect((await summarisePortfolio(t.ctx(director))).red).toEqual(['Firewall replacement']);
  });

  it('has two past meetings of each series with actions, some done, and the next ones planned', async () => {
    const series = await listSeries(t.ctx(director));
    expect(series.map((s) => [s.name, s.meetings.map((m) => m.status)])).toEqual([
      ['Director of Finance 1:1', ['planned', 'held', 'held']],
      ['IT management group', ['planned', 'held', 'held']],
    ]);
    const finance = series[0];
    // Thursdays: 24 Sep and 22 Oct held, 19 Nov next.
    expect(finance?.meetings.map((m) => m.date)).toEqual(['2026-11-19', '2026-10-22', '2026-09-24']);
    const next = await getMeeting(t.ctx(director), finance?.next?.id as string);
    const actions = next.sections.find((s) => s.id === 'actions')?.items.map((i) => i.title);
    expect(actions).toEqual([
      'Get a quote for the extra PoE licences',
      'Check the cyber insurance renewal conditions (MFA, backups, patching)',
      'Add door access control to the capital bids list',
      'Agree how to fund the £3,500 PoE licence overspend',
    ]);
    expect(next.sections[0]?.id).toBe('actions');
    expect(next.sections.find((s) => s.id === 'projects')?.items.map((i) => i.title)).toContain(
      'Firewall replacement: RAG amber → red',
    );
  });
});
