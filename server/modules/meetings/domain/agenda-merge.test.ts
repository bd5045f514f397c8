import { describe, expect, it } from 'vitest';
import { type ExistingItem, planAgenda } from './agenda-merge.ts';
import type { AgendaDraft } from './agenda-sources.ts';

const draft = (section: AgendaDraft['section'], key: string, title = key, detail = ''): AgendaDraft => ({
  section,
  key,
  title,
  detail,
});
const item = (id: string, section: string, position: number, over: Partial<ExistingItem> = {}): ExistingItem => ({
  id,
  section,
  position,
  title: id,
  detail: '',
  sourceKey: null,
  sourceUrl: null,
  edited: false,
  hidden: false,
  minutes: null,
  ...over,
});

describe('agenda merge rules', () => {
  it('builds a fresh agenda in section order, open actions first', () => {
    const plan = planAgenda(
      [],
      [draft('risks', 'risk:1'), draft('actions', 'action:1'), draft('actions', 'action:2'), draft('projects', 'project:1')],
    );
    expect(plan.insert.map((i) => [i.key, i.position])).toEqual([
      ['action:1', 0],
      ['action:2', 1],
      ['project:1', 0],
      ['risk:1', 0],
    ]);
    expect([plan.update, plan.remove, plan.reposition]).toEqual([[], [], []]);
  });

  it('refreshes untouched auto items, keeps edited ones, drops stale ones and adds new ones at the end', () => {
    const existing = [
      item('a1', 'actions', 0, { sourceKey: 'action:1', title: 'old words' }),
      item('a2', 'actions', 1, { sourceKey: 'action:2' }), // done since: no longer proposed
      item('p1', 'projects', 0, { sourceKey: 'project:1', title: 'Director’s words', edited: true }),
      item('m1', 'discussion', 0), // the Director's own item
      item('r1', 'risks', 0, { sourceKey: 'risk:1', hidden: true }), // removed by the Director
      item('r2', 'risks', 1, { sourceKey: 'risk:2', minutes: 'Discussed' }), // minuted: stays
    ];
    const plan = planAgenda(existing, [
      draft('actions', 'action:1', 'new words'),
      draft('actions', 'action:3'),
      draft('projects', 'project:1', 'generated'),
      draft('risks', 'risk:1'),
    ]);
    expect(plan.remove).toEqual(['a2']);
    expect(plan.update).toEqual([{ id: 'a1', title: 'new words', detail: '', sourceUrl: null, position: 0 }]);
    expect(plan.insert.map((i) => [i.key, i.position])).toEqual([['action:3', 1]]);
    // r1 (hidden) and r2 keep their places; nothing else moves.
    expect(plan.reposition).toEqual([]);
  });

  it('closes the gap a removed item leaves', () => {
    const plan = planAgenda(
      [item('a1', 'actions', 0, { sourceKey: 'action:1' }), item('a2', 'actions', 1, { sourceKey: 'action:2' })],
      [draft('actions', 'action:2', 'a2')],
    );
    expect(plan.remove).toEqual(['a1']);
    expect(plan.reposition).toEqual([{ id: 'a2', position: 0 }]);
  });
});
