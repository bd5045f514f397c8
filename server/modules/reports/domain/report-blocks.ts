import { formatPence } from '../../projects/index.ts';
import type { ChartSpec } from './charts.ts';
import type { ReportFigures } from './figures.ts';
import type { NarrativeSection } from './narrative.ts';

/**
 * The report as a list of blocks, the one layout that the Word and the PDF renderers both draw,
 * so the two files say the same thing in the same order.
 */

export type Cell = { text: string; rag?: 'green' | 'amber' | 'red' | null; image?: string };
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'para'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'chart'; id: string; title: string; width: number; height: number }
  | { kind: 'table'; head: string[]; rows: Cell[][]; widths: number[] }
  | { kind: 'small'; text: string };

const RAG_WORDS = { green: 'Green', amber: 'Amber', red: 'Red' } as const;
const longDate = (d: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${d}T00:00:00Z`),
  );

export type ReportMeta = { status: 'draft' | 'published'; publishedAt: string | null; publishedBy: string | null };

export function reportTitle(f: ReportFigures): string {
  return `${f.schoolName}: IT Services report to SLT, ${f.term.label}`;
}

export function buildBlocks(f: ReportFigures, narrative: NarrativeSection[], specs: ChartSpec[], meta: ReportMeta): Block[] {
  const b: Block[] = [{ kind: 'title', text: reportTitle(f) }];
  const asOf = f.term.running
    ? `figures to ${longDate(f.computedAt.slice(0, 10))}, the term still running`
    : `figures to the end of term, ${longDate(f.term.endsOn)}`;
  b.push({
    kind: 'subtitle',
    text: `${meta.status === 'published' && meta.publishedAt ? `Published ${longDate(meta.publishedAt.slice(0, 10))}${meta.publishedBy ? ` by ${meta.publishedBy}` : ''}` : 'Draft'}; ${longDate(f.term.startsOn)} to ${longDate(f.term.endsOn)}; ${asOf}.`,
  });
  const chart = (id: string) => {
    const s = specs.find((x) => x.id === id);
    if (s) b.push({ kind: 'chart', id: s.id, title: s.title, width: s.width, height: s.height });
  };
  const t = f.tables;
  for (const s of narrative) {
    b.push({ kind: 'heading', text: s.title, level: 1 });
    const lines = s.text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (s.key === 'headline') b.push({ kind: 'bullets', items: lines });
    else for (const l of lines) b.push({ kind: 'para', text: l });
    if (s.key === 'service') {
      chart('service-volume');
      if (t.ticketsBySchool.length)
        b.push({
          kind: 'table',
          head: ['Raised by', 'Raised', 'Resolved'],
          widths: [3, 1, 1],
          rows: [
            ...t.ticketsBySchool.map((r) => [r.name, r.created, r.resolved]),
            ...t.ticketsByRequester.map((r) => [r.label, r.created, r.resolved]),
          ].map(([a, c, d]) => [{ text: String(a) }, { text: String(c) }, { text: String(d) }]),
        });
    }
    if (s.key === 'reliability') chart('service-levels');
    if (s.key === 'standards' && t.standards.frameworks.length)
      b.push({
        kind: 'table',
        head: ['Standard', 'Requirements met', 'RAG'],
        widths: [4, 1.4, 1],
        rows: t.standards.frameworks.flatMap((fw) => [
          [
            { text: `${fw.title} ${fw.version}${fw.label ? ` (${fw.label})` : ''}: ${fw.met} of ${fw.applicable} met` },
            { text: '' },
            { text: '' },
          ],
          ...fw.standards.map((x) => [
            { text: `   ${x.title}${x.core ? ' (core)' : ''}` },
            { text: `${x.metCount} of ${x.applicable}` },
            { text: x.rag ? RAG_WORDS[x.rag] : 'n/a', rag: x.rag },
          ]),
        ]),
      });
    if (s.key === 'projects') {
      chart('projects-rag');
      if (t.projects.length)
        b.push({
          kind: 'table',
          head: ['Project', 'RAG', 'Why', 'Spent of budget'],
          widths: [2.4, 0.8, 2.6, 1.6],
          rows: t.projects.map((p) => [
            { text: p.name },
            { text: RAG_WORDS[p.rag], rag: p.rag },
            { text: p.ragReason ?? '' },
            { text: `${formatPence(p.budget.totalSpent)} of ${formatPence(p.budget.totalBudget)}` },
          ]),
        });
    }
    if (s.key === 'risks' && t.risks.length)
      b.push({
        kind: 'table',
        head: ['Risk', 'Score', 'Since last term'],
        widths: [4, 1, 1.6],
        rows: t.risks.map((r) => [
          { text: `${r.code} ${r.title}` },
          {
            text: `${r.score} (${r.rating})`,
            rag: r.rating === 'critical' || r.rating === 'high' ? 'red' : r.rating === 'medium' ? 'amber' : 'green',
          },
          {
            text:
              r.movement === 'new'
                ? 'new'
                : r.movement === 'same'
                  ? 'unchanged'
                  : `${r.movement === 'up' ? 'up' : 'down'} from ${r.scoreBefore}`,
          },
        ]),
      });
  }
  b.push({ kind: 'heading', text: 'Appendix: the KPI pack', level: 1 });
  b.push({
    kind: 'para',
    text: `Each measure for ${f.term.label} and the terms before it (${f.terms.map((x) => x.label).join(', ')}), its change from last term and its RAG from the thresholds declared in advance.`,
  });
  b.push({
    kind: 'table',
    head: ['Measure', f.term.label, 'Change', 'RAG', 'Trend'],
    widths: [3, 1.2, 1.3, 0.8, 1.6],
    rows: f.kpis.map((k) => [
      { text: `${k.label}${k.manual ? ' (entered by hand)' : ''}` },
      { text: k.display },
      { text: k.changeDisplay || '–' },
      { text: k.rag ? RAG_WORDS[k.rag] : '–', rag: k.rag },
      { text: '', image: `spark:${k.id}` },
    ]),
  });
  if (f.waiting.length)
    b.push({ kind: 'small', text: `Waiting for their source module: ${f.waiting.map((w) => w.label).join(', ')}.` });
  b.push({ kind: 'heading', text: 'Definitions and sources', level: 2 });
  for (const k of f.kpis) {
    const ev = k.evidence ? ` Evidence: ${k.evidence.evidence} (entered by ${k.evidence.enteredBy}).` : '';
    b.push({ kind: 'small', text: `${k.label}: ${k.definition} Source: ${k.source}. RAG: ${k.thresholdWords}.${ev}` });
  }
  b.push({ kind: 'heading', text: 'Method', level: 2 });
  for (const n of f.footnotes) b.push({ kind: 'small', text: n });
  return b;
}
