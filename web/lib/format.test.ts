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
