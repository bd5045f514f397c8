import { expect, it } from 'vitest';
import { zonedToUtc } from './zoned-time.ts';

it('gives the same instant for the same wall-clock time every time, each a Date of its own', () => {
  const first = zonedToUtc('2026-07-01', '08:30', 'Europe/London');
  expect(first.toISOString()).toBe('2026-07-01T07:30:00.000Z');
  first.setTime(0);
  expect(zonedToUtc('2026-07-01', '08:30', 'Europe/London').toISOString()).toBe('2026-07-01T07:30:00.000Z');
  expect(zonedToUtc('2026-07-01', '08:30', 'America/New_York').toISOString()).toBe('2026-07-01T12:30:00.000Z');
  expect(zonedToUtc('2026-07-01', '08:30:15', 'Europe/London').toISOString()).toBe('2026-07-01T07:30:15.000Z');
});

it('resolves the spring gap to the instant after it and the repeated autumn hour to its first pass', () => {
  expect(zonedToUtc('2026-03-29', '01:30', 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  expect(zonedToUtc('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  expect(zonedToUtc('2026-12-01', '09:00', 'Europe/London').toISOString()).toBe('2026-12-01T09:00:00.000Z');
});
