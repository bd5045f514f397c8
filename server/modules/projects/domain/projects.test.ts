import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../lib/context.ts';
import { Forbidden, Invalid } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { addMilestone, listOpenMilestones, updateMilestone } from './milestones.ts';
import { listProjectChangesSince } from './project-history.ts';
import { createProject, getProject, listProjects, summarisePortfolio, updateProject } from './projects.ts';
import { createInitiative, createObjective, getPublishedStrategy, getStrategy } from './strategy.ts';

const actor = (role: Actor['role'], id: string = crypto.randomUUID(), name = `Test ${role}`): Actor => ({
  kind: 'user',
  id,
  email: `${role}@t.example`,
  name,
  role,
});

describeEachDatabase('projects and the strategy', (t) => {
  let director: Actor;
  const ids = { o1: '', o2: '', i1: '', i2: '', wifi: '', switches: '', line: '', old: '', ups: '' };
  const at = (when: string, who: Actor = director) => t.ctx(who, when);

  beforeAll(async () => {
    const { user } = await createUser(t.ctx(), { email: 'sam@t.example', name: 'Sam Harding', role: 'admin', sso: true });
    director = actor('admin', user.id, 'Sam Harding');
    const ctx = at('2026-09-01T09:00:00Z');
    ids.o1 = (
      await createObjective(ctx, { code: 'O1', title: 'Reliable, fast connectivity everywhere', status: 'published' })
    ).id;
    ids.o2 = (await createObjective(ctx, { code: 'O2', title: 'A draft idea', status: 'draft' })).id;
    ids.i1 = (await createInitiative(ctx, { objectiveId: ids.o1, title: 'Modern network' })).id;
    ids.i2 = (await createInitiative(ctx, { objectiveId: ids.o1, title: 'Resilient internet' })).id;
    const p = (name: string, extra: object) => createProject(ctx, { name, ...extra }).then((x) => x.id);
    ids.wifi = await p('Wi-Fi refresh', {
      initiativeId: ids.i1,
      status: 'completed',
      capitalBudget: 8_500_000,
      capitalSpent: 8_320_000,
      completedOn: '2026-08-20',
    });
    ids.switches = await p('Core switch replacement', {
      initiativeId: ids.i1,
      status: 'active',
      capitalBudget: 4_000_000,
      capitalCommitted: 1_500_000,
      revenueBudget: 300_000,
      ownerName: 'Priya Raman',
    });
    ids.line = await p('Second internet line', {
      initiativeId: ids.i2,
      status: 'active',
      revenueBudget: 480_000,
      revenueSpent: 40_000,
    });
    ids.old = await p('On-premises email archive', { objectiveId: ids.o1, status: 'cancelled', capitalSpent: 150_000 });
    ids.ups = await p('UPS for the comms rooms', { objectiveId: ids.o1, status: 'planned', capitalBudget: 600_000 });
    for (const [title, dueOn, doneOn] of [
      ['Design signed off', '2026-09-20', '2026-09-18'],
      ['Switches delivered', '2026-11-20', null],
      ['Cut-over at half-term', '2027-02-15', null],
    ] as const)
      await addMilestone(ctx, ids.switches, { title, dueOn, doneOn });
    await addMilestone(ctx, ids.ups, { title: 'Survey', dueOn: '2026-09-10', doneOn: '2026-09-10' });
    await addMilestone(ctx, ids.ups, { title: 'Order', dueOn: '2026-11-10' });
  });

  it('rolls progress and money up: projects -> initiatives -> objective', async () => {
    const { objectives } = await getStrategy(at('2026-11-16T09:00:00Z'));
    const o1 = objectives.find((o) => o.code === 'O1');
    // Switches: 1 of 3 milestones = 33; Wi-Fi completed = 100 -> Modern network (100 + 33) / 2 = 66.5 -> 67.
    // Resilient internet: the second line, no milestones = 0. UPS directly: 1 of 2 = 50.
    // The cancelled archive is left out. Objective: (67 + 0 + 50) / 3 = 39.
    expect(o1?.initiatives.map((i) => [i.title, i.progress])).toEqual([
      ['Modern network', 67],
      ['Resilient internet', 0],
    ]);
    expect(o1?.projects.map((p) => [p.name, p.progress])).toEqual([
      ['On-premises email archive', null],
      ['UPS for the comms rooms', 50],
    ]);
    expect(o1?.progress).toBe(39);
    // Money: every project under O1, the cancelled one's spend included.
    // Capital budget 85,000 + 40,000 + 6,000 = 131,000; committed 15,000; spent 83,200 + 1,500 = 84,700.
    // Revenue budget 3,000 + 4,800 = 7,800; spent 400.
    expect(o1?.budget).toMatchObject({
      capitalBudget: 13_100_000,
      capitalCommitted: 1_500_000,
      capitalSpent: 8_470_000,
      capitalAvailable: 3_130_000,
      revenueBudget: 780_000,
      revenueSpent: 40_000,
      revenueAvailable: 740_000,
    });
    expect(o1?.initiatives[0]?.budget.capitalBudget).toBe(12_500_000);
    expect(o1?.counts).toEqual({ projects: 5, completed: 1, red: 0, amber: 0 });
    // The page's totals are the live projects' only (the agendas' definition): switches 40,000 + 3,000,
    // the line 4,800, the UPS 6,000 = 53,800; the completed Wi-Fi and the cancelled archive are left out.
    const list = await listProjects(at('2026-11-16T09:00:00Z'));
    expect([list.live, list.totals.totalBudget, list.totals.totalSpent, list.totals.totalCommitted]).toEqual([
      3, 5_380_000, 40_000, 1_500_000,
    ]);
    const summary = await summarisePortfolio(at('2026-11-16T09:00:00Z'));
    expect([summary.live, summary.totals]).toEqual([list.live, list.totals]);
    expect(list.byStatus).toEqual({ completed: 1, active: 2, cancelled: 1, planned: 1 });
  });

  it('keeps an append-only history and answers "what moved since the last meeting"', async () => {
    const meeting = new Date('2026-10-05T09:00:00Z');
    await updateProject(at('2026-10-12T10:00:00Z'), ids.switches, {
      rag: 'amber',
      ragReason: 'Switches delayed by the supplier',
    });
    await updateProject(at('2026-10-20T10:00:00Z'), ids.switches, { capitalCommitted: 3_950_000, note: 'Order placed' });
    // The line went red and back to green: no net change.
    await updateProject(at('2026-10-13T10:00:00Z'), ids.line, { rag: 'red', ragReason: 'Wayleave refused' });
    await updateProject(at('2026-10-27T10:00:00Z'), ids.line, { rag: 'green' });
    const added = await createProject(at('2026-11-02T10:00:00Z'), { name: 'Door access control', status: 'proposed' });
    await expect(updateProject(at('2026-11-02T10:00:00Z'), ids.line, { rag: 'red' })).rejects.toThrow(/ragReason: say why/);

    const changes = await listProjectChangesSince(at('2026-11-16T09:00:00Z'), meeting);
    expect(changes.map((c) => [c.name, c.isNew, c.ragBefore, c.rag, c.ragMoved, c.budgetMoved])).toEqual([
      ['Core switch replacement', false, 'green', 'amber', true, true],
      ['Door access control', true, null, 'green', false, false],
    ]);
    expect(changes[0]?.lines).toEqual([
      'RAG green → amber: Switches delayed by the supplier',
      'capital committed £15,000 → £39,500',
    ]);
    // Since a later meeting, only what moved after it.
    const later = await listProjectChangesSince(at('2026-11-16T09:00:00Z'), new Date('2026-10-15T09:00:00Z'));
    expect(later.map((c) => c.name)).toEqual(['Core switch replacement', 'Door access control', 'Second internet line']);
    expect(later.find((c) => c.name === 'Second internet line')?.lines).toEqual(['RAG red → green']);
    expect(later[0]?.lines).toEqual(['capital committed £15,000 → £39,500']);

    const detail = await getProject(at('2026-11-16T09:00:00Z'), ids.switches);
    expect(detail.history.map((h) => [h.at.slice(0, 10), h.lines, h.note])).toEqual([
      ['2026-10-20', ['capital committed £15,000 → £39,500'], 'Order placed'],
      ['2026-10-12', ['RAG green → amber: Switches delayed by the supplier'], null],
      ['2026-09-01', [], 'Milestone added: Cut-over at half-term (due Mon 15 Feb 2027)'],
      ['2026-09-01', [], 'Milestone added: Switches delivered (due Fri 20 Nov 2026)'],
      ['2026-09-01', [], 'Milestone added: Design signed off (due Sun 20 Sept 2026)'],
      ['2026-09-01', ['Project added'], null],
    ]);
    expect(added.owner.name).toBe('Sam Harding');
    // A form sends every field; only what changed is named, and the note is kept.
    const line = await getProject(at('2026-11-16T09:00:00Z'), ids.line);
    await updateProject(at('2026-11-16T10:00:00Z'), ids.line, {
      name: line.name,
      summary: line.summary,
      initiativeId: line.initiative?.id,
      revenueBudget: line.budget.revenueBudget,
      targetOn: '2027-03-31',
      dependsOn: [],
      note: 'BT confirmed the install date',
    });
    const [latest] = (await getProject(at('2026-11-16T10:00:00Z'), ids.line)).history;
    expect([latest?.lines, latest?.note]).toEqual([['Changed the target date'], 'BT confirmed the install date']);
  });

  it('lists open milestones by date, overdue ones too, and records them done', async () => {
    const ctx = at('2026-11-16T09:00:00Z');
    const open = await listOpenMilestones(ctx, { to: '2026-12-31' });
    expect(open.map((m) => [m.projectName, m.title, m.overdue])).toEqual([
      ['UPS for the comms rooms', 'Order', true],
      ['Core switch replacement', 'Switches delivered', false],
    ]);
    await updateMilestone(ctx, open[0]?.id as string, { doneOn: '2026-11-16' });
    expect((await listOpenMilestones(ctx, { from: '2026-11-16', to: '2027-03-01' })).map((m) => m.title)).toEqual([
      'Switches delivered',
      'Cut-over at half-term',
    ]);
    expect((await getProject(ctx, ids.ups)).progress).toBe(100);
  });

  it('refuses a dependency loop and links to nothing that exists', async () => {
    const ctx = at('2026-11-16T09:00:00Z');
    await updateProject(ctx, ids.switches, { dependsOn: [ids.ups] });
    expect((await getProject(ctx, ids.switches)).waitingOn.map((w) => w.id)).toEqual([ids.ups]);
    await expect(updateProject(ctx, ids.ups, { dependsOn: [ids.switches] })).rejects.toThrow(/wait on each other/);
    await expect(updateProject(ctx, ids.ups, { dependsOn: [ids.ups] })).rejects.toThrow(Invalid);
    await expect(createProject(ctx, { name: 'x', initiativeId: crypto.randomUUID() })).rejects.toThrow(/initiativeId/);
  });

  it('lets SLT read but not change, keeps staff out, and shows everyone the published strategy in plain words', async () => {
    await expect(createProject(t.ctx(actor('slt')), { name: 'x' })).rejects.toThrow(Forbidden);
    expect((await listProjects(t.ctx(actor('slt')))).projects.length).toBe(6);
    await expect(listProjects(t.ctx(actor('staff')))).rejects.toThrow(Forbidden);
    const published = await getPublishedStrategy(t.ctx(actor('pupil')));
    expect(published.objectives.map((o) => o.code)).toEqual(['O1']);
    const words = published.objectives[0]?.initiatives.flatMap((i) => i.projects.map((p) => `${p.name}: ${p.state}`));
    expect(words).toEqual([
      'Core switch replacement: Some delays',
      'Wi-Fi refresh: Done',
      'Second internet line: On track',
      'UPS for the comms rooms: Coming up',
    ]);
    expect(JSON.stringify(published)).not.toMatch(/capital|revenue|Priya/);
  });
});
