import { fisherExact } from '../../../lib/fisher-exact.ts';
import { benjaminiHochberg } from '../../../lib/stats.ts';
import { TECHNIQUES, THEMES } from './lure-rules.ts';
import { type LureCell, type PhishingRate, rateOf } from './results.ts';

/**
 * Which kinds of lure people fall for (research §7.4), honestly for small numbers: k/n with Wilson
 * intervals per tag, pooled across campaigns, and Fisher's exact test for differences. A difference
 * is called only when the test says so (Benjamini-Hochberg across the pairs); otherwise the words
 * are "not conclusive", and nothing is ranked.
 */

export type TagDimension = 'technique' | 'theme';
export type TagRow = {
  dimension: TagDimension;
  tag: string;
  label: string;
  n: number;
  humanClicked: PhishingRate;
  reported: PhishingRate;
};
export type Comparison = { higher: string; lower: string; p: number; adjustedP: number; significant: boolean; statement: string };
export type TagAnalysis = {
  dimension: TagDimension;
  rows: TagRow[];
  comparisons: Comparison[];
  statement: string;
  suppressed: number;
};

export const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
export const rateText = (r: PhishingRate) =>
  r.rate === null ? 'no one to count' : `${pct(r.rate)} (95% CI ${pct(r.low).replace('%', '')}–${pct(r.high)})`;
export const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const LABELS: Record<TagDimension, Record<string, string>> = { technique: TECHNIQUES, theme: THEMES };

export function tagRows(cells: readonly LureCell[], dimension: TagDimension): TagRow[] {
  const by = new Map<string, { n: number; clicked: number; reported: number }>();
  for (const c of cells) {
    const tag = c[dimension];
    const t = by.get(tag) ?? { n: 0, clicked: 0, reported: 0 };
    t.n += c.n;
    t.clicked += c.clicked;
    t.reported += c.reported;
    by.set(tag, t);
  }
  return [...by]
    .map(([tag, t]) => ({
      dimension,
      tag,
      label: LABELS[dimension][tag] ?? tag,
      n: t.n,
      humanClicked: rateOf(t.clicked, t.n),
      reported: rateOf(t.reported, t.n),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function analyseTags(cells: readonly LureCell[], dimension: TagDimension, threshold: number): TagAnalysis {
  const all = tagRows(cells, dimension);
  const rows = all.filter((r) => r.n >= threshold);
  const pairs: { a: TagRow; b: TagRow; p: number }[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i] as TagRow;
      const b = rows[j] as TagRow;
      pairs.push({ a, b, p: fisherExact(a.humanClicked.k, a.n, b.humanClicked.k, b.n) });
    }
  const adjusted = benjaminiHochberg(pairs.map((x) => x.p));
  const comparisons = pairs.map((x, i) => {
    const [hi, lo] = (x.a.humanClicked.rate ?? 0) >= (x.b.humanClicked.rate ?? 0) ? [x.a, x.b] : [x.b, x.a];
    const adj = adjusted[i] as number;
    const significant = adj < 0.05;
    const shown = pairs.length > 1 ? `${pText(x.p)}, adjusted ${pText(adj).replace('p ', '')}` : pText(x.p);
    return {
      higher: hi.label,
      lower: lo.label,
      p: x.p,
      adjustedP: adj,
      significant,
      statement: significant
        ? `${hi.label} drew more human clicks than ${lo.label}: ${rateText(hi.humanClicked)} against ${rateText(lo.humanClicked)}. The difference is significant (Fisher exact ${shown}).`
        : `${hi.label} ${rateText(hi.humanClicked)} and ${lo.label} ${rateText(lo.humanClicked)}: the difference is not conclusive (Fisher exact ${shown}). Suggestive, not conclusive.`,
    };
  });
  const sig = comparisons.filter((c) => c.significant);
  const statement =
    rows.length < 2
      ? 'Not enough people saw more than one kind of lure to compare them.'
      : sig.length
        ? sig.map((c) => c.statement).join(' ')
        : comparisons.length === 1
          ? (comparisons[0] as Comparison).statement
          : `No difference between the ${dimension === 'theme' ? 'themes' : 'techniques'} is conclusive yet (every Fisher exact test, adjusted for the number of comparisons, has p of 0.05 or more). The figures are suggestive, not conclusive: keep pooling campaigns.`;
  return { dimension, rows, comparisons, statement, suppressed: all.length - rows.length };
}
