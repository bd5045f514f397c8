import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { COLUMN, type EventRow, prefilterSql } from '../db/detect-queries.ts';
import { ev, fail, store } from '../detect/test-events.ts';
import { compileSigmaRule } from './sigma-rule.ts';
import { shippedSigmaRules } from './sigma-rules.ts';

/**
 * The Sigma prefilter (issue 14) may let through more events than a rule matches, never fewer:
 * for each rule, every stored event the rule matches in JavaScript is among those its SQL
 * prefilter returns, whatever the letters' case; and the plain rules do narrow.
 */

const rule = (detection: string) =>
  compileSigmaRule(
    `title: T\nid: t-${Math.random()}\nlogsource: { product: azure, service: signinlogs }\ndetection:\n${detection}`,
    'school',
  );

const crafted = [
  rule('  sel:\n    userAgent|contains: AzureHound\n  condition: sel'),
  rule('  sel:\n    userAgent|contains: "50%_off"\n  condition: sel'),
  rule('  sel:\n    ClientAppUsed: IMAP4\n    Status: Success\n  condition: sel'),
  rule('  a:\n    ResultType: 53003\n  b:\n    ResultDescription|startswith: Access\n  condition: a or b'),
  rule('  a:\n    ResultType: "5005"\n  b:\n    userAgent|contains: Linux\n  condition: a and not b'),
  rule('  sel:\n    IpAddress|cidr: 203.0.113.0/24\n  condition: sel'),
  rule('  sel:\n    userAgent|contains: "python*requests"\n  condition: sel'),
  rule('  sel:\n    - PowerShell\n  condition: sel'),
  rule('  sel:\n    AuthenticationRequirement: multiFactorAuthentication\n    Status|contains: "MFA Denied"\n  condition: sel'),
  rule('  s_1:\n    Location: FR\n  s_2:\n    Location: it\n  condition: 1 of s_*'),
];

describeEachDatabase('security: Sigma prefilter never drops a match (issue 14)', (t) => {
  it('every event a rule matches passes its prefilter; the plain rules narrow to a few events', async () => {
    const ctx = t.ctx(undefined, '2026-11-11T07:00:00Z');
    const at = (m: number) => new Date(Date.parse('2026-11-10T08:00:00Z') + m * 60_000);
    await store(ctx, [
      ev({ ts: at(1), user: 'a@school.example', userAgent: 'AZUREHOUND/2.0', ip: '203.0.113.9' }),
      ev({ ts: at(2), user: 'b@school.example', userAgent: 'azurehound', errorCode: 53003, result: 'failure' }),
      ev({ ts: at(3), user: 'c@school.example', userAgent: 'x 50%_OFF y', clientApp: 'imap4' }),
      ev({ ts: at(4), user: 'd@school.example', userAgent: 'Mozilla (Linux)', errorCode: 50053, result: 'failure' }),
      ev({ ts: at(5), user: 'e@school.example', userAgent: 'Python-Requests/2.31', country: 'IT' }),
      fail({ ts: at(6), user: 'f@school.example', failureReason: 'ACCESS has been blocked', errorCode: 53003, country: 'FR' }),
      fail({
        ts: at(7),
        user: 'g@school.example',
        authRequirement: 'MultiFactorAuthentication',
        failureKind: 'mfa_denied',
        failureReason: 'MFA denied; user declined',
        userAgent: 'PowerShell/7',
      }),
      ...Array.from({ length: 40 }, (_, i) => ev({ ts: at(10 + i), user: `bg${i}@school.example`, country: 'GB' })),
    ]);
    const cols = Object.entries(COLUMN)
      .map(([k, c]) => `${c} AS "${k}"`)
      .join(', ');
    const all = await queryRows<EventRow & { id: number }>(ctx.db, sql.raw(`SELECT id, ${cols} FROM security_signins`));
    expect(all).toHaveLength(47);
    let narrowed = 0;
    for (const r of [...crafted, ...shippedSigmaRules().filter((x) => x.log === 'signins')]) {
      const matched = all.filter((e) => r.match(e).matched).map((e) => e.id);
      if (!r.prefilter) continue;
      const passed = (
        await queryRows<{ id: number }>(ctx.db, sql`SELECT id FROM security_signins WHERE ${prefilterSql(r.prefilter)}`)
      ).map((x) => Number(x.id));
      expect(passed).toEqual(expect.arrayContaining(matched.map(Number)));
      if (passed.length < 10) narrowed++;
    }
    // Wildcards, CIDR and keyword searches have none; the plain tests have one.
    expect(crafted.map((r) => r.prefilter !== null)).toEqual([true, true, true, true, true, false, false, false, true, true]);
    expect(narrowed).toBeGreaterThanOrEqual(12);
    // The crafted rules match what they should, so the containment above is not empty.
    expect(all.filter((e) => (crafted[0] as (typeof crafted)[0]).match(e).matched)).toHaveLength(2);
  });
});
