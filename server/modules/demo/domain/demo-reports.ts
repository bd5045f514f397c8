import { fixedClock } from '../../../lib/clock.ts';
import type { Actor, Ctx } from '../../../lib/context.ts';
import { addDays, localDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { editSection, openTermReport, publishReport, setManualValue } from '../../reports/index.ts';
import {
  addEvidence,
  addSchoolRequirement,
  addSchoolStandard,
  addStandardsAction,
  adoptCatalogue,
  assessRequirement,
  createSchoolCatalogue,
  sendStandardsActionToTasks,
  upgradeCatalogue,
} from '../../standards/index.ts';

/**
 * Oakfield's standards tracker and termly reports, as a real independent school would have them
 * part-way through: the DfE standards brought in last autumn in their March 2024 form and upgraded
 * when the 2026 edition came out (two old cyber requirements still waiting for review), Cyber
 * Essentials and the insurer's conditions added, the RPA benchmark off the report; two core
 * standards met, the filtering and monitoring review overdue (red: KCSIE), the backup review a
 * term late (amber). Last term's report published after term ended; this term's a draft.
 */

type Step = { at: Date; run: (ctx: Ctx) => Promise<unknown> };

export async function loadDemoReports(ctx: Ctx, emailOf: (key: string) => string): Promise<void> {
  const tz = ctx.config.timeZone;
  const today = localDate(ctx.clock.now(), tz);
  const terms = [...(await loadSchoolCalendar(ctx)).terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const ci = terms.findLastIndex((t) => t.startsOn <= today);
  const current = terms[ci];
  const last = terms[ci - 1];
  const first = terms[Math.max(0, ci - 3)];
  if (!current || !last || !first) throw new Error('demo: the reports need this term and the one before');
  const users = await listUserSummaries(ctx);
  const who = (key: string): Extract<Actor, { kind: 'user' }> => {
    const u = users.find((x) => x.email === emailOf(key));
    if (!u) throw new Error(`demo: no account for ${key}`);
    return { kind: 'user', id: u.id, email: u.email, name: u.name, role: u.role };
  };
  const director = who('director');
  const network = who('network');
  const at = (date: string, time = '16:00') => zonedToUtc(date, time, tz);
  const start = addDays(first.startsOn, 10);
  const upgrade = addDays(last.startsOn, 20);
  const midLast = addDays(last.startsOn, 40);
  const early = addDays(current.startsOn, 12);
  const assess = async (
    c: Ctx,
    id: string,
    status: 'met' | 'partial' | 'not_met' | 'n_a',
    evidence?: { label: string; url: string },
    owner = director.id,
  ) => {
    if (evidence) await addEvidence(c, id, { kind: evidence.url.startsWith('/') ? 'record' : 'link', ...evidence });
    await assessRequirement(c, id, { status, ownerId: owner });
  };
  const doc = (name: string) => ({
    label: name,
    url: `https://sharepoint.oakfield.example/it/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  });
  const steps: Step[] = [
    {
      at: at(start),
      run: async (c) => {
        await adoptCatalogue(c, 'dfe-dts', '2024-03');
        for (const id of ['dfe.broadband.full-fibre', 'dfe.broadband.speed', 'dfe.broadband.backup', 'dfe.broadband.security'])
          await assess(c, id, 'met', doc(`Broadband contract and failover test ${start.slice(0, 4)}`), network.id);
        for (const id of ['dfe.leadership.slt-lead', 'dfe.leadership.asset-registers', 'dfe.leadership.dr-bc'])
          await assess(c, id, 'met', doc('Digital governance pack'));
        await assess(c, 'dfe.leadership.strategy', 'met', { label: 'Technology strategy', url: '/strategy' });
        for (const id of [
          'dfe.filtering.roles',
          'dfe.filtering.annual-review',
          'dfe.filtering.blocking',
          'dfe.filtering.monitoring',
        ])
          await assess(c, id, 'met', doc(`Filtering and monitoring review ${start.slice(0, 7)}`));
        await assess(c, 'dfe.cyber.2023.backups', 'met', doc('Backup restore test log'), network.id);
        await assess(c, 'dfe.cyber.2023.firewall', 'met', doc('Firewall rule review'), network.id);
        await assess(c, 'dfe.cyber.2023.mfa', 'partial');
        await assess(c, 'dfe.cyber.2023.app-checks', 'partial');
        await assess(c, 'dfe.cyber.2023.contingency', 'met', doc('Cyber response plan'));
      },
    },
    {
      at: at(upgrade),
      run: async (c) => {
        await upgradeCatalogue(c, 'dfe-dts', '2026-05');
        await adoptCatalogue(c, 'cyber-essentials');
        await adoptCatalogue(c, 'rpa-cyber');
        const { key } = await createSchoolCatalogue(c, {
          title: 'Insurer’s cyber conditions',
          summary: 'The conditions of the school’s cyber insurance policy, renewed each September.',
        });
        const { id } = await addSchoolStandard(c, key, { title: 'Policy conditions' });
        for (const text of [
          'Multi-factor authentication on email and all remote access for every member of staff.',
          'Endpoint detection and response on every school-owned laptop and server.',
          'An offline or immutable backup, restore-tested each term.',
        ])
          await addSchoolRequirement(c, id, {
            text,
            cadence: 'termly',
            evidenceHint: 'The report the insurer asks for at renewal',
          });
      },
    },
    {
      at: at(midLast),
      run: async (c) => {
        await assess(c, 'dfe.cyber.risk-assessment', 'met', {
          label: 'Risk register: cyber risks reviewed',
          url: '/projects?tab=risks',
        });
        await assess(c, 'dfe.cyber.backup', 'met', doc('Backup restore test log'), network.id);
        await assess(c, 'dfe.it-support.responsive', 'met', {
          label: 'Help desk metrics for the term',
          url: '/helpdesk/metrics',
        });
        await assess(
          c,
          'dfe.wireless.coverage',
          'partial',
          { label: 'Wi-Fi service levels', url: '/wifi?tab=service' },
          network.id,
        );
        for (const id of ['dfe.switching.performance', 'dfe.switching.management', 'dfe.switching.security'])
          await assess(c, id, 'met', doc('Switch inventory'), network.id);
        await assess(c, 'dfe.switching.ups', 'not_met', undefined, network.id);
        await assess(c, 'ce.access.mfa-cloud', 'partial');
        await assess(c, 'ce.updates.os-firmware', 'met', doc('Intune patch compliance'), network.id);
        for (const id of ['ce.firewalls.boundary', 'ce.firewalls.admin-interface', 'ce.firewalls.inbound-rules'])
          await assess(c, id, 'met', doc('Firewall rule review'), network.id);
        await assess(c, 'ce.malware.protection', 'met', doc('Defender coverage report'), network.id);
      },
    },
    {
      at: at(early),
      run: async (c) => {
        await assess(c, 'dfe.cyber.risk-assessment', 'met', {
          label: 'Risk register: autumn review',
          url: '/projects?tab=risks',
        });
        // This year's reviews of broadband and of digital leadership: both core standards met.
        for (const id of [
          'dfe.broadband.full-fibre',
          'dfe.broadband.speed',
          'dfe.broadband.backup',
          'dfe.broadband.security',
          'dfe.leadership.slt-lead',
          'dfe.leadership.asset-registers',
          'dfe.leadership.dr-bc',
          'dfe.leadership.strategy',
        ])
          await assessRequirement(c, id, { reviewed: true });
        const ups = await addStandardsAction(c, 'dfe.switching.ups', {
          text: 'Put the core switches in the Science Centre on a UPS',
          ownerId: network.id,
          dueOn: addDays(current.endsOn, -3),
        });
        await sendStandardsActionToTasks(c, ups.id);
        const review = await addStandardsAction(c, 'dfe.filtering.annual-review', {
          text: 'Book this year’s filtering and monitoring review with the DSL',
          dueOn: addDays(today, 5) <= current.endsOn ? addDays(today, 5) : current.endsOn,
        });
        await sendStandardsActionToTasks(c, review.id);
      },
    },
  ];
  for (const s of steps) {
    if (s.at > ctx.clock.now()) continue;
    await s.run({ ...ctx, clock: fixedClock(s.at), actor: director });
  }
  // The figures from outside Belfry, each term, with their evidence.
  const manual = async (term: { startsOn: string }, when: string, values: [string, string, string][]) => {
    for (const [kpiId, value, evidence] of values)
      await setManualValue(
        { ...ctx, clock: fixedClock(at(when, '09:00')), actor: director },
        { termStartsOn: term.startsOn, kpiId, value, evidence },
      );
  };
  await manual(last, addDays(last.endsOn, 3), [
    ['manual.mfa-coverage', '96.4', 'Entra ID: authentication methods registration report, 13 July'],
    ['manual.patching', '91', 'Intune: update compliance report, quality updates within 14 days'],
    ['manual.restore-test', addDays(last.endsOn, -30), 'Veeam: SureBackup restore of the finance server'],
    ['manual.cyber-training', '88', 'NCSC training completions exported from the HR system'],
    ['manual.device-age', '14', 'Asset register: devices bought before September five years ago'],
  ]);
  const lastReport = await openTermReport(
    { ...ctx, clock: fixedClock(at(addDays(last.endsOn, 4), '10:00')), actor: director },
    last.startsOn,
  );
  const publishCtx = { ...ctx, clock: fixedClock(at(addDays(last.endsOn, 5), '11:00')), actor: director };
  await editSection(publishCtx, lastReport.id, {
    key: 'opportunities',
    text: `${lastReport.narrative.find((s) => s.key === 'opportunities')?.text ?? ''}\nOpportunity: the summer works let us replace the Library access points before the new term.`,
  });
  await publishReport(publishCtx, lastReport.id);
  if (current.startsOn < today) {
    await manual(current, addDays(today, -1), [
      ['manual.mfa-coverage', '98.1', 'Entra ID: authentication methods registration report'],
      ['manual.patching', '93', 'Intune: update compliance report'],
    ]);
    await openTermReport({ ...ctx, actor: director }, current.startsOn);
  }
}
