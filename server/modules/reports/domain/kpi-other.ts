import type { KpiDefinition, KpiValue } from './kpi-types.ts';
import type { TermSources } from './term-sources.ts';

/**
 * The KPIs beyond the help desk (research §4.2): security, phishing, Wi-Fi, projects and
 * budget, risks, standards, and the figures Belfry does not hold, entered by hand each term
 * with their evidence.
 */

const read = (module: string, fn: string) => ({ kind: 'read', module, read: fn }) as const;
const NO_PROJECTS: KpiValue = { value: null, note: 'no live project then' };
const share = (k: number, n: number): KpiValue => ({ value: n ? k / n : null, n, note: `${k} of ${n}` });

function manual(s: TermSources, id: string, format: 'share' | 'date' | 'count'): KpiValue {
  const v = s.manual[id];
  if (!v) return { value: null, note: 'not entered for this term' };
  if (format === 'date') {
    const days = Math.round((Date.parse(`${s.on}T00:00:00Z`) - Date.parse(`${v.value}T00:00:00Z`)) / 86_400_000);
    return { value: Math.max(0, days), note: `tested ${v.value}` };
  }
  return { value: Number(v.value) };
}

export const OTHER_KPIS: KpiDefinition[] = [
  {
    id: 'security.alerts-high',
    section: 'cyber',
    label: 'High and critical security alerts',
    definition:
      'Alerts on suspicious account activity (password spray, MFA fatigue, impossible travel...) raised in the term at high or critical severity. Context, not a target: more detection can mean better detection.',
    unit: 'count',
    direction: 'neither',
    thresholds: null,
    move: { by: 0.5, relative: true },
    source: read('security', 'countAlertsBySeverity'),
    drill: { kind: 'alerts', severities: ['high', 'critical'] },
    compute: (s) => ({
      value: (s.alerts.high ?? 0) + (s.alerts.critical ?? 0),
      note: `${Object.values(s.alerts).reduce((a, b) => a + b, 0)} alerts in all`,
    }),
  },
  {
    id: 'security.incidents',
    section: 'cyber',
    label: 'Incidents opened',
    definition: 'Entries added to the incident register in the term (the date the school became aware), any severity.',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 0, amber: 2 },
    move: { by: 1 },
    source: read('security', 'readIncidentActivity'),
    drill: { kind: 'incidents', list: 'opened' },
    compute: (s) => ({ value: s.incidents.opened.length, note: `${s.incidents.openAtEnd} open at the end` }),
  },
  {
    id: 'security.ico-deadlines',
    section: 'cyber',
    label: 'ICO 72-hour decisions in time',
    definition:
      'Of the personal-data incidents whose 72-hour ICO deadline fell in the term, the share decided (reported or recorded as not reportable) by the deadline. No deadline in the term: no figure.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 1, amber: 1 },
    move: { by: 0.01 },
    source: read('security', 'readIncidentActivity'),
    drill: { kind: 'incidents', list: 'icoDeadlines' },
    compute: (s) => {
      const due = s.incidents.icoDeadlines.filter((d) => d.met !== null);
      return due.length
        ? share(due.filter((d) => d.met).length, due.length)
        : { value: null, n: 0, note: 'no deadline fell in the term' };
    },
  },
  {
    id: 'phishing.report-rate',
    section: 'cyber',
    label: 'Phishing simulations reported',
    definition:
      'Of the simulated phishing messages delivered in the term, the share a member of staff reported (Wilson 95% interval). Groups under the suppression threshold are withheld by the phishing module.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 0.5, amber: 0.3 },
    move: { by: 0.1 },
    source: read('phishing', 'readPhishingSummary'),
    drill: { kind: 'phishing' },
    compute: (s) => {
      const r = s.phishing.totals.reported;
      return r.n > 0
        ? { value: r.rate, n: r.n, note: `${r.k} of ${r.n} reported` }
        : { value: null, n: 0, note: 'no simulation delivered in the term' };
    },
  },
  {
    id: 'phishing.recognised-rate',
    section: 'cyber',
    label: 'Phishing recognised before anyone clicked',
    definition:
      'Of the simulated phishing messages delivered in the term, the share reported before any person clicked the link.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 0.4, amber: 0.25 },
    move: { by: 0.1 },
    source: read('phishing', 'readPhishingSummary'),
    drill: { kind: 'phishing' },
    compute: (s) => {
      const r = s.phishing.totals.recognised;
      return r.n > 0
        ? { value: r.rate, n: r.n, note: `${r.k} of ${r.n} before a click` }
        : { value: null, n: 0, note: 'no simulation delivered in the term' };
    },
  },
  {
    id: 'manual.mfa-coverage',
    section: 'cyber',
    label: 'Staff accounts with MFA',
    definition:
      'The share of staff accounts registered for multi-factor authentication at the end of term, from the identity provider’s report. Cyber Essentials v3.3 fails any user of an MFA-capable cloud service without it.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 1, amber: 0.95 },
    move: { by: 0.02 },
    source: { kind: 'manual', evidenceHint: 'The Entra or Google MFA registration report', format: 'share' },
    drill: { kind: 'manual' },
    compute: (s) => manual(s, 'manual.mfa-coverage', 'share'),
  },
  {
    id: 'manual.patching',
    section: 'cyber',
    label: 'Devices patched within 14 days',
    definition:
      'The share of managed devices with every high or critical update applied within 14 days of release (DfE cyber standard 2026; Cyber Essentials A6.4), from the device management report.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 0.95, amber: 0.85 },
    move: { by: 0.05 },
    source: { kind: 'manual', evidenceHint: 'The Intune, Jamf or patching tool compliance report', format: 'share' },
    drill: { kind: 'manual' },
    compute: (s) => manual(s, 'manual.patching', 'share'),
  },
  {
    id: 'manual.restore-test',
    section: 'cyber',
    label: 'Days since the last backup restore test',
    definition:
      'Days from the last successful test restore from backup to the end of term (entered as the test’s date, with its record).',
    unit: 'days',
    direction: 'lower',
    thresholds: { green: 92, amber: 183 },
    move: { by: 60 },
    source: { kind: 'manual', evidenceHint: 'The backup console’s restore job or the test log', format: 'date' },
    drill: { kind: 'manual' },
    compute: (s) => manual(s, 'manual.restore-test', 'date'),
  },
  {
    id: 'manual.cyber-training',
    section: 'cyber',
    label: 'Staff who completed cyber training this year',
    definition:
      'The share of staff with network access who completed the annual cyber security training (DfE cyber standard; NCSC training), from the training log.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 0.95, amber: 0.8 },
    move: { by: 0.1 },
    source: { kind: 'manual', evidenceHint: 'The training platform’s completion export', format: 'share' },
    drill: { kind: 'manual' },
    compute: (s) => manual(s, 'manual.cyber-training', 'share'),
  },
  {
    id: 'wifi.success-rate',
    section: 'reliability',
    label: 'Wi-Fi connections that succeeded',
    definition:
      'Of the Wi-Fi connection attempts on school days in the term, the share that succeeded (association, authentication, DHCP and DNS), from the access points’ 5-minute totals.',
    unit: 'share',
    direction: 'higher',
    thresholds: { green: 0.98, amber: 0.95 },
    move: { by: 0.01 },
    source: read('wifi', 'readWifiServiceLevel'),
    drill: { kind: 'wifi' },
    compute: (s) => ({
      value: s.wifi.successRate,
      n: s.wifi.attempts,
      note: s.wifi.attempts
        ? `${s.wifi.daysWithData} of ${s.wifi.schoolDays} school days with data`
        : 'no Wi-Fi data for the term',
    }),
  },
  {
    id: 'wifi.poor-days',
    section: 'reliability',
    label: 'School days with a site-wide Wi-Fi problem',
    definition:
      'School days on which fewer than 95% of all connection attempts succeeded: a general problem, not one device. The Wi-Fi verdict for those days says where and why.',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 0, amber: 2 },
    move: { by: 2 },
    source: read('wifi', 'readWifiServiceLevel'),
    drill: { kind: 'wifi' },
    compute: (s) => ({ value: s.wifi.attempts ? s.wifi.poorDays.length : null, n: s.wifi.daysWithData }),
  },
  {
    id: 'manual.device-age',
    section: 'infrastructure',
    label: 'Devices more than five years old',
    definition:
      'The share of the school’s laptops, desktops and tablets more than five years old at the end of term, from the asset register.',
    unit: 'share',
    direction: 'lower',
    thresholds: { green: 0.1, amber: 0.2 },
    move: { by: 0.05 },
    source: { kind: 'manual', evidenceHint: 'The asset register or MDM inventory export', format: 'share' },
    drill: { kind: 'manual' },
    compute: (s) => manual(s, 'manual.device-age', 'share'),
  },
  {
    id: 'standards.core-met',
    section: 'standards',
    label: 'Core DfE standards met',
    definition:
      'Of the six core digital and technology standards, those with every applicable requirement met and reviewed on time (the standards tracker).',
    unit: 'count',
    direction: 'higher',
    thresholds: { green: 6, amber: 4 },
    move: { by: 1 },
    source: read('standards', 'readStandardsRollup'),
    drill: { kind: 'standards', what: 'core' },
    compute: (s) => ({
      value: s.standards.core.total ? s.standards.core.met : null,
      n: s.standards.core.total,
      note: `of ${s.standards.core.total}`,
    }),
  },
  {
    id: 'standards.overdue',
    section: 'standards',
    label: 'Standards reviews overdue',
    definition:
      'Requirements in the tracked catalogues whose review had fallen due and not been done at the end of term (amber a term late, red two; statutory ones red at once).',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 0, amber: 3 },
    move: { by: 2 },
    source: read('standards', 'readStandardsRollup'),
    drill: { kind: 'standards', what: 'overdue' },
    compute: (s) =>
      s.standards.frameworks.length ? { value: s.standards.overdue.length } : { value: null, note: 'no catalogue tracked yet' },
  },
  {
    id: 'projects.red',
    section: 'projects',
    label: 'Projects at red',
    definition: 'Live projects (not completed or cancelled) whose RAG was red at the end of term, from the project history.',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 0, amber: 1 },
    move: { by: 1 },
    source: read('projects', 'readPortfolioAt'),
    drill: { kind: 'projects', rag: 'red' },
    compute: (s) =>
      s.portfolio.live.length === 0
        ? NO_PROJECTS
        : { value: s.portfolio.rag.red, n: s.portfolio.live.length, note: `of ${s.portfolio.live.length} live` },
  },
  {
    id: 'projects.amber',
    section: 'projects',
    label: 'Projects at amber',
    definition: 'Live projects whose RAG was amber at the end of term.',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 1, amber: 3 },
    move: { by: 1 },
    source: read('projects', 'readPortfolioAt'),
    drill: { kind: 'projects', rag: 'amber' },
    compute: (s) => (s.portfolio.live.length === 0 ? NO_PROJECTS : { value: s.portfolio.rag.amber, n: s.portfolio.live.length }),
  },
  {
    id: 'projects.spent',
    section: 'budget',
    label: 'Project budget spent',
    definition:
      'Across the live projects at the end of term, money spent (capital and revenue) as a share of the budget allocated to them.',
    unit: 'share',
    direction: 'neither',
    thresholds: null,
    move: { by: 0.2 },
    source: read('projects', 'readPortfolioAt'),
    drill: { kind: 'projects', rag: null },
    compute: (s) => ({
      value: s.portfolio.totals.totalBudget ? s.portfolio.totals.totalSpent / s.portfolio.totals.totalBudget : null,
      n: s.portfolio.totals.totalBudget,
    }),
  },
  {
    id: 'projects.over-budget',
    section: 'budget',
    label: 'Projects over budget',
    definition: 'Live projects whose committed and spent money exceeded their capital or revenue budget at the end of term.',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 0, amber: 0 },
    move: { by: 1 },
    source: read('projects', 'readPortfolioAt'),
    drill: { kind: 'projects', rag: null, overBudget: true },
    compute: (s) =>
      s.portfolio.live.length === 0 ? NO_PROJECTS : { value: s.portfolio.live.filter((p) => p.budget.overBudget).length },
  },
  {
    id: 'risks.high',
    section: 'risks',
    label: 'Open risks rated high or critical',
    definition: 'Risks on the register open at the end of term scoring 10 or more (likelihood × impact).',
    unit: 'count',
    direction: 'lower',
    thresholds: { green: 2, amber: 4 },
    move: { by: 1 },
    source: read('projects', 'readRisksAt'),
    drill: { kind: 'risks', ratings: ['high', 'critical'] },
    compute: (s) =>
      s.risks.length === 0
        ? { value: null, note: 'no risk on the register yet' }
        : { value: s.risks.filter((r) => r.rating === 'high' || r.rating === 'critical').length, n: s.risks.length },
  },
];
