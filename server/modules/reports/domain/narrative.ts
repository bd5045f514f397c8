import { formatPence } from '../../projects/index.ts';
import type { KpiFigure, ReportFigures } from './figures.ts';
import type { SectionKey } from './kpi-types.ts';
import { formatValue } from './rag.ts';

/**
 * The narrative scaffold (research §4.1), drafted from the figures: exceptions first (every red
 * or amber KPI and every one that moved beyond its limit is explained), then the rest in a line.
 * The Director edits any section; an edited section keeps its words when the figures refresh.
 */

export type NarrativeSection = { key: SectionKey; title: string; draft: string; text: string; edited: boolean };

export const SECTIONS: { key: SectionKey; title: string }[] = [
  { key: 'headline', title: 'Headline' },
  { key: 'service', title: 'Service' },
  { key: 'reliability', title: 'Reliability' },
  { key: 'infrastructure', title: 'Infrastructure and devices' },
  { key: 'cyber', title: 'Cyber security' },
  { key: 'standards', title: 'Standards compliance' },
  { key: 'projects', title: 'Projects' },
  { key: 'budget', title: 'Budget' },
  { key: 'risks', title: 'Risks' },
  { key: 'opportunities', title: 'Opportunities and concerns' },
  { key: 'decisions', title: 'Decisions requested' },
];

const RAG_ORDER = { red: 0, amber: 1, green: 2 } as const;

/** A label inside a sentence: "Resolved at one touch" -> "resolved at one touch"; "Wi-Fi ..." and acronyms stay. */
export const inSentence = (label: string): string =>
  /^(Wi-Fi|[A-Z]{2,}|DfE)\b/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
const byConcern = (a: KpiFigure, b: KpiFigure) => (a.rag ? RAG_ORDER[a.rag] : 3) - (b.rag ? RAG_ORDER[b.rag] : 3);

function sectionText(f: ReportFigures, key: SectionKey): string {
  const kpis = f.kpis.filter((k) => k.section === key);
  const exceptions = kpis.filter((k) => k.exception).sort(byConcern);
  const steady = kpis.filter((k) => !k.exception && k.value !== null);
  const lines = exceptions.map((k) => k.exception as string);
  if (steady.length)
    lines.push(
      `${exceptions.length ? 'Otherwise' : 'On track'}: ${steady.map((k) => `${inSentence(k.label)} ${k.display}`).join('; ')}.`,
    );
  const missing = kpis.filter((k) => k.value === null && k.manual);
  if (missing.length) lines.push(`Not yet entered for this term: ${missing.map((k) => inSentence(k.label)).join(', ')}.`);
  const t = f.tables;
  if (key === 'service' && t.ticketsBySchool.length)
    lines.push(
      `Raised by school: ${t.ticketsBySchool.map((s) => `${s.name} ${s.created}`).join(', ')}; by requester: ${t.ticketsByRequester.map((s) => `${s.label.toLowerCase()} ${s.created}`).join(', ')}.`,
    );
  if (key === 'reliability' && t.wifi.poorDays.length)
    lines.push(
      `Site-wide Wi-Fi problems on ${t.wifi.poorDays.length} school day${t.wifi.poorDays.length === 1 ? '' : 's'}, the worst ${t.wifi.poorDays[0]?.day} (${formatValue(t.wifi.poorDays[0]?.successRate ?? null, 'share')} of connections succeeded); the Wi-Fi verdict for those days says where and why.`,
    );
  if (key === 'reliability') {
    const weak = t.wifi.buildings.filter((b) => b.successRate !== null && b.successRate < 0.95 && b.attempts >= 500);
    if (weak.length)
      lines.push(
        `Buildings below 95% Wi-Fi success over the term: ${weak.map((b) => `${b.name} (${formatValue(b.successRate, 'share')})`).join(', ')}.`,
      );
  }
  if (key === 'cyber') {
    const o = t.incidents.opened;
    if (o.length)
      lines.push(`Incidents opened: ${o.map((i) => `${i.ref} (${i.category.replace(/_/g, ' ')}, ${i.severity})`).join(', ')}.`);
    const late = t.incidents.icoDeadlines.filter((d) => d.met === false);
    if (late.length) lines.push(`ICO decisions late or overdue: ${late.map((d) => d.ref).join(', ')}.`);
    const p = t.phishing;
    if (p?.campaigns)
      lines.push(
        `Simulated phishing: ${p.campaigns} campaign${p.campaigns === 1 ? '' : 's'}, ${p.delivered} message${p.delivered === 1 ? '' : 's'} delivered${
          p.mostClicked.length
            ? `; clicked most: ${p.mostClicked.map((m) => `${m.dimension === 'theme' ? 'the theme' : 'the technique'} ${inSentence(m.label)} (${m.k} of ${m.n})`).join(', ')}`
            : ''
        }.`,
      );
  }
  if (key === 'standards') {
    const s = t.standards;
    if (s.core.total) lines.push(`${s.core.met} of ${s.core.total} core DfE standards met.`);
    for (const fw of s.frameworks) {
      const notMet = fw.standards.filter((x) => x.rag === 'red' || x.rag === 'amber');
      if (notMet.length)
        lines.push(`${fw.title}${fw.label ? ` (${fw.label})` : ''}: ${notMet.map((x) => `${x.title} ${x.rag}`).join(', ')}.`);
    }
    if (s.overdue.length)
      lines.push(
        `${s.overdue.length} review${s.overdue.length === 1 ? '' : 's'} overdue, the first: ${s.overdue[0]?.standard}: ${s.overdue[0]?.text}`,
      );
    if (s.actionsDue.length) lines.push(`${s.actionsDue.length} action${s.actionsDue.length === 1 ? '' : 's'} due this term.`);
  }
  if (key === 'projects') {
    const flagged = t.projects.filter((p) => p.rag !== 'green');
    for (const p of flagged) lines.push(`${p.name}: ${p.rag}${p.ragReason ? `, ${p.ragReason}` : ''}.`);
    if (!flagged.length && t.projects.length) lines.push(`All ${t.projects.length} live projects are green.`);
  }
  if (key === 'budget' && t.budget.totalBudget)
    lines.push(
      `Across the live projects: ${formatPence(t.budget.totalSpent)} spent and ${formatPence(t.budget.totalCommitted)} committed of ${formatPence(t.budget.totalBudget)} allocated (${formatPence(t.budget.totalAvailable)} left).`,
    );
  if (key === 'risks' && t.risks.length)
    lines.push(
      `Top risks: ${t.risks
        .map(
          (r) =>
            `${r.code} ${r.title} ${r.score} (${r.movement === 'new' ? 'new' : r.movement === 'same' ? 'unchanged' : `${r.movement} from ${r.scoreBefore}`})`,
        )
        .join('; ')}.`,
    );
  if (key === 'opportunities') {
    for (const c of t.survey.changes.slice(0, 4))
      lines.push(
        `Perception survey: ${c.construct} (${c.audienceLabel}) ${c.flag}, ${formatValue(c.before.pct, 'share')} favourable in ${c.before.year} (n = ${c.before.n}) to ${formatValue(c.after.pct, 'share')} in ${c.after.year} (n = ${c.after.n}).`,
      );
    if (!t.survey.changes.length) lines.push('The perception survey shows no clear change in its latest year.');
  }
  return lines.join('\n');
}

