import { expect, it } from 'vitest';
import { describeEachDemoDatabase } from '../../../lib/test-demo-db.ts';
import { listAlerts, listOpenIncidents } from '../../security/index.ts';

// The demo school loaded at the test clock (a copy of the run's demo template: test-demo-db.ts).
describeEachDemoDatabase('demo: security', (t) => {
  it('plants a spray with a hit, an impossible journey, a legacy-auth scanner and an incident', async () => {
    const ctx = t.ctx();
    const alerts = await listAlerts(ctx);
    const types = new Set(alerts.map((a) => a.type));
    for (const t of ['password_spray', 'impossible_travel', 'legacy_auth', 'mfa_fatigue', 'brute_force'])
      expect(types).toContain(t);
    expect(alerts.find((a) => a.type === 'password_spray')?.severity).toBe('critical');
    expect(alerts.find((a) => a.users.includes('scan-staffroom@oakfield.example'))?.type).toBe('legacy_auth');
    expect(await listOpenIncidents(ctx)).toHaveLength(1);
  });
});
