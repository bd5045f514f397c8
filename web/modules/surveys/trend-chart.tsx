import { EChart } from '../../lib/chart.tsx';
import type { QuestionResults } from './types.ts';

/**
 * % favourable by year, a line per audience. The line breaks where the question changed in
 * meaning (a new series), is dashed across a scale change (indicative), and a dotted marker shows
 * a change of wording. A suppressed year is a gap. The same picture as the Word summary.
 */

const COLOURS: Record<string, string> = { staff: '#1c4e80', senior: '#c87814', prep: '#2e8b57' };
const BREAKS = new Set(['split', 'merged', 'not_comparable']);

export function trendOption(q: QuestionResults) {
  const years = [...new Set(q.audiences.flatMap((a) => a.series.years.map((y) => y.year)))].sort((a, b) => a - b);
  const series: Record<string, unknown>[] = [];
  const marks = new Map<string, string>();
  for (const a of q.audiences) {
    const colour = COLOURS[a.audience] ?? '#666';
    const empty = () => years.map((): number | null => null);
    let run = empty();
    const flush = () => {
      if (run.some((v) => v !== null))
        series.push({
          name: a.label,
          type: 'line',
          data: run,
          itemStyle: { color: colour },
          lineStyle: { color: colour, width: 2.5 },
          symbolSize: 8,
        });
      run = empty();
    };
    let prev: { idx: number; value: number; wording: string } | null = null;
    for (const y of a.series.years) {
      const idx = years.indexOf(y.year);
      const v = y.total.favourable ? Math.round(y.total.favourable.pct * 1000) / 10 : null;
      if (BREAKS.has(y.comparability)) {
        flush();
        marks.set(String(y.year), 'new series');
      } else if (prev && prev.wording !== y.wording) marks.set(String(y.year), marks.get(String(y.year)) ?? 'wording changed');
      if (y.change?.indicative && prev && v !== null && !BREAKS.has(y.comparability)) {
        flush();
        const p = prev;
        series.push({
          name: a.label,
          type: 'line',
          data: years.map((_, i) => (i === p.idx ? p.value : i === idx ? v : null)),
          itemStyle: { color: colour },
          lineStyle: { color: colour, type: 'dashed', width: 2 },
          symbolSize: 8,
          tooltip: { show: false },
        });
      }
      run[idx] = v;
      prev = v === null ? null : { idx, value: v, wording: y.wording };
    }
    flush();
  }
  if (series[0] && marks.size) {
    series[0].markLine = {
      symbol: 'none',
      silent: true,
      lineStyle: { type: 'dotted', color: '#888' },
      label: { formatter: (p: { name?: string }) => p.name ?? '', fontSize: 10 },
      data: [...marks.entries()].map(([year, name]) => ({ xAxis: year, name })),
    };
  }
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? 'suppressed' : `${v}%`) },
    legend: { bottom: 0, data: q.audiences.map((a) => a.label) },
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series,
  };
}

export function TrendChart({ q }: { q: QuestionResults }) {
  const latest = q.audiences.map(
    (a) =>
      `${a.label} ${a.series.years.at(-1)?.total.favourable ? `${Math.round((a.series.years.at(-1)?.total.favourable?.pct ?? 0) * 100)}%` : 'suppressed'}`,
  );
  return (
    <EChart
      option={trendOption(q)}
      height={260}
      label={`% favourable over the years for ${q.question.construct}: ${latest.join(', ')}`}
    />
  );
}
