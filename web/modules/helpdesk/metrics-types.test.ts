import { expect, it } from 'vitest';
import { periodPresets } from './metrics-types.ts';

it('offers the terms that have begun, the current one first, after the weeks and months', () => {
  const terms = [
    { name: 'Summer 2027', from: '2027-04-19', to: '2027-07-09' },
    { name: 'Spring 2027', from: '2027-01-05', to: '2027-03-26' },
    { name: 'Autumn 2026', from: '2026-09-03', to: '2026-12-16' },
    { name: 'Summer 2026', from: '2026-04-20', to: '2026-07-10' },
  ];
  const presets = periodPresets(new Date(2026, 11, 2, 12), terms);
  expect(presets.map((p) => p.label)).toEqual([
    'This week',
    'Last week',
    'This month',
    'Last month',
    'Autumn 2026',
    'Summer 2026',
  ]);
  // Wednesday 2 December 2026: the week is Monday 30 November to Sunday 6 December.
  expect(presets[0]).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
});
