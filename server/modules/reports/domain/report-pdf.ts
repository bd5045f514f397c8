import { findFonts } from './fonts.ts';
import type { Block } from './report-blocks.ts';

/**
 * The report as a PDF, drawn on the server with pdfkit (no browser): A4, the same blocks as the
 * Word file, charts as PNG images. The text font is DejaVu Sans or Liberation Sans where the
 * machine has it (every character the report uses), else Helvetica with the few characters
 * outside its encoding spelt plainly.
 */

const PLAIN: [RegExp, string][] = [
  [/−/g, '-'],
  [/→/g, '->'],
  [/×/g, 'x'],
  [/≥/g, '>='],
  [/≤/g, '<='],
];

const RAG_FILL = { green: '#d3f9d8', amber: '#ffe8cc', red: '#ffe3e3' } as const;

export async function renderReportPdf(blocks: Block[], png: Record<string, Buffer>, title: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, info: { Title: title, Creator: 'Belfry' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const fonts = findFonts();
  if (fonts) {
    doc.registerFont('body', fonts.regular);
    doc.registerFont('bold', fonts.bold);
  }
  const body = fonts ? 'body' : 'Helvetica';
  const bold = fonts ? 'bold' : 'Helvetica-Bold';
  const say = (text: string) => (fonts ? text : PLAIN.reduce((t, [re, s]) => t.replace(re, s), text));
  const width = doc.page.width - 100;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - 60) doc.addPage();
  };
  for (const b of blocks) {
    if (b.kind === 'title') doc.font(bold).fontSize(18).fillColor('#111').text(say(b.text)).moveDown(0.3);
    else if (b.kind === 'subtitle') doc.font(body).fontSize(9.5).fillColor('#555').text(say(b.text)).moveDown(0.8);
    else if (b.kind === 'heading') {
      ensure(40);
      doc
        .font(bold)
        .fontSize(b.level === 1 ? 13 : 11)
        .fillColor('#1c4f8a')
        .text(say(b.text))
        .moveDown(0.3);
    } else if (b.kind === 'para')
      doc.font(body).fontSize(10).fillColor('#111').text(say(b.text), { align: 'left' }).moveDown(0.4);
    else if (b.kind === 'bullets') {
      doc.font(body).fontSize(10).fillColor('#111').list(b.items.map(say), { bulletRadius: 1.8, textIndent: 12 });
      doc.moveDown(0.4);
    } else if (b.kind === 'small') doc.font(body).fontSize(8).fillColor('#444').text(say(b.text)).moveDown(0.3);
    else if (b.kind === 'chart') {
      const img = png[b.id];
      if (!img) continue;
      const w = Math.min(width, b.width * 0.72);
      const h = (w * b.height) / b.width;
      ensure(h + 24);
      doc.image(img, 50 + (width - w) / 2, doc.y, { width: w, height: h });
      doc.y += h + 2;
      doc.font(body).fontSize(8).fillColor('#555').text(say(b.title), 50, doc.y, { width, align: 'center' }).moveDown(0.6);
    } else if (b.kind === 'table') {
      const total = b.widths.reduce((a, x) => a + x, 0);
      const cols = b.widths.map((x) => (x / total) * width);
      const row = (cells: { text: string; rag?: 'green' | 'amber' | 'red' | null; image?: string }[], head: boolean) => {
        doc.font(head ? bold : body).fontSize(8.5);
        const heights = cells.map((c, i) => (c.image ? 18 : doc.heightOfString(say(c.text), { width: (cols[i] ?? 40) - 8 })));
        const h = Math.max(16, ...heights.map((x) => x + 6));
        ensure(h);
        const top = doc.y;
        let x = 50;
        for (const [i, c] of cells.entries()) {
          const w = cols[i] ?? 40;
          if (head) doc.rect(x, top, w, h).fill('#e9ecef');
          else if (c.rag) doc.rect(x, top, w, h).fill(RAG_FILL[c.rag]);
          doc.rect(x, top, w, h).lineWidth(0.4).strokeColor('#ced4da').stroke();
          const img = c.image ? png[c.image] : undefined;
          if (img) doc.image(img, x + 4, top + 2, { width: w - 8, height: h - 4 });
          else
            doc
              .fillColor('#111')
              .font(head ? bold : body)
              .fontSize(8.5)
              .text(say(c.text), x + 4, top + 3, { width: w - 8 });
          x += w;
        }
        doc.x = 50;
        doc.y = top + h;
      };
      row(
        b.head.map((text) => ({ text })),
        true,
      );
      for (const r of b.rows) row(r, false);
      doc.moveDown(0.8);
    }
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .font(body)
      .fontSize(7.5)
      .fillColor('#777')
      .text(say(`${title}. Produced by Belfry. Page ${i + 1} of ${range.count}`), 50, doc.page.height - 40, {
        width,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
