import { beforeAll, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../../lib/context.ts';
import { Forbidden, Invalid, NotFound, Unauthenticated } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { loadTaskCard } from './task-card.ts';
import { createTask, listTasks, listTasksBySource, setTaskStatus, updateTask } from './tasks.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;
const user = (id: string, role: Actor['role'], name: string): UserActor => ({
  kind: 'user',
  id,
  email: `${id}@t.example`,
  name,
  role,
});

describeEachDatabase('to-dos', (t) => {
  const who: Record<'director' | 'tech' | 'bursar' | 'teacher', UserActor> = {} as never;
  beforeAll(async () => {
    const ctx = t.ctx();
    for (const [key, role, name] of [
      ['director', 'admin', 'Sam Harding'],
      ['tech', 'it', 'Jess Marsh'],
      ['bursar', 'slt', 'Helen Fitzgerald'],
      ['teacher', 'staff', 'Daniel Cooper'],
    ] as const) {
      const { user: u } = await createUser(ctx, { email: `${key}@t.example`, name, role, sso: true });
      who[key] = user(u.id, role, name);
    }
  });

  it('gives a to-do to the actor by default and keeps where it came from', async () => {
    const source = { module: 'meetings', kind: 'action', id: 'a-1', label: 'DoF 1:1, 12 Nov', url: '/meetings/m-1' };
    const task = await createTask(t.ctx(who.director), { title: 'Send the firewall quote', dueOn: '2026-11-20', source });
    expect(task).toMatchObject({
      title: 'Send the firewall quote',
      dueOn: '2026-11-20',
      priority: 'normal',
      status: 'open',
      owner: { id: who.director.id, name: 'Sam Harding' },
      createdBy: 'Sam Harding',
      source,
      bucket: 'week',
    });
    const found = await listTasksBySource(t.ctx(who.tech), { module: 'meetings', kind: 'action', id: 'a-1' });
    expect(found.map((x) => x.id)).toEqual([task.id]);
    expect(await listTasksBySource(t.ctx(who.tech), { module: 'meetings', kind: 'action', id: ['a-2'] })).toEqual([]);
  });

  it('refuses owners without a to-do list, Belfry without an owner, and staff', async () => {
    await expect(createTask(t.ctx(who.director), { title: 'x', ownerId: who.teacher.id })).rejects.toThrow(
      /Daniel Cooper has no to-do list/,
    );
    await expect(createTask(t.ctx(who.director), { title: 'x', ownerId: crypto.randomUUID() })).rejects.toThrow(Invalid);
    await expect(createTask(t.ctx(systemActor('alerts')), { title: 'x' })).rejects.toThrow(/ownerId/);
    await expect(createTask(t.ctx(who.teacher), { title: 'x' })).rejects.toThrow(Forbidden);
    await expect(createTask({ ...t.ctx(), actor: undefined }, { title: 'x' })).rejects.toThrow(Unauthenticated);
    await expect(createTask(t.ctx(who.director), { title: ' ' })).rejects.toThrow(/title: Enter a title/);
    await expect(
      createTask(t.ctx(who.director), { title: 'x', source: { module: 'Meetings!', kind: 'a', id: '1', label: 'l' } }),
    ).rejects.toThrow(/source.module/);
  });

  it('Belfry itself can give a to-do to a named owner (an alert, a ticket)', async () => {
    const task = await createTask(t.ctx(systemActor('security')), {
      title: 'Check sign-ins from an unusual country',
      ownerId: who.tech.id,
      priority: 'high',
      source: { module: 'security', kind: 'alert', id: 'al-9', label: 'Alert: impossible travel' },
    });
    expect(task.owner.name).toBe('Jess Marsh');
    expect(task.createdBy).toBe('Belfry (security)');
  });

  it('groups the Today card: overdue, today and the next seven days (Monday 16 November)', async () => {
    const ctx = t.ctx(who.bursar);
    for (const [title, dueOn] of [
      ['Overdue', '2026-11-13'],
      ['Due today', '2026-11-16'],
      ['Sunday', '2026-11-22'],
      ['Monday week', '2026-11-23'],
      ['Later', '2026-11-24'],
      ['No date', null],
    ] as const)
      await createTask(ctx, { title, dueOn });
    const card = await loadTaskCard(ctx);
    expect(card.overdue.map((x) => x.title)).toEqual(['Overdue']);
    expect(card.today.map((x) => x.title)).toEqual(['Due today']);
    expect(card.week.map((x) => x.title)).toEqual(['Sunday', 'Monday week']);
    expect([card.later, card.undated]).toEqual([1, 1]);
    // Done work leaves the card.
    await setTaskStatus(ctx, card.overdue[0]?.id as string, 'done');
    expect((await loadTaskCard(ctx)).overdue).toEqual([]);
    const done = await listTasks(ctx, { status: 'done' });
    expect(done.map((x) => [x.title, x.completedAt])).toEqual([['Overdue', '2026-11-16T09:00:00.000Z']]);
  });

  it('lets the owner, whoever gave it and the Director change a to-do; hides others’ from SLT', async () => {
    const given = await createTask(t.ctx(who.bursar), { title: 'Renewal figures for the budget', ownerId: who.director.id });
    const own = await createTask(t.ctx(who.director), { title: 'Private to the Director' });
    await expect(updateTask(t.ctx(who.tech), given.id, { title: 'no' })).rejects.toThrow(Forbidden);
    await expect(updateTask(t.ctx(who.bursar), own.id, { title: 'no' })).rejects.toThrow(NotFound);
    expect((await updateTask(t.ctx(who.bursar), given.id, { dueOn: '2026-11-30' })).dueOn).toBe('2026-11-30');
    const reopened = await updateTask(t.ctx(who.director), given.id, { status: 'done' });
    expect(reopened.status).toBe('done');
    expect((await updateTask(t.ctx(who.director), given.id, { status: 'open' })).completedAt).toBeNull();
    await expect(listTasks(t.ctx(who.bursar), { scope: 'all' })).rejects.toThrow(Forbidden);
    const all = await listTasks(t.ctx(who.tech), { scope: 'all' });
    expect(all.map((x) => x.title)).toContain('Private to the Director');
    const bursarSees = await listTasks(t.ctx(who.bursar), { ownerId: who.director.id });
    expect(bursarSees.map((x) => x.title)).toEqual(['Renewal figures for the budget']);
  });
});
