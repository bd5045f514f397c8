import type { Paragraph, Table } from 'docx';
import { lazyRequire } from '../../../lib/lazy.ts';

import type { MeetingView } from './meetings.ts';
import { longDay, shortDay } from './sections.ts';

// docx is loaded on the first document made, not when the server or a command starts (issue 14).
const docx = lazyRequire<typeof import('docx')>('docx');

/** Agenda (before the meeting) or minutes (after): the same record, as a Word document. */
export type MeetingPaper = 'agenda' | 'minutes';

const STATUS_WORDS = { open: 'Open', done: 'Done', dropped: 'Dropped' } as const;

export function paperTitle(m: MeetingView, paper: MeetingPaper): string {
  return `${m.series.name}: ${paper === 'agenda' ? 'agenda' : 'minutes'}, ${longDay(m.date)}`;
}

/** The paper as plain text: the body of the email, and what the DOCX says. */
export function paperLines(m: MeetingView, paper: MeetingPaper): string[] {
  const lines = [
    paperTitle(m, paper),
    `${longDay(m.date)} at ${m.time} (${m.minutes} minutes)${m.location ? `, ${m.location}` : ''}`,
  ];
  lines.push(`Members: ${m.members.map((x) => x.name).join(', ') || 'none'}`, '');
  let n = 0;
  for (const s of m.sections) {
    lines.push(s.title.toUpperCase());
    for (const i of s.items) {
      lines.push(`${++n}. ${i.title}${i.detail ? ` (${i.detail})` : ''}`);
      if (paper === 'minutes' && i.minutes) lines.push(`   ${i.minutes}`);
    }
    lines.push('');
  }
  if (paper === 'minutes') {
    if (m.notes) lines.push('NOTES', m.notes, '');
    lines.push('DECISIONS', ...(m.decisions.length ? m.decisions.map((d) => `- ${d.text}`) : ['None recorded']), '');
    lines.push(
      'ACTIONS',
      ...(m.actions.length
        ? m.actions.map(
            (a) => `- ${a.text} | ${a.owner.name} | ${a.dueOn ? shortDay(a.dueOn) : 'no date'} | ${STATUS_WORDS[a.status]}`,
          )
        : ['None recorded']),
    );
  }
  return lines;
}

const cell = (text: string, bold = false, D = docx()) =>
  new D.TableCell({ children: [new D.Paragraph({ children: [new D.TextRun({ text, bold })] })] });

function actionsTable(m: MeetingView): Table {
  const D = docx();
  return new D.Table({
    width: { size: 100, type: D.WidthType.PERCENTAGE },
    rows: [
      new D.TableRow({ tableHeader: true, children: ['Action', 'Owner', 'Due', 'Status'].map((h) => cell(h, true)) }),
      ...m.actions.map(
        (a) =>
          new D.TableRow({
            children: [cell(a.text), cell(a.owner.name), cell(a.dueOn ? shortDay(a.dueOn) : ''), cell(STATUS_WORDS[a.status])],
          }),
      ),
    ],
  });
}

export async function renderMeetingDocx(m: MeetingView, paper: MeetingPaper): Promise<Buffer> {
  const D = docx();
  const children: (Paragraph | Table)[] = [
    new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [new D.TextRun(paperTitle(m, paper))] }),
    new D.Paragraph({
      children: [
        new D.TextRun({ text: `${longDay(m.date)} at ${m.time} (${m.minutes} minutes)${m.location ? `, ${m.location}` : ''}` }),
      ],
    }),
    new D.Paragraph({
      children: [new D.TextRun({ text: 'Members: ', bold: true }), new D.TextRun(m.members.map((x) => x.name).join(', '))],
    }),
  ];
  let n = 0;
  for (const s of m.sections) {
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun(s.title)] }));
    for (const i of s.items) {
      children.push(new D.Paragraph({ children: [new D.TextRun({ text: `${++n}. ${i.title}`, bold: true })] }));
      if (i.detail)
        children.push(new D.Paragraph({ indent: { left: 360 }, children: [new D.TextRun({ text: i.detail, italics: true })] }));
      if (paper === 'minutes' && i.minutes)
        children.push(new D.Paragraph({ indent: { left: 360 }, children: [new D.TextRun(i.minutes)] }));
    }
  }
  if (paper === 'minutes') {
    if (m.notes)
      children.push(
        new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun('Notes')] }),
        new D.Paragraph(m.notes),
      );
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun('Decisions')] }));
    if (m.decisions.length)
      for (const d of m.decisions) children.push(new D.Paragraph({ bullet: { level: 0 }, children: [new D.TextRun(d.text)] }));
    else children.push(new D.Paragraph('None recorded.'));
    children.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, children: [new D.TextRun('Actions')] }));
    children.push(m.actions.length ? actionsTable(m) : new D.Paragraph('None recorded.'));
  }
  children.push(
    new D.Paragraph({
      alignment: D.AlignmentType.RIGHT,
      border: { top: { style: D.BorderStyle.SINGLE, size: 4, color: 'BBBBBB', space: 4 } },
      children: [new D.TextRun({ text: 'Produced by Belfry', size: 16, color: '777777' })],
    }),
  );
  const doc = new D.Document({
    creator: 'Belfry',
    title: paperTitle(m, paper),
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
  return D.Packer.toBuffer(doc);
}
