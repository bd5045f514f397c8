import type { Paragraph, Table } from 'docx';
import { renderChartSvg } from '../../../lib/chart-svg.ts';
import { csvLine } from '../../../lib/csv.ts';
import { lazyRequire } from '../../../lib/lazy.ts';
import { lineChartPng } from './png-chart.ts';
import type { ResultsView } from './results.ts';
import type { SltSummary } from './summary.ts';
import { trendChartOption, trendPngSeries } from './trend-chart.ts';

// docx is loaded on the first document made, not when the server or a command starts (issue 14).
const docx = lazyRequire<typeof import('docx')>('docx');

/** The results as CSV (every reportable figure with its n) and the SLT summary as a Word document. */

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : (v * 100).toFixed(1));
const num = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '' : v.toFixed(d));

export function resultsCsv(r: ResultsView): string {
  const head = [
    'question',
    'construct',
    'audience',
    'year',
    'group',
    'wording_as_asked',
    'comparability',
    'provisional',
    'suppressed',
    'n',
    'respondents',
    'eligible',
    'response_rate_pct',
    'favourable_pct',
    'favourable_lower_pct',
    'favourable_upper_pct',
    'mean',
    'mean_lower',
    'mean_upper',
    'change_from',
    'change_points',
    'p',
    'p_adjusted',
    'flag',
    'indicative',
  ];
  let out = csvLine(head);
  for (const q of r.questions) {
    for (const a of q.audiences) {
      for (const y of a.series.years) {
        const rows = [
          { cell: y.total, change: y.change },
          ...y.segments.map((s) => ({ cell: s, change: y.segmentChanges[s.segment ?? ''] ?? null })),
        ];
        for (const { cell, change } of rows) {
          out += csvLine([
            q.question.code,
            q.question.construct,
            a.audience,
            y.year,
            cell.label,
            y.wording,
            y.comparability,
            y.provisional ? 'yes' : '',
            cell.suppressed ? cell.suppressedReason : '',
            cell.n ?? '',
            cell.respondents ?? '',
            cell.eligible ?? '',
            pct(cell.responseRate),
            pct(cell.favourable?.pct),
            pct(cell.favourable?.lower),
            pct(cell.favourable?.upper),
            num(cell.mean?.value),
            num(cell.mean?.lower),
            num(cell.mean?.upper),
            change?.fromYear ?? '',
            change?.delta === null || change?.delta === undefined ? '' : (change.delta * 100).toFixed(1),
            num(change?.p, 5),
            num(change?.pAdjusted, 5),
            change?.flag ?? '',
            change?.indicative ? 'yes' : '',
          ]);
        }
      }
    }
  }
  return out;
}

const cellPara = (text: string, bold = false, D = docx()) =>
  new D.TableCell({ children: [new D.Paragraph({ children: [new D.TextRun({ text, bold, size: 20 })] })] });

export async function summaryDocx(summary: SltSummary, results: ResultsView, schoolName: string): Promise<Buffer> {
  const D = docx();
  const children: (Paragraph | Table)[] = [
    new D.Paragraph({ text: `${schoolName}: IT perception survey`, heading: D.HeadingLevel.TITLE }),
    new D.Paragraph({ text: 'Response rates', heading: D.HeadingLevel.HEADING_1 }),
    new D.Table({
      width: { size: 100, type: D.WidthType.PERCENTAGE },
      rows: [
        new D.TableRow({ children: ['Audience', 'Year', 'Responses', 'Eligible', 'Rate'].map((h) => cellPara(h, true)) }),
        ...summary.responseRates.map(
          (r) =>
            new D.TableRow({
              children: [
                cellPara(r.audienceLabel),
                cellPara(`${r.year}${r.provisional ? ' (open)' : ''}`),
                cellPara(r.respondents === null ? 'fewer than the threshold' : String(r.respondents)),
                cellPara(r.eligible === null ? '' : String(r.eligible)),
                cellPara(r.rate === null ? '' : `${pct(r.rate)}%`),
              ],
            }),
        ),
      ],
    }),
    new D.Paragraph({ text: 'The changes that matter', heading: D.HeadingLevel.HEADING_1 }),
  ];
  if (summary.changes.length === 0)
    children.push(new D.Paragraph('No change this year passed the significance and size rule: no clear change.'));
  for (const c of summary.changes) {
    const q = results.questions.find((x) => x.question.code === c.questionCode);
    children.push(
      new D.Paragraph({
        children: [
          new D.TextRun({
            text: `${c.construct}, ${c.audienceLabel}: ${c.flag}${c.indicative ? ' (indicative)' : ''}. `,
            bold: true,
          }),
          new D.TextRun(
            `% favourable ${pct(c.before.pct)}% (n = ${c.before.n}, 95% CI ${pct(c.before.lower)}-${pct(c.before.upper)}) in ${c.before.year} to ` +
              `${pct(c.after.pct)}% (n = ${c.after.n}, 95% CI ${pct(c.after.lower)}-${pct(c.after.upper)}) in ${c.after.year}: ` +
              `${c.delta > 0 ? '+' : ''}${(c.delta * 100).toFixed(1)} points (95% CI ${(c.interval.lower * 100).toFixed(1)} to ${(c.interval.upper * 100).toFixed(1)}), adjusted p = ${c.pAdjusted.toFixed(4)}.`,
          ),
          ...(c.footnote ? [new D.TextRun({ text: ` ${c.footnote}`, italics: true })] : []),
        ],
      }),
    );
    if (q) {
      const svg = renderChartSvg(trendChartOption(q), { width: 600, height: 260 });
      const png = trendPngSeries(q);
      children.push(
        new D.Paragraph({
          alignment: D.AlignmentType.CENTER,
          children: [
            new D.ImageRun({
              type: 'svg',
              data: Buffer.from(svg),
              transformation: { width: 600, height: 260 },
              fallback: { type: 'png', data: lineChartPng(png.series, png.slots, 600, 260) },
            }),
          ],
        }),
      );
    }
  }
  children.push(new D.Paragraph({ text: 'Five-year directions', heading: D.HeadingLevel.HEADING_1 }));
  if (summary.trends.length === 0) children.push(new D.Paragraph('No clear five-year direction.'));
  for (const t of summary.trends)
    children.push(
      new D.Paragraph(
        `${t.construct}, ${t.audienceLabel}: ${t.direction} from ${t.fromYear} to ${t.toYear} (Cochran-Armitage p = ${t.p.toFixed(4)})${t.indicative ? ', indicative' : ''}.`,
      ),
    );
  children.push(new D.Paragraph({ text: 'Caveats and method', heading: D.HeadingLevel.HEADING_1 }));
  for (const line of [...summary.caveats, ...summary.methodology])
    children.push(new D.Paragraph({ text: line, bullet: { level: 0 } }));
  const doc = new D.Document({
    creator: 'Belfry',
    title: 'IT perception survey: summary for SLT',
    sections: [{ children }],
  });
  return D.Packer.toBuffer(doc);
}
