import type * as Echarts from 'echarts';
import { lazyRequire } from './lazy.ts';

const loadEcharts = lazyRequire<typeof Echarts>('echarts');

/**
 * Renders an ECharts option to an SVG string on the server, for documents and emails (the web
 * app draws the same option with web/lib/chart.tsx), so a chart looks the same on screen and paper.
 */
export function renderChartSvg(option: Echarts.EChartsOption, size: { width: number; height: number }): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
