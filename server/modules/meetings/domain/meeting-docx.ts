import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { MeetingView } from './meetings.ts';
import { longDay, shortDay } from './sections.ts';

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

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

function actionsTable(m: MeetingView): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: ['Action', 'Owner', 'Due', 'Status'].map((h) => cell(h, true)) }),
      ...m.actions.map(
        (a) =>
          new TableRow({
            children: [cell(a.text), cell(a.owner.name), cell(a.dueOn ? shortDay(a.dueOn) : ''), cell(STATUS_WORDS[a.status])],
          }),
      ),
    ],
  });
}

export async function renderMeetingDocx(m: MeetingView, paper: MeetingPaper): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(paperTitle(m, paper))] }),
    new Paragraph({
      children: [
        new TextRun({ text: `${longDay(m.date)} at ${m.time} (${m.minutes} minutes)${m.location ? `, ${m.location}` : ''}` }),
      ],
    }),
    new Paragraph({
      children: [new TextRun({ text: 'Members: ', bold: true }), new TextRun(m.members.map((x) => x.name).join(', '))],
    }),
  ];
  let n = 0;
  for (const s of m.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] }));
    for (const i of s.items) {
      children.push(new Paragraph({ children: [new TextRun({ text: `${++n}. ${i.title}`, bold: true })] }));
      if (i.detail)
        children.push(new Paragraph({ indent: { left: 360 }, children: [new TextRun({ text: i.detail, italics: true })] }));
      if (paper === 'minutes' && i.minutes)
        children.push(new Paragraph({ indent: { left: 360 }, children: [new TextRun(i.minutes)] }));
    }
  }
  if (paper === 'minutes') {
    if (m.notes)
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Notes')] }), new Paragraph(m.notes));
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Decisions')] }));
    if (m.decisions.length)
      for (const d of m.decisions) children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(d.text)] }));
    else children.push(new Paragraph('None recorded.'));
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Actions')] }));
    children.push(m.actions.length ? actionsTable(m) : new Paragraph('None recorded.'));
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB', space: 4 } },
      children: [new TextRun({ text: 'Produced by Belfry', size: 16, color: '777777' })],
    }),
  );
  const doc = new Document({
    creator: 'Belfry',
    title: paperTitle(m, paper),
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
