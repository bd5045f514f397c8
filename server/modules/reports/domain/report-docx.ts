import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block } from './report-blocks.ts';

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
  const image = (id: string, width: number, height: number) => {
    const svg = images.svg[id];
    const png = images.png[id];
    if (!svg || !png) return new TextRun('');
    return new ImageRun({
      type: 'svg',
      data: Buffer.from(svg),
      transformation: { width, height },
      fallback: { type: 'png', data: png },
      altText: { name: id, description: id, title: id },
    });
  };
  const children: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    if (b.kind === 'title') children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(b.text)] }));
    else if (b.kind === 'subtitle')
      children.push(new Paragraph({ children: [new TextRun({ text: b.text, italics: true, color: '555555' })] }));
    else if (b.kind === 'heading')
      children.push(
        new Paragraph({
          heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          children: [new TextRun(b.text)],
        }),
      );
    else if (b.kind === 'para') children.push(new Paragraph({ spacing: { after: 120 }, children: [new TextRun(b.text)] }));
    else if (b.kind === 'bullets')
      for (const i of b.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(i)] }));
    else if (b.kind === 'small')
      children.push(
        new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text: b.text, size: 18, color: '444444' })] }),
      );
    else if (b.kind === 'chart')
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [image(b.id, Math.round(b.width * PX), Math.round(b.height * PX))],
        }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: b.title, size: 18, italics: true })] }),
      );
    else if (b.kind === 'table') {
      const total = b.widths.reduce((a, x) => a + x, 0);
      const cell = (c: { text: string; rag?: 'green' | 'amber' | 'red' | null; image?: string }, i: number, bold = false) =>
        new TableCell({
          width: { size: Math.round(((b.widths[i] ?? 1) / total) * 100), type: WidthType.PERCENTAGE },
          shading: c.rag ? { type: ShadingType.CLEAR, fill: RAG_FILL[c.rag], color: 'auto' } : undefined,
          children: [
            new Paragraph({
              children: [c.image ? image(c.image, 90, 21) : new TextRun({ text: c.text, bold, size: 18 })],
            }),
          ],
        });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.head.map((h, i) => cell({ text: h }, i, true)) }),
            ...b.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i)) })),
          ],
        }),
        new Paragraph(''),
      );
    }
  }
  const doc = new Document({
    creator: 'Belfry',
    title,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        children,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB', space: 4 } },
                children: [new TextRun({ text: `${title}. Produced by Belfry.`, size: 16, color: '777777' })],
              }),
            ],
          }),
        },
      },
    ],
  });
  return Packer.toBuffer(doc);
}
