import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../db/detect-queries.ts';
import { compileSigmaRule } from './sigma-rule.ts';
import { shippedSigmaRules } from './sigma-rules.ts';

const event = (p: Partial<EventRow>): EventRow =>
  ({
    ts: new Date(),
    source: 'entra',
    eventKey: 'k',
    user: 'u@school.example',
    ip: '81.2.69.1',
    result: 'failure',
    errorCode: null,
    failureReason: null,
    ...p,
  }) as EventRow;

const interrupted = compileSigmaRule(
  readFileSync(path.join(import.meta.dirname, 'rules/azure-mfa-interrupted.yml'), 'utf8'),
  'shipped',
);

describe('Sigma subset (A-13)', () => {
  it('matches "Multifactor Authentication Interrupted" through 1 of selection_* and the field map', () => {
    expect(
      interrupted.match(
        event({ errorCode: 500121, failureReason: 'Authentication failed during strong authentication request' }),
      ),
    ).toEqual({ matched: true, identifiers: ['selection_500121'] });
    expect(interrupted.match(event({ errorCode: 50074, failureReason: 'Something else entirely' })).matched).toBe(false);
    expect(interrupted.author).toBe('AlertIQ');
    expect(interrupted.license).toBe('DRL-1.1');
  });

  it('is case-insensitive, handles not, lists, all, wildcards and numbers', () => {
    const rule = compileSigmaRule(
      `title: Test
id: t-1
author: Test Author
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    Status|contains: 'MFA Denied'
  filter:
    UserPrincipalName|endswith: '@trusted.example'
  agents:
    userAgent|contains|all: [python, requests]
  codes:
    ResultType: [50126, 50053]
  wild:
    ClientApp: 'IMAP?'
  condition: (selection and not filter) or agents or (codes and wild)
level: low`,
      'school',
    );
    expect(rule.match(event({ failureReason: 'mfa DENIED; user declined' })).matched).toBe(true);
    expect(rule.match(event({ failureReason: 'MFA denied', user: 'x@trusted.example' })).matched).toBe(false);
    expect(rule.match(event({ userAgent: 'python-requests/2.31' })).matched).toBe(true);
    expect(rule.match(event({ userAgent: 'python/3' })).matched).toBe(false);
    expect(rule.match(event({ errorCode: 50053, clientApp: 'imap4' })).matched).toBe(true);
    expect(rule.match(event({ errorCode: 50053, clientApp: 'IMAP' })).matched).toBe(false);
  });

  it('refuses an unsupported modifier, naming the rule', () => {
    expect(() =>
      compileSigmaRule(
        `title: Encoded command
id: enc-1
author: Someone
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    userAgent|base64offset|contains: evil
  condition: selection`,
        'school',
      ),
    ).toThrow('Sigma rule "Encoded command" (enc-1): selection: unsupported modifier "base64offset" on userAgent');
    expect(() =>
      compileSigmaRule(
        'title: X\nid: x\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  s:\n    Nonsense: 1\n  condition: s',
        'school',
      ),
    ).toThrow(/"Nonsense" is not in the field map/);
    expect(() =>
      compileSigmaRule(
        'title: X\nid: x\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  s:\n    ResultType: 1\n  condition: s | count() > 5',
        'school',
      ),
    ).toThrow(/aggregations/);
  });

  it('ships a curated set, each with its author and licence', () => {
    const rules = shippedSigmaRules();
    expect(rules.length).toBeGreaterThanOrEqual(9);
    for (const r of rules) {
      expect(r.author).not.toBe('unknown author');
      expect(r.license).toBe('DRL-1.1');
    }
  });
});
