import type { Paragraph } from 'docx';
import { lazyRequire } from '../../../lib/lazy.ts';

import { reportLines, type SltReport } from './slt-report.ts';

// docx is loaded on the first document made, not when the server or a command starts (issue 14).
const docx = lazyRequire<typeof import('docx')>('docx');

/** The SLT findings as a one-page Word document: the same words as the printable page. */
export async function renderSltDocx(r: SltReport): Promise<Buffer> {
  const D = docx();
  const { title, sections } = reportLines(r);
  const started = r.campaign.startedAt
    ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(r.campaign.startedAt),
      )
    : 'not started';
  const children: Paragraph[] = [
    new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun(title)] }),
    new D.Paragraph({
      children: [new D.TextRun({ text: `${r.schoolName} · sent ${started} · no names are shown in this report`, italics: true })],
    }),
  ];
  for (const s of sections) {
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun(s.heading)] }));
    for (const line of s.lines) children.push(new D.Paragraph({ children: [new D.TextRun({ text: line, size: 21 })] }));
  }
  const doc = new D.Document({ creator: 'Belfry', title, sections: [{ children }] });
  return D.Packer.toBuffer(doc);
}
