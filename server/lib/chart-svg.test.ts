import { expect, it } from 'vitest';
import { renderChartSvg } from './chart-svg.ts';

it('renders a line chart to SVG on the server', () => {
  const svg = renderChartSvg(
    {
      xAxis: { type: 'category', data: ['2021', '2022', '2023', '2024', '2025'] },
      yAxis: { type: 'value', max: 100 },
      series: [{ type: 'line', data: [47, 50, 46, 50, 72], name: '% favourable' }],
    },
    { width: 600, height: 300 },
  );
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('width="600"');
  for (const year of ['2021', '2025']) expect(svg).toContain(year);
});
