import type { EChartsOption } from 'echarts';
import { BREAKS } from './comparisons.ts';
import type { PngSeries } from './png-chart.ts';
import type { QuestionResults } from './results.ts';

/**
 * One canonical question's % favourable over the years, a line per audience, for documents
 * (rendered to SVG by lib/chart-svg; the web draws the same picture). The line breaks where the
 * question changed in meaning, is dashed across a scale change (indicative), and a marker says
 * where the wording changed. Suppressed years are gaps.
 */

export const AUDIENCE_COLOURS: Record<string, [number, number, number]> = {
  staff: [28, 78, 128],
  senior: [200, 120, 20],
  prep: [46, 139, 87],
};

const hex = ([r, g, b]: [number, number, number]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

export function trendYears(q: QuestionResults): number[] {
  return [...new Set(q.audiences.flatMap((a) => a.series.years.map((y) => y.year)))].sort((a, b) => a - b);
}

export function trendChartOption(q: QuestionResults): EChartsOption {
  const years = trendYears(q);
  const series: NonNullable<EChartsOption['series']> = [];
  const wordingMarks: { xAxis: string; name: string }[] = [];
  for (const a of q.audiences) {
    const colour = hex(AUDIENCE_COLOURS[a.audience] ?? [90, 90, 90]);
    let run: (number | null)[] = years.map(() => null);
    const flush = () => {
      if (run.some((v) => v !== null))
        series.push({ name: a.label, type: 'line', data: run, connectNulls: false, itemStyle: { color: colour }, symbolSize: 7 });
      run = years.map(() => null);
    };
    let prevIdx: number | null = null;
    let prevWording: string | null = null;
    for (const y of a.series.years) {
      const idx = years.indexOf(y.year);
      const v = y.total.favourable ? Math.round(y.total.favourable.pct * 1000) / 10 : null;
      if (BREAKS.includes(y.comparability)) flush();
      if (y.change?.indicative && prevIdx !== null && v !== null) {
        const prevValue = run[prevIdx] ?? null;
        flush();
        const dashed = years.map((_, i) => (i === prevIdx ? prevValue : i === idx ? v : null));
        series.push({
          name: a.label,
          type: 'line',
          data: dashed,
          lineStyle: { type: 'dashed', color: colour },
          itemStyle: { color: colour },
          symbolSize: 7,
        });
      }
      if (BREAKS.includes(y.comparability)) wordingMarks.push({ xAxis: String(y.year), name: 'new series' });
      else if (prevWording !== null && prevWording !== y.wording)
        wordingMarks.push({ xAxis: String(y.year), name: 'wording changed' });
      prevWording = y.wording;
      run[idx] = v;
      prevIdx = v === null ? null : idx;
    }
    flush();
  }
  if (wordingMarks.length && series[0]) {
    (series[0] as Record<string, unknown>).markLine = {
      symbol: 'none',
      label: { formatter: '{b}', fontSize: 10 },
      lineStyle: { type: 'dotted', color: '#888' },
      data: wordingMarks.map((m) => ({ xAxis: m.xAxis, name: m.name })),
    };
  }
  return {
    title: { text: `${q.question.construct}: % favourable`, left: 'center', textStyle: { fontSize: 13 } },
    legend: { bottom: 0, data: q.audiences.map((a) => a.label) },
    grid: { left: 45, right: 20, top: 40, bottom: 45 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series,
  };
}

export function trendPngSeries(q: QuestionResults): { series: PngSeries[]; slots: number } {
  const years = trendYears(q);
  return {
    slots: years.length,
    series: q.audiences.map((a) => ({
      color: AUDIENCE_COLOURS[a.audience] ?? [90, 90, 90],
      points: years.map((yr) => a.series.years.find((y) => y.year === yr)?.total.favourable?.pct ?? null),
    })),
  };
}
