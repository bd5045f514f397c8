import { EChart } from '../../lib/chart.tsx';
import type { QuestionResults } from './types.ts';

/**
 * The latest year's answers as 100% stacked bars, one per audience (research §2.1: the primary
 * picture). Where small cells are hidden, the three merged categories are drawn instead; a
 * suppressed group has no bar.
 */

const SHADES = ['#c0392b', '#e67e22', '#bdc3c7', '#5dade2', '#1c4e80'];
const MERGED = { unfavourable: '#d35400', neutral: '#bdc3c7', favourable: '#1c6ac9' } as const;

export function DistributionChart({ q }: { q: QuestionResults }) {
  const rows = q.audiences
    .map((a) => ({ a, y: a.series.years.at(-1) }))
    .filter((r) => r.y && !r.y.total.suppressed && (r.y.total.distribution || r.y.total.merged));
  if (rows.length === 0) return null;
  const labels = rows.map((r) => `${r.a.label} ${r.y?.year} (n = ${r.y?.total.n})`);
  const series: Record<string, unknown>[] = [];
  const add = (name: string, colour: string, values: (number | null)[]) =>
    series.push({
      name,
      type: 'bar',
      stack: 'all',
      data: values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      itemStyle: { color: colour },
      label: { show: true, formatter: (p: { value: number }) => (p.value >= 8 ? `${Math.round(p.value)}%` : ''), fontSize: 10 },
    });
  const pointNames = new Map<string, number>();
  for (const r of rows) for (const d of r.y?.total.distribution ?? []) pointNames.set(d.label, d.code);
  for (const [name, code] of pointNames) {
    const scaleSize = Math.max(...rows.map((r) => r.y?.total.distribution?.length ?? 5));
    add(
      name,
      SHADES[Math.round(((code - 1) / Math.max(1, scaleSize - 1)) * 4)] ?? '#999',
      rows.map((r) => r.y?.total.distribution?.find((d) => d.label === name)?.pct ?? null),
    );
  }
  for (const key of ['unfavourable', 'neutral', 'favourable'] as const) {
    if (!rows.some((r) => r.y?.total.merged)) break;
    add(
      `${key} (merged)`,
      MERGED[key],
      rows.map((r) => r.y?.total.merged?.find((m) => m.key === key)?.pct ?? null),
    );
  }
  const option = {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (v === null ? 'fewer than 5' : `${v}%`),
    },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 170, right: 16, top: 8, bottom: 40 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: labels, inverse: true },
    series,
  };
  return (
    <EChart
      option={option}
      height={70 + rows.length * 42}
      label={`How ${q.question.construct} was answered in the latest year: ${labels.join(', ')}`}
    />
  );
}
