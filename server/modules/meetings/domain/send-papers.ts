import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { recordAudit } from '../../audit/index.ts';
import { updateMeetingRow } from '../db/meeting-queries.ts';
import { type MeetingPaper, paperLines, paperTitle, renderMeetingDocx } from './meeting-docx.ts';
import { getMeeting } from './meetings.ts';
import { EDIT_ROLES } from './sections.ts';

export const docxFileName = (m: { series: { name: string }; date: string }, paper: MeetingPaper): string =>
  `${m.series.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${paper}-${m.date}.docx`;

/** The agenda or minutes as a Word document. */
export async function exportMeetingPaper(
  ctx: Ctx,
  id: string,
  paper: MeetingPaper,
): Promise<{ fileName: string; bytes: Buffer }> {
  const meeting = await getMeeting(ctx, id);
  return { fileName: docxFileName(meeting, paper), bytes: await renderMeetingDocx(meeting, paper) };
}

/** Emails the agenda or minutes to every member with an address: the text in the body, the DOCX attached. */
export async function sendMeetingPaper(ctx: Ctx, id: string, paper: MeetingPaper): Promise<{ sentTo: string[] }> {
  requireRole(ctx, ...EDIT_ROLES);
  const meeting = await getMeeting(ctx, id);
  const to = [...new Set(meeting.members.map((m) => m.email).filter((e): e is string => !!e))];
  if (to.length === 0) throw new Invalid('No member of this series has an email address');
  await ctx.mail.send({
    to,
    subject: paperTitle(meeting, paper),
    text: `${paperLines(meeting, paper).join('\n')}\n\nThe ${paper} is attached as a Word document.\n`,
    attachments: [
      {
        filename: docxFileName(meeting, paper),
        content: await renderMeetingDocx(meeting, paper),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    ],
  });
  await recordAudit(ctx, {
    action: `meetings.send_${paper}`,
    summary: `Emailed the ${paper} of ${paperTitle(meeting, paper).split(':')[0]} to ${to.length} member${to.length === 1 ? '' : 's'}`,
    targetType: 'meeting',
    targetId: id,
    details: { to },
  });
  const now = ctx.clock.now();
  await updateMeetingRow(
    ctx.db,
    id,
    paper === 'agenda' ? { agendaSentAt: now, updatedAt: now } : { minutesSentAt: now, updatedAt: now },
  );
  return { sentTo: to };
}
