import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { listAlerts, listOpenIncidents } from '../../security/index.ts';
import { loadDemoSchool } from './load-demo-school.ts';

describeEachDatabase('demo: security', (t) => {
  it('plants a spray with a hit, an impossible journey, a legacy-auth scanner and an incident', async () => {
    const ctx = t.ctx(undefined, '2026-11-16T07:45:00Z');
    await loadDemoSchool(ctx, { password: 'demo-password-123456' });
    const alerts = await listAlerts(ctx);
    const types = new Set(alerts.map((a) => a.type));
    for (const t of ['password_spray', 'impossible_travel', 'legacy_auth', 'mfa_fatigue', 'brute_force'])
      expect(types).toContain(t);
    expect(alerts.find((a) => a.type === 'password_spray')?.severity).toBe('critical');
    expect(alerts.find((a) => a.users.includes('scan-staffroom@oakfield.example'))?.type).toBe('legacy_auth');
    expect(await listOpenIncidents(ctx)).toHaveLength(1);
  }, 300_000); // the whole demo school loads first: 89 s alone on two idle cores, past 120 s beside the browser flows
});
