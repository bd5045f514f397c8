import { beforeAll, describe, expect, it } from 'vitest';
import { Invalid } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { addCalendarEntry } from '../../calendar/index.ts';
import { listTasksBySource } from '../../tasks/index.ts';
import { BUILT_IN_CATALOGUES, findCatalogue } from '../catalogues/built-in.ts';
import { addStandardsAction, sendActionToTasks } from './actions.ts';
import { addEvidence, assessRequirement } from './assessments.ts';
import { adoptCatalogue, resolveUnmapped, setCatalogueOptions, upgradeCatalogue } from './catalogues.ts';
import { getRequirementDetail, getTracker, readStandardsRollup } from './tracker.ts';

describe('the built-in catalogues', () => {
  it('AT-31: the DfE catalogue has 12 standards, 6 of them core', () => {
    const dfe = findCatalogue('dfe-dts');
    expect(dfe?.version).toBe('2026-05');
    expect(dfe?.standards).toHaveLength(12);
    expect(dfe?.standards.filter((s) => s.core).map((s) => s.title)).toEqual([
      'Broadband internet',
      'Network switching',
      'Wireless network',
      'Cyber security',
      'Filtering and monitoring',
      'Digital leadership and governance',
    ]);
  });

  it('AT-34: the RPA catalogue has exactly 4 conditions and is labelled a benchmark', () => {
    const rpa = findCatalogue('rpa-cyber');
    expect(rpa?.standards.flatMap((s) => s.requirements)).toHaveLength(4);
    expect(rpa?.label).toBe('benchmark – not applicable to independent schools');
    expect(rpa?.benchmark).toBe(true);
    expect(rpa?.inReportByDefault).toBe(false);
  });

  it('Cyber Essentials v3.3 has the five controls and marks the auto-fail conditions', () => {
    const ce = findCatalogue('cyber-essentials');
    expect(ce?.standards.map((s) => s.title)).toEqual([
      'Firewalls',
      'Secure configuration',
      'Security update management',
      'User access control',
      'Malware protection',
    ]);
    expect(ce?.standards.flatMap((s) => s.requirements.filter((r) => r.autoFail).map((r) => r.id))).toEqual([
      'ce.updates.os-firmware',
      'ce.updates.applications',
      'ce.access.mfa-cloud',
      'ce.access.cloud-scope',
    ]);
  });

  it('every requirement id is unique within a version, and every mapping points at a requirement of the new version', () => {
    for (const c of BUILT_IN_CATALOGUES) {
      const ids = c.standards.flatMap((s) => s.requirements.map((r) => r.id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const u of c.upgradesFrom) for (const to of Object.values(u.map)) if (to) expect(ids).toContain(to);
    }
  });
});

describeEachDatabase('the standards tracker', (t) => {
  let director: { kind: 'user'; id: string; email: string; name: string; role: 'admin' };
  const at = (now: string) => t.ctx(director, now);
  beforeAll(async () => {
    const { user: u } = await createUser(t.ctx(), {
      email: 'director@oak.example',
      name: 'Sam Harding',
      role: 'admin',
      password: 'a long demo password 1',
    });
    director = { kind: 'user', id: u.id, email: u.email, name: u.name, role: 'admin' };
    for (const [name, s, e] of [
      ['Autumn', '2025-09-04', '2025-12-12'],
      ['Spring', '2026-01-06', '2026-03-27'],
      ['Summer', '2026-04-21', '2026-07-10'],
      ['Autumn', '2026-09-03', '2026-12-11'],
    ] as const)
      await addCalendarEntry(t.ctx(), { kind: 'term', name, startsOn: s, endsOn: e });
  });

  it('AT-33: an upgrade maps old ids to new, keeps evidence and history, and lists what has no successor', async () => {
    await adoptCatalogue(at('2025-09-15T09:00:00Z'), 'dfe-dts', '2024-03');
    const c = at('2025-10-01T09:00:00Z');
    await addEvidence(c, 'dfe.cyber.2023.firewall', {
      kind: 'link',
      label: 'Firewall rule review',
      url: 'https://docs.oak.example/fw',
    });
    await assessRequirement(c, 'dfe.cyber.2023.firewall', { status: 'met', ownerId: director.id });
    await assessRequirement(c, 'dfe.cyber.2023.anti-malware', { status: 'partial' });
    await addEvidence(c, 'dfe.cyber.2023.app-checks', { kind: 'record', label: 'Software approvals', url: '/tasks' });
    await assessRequirement(c, 'dfe.cyber.2023.app-checks', { status: 'partial' });

    const report = await upgradeCatalogue(at('2026-05-11T09:00:00Z'), 'dfe-dts', '2026-05');
    expect(report.mapped).toContainEqual({ from: 'dfe.cyber.2023.firewall', to: 'dfe.cyber.secure-technology' });
    expect(report.mapped).toHaveLength(11);
    expect(report.unmapped.map((u) => [u.id, u.hadAssessment, u.evidence])).toEqual([
      ['dfe.cyber.2023.app-checks', true, 1],
      ['dfe.cyber.2023.contingency', false, 0],
    ]);
    expect(report.added.map((a) => a.id)).toContain('dfe.it-support.responsive');

    // Firewall (met, with evidence) and anti-malware (partial) fold into one: the less favourable status, the evidence and both histories.
    const merged = await getRequirementDetail(at('2026-05-12T09:00:00Z'), 'dfe.cyber.secure-technology');
    expect(merged.assessment).toMatchObject({ status: 'partial', ownerName: 'Sam Harding', lastReviewedOn: '2025-10-01' });
    expect(merged.evidence.map((e) => [e.label, e.originalRequirementId])).toEqual([
      ['Firewall rule review', 'dfe.cyber.2023.firewall'],
    ]);
    expect(merged.history.map((h) => [h.kind, h.originalRequirementId])).toEqual([
      ['carried', 'dfe.cyber.secure-technology'],
      ['carried', 'dfe.cyber.secure-technology'],
      ['assessed', 'dfe.cyber.2023.anti-malware'],
      ['assessed', 'dfe.cyber.2023.firewall'],
      ['evidence', 'dfe.cyber.2023.firewall'],
    ]);

    const tracker = await getTracker(at('2026-05-12T09:00:00Z'));
    expect(tracker.pendingReview.map((p) => p.id)).toEqual(['dfe.cyber.2023.app-checks', 'dfe.cyber.2023.contingency']);
    expect(tracker.rollup.frameworks[0]?.standards).toHaveLength(12);
    await resolveUnmapped(at('2026-05-12T10:00:00Z'), 'dfe.cyber.2023.app-checks', { carryTo: 'dfe.cyber.secure-technology' });
    await resolveUnmapped(at('2026-05-12T10:00:00Z'), 'dfe.cyber.2023.contingency', {
      note: 'Covered by the DR plan requirement',
    });
    expect((await getTracker(at('2026-05-12T11:00:00Z'))).pendingReview).toEqual([]);
    const after = await getRequirementDetail(at('2026-05-12T11:00:00Z'), 'dfe.cyber.secure-technology');
    expect(after.evidence.map((e) => e.label).sort()).toEqual(['Firewall rule review', 'Software approvals']);
    await expect(upgradeCatalogue(at('2026-05-13T09:00:00Z'), 'dfe-dts', '2026-05')).rejects.toThrow(
      'already at version 2026-05',
    );
  });

  it('met needs evidence', async () => {
    await expect(assessRequirement(at('2026-06-01T09:00:00Z'), 'dfe.cabling.copper', { status: 'met' })).rejects.toThrow(Invalid);
  });

  it('AT-31: marking every requirement of the six core standards met shows 6/6 core standards met', async () => {
    const c = at('2026-11-16T09:00:00Z');
    expect((await getTracker(c)).rollup.core).toEqual({ met: 0, total: 6 });
    const core = (await getTracker(c)).rollup.frameworks[0]?.standards.filter((s) => s.core) ?? [];
    for (const s of core)
      for (const r of s.requirements) {
        await addEvidence(c, r.id, { kind: 'record', label: 'Evidence', url: '/strategy' });
        await assessRequirement(c, r.id, { status: 'met' });
      }
    const tracker = await getTracker(c);
    expect(tracker.rollup.core).toEqual({ met: 6, total: 6 });
    expect(tracker.rollup.frameworks[0]?.standards.filter((s) => s.core).every((s) => s.rag === 'green')).toBe(true);
    // As it stood in the summer, from the history: none of them met then.
    expect((await readStandardsRollup(c, { on: '2026-07-10' })).core).toEqual({ met: 0, total: 6 });
  });

  it('AT-32: the termly risk assessment reviewed a term ago turns amber, then red; the statutory F&M review red at once', async () => {
    const rollupOn = async (on: string) => (await readStandardsRollup(at('2026-11-16T09:00:00Z'), { on })).overdue;
    // Reviewed 16 Nov 2026 (Autumn): due by the end of the next term, which the calendar does not hold yet: 122 days.
    expect((await rollupOn('2027-03-16')).find((o) => o.requirementId === 'dfe.cyber.risk-assessment')).toBeUndefined();
    expect((await rollupOn('2027-03-20')).find((o) => o.requirementId === 'dfe.cyber.risk-assessment')?.rag).toBe('amber');
    expect((await rollupOn('2027-07-30')).find((o) => o.requirementId === 'dfe.cyber.risk-assessment')?.rag).toBe('red');
    expect((await rollupOn('2027-11-17')).find((o) => o.requirementId === 'dfe.filtering.annual-review')?.rag).toBe('red');
    expect((await rollupOn('2027-11-16')).find((o) => o.requirementId === 'dfe.filtering.annual-review')).toBeUndefined();
  });

  it('AT-34: the RPA benchmark is in the report only when enabled', async () => {
    await adoptCatalogue(at('2026-11-16T09:00:00Z'), 'rpa-cyber');
    const keys = async () =>
      (await readStandardsRollup(at('2026-11-16T09:00:00Z'), { on: '2026-11-16' })).frameworks.map((f) => f.key);
    expect(await keys()).toEqual(['dfe-dts']);
    await setCatalogueOptions(at('2026-11-16T09:00:00Z'), 'rpa-cyber', { inReport: true });
    expect(await keys()).toEqual(['dfe-dts', 'rpa-cyber']);
    const rpa = (await readStandardsRollup(at('2026-11-16T09:00:00Z'), { on: '2026-11-16' })).frameworks[1];
    expect(rpa?.label).toBe('benchmark – not applicable to independent schools');
    expect(rpa?.standards[0]?.requirements).toHaveLength(4);
  });

  it('an action becomes its owner’s to-do, and the to-do’s status closes it', async () => {
    const c = at('2026-11-16T09:00:00Z');
    const a = await addStandardsAction(c, 'dfe.switching.ups', { text: 'Put the core switches on a UPS', dueOn: '2026-12-08' });
    await sendActionToTasks(c, a.id);
    const tasks = await listTasksBySource(c, { module: 'standards', kind: 'action', id: a.id });
    expect(tasks.map((x) => [x.title, x.dueOn, x.owner.name, x.source?.url])).toEqual([
      ['Put the core switches on a UPS', '2026-12-08', 'Sam Harding', '/standards?requirement=dfe.switching.ups'],
    ]);
    const tracker = await getTracker(c);
    expect(tracker.actionsDueThisTerm.map((x) => [x.text, x.task?.status])).toEqual([['Put the core switches on a UPS', 'open']]);
  });
});
