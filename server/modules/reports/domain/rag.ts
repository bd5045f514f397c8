import type { Direction, KpiDefinition, Thresholds, Unit } from './kpi-types.ts';

/** RAG from the declared thresholds, movement against the term before, and figures in words. Pure. */

export type Rag = 'green' | 'amber' | 'red';

export function ragOf(value: number | null, direction: Direction, t: Thresholds | null): Rag | null {
  if (value === null || !t || direction === 'neither') return null;
  if (direction === 'higher') return value >= t.green ? 'green' : value >= t.amber ? 'amber' : 'red';
  return value <= t.green ? 'green' : value <= t.amber ? 'amber' : 'red';
}

export function movedBeyond(previous: number | null, current: number | null, move: KpiDefinition['move']): boolean {
  if (previous === null || current === null) return false;
  const limit = move.relative ? move.by * Math.max(Math.abs(previous), 1) : move.by;
  return Math.abs(current - previous) > limit + 1e-9;
}

const pct = (v: number) => {
  const p = v * 100;
  return `${Number.isInteger(Math.round(p * 10) / 10) ? Math.round(p) : (Math.round(p * 10) / 10).toFixed(1)}%`;
};

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return 'no figure';
  if (unit === 'share') return pct(value);
  if (unit === 'hours') return `${value < 10 ? value.toFixed(1) : Math.round(value)} h`;
  if (unit === 'days') return `${Math.round(value)} days`;
  return Math.round(value).toLocaleString('en-GB');
}

/** The change in the KPI's own unit, e.g. "+3.2 points", "−1.5 h", "+12". */
export function formatChange(change: number | null, unit: Unit): string {
  if (change === null) return '';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const a = Math.abs(change);
  if (unit === 'share') return `${sign}${(Math.round(a * 1000) / 10).toFixed(1)} points`;
  if (unit === 'hours') return `${sign}${a.toFixed(1)} h`;
  return `${sign}${Math.round(a).toLocaleString('en-GB')}${unit === 'days' ? ' days' : ''}`;
}

export function thresholdWords(direction: Direction, t: Thresholds | null, unit: Unit): string {
  if (!t || direction === 'neither') return 'no target: shown for context';
  const f = (v: number) => formatValue(v, unit);
  return direction === 'higher'
    ? `green at ${f(t.green)} or more, amber from ${f(t.amber)}, red below`
    : `green at ${f(t.green)} or less, amber up to ${f(t.amber)}, red above`;
}
