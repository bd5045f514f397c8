import type { TermSources } from './term-sources.ts';

/**
 * A KPI as data (issue 17 item 1, research §4.2): one written definition, its unit, where it
 * comes from (a read function another module exports, or a hand-entered figure with evidence),
 * which way is better and its RAG thresholds, declared here in advance and never hand-coloured.
 */

export type Unit = 'count' | 'share' | 'hours' | 'days';
export type Direction = 'higher' | 'lower' | 'neither';
/** Higher is better: green at or above `green`, amber at or above `amber`, else red. Lower: the mirror. */
export type Thresholds = { green: number; amber: number };
export type SectionKey =
  | 'headline'
  | 'service'
  | 'reliability'
  | 'infrastructure'
  | 'cyber'
  | 'standards'
  | 'projects'
  | 'budget'
  | 'risks'
  | 'opportunities'
  | 'decisions';

export type Drill =
  | { kind: 'tickets'; metric: string }
  | { kind: 'alerts'; severities: string[] | null }
  | { kind: 'incidents'; list: 'opened' | 'icoDeadlines' }
  | { kind: 'projects'; rag: 'red' | 'amber' | null; overBudget?: boolean }
  | { kind: 'risks'; ratings: string[] }
  | { kind: 'standards'; what: 'core' | 'overdue' | 'actions' }
  | { kind: 'wifi' }
  | { kind: 'phishing' }
  | { kind: 'manual' };

export type KpiValue = {
  value: number | null;
  /** The denominator or sample behind a rate or a median, when there is one. */
  n?: number | null;
  /** A few words that go with the figure ("of 6", "3 of 4 decided in time"). */
  note?: string;
};

export type Source =
  | { kind: 'read'; module: string; read: string }
  | { kind: 'manual'; evidenceHint: string; format: 'share' | 'date' | 'count' };

export type KpiDefinition = {
  id: string;
  section: SectionKey;
  label: string;
  definition: string;
  unit: Unit;
  direction: Direction;
  thresholds: Thresholds | null;
  /** A change from the term before bigger than this must be explained (absolute, in the unit; relative: a share of the earlier value). */
  move: { by: number; relative?: boolean };
  source: Source;
  drill?: Drill;
  compute: (s: TermSources) => KpiValue;
};
