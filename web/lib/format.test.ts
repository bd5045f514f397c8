import { expect, it } from 'vitest';
import { fieldLabel, parseUkDate } from './format.ts';

it('turns importer field keys into labels a person reads', () => {
  expect(fieldLabel('requestId')).toBe('Request ID');
  expect(fieldLabel('userDisplay')).toBe('User display');
  expect(fieldLabel('client_mac')).toBe('Client MAC');
  expect(fieldLabel('asn')).toBe('ASN');
  expect(fieldLabel('ip')).toBe('IP');
  expect(fieldLabel('authRequirement')).toBe('Auth requirement');
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