function headline(f: ReportFigures): string {
  const reds = f.kpis.filter((k) => k.rag === 'red');
  const ambers = f.kpis.filter((k) => k.rag === 'amber');
  const better = f.kpis.filter((k) => k.moved && k.rag === 'green');
  const lines = [
    `${f.kpis.filter((k) => k.rag === 'green').length} measures green, ${ambers.length} amber, ${reds.length} red${f.term.running ? ' so far this term' : ''}.`,
  ];
  for (const k of reds.slice(0, 3)) lines.push(`Needs attention: ${inSentence(k.label)} ${k.display}.`);
  for (const k of better.slice(0, 2)) lines.push(`Went well: ${inSentence(k.label)} ${k.display} (${k.changeDisplay}).`);
  if (f.tables.standards.core.total)
    lines.push(`${f.tables.standards.core.met} of ${f.tables.standards.core.total} core DfE standards met.`);
  return lines.join('\n');
}

function decisions(f: ReportFigures): string {
  const red = f.tables.projects.filter((p) => p.rag === 'red');
  const lines = red.map(
    (p) => `${p.name} is red${p.ragReason ? ` (${p.ragReason})` : ''}: a decision on scope, time or money may be needed.`,
  );
  const over = f.tables.projects.filter((p) => p.budget.overBudget);
  for (const p of over)
    lines.push(`${p.name} is over budget by ${formatPence(-Math.min(p.budget.capitalAvailable, p.budget.revenueAvailable))}.`);
  if (!lines.length) lines.push('None from the figures: add any decision you need from SLT.');
  return lines.join('\n');
}

export function draftSections(f: ReportFigures): Record<SectionKey, string> {
  const out = {} as Record<SectionKey, string>;
  for (const s of SECTIONS)
    out[s.key] = s.key === 'headline' ? headline(f) : s.key === 'decisions' ? decisions(f) : sectionText(f, s.key);
  return out;
}

/** A fresh draft over the previous narrative: sections the Director edited keep their text. */
export function mergeNarrative(f: ReportFigures, previous: NarrativeSection[] | null): NarrativeSection[] {
  const drafts = draftSections(f);
  return SECTIONS.map((s) => {
    const old = previous?.find((p) => p.key === s.key);
    const draft = drafts[s.key];
    return old?.edited ? { ...old, title: s.title, draft } : { key: s.key, title: s.title, draft, text: draft, edited: false };
  });
}
