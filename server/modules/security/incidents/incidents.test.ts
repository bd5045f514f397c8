import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { Conflict, Forbidden, Invalid } from '../../../lib/errors.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { registerCsv, sltIncidentSummary, sltSummaryCsv } from './incident-report.ts';
import { summariseIncidentsForToday } from './incident-today.ts';
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

describeEachDatabase(
  'security: incident decisions need a choice, a rationale and, to close, an outcome and lessons (issue 11)',
  (t) => {
    it('refuses an ICO decision without a choice or a rationale, and a report without a reference or "to come"', async () => {
      const ctx = t.ctx(undefined, '2026-05-11T10:00:00Z');
      const inc = await createIncident(ctx, {
        title: 'Laptop left on a train',
        category: 'lost_device',
        becameAwareAt: '2026-05-11T08:15:00Z',
        personalData: true,
      });
      // What the form used to send with every field empty: the select's default and nothing else.
      await expect(recordIcoDecision(ctx, inc.id, { decision: 'reported' } as never)).rejects.toThrow(/rationale/);
      await expect(recordIcoDecision(ctx, inc.id, {} as never)).rejects.toThrow(/Choose whether/);
      await expect(
        recordIcoDecision(ctx, inc.id, { decision: 'reported', rationale: 'Unencrypted, with SEN records on it' }),
      ).rejects.toThrow(/still to come/);
      const reported = await recordIcoDecision(ctx, inc.id, {
        decision: 'reported',
        rationale: 'Unencrypted, with SEN records on it',
        referenceToFollow: true,
      });
      expect(reported.icoDecision).toBe('reported');
      expect(reported.icoReference).toBeNull();
      await expect(
        recordIcoDecision(ctx, inc.id, { decision: 'not_reportable', rationale: 'Changed our minds', dpoName: 'A. DPO' }),
      ).rejects.toBeInstanceOf(Conflict);
      const later = await updateIncident(ctx, inc.id, { icoReference: 'IC-123456-A1B2' });
      expect(later.icoReference).toBe('IC-123456-A1B2');
      const full = await getIncident(ctx, inc.id);
      expect(full.decisions.map((d) => d.decision)).toEqual([
        'Incident opened',
        'Reported to the ICO (reference still to come)',
        'ICO reference received: IC-123456-A1B2',
      ]);
      // 08:15 UTC on 11 May is 09:15 in London (BST): the log reads the school's clock, not ISO.
      expect(full.decisions[0]?.rationale).toBe('Became aware Mon 11 May 2026, 09:15; personal data involved.');
      expect(full.decisions[1]?.rationale).toBe('Unencrypted, with SEN records on it');
    });

    it('runs the ICO clock while personal data is not yet known, and closes only with an outcome, lessons and the ICO settled', async () => {
      const ctx = t.ctx(undefined, '2026-05-12T10:00:00Z');
      await expect(
        createIncident(ctx, {
          title: 'Misdirected email to parents',
          category: 'data_loss',
          becameAwareAt: '2026-05-12T09:00:00Z',
        } as never),
      ).rejects.toBeInstanceOf(Invalid);
      const inc = await createIncident(ctx, {
        title: 'Misdirected email to parents',
        category: 'data_loss',
        becameAwareAt: '2026-05-12T09:00:00Z',
        personalData: null,
      });
      expect(inc.personalData).toBeNull();
      expect(inc.ico).toEqual({ required: true, deadline: '2026-05-15T09:00:00.000Z', overdue: false, hoursLeft: 71 });
      await expect(updateIncident(ctx, inc.id, { status: 'closed' })).rejects.toThrow(/outcome/);
      await expect(updateIncident(ctx, inc.id, { status: 'closed', outcome: 'Recalled' })).rejects.toThrow(/lessons/);
      await expect(
        updateIncident(ctx, inc.id, { status: 'closed', outcome: 'Recalled', lessons: 'Check recipients' }),
      ).rejects.toThrow(/personal data was involved/);
      await updateIncident(ctx, inc.id, { personalData: true, personalDataNotes: 'Names and year groups of 30 pupils' });
      await expect(
        updateIncident(ctx, inc.id, { status: 'closed', outcome: 'Recalled', lessons: 'Check recipients' }),
      ).rejects.toThrow(/ICO decision/);
      await recordIcoDecision(ctx, inc.id, {
        decision: 'not_reportable',
        rationale: 'Sent to one parent, who confirmed deletion',
        dpoName: 'J. Bloggs (DPO)',
      });
      await updateIncident(ctx, inc.id, { status: 'contained' });
      const closed = await updateIncident(ctx, inc.id, {
        status: 'closed',
        outcome: 'The parent deleted the email and confirmed it in writing',
        lessons: 'Turn off address autocomplete for parent lists',
        rootCause: 'Autocomplete picked the wrong parent',
      });
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).toBe('2026-05-12T10:00:00.000Z');
      const full = await getIncident(ctx, inc.id);
      expect(full.decisions.map((d) => d.decision)).toEqual([
        'Incident opened',
        'Personal data: not yet known → involved',
        'Not reportable to the ICO',
        'Status: open → contained',
        'Status: contained → closed',
      ]);
      expect(full.decisions[0]?.rationale).toContain('personal data not yet known');
      expect(full.decisions[4]?.rationale).toBe(
        'Outcome: The parent deleted the email and confirmed it in writing. Lessons: Turn off address autocomplete for parent lists',
      );
    });

    it('puts open incidents and the next ICO deadline on Today, overdue first; SLT see refs without titles', async () => {
      const ctx = t.ctx(undefined, '2026-06-01T09:00:00Z');
      const before = await summariseIncidentsForToday(ctx);
      const overdue = await createIncident(ctx, {
        title: 'Stolen staff laptop',
        category: 'lost_device',
        becameAwareAt: '2026-05-29T08:00:00Z', // deadline 1 Jun 08:00: an hour ago
        personalData: true,
      });
      const next = await createIncident(ctx, {
        title: 'Pupil account used by an outsider',
        category: 'account_compromise',
        becameAwareAt: '2026-05-31T21:00:00Z', // deadline 3 Jun 21:00: 60 hours left
        personalData: null,
      });
      await createIncident(ctx, {
        title: 'Printer outage',
        category: 'outage',
        becameAwareAt: '2026-05-31T21:00:00Z',
        personalData: false,
      });
      const card = await summariseIncidentsForToday(ctx);
      expect(card.open).toBe(before.open + 3);
      expect(card.personalDataUnknown).toBe(before.personalDataUnknown + 1);
      const mine = card.deadlines.filter((d) => d.id === overdue.id || d.id === next.id);
      expect(mine).toEqual([
        {
          id: overdue.id,
          ref: overdue.ref,
          title: 'Stolen staff laptop',
          deadline: '2026-06-01T08:00:00.000Z',
          hoursLeft: -1,
          overdue: true,
        },
        {
          id: next.id,
          ref: next.ref,
          title: 'Pupil account used by an outsider',
          deadline: '2026-06-03T21:00:00.000Z',
          hoursLeft: 60,
          overdue: false,
        },
      ]);
      const forSlt = await summariseIncidentsForToday({ ...ctx, actor: slt });
      expect(forSlt.deadlines.every((d) => d.title === null)).toBe(true);
      await expect(summariseIncidentsForToday({ ...ctx, actor: { ...slt, role: 'staff' } })).rejects.toBeInstanceOf(Forbidden);
    });
  },
);
