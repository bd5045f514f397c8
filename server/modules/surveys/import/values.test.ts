import { expect, it } from 'vitest';
import { parseMultiSelect, parseTimestamp } from './values.ts';

it('reads timestamps in the declared locale and time zone, never guessing', () => {
  const iso = (d: Date | undefined) => d?.toISOString();
  expect(iso(parseTimestamp('03/04/2024 09:15:00', 'en-GB', 'Europe/London'))).toBe('2024-04-03T08:15:00.000Z');
  expect(iso(parseTimestamp('2024/04/03 9:15:00 AM GMT+1', 'en-GB', 'Europe/London'))).toBe('2024-04-03T08:15:00.000Z');
  // The same text declared en-US is 4 March (GMT, before the clocks change).
  expect(iso(parseTimestamp('03/04/2024 09:15:00', 'en-US', 'Europe/London'))).toBe('2024-03-04T09:15:00.000Z');
  expect(iso(parseTimestamp('2024/11/12 2:05:00 PM GMT+0', 'en-GB', 'Europe/London'))).toBe('2024-11-12T14:05:00.000Z');
  expect(iso(parseTimestamp('2024-06-01 12:00', 'en-GB', 'Europe/London'))).toBe('2024-06-01T11:00:00.000Z');
  // An Excel date cell holds the wall clock as if it were UTC.
  expect(iso(parseTimestamp(new Date(Date.UTC(2024, 5, 1, 12, 0, 0)), 'en-GB', 'Europe/London'))).toBe(
    '2024-06-01T11:00:00.000Z',
  );
  expect(parseTimestamp('31/31/2024 09:00:00', 'en-GB', 'Europe/London')).toBeUndefined();
  expect(parseTimestamp('yesterday', 'en-GB', 'Europe/London')).toBeUndefined();
});

it('splits multi-select answers as each tool writes them', () => {
  const options = [
    { code: 'WIFI_CLASS', label: 'Wi-Fi, in classrooms' },
    { code: 'WIFI', label: 'Wi-Fi' },
    { code: 'PRINT', label: 'Printing' },
  ];
  expect(parseMultiSelect('Wi-Fi;Printing;', options, 'msforms')).toEqual({ codes: ['WIFI', 'PRINT'], unknown: [] });
  expect(parseMultiSelect('Wi-Fi, in classrooms, Printing', options, 'google')).toEqual({
    codes: ['WIFI_CLASS', 'PRINT'],
    unknown: [],
  });
  expect(parseMultiSelect('Wi-Fi, Printing, Lunch', options, 'google')).toEqual({ codes: ['WIFI', 'PRINT'], unknown: ['Lunch'] });
});
