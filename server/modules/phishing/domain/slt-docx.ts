import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { reportLines, type SltReport } from './slt-report.ts';

/** The SLT findings as a one-page Word document: the same words as the printable page. */
export async function renderSltDocx(r: SltReport): Promise<Buffer> {
  const { title, sections } = reportLines(r);
  const started = r.campaign.startedAt
    ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(r.campaign.startedAt),
      )
    : 'not started';
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    new Paragraph({
      children: [new TextRun({ text: `${r.schoolName} · sent ${started} · no names are shown in this report`, italics: true })],
    }),
  ];
  for (const s of sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.heading)] }));
    for (const line of s.lines) children.push(new Paragraph({ children: [new TextRun({ text: line, size: 21 })] }));
  }
  const doc = new Document({ creator: 'Belfry', title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
