import { expect, it } from 'vitest';
import { fieldLabel, parseUkDate, placeWords, ukDatesIn } from './format.ts';

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

it('reads a typed date the UK way, day first, and refuses dates that do not exist', () => {
  expect(parseUkDate('3/11/2026')).toBe('2026-11-03');
  expect(parseUkDate('03/11/26')).toBe('2026-11-03');
  expect(parseUkDate('3.11.2026')).toBe('2026-11-03');
  expect(parseUkDate('2026-11-03')).toBe('2026-11-03');
  expect(parseUkDate('29/02/2027')).toBeNull();
  expect(parseUkDate('31/04/2026')).toBeNull();
  expect(parseUkDate('11/31/2026')).toBeNull();
  expect(parseUkDate('next week')).toBeNull();
});

it('writes ISO dates inside a sentence the UK way', () => {
  expect(ukDatesIn('Milestone moved: Cut-over, 2027-02-15 → 2027-02-22')).toBe(
    'Milestone moved: Cut-over, Mon 15 Feb 2027 → Mon 22 Feb 2027',
  );
  expect(ukDatesIn('Milestone added: Survey (due 2026-09-10)')).toBe('Milestone added: Survey (due Thu 10 Sept 2026)');
  expect(ukDatesIn('No dates here, £12,000 → £18,500')).toBe('No dates here, £12,000 → £18,500');
});

it("says a ticket's place in words, not as a path of codes", () => {
  expect(placeWords('senior / Main School / M001')).toBe('M001 in Main School (senior school)');
  expect(placeWords('prep / Junior Block')).toBe('Junior Block (prep school)');
  expect(placeWords('senior')).toBe('senior school');
  expect(placeWords('The library')).toBe('The library');
});
