import { renderChartSvg } from '../../../lib/chart-svg.ts';
import type { KpiFigure, ReportFigures } from './figures.ts';
import { findFonts } from './fonts.ts';

/**
 * The report's charts as ECharts options (the page draws the same options), rendered to SVG on
 * the server and rasterised to PNG with resvg for Word and PDF. A sparkline per KPI over the six
 * terms, and three section charts.
 */

export type ChartSpec = { id: string; title: string; width: number; height: number; option: Record<string, unknown> };

const RAG_COLOURS = { green: '#2f9e44', amber: '#f08c00', red: '#e03131' } as const;
const INK = '#1c7ed6';

export function sparklineOption(k: Pick<KpiFigure, 'series' | 'rag' | 'unit'>): Record<string, unknown> {
  const values = k.series.map((p) => (p.value === null ? null : k.unit === 'share' ? Math.round(p.value * 1000) / 10 : p.value));
  const colour = k.rag ? RAG_COLOURS[k.rag] : INK;
  return {
    grid: { left: 4, right: 4, top: 6, bottom: 6 },
    xAxis: { type: 'category', data: k.series.map((p) => p.term), show: false, boundaryGap: false },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        // Plain data (no functions), so the page can draw the same option from JSON.
        data: values.map((v, i) => (i === values.length - 1 && v !== null ? { value: v, symbolSize: 7 } : v)),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 3,
        lineStyle: { color: colour, width: 2 },
        itemStyle: { color: colour },
      },
    ],
  };
}

const axisTerms = (f: ReportFigures) => f.terms.map((t) => t.label);
const kpi = (f: ReportFigures, id: string) => f.kpis.find((k) => k.id === id);
/** The frame every section chart shares: a legend, terms along the bottom, the given value axis. */
const termFrame = (f: ReportFigures, yAxis: Record<string, unknown>) => ({
  legend: { top: 0 },
  grid: { left: 50, right: 20, top: 36, bottom: 44 },
  xAxis: { type: 'category', data: axisTerms(f), axisLabel: { interval: 0, fontSize: 11 } },
  yAxis: { type: 'value', ...yAxis },
});

export function sectionCharts(f: ReportFigures): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const created = kpi(f, 'helpdesk.created');
  const resolved = kpi(f, 'helpdesk.resolved');
  if (created && resolved)
    charts.push({
      id: 'service-volume',
      title: 'Tickets raised and resolved by term',
      width: 640,
      height: 260,
      option: {
        ...termFrame(f, { name: 'tickets' }),
        series: [
          { name: 'Raised', type: 'bar', data: created.series.map((p) => p.value), itemStyle: { color: INK } },
          { name: 'Resolved', type: 'bar', data: resolved.series.map((p) => p.value), itemStyle: { color: '#74c0fc' } },
        ],
      },
    });
  const sla = kpi(f, 'helpdesk.sla-resolution');
  const wifi = kpi(f, 'wifi.success-rate');
  if (sla || wifi)
    charts.push({
      id: 'service-levels',
      title: 'Resolved within target and Wi-Fi success by term (%)',
      width: 640,
      height: 260,
      option: {
        ...termFrame(f, { min: 50, max: 100, name: '%' }),
        series: [sla, wifi]
          .filter((k): k is KpiFigure => !!k)
          .map((k, i) => ({
            name: k.label,
            type: 'line',
            connectNulls: false,
            data: k.series.map((p) => (p.value === null ? null : Math.round(p.value * 1000) / 10)),
            itemStyle: { color: i === 0 ? INK : '#2f9e44' },
          })),
      },
    });
  const red = kpi(f, 'projects.red');
  const amber = kpi(f, 'projects.amber');
  if (red && amber)
    charts.push({
      id: 'projects-rag',
      title: 'Live projects at red and amber by term',
      width: 640,
      height: 240,
      option: {
        ...termFrame(f, { minInterval: 1, name: 'projects' }),
        series: [
          { name: 'Red', type: 'bar', stack: 'rag', data: red.series.map((p) => p.value), itemStyle: { color: RAG_COLOURS.red } },
          {
            name: 'Amber',
            type: 'bar',
            stack: 'rag',
            data: amber.series.map((p) => p.value),
            itemStyle: { color: RAG_COLOURS.amber },
          },
        ],
      },
    });
  return charts;
}

export const SPARK = { width: 240, height: 56 };

/** Every chart of the report as SVG, keyed by id (`spark:<kpi id>` for sparklines). */
export function renderCharts(f: ReportFigures): { charts: Record<string, string>; specs: ChartSpec[] } {
  const specs = sectionCharts(f);
  const charts: Record<string, string> = {};
  for (const s of specs) charts[s.id] = renderChartSvg(s.option as never, { width: s.width, height: s.height });
  for (const k of f.kpis) charts[`spark:${k.id}`] = renderChartSvg(sparklineOption(k) as never, SPARK);
  return { charts, specs };
}

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: Promise<ResvgModule> | undefined;

/** SVG to PNG at twice the size (crisp when printed); sparklines have no text and load no font. */
export async function svgToPng(svg: string, withText = true): Promise<Buffer> {
  resvg ??= import('@resvg/resvg-js');
  const { Resvg } = await resvg;
  const fonts = withText ? findFonts() : null;
  const font = fonts
    ? {
        loadSystemFonts: false,
        fontFiles: [fonts.regular, fonts.bold],
        defaultFontFamily: fonts.family,
        sansSerifFamily: fonts.family,
      }
    : { loadSystemFonts: withText };
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font, background: 'white' }).render().asPng();
}
