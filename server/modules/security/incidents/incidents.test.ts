import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { Forbidden, Invalid } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { registerCsv, sltIncidentSummary, sltSummaryCsv } from './incident-report.ts';
import { appendDecision, createIncident, getIncident, recordIcoDecision, updateIncident } from './incidents.ts';

const slt = {
  kind: 'user' as const,
  id: '00000000-0000-0000-0000-000000000001',
  email: 'head@school.example',
  name: 'Head',
  role: 'slt' as const,
};

describeEachDatabase('security: the incident register (A-14)', (t) => {
  it('sets the ICO deadline 72 hours after awareness and shows it overdue a minute later', async () => {
    const ctx = t.ctx(undefined, '2026-03-02T10:00:00Z');
    const inc = await createIncident(ctx, {
      title: 'Year 9 pupil Amelia Smith account compromised',
      category: 'account_compromise',
      becameAwareAt: '2026-03-02T09:00:00Z',
      personalData: true,
      dataSubjects: ['pupils'],
    });
    expect(inc.ref).toBe('INC-2026-001');
    expect(inc.ico.deadline).toBe('2026-03-05T09:00:00.000Z');
    expect(inc.ico.overdue).toBe(false);
    const late = await getIncident({ ...ctx, clock: fixedClock('2026-03-05T09:01:00Z') }, inc.id);
    expect(late.incident.ico.overdue).toBe(true);
    const noPd = await createIncident(ctx, {
      title: 'Wi-Fi outage',
      category: 'outage',
      becameAwareAt: '2026-03-02T09:00:00Z',
      personalData: false,
    });
    expect(noPd.ico).toMatchObject({ required: false, deadline: null, overdue: false });
  });

  it('needs a rationale and the DPO to record "not reportable"; the decision log only grows', async () => {
    const ctx = t.ctx(undefined, '2026-03-03T10:00:00Z');
    const inc = await createIncident(ctx, {
      title: 'Misdirected email',
      category: 'data_loss',
      becameAwareAt: '2026-03-03T08:00:00Z',
      personalData: true,
    });
    await expect(
      recordIcoDecision(ctx, inc.id, { decision: 'not_reportable', rationale: 'Recalled unread' }),
    ).rejects.toBeInstanceOf(Invalid);
    const done = await recordIcoDecision(ctx, inc.id, {
      decision: 'not_reportable',
      rationale: 'Recalled unread within 10 minutes',
      dpoName: 'J. Bloggs (DPO)',
    });
    expect(done.ico.overdue).toBe(false);
    await appendDecision(ctx, inc.id, { decision: 'Reset the recipient list', rationale: 'Stop a repeat' });
    await updateIncident(ctx, inc.id, { status: 'contained', containedAt: '2026-03-03T12:00:00Z' });
    const full = await getIncident(ctx, inc.id);
    expect(full.decisions.map((d) => d.decision)).toEqual([
      'Incident opened',
      'Not reportable to the ICO',
      'Reset the recipient list',
      'Status: open → contained',
    ]);
    expect(full.decisions[1]?.rationale).toContain('DPO consulted: J. Bloggs (DPO)');
  });

  it('gives SLT counts and timings by month and category, with no names', async () => {
    const ctx = t.ctx(undefined, '2026-03-06T10:00:00Z');
    const rows = await sltIncidentSummary({ ...ctx, actor: slt });
    const march = rows.find((r) => r.month === '2026-03' && r.category === 'data_loss');
    expect(march).toMatchObject({
      incidents: 1,
      personalData: 1,
      icoDecisionsOnTime: 1,
      icoDecisionsDue: 1,
      medianHoursToContain: 4,
    });
    const csv = await sltSummaryCsv({ ...ctx, actor: slt });
    expect(csv).toContain('2026-03,account_compromise,1,1,0,0,1,1,');
    expect(csv).not.toMatch(/Amelia|Smith|Misdirected/);
    await expect(registerCsv({ ...ctx, actor: slt })).rejects.toBeInstanceOf(Forbidden);
  });

  it('neutralises spreadsheet formulas in the register export', async () => {
    const ctx = t.ctx(undefined, '2026-03-06T10:00:00Z');
    await createIncident(ctx, {
      title: '=HYPERLINK("http://x","click")',
      category: 'other',
      becameAwareAt: '2026-03-06T09:00:00Z',
      personalData: false,
    });
    const csv = await registerCsv(ctx);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
  });
});
