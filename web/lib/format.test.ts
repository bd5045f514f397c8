import { expect, it } from 'vitest';
import { fieldLabel } from './format.ts';

it('turns importer field keys into labels a person reads', () => {
  expect(fieldLabel('requestId')).toBe('Request ID');
  expect(fieldLabel('userDisplay')).toBe('User display');
  expect(fieldLabel('client_mac')).toBe('Client MAC');
  expect(fieldLabel('asn')).toBe('ASN');
  expect(fieldLabel('ip')).toBe('IP');
  expect(fieldLabel('authRequirement')).toBe('Auth requirement');
});

it('reads and writes the school clock whatever the zone, across the clock change', async () => {
  const { fromSchoolClock, toSchoolClock, formatFullDateTime, formatHoursLeft, formatNumericDate } = await import('./format.ts');
  // BST (UTC+1) in May; GMT in December; 01:30 on 29 Mar 2026 does not exist in London (clocks go forward at 01:00).
  expect(fromSchoolClock('2026-05-11', '09:15')).toBe('2026-05-11T08:15:00.000Z');
  expect(fromSchoolClock('2026-12-02', '09:15')).toBe('2026-12-02T09:15:00.000Z');
  expect(toSchoolClock('2026-05-11T08:15:00.000Z')).toEqual({ date: '2026-05-11', time: '09:15' });
  expect(toSchoolClock('2026-10-25T00:30:00.000Z')).toEqual({ date: '2026-10-25', time: '01:30' });
  expect(formatFullDateTime('2026-11-03T09:05:00Z')).toBe('Tue 3 Nov 2026, 09:05');
  expect(formatHoursLeft(61.4)).toBe('61 hours left');
  expect(formatHoursLeft(0.75)).toBe('45 minutes left');
  expect(formatHoursLeft(-3.2)).toBe('3 hours overdue');
  expect(formatHoursLeft(1)).toBe('1 hour left');
  expect(formatNumericDate('2026-12-02')).toBe('02/12/2026');
});
