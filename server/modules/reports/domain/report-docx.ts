import type { Paragraph, Table } from 'docx';
import { lazyRequire } from '../../../lib/lazy.ts';

import type { Block } from './report-blocks.ts';

// docx is loaded on the first document made, not when the server or a command starts (issue 14).
const docx = lazyRequire<typeof import('docx')>('docx');

/**
 * The report as an editable Word document: headings, the narrative, tables, and every chart as
 * an image (the SVG, with a PNG for readers that cannot show SVG).
 */

const RAG_FILL = { green: 'D3F9D8', amber: 'FFE8CC', red: 'FFE3E3' } as const;
const PX = 0.75; // CSS pixels to points, as docx sizes images

export async function renderReportDocx(
  blocks: Block[],
  images: { svg: Record<string, string>; png: Record<string, Buffer> },
  title: string,
): Promise<Buffer> {
  const D = docx();
  const image = (id: string, width: number, height: number) => {
    const svg = images.svg[id];
    const png = images.png[id];
    if (!svg || !png) return new D.TextRun('');
    return new D.ImageRun({
      type: 'svg',
      data: Buffer.from(svg),
      transformation: { width, height },
      fallback: { type: 'png', data: png },
      altText: { name: id, description: id, title: id },
    });
  };
  const children: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    if (b.kind === 'title') children.push(new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun(b.text)] }));
    else if (b.kind === 'subtitle')
      children.push(new D.Paragraph({ children: [new D.TextRun({ text: b.text, italics: true, color: '555555' })] }));
    else if (b.kind === 'heading')
      children.push(
        new D.Paragraph({
          heading: b.level === 1 ? D.HeadingLevel.HEADING_1 : D.HeadingLevel.HEADING_2,
          children: [new D.TextRun(b.text)],
        }),
      );
    else if (b.kind === 'para') children.push(new D.Paragraph({ spacing: { after: 120 }, children: [new D.TextRun(b.text)] }));
    else if (b.kind === 'bullets')
      for (const i of b.items) children.push(new D.Paragraph({ bullet: { level: 0 }, children: [new D.TextRun(i)] }));
    else if (b.kind === 'small')
      children.push(
        new D.Paragraph({ spacing: { after: 80 }, children: [new D.TextRun({ text: b.text, size: 18, color: '444444' })] }),
      );
    else if (b.kind === 'chart')
      children.push(
        new D.Paragraph({
          alignment: D.AlignmentType.CENTER,
          children: [image(b.id, Math.round(b.width * PX), Math.round(b.height * PX))],
        }),
        new D.Paragraph({
          alignment: D.AlignmentType.CENTER,
          children: [new D.TextRun({ text: b.title, size: 18, italics: true })],
        }),
      );
    else if (b.kind === 'table') {
      const total = b.widths.reduce((a, x) => a + x, 0);
      const cell = (c: { text: string; rag?: 'green' | 'amber' | 'red' | null; image?: string }, i: number, bold = false) =>
        new D.TableCell({
          width: { size: Math.round(((b.widths[i] ?? 1) / total) * 100), type: D.WidthType.PERCENTAGE },
          shading: c.rag ? { type: D.ShadingType.CLEAR, fill: RAG_FILL[c.rag], color: 'auto' } : undefined,
          children: [
            new D.Paragraph({
              children: [c.image ? image(c.image, 90, 21) : new D.TextRun({ text: c.text, bold, size: 18 })],
            }),
          ],
        });
      children.push(
        new D.Table({
          width: { size: 100, type: D.WidthType.PERCENTAGE },
          rows: [
            new D.TableRow({ tableHeader: true, children: b.head.map((h, i) => cell({ text: h }, i, true)) }),
            ...b.rows.map((r) => new D.TableRow({ children: r.map((c, i) => cell(c, i)) })),
          ],
        }),
        new D.Paragraph(''),
      );
    }
  }
  const doc = new D.Document({
    creator: 'Belfry',
    title,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        children,
        footers: {
          default: new D.Footer({
            children: [
              new D.Paragraph({
                alignment: D.AlignmentType.RIGHT,
                border: { top: { style: D.BorderStyle.SINGLE, size: 4, color: 'BBBBBB', space: 4 } },
                children: [new D.TextRun({ text: `${title}. Produced by Belfry.`, size: 16, color: '777777' })],
              }),
            ],
          }),
        },
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}
