import { z } from 'zod';
import { type Ctx, IT_ROLES } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId, newToken, sha256 } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { findAccountByEmail } from '../../accounts/index.ts';
import { listSchools } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  insertSurvey,
  type SurveyRow,
  selectSurveyByTokenHash,
  selectSurveyOfTicket,
  selectTicketsDueForSurvey,
  updateSurvey,
} from '../db/survey-queries.ts';
import { selectTicketById, type TicketRow } from '../db/ticket-queries.ts';
import { loadVisibleTicket } from './access.ts';
import { surveyDelaySetting, surveyExcludedSchoolsSetting, teamLeadSetting } from './helpdesk-settings.ts';
import { deliver, isNoReplyAddress, raiseAlert } from './outbound-mail.ts';
import { formatRef } from './ticket-model.ts';
import { recordEvent } from './ticket-records.ts';

/**
 * Satisfaction (research §5.6, AT-29/30): one survey per ticket, sent after the configured delay
 * with five one-click links that need no sign-in. The link's token is single-purpose (it opens
 * this survey and nothing else), stored only as a hash, and expires after 30 days; clicking again
 * changes the answer rather than adding one. Low ratings reach the team lead; comments of 4 or 5
 * with consent to share are the briefing's kudos.
 */

const EXPIRY_DAYS = 30;
const LOW = 2;

/** Why a ticket gets no survey, or undefined when it should get one. */
export async function surveyExclusion(ctx: Ctx, t: TicketRow): Promise<string | undefined> {
  if (t.status === 'merged') return 'merged';
  if (t.isAuto) return 'automatic';
  if (!t.requesterEmail || isNoReplyAddress(t.requesterEmail)) return 'no address';
  const account = await findAccountByEmail(ctx, t.requesterEmail);
  if (account && (IT_ROLES as string[]).includes(account.role)) return 'requester is in IT';
  if (t.requesterKind === 'pupil' && t.schoolId) {
    const excluded = await getSetting(ctx, surveyExcludedSchoolsSetting);
    const school = (await listSchools(ctx)).find((s) => s.id === t.schoolId);
    if (school && excluded.includes(school.code)) return `pupils of ${school.code} are excluded`;
  }
  return undefined;
}

async function createSurvey(ctx: Ctx, t: TicketRow): Promise<{ survey: SurveyRow; token: string } | undefined> {
  const token = newToken(24);
  const now = ctx.clock.now();
  const row = {
    id: newId(),
    ticketId: t.id,
    tokenHash: sha256(token),
    recipientEmail: t.requesterEmail,
    sentAt: now,
    expiresAt: new Date(now.getTime() + EXPIRY_DAYS * 86400000),
    agentId: t.assigneeId,
    agentName: t.assigneeName,
  };
  if (!(await insertSurvey(ctx.db, row))) return undefined;
  await recordEvent(ctx, t.id, 'survey_sent', {});
  return {
    survey: { ...row, rating: null, comment: null, consent: false, answeredAt: null, updatedAt: null } as SurveyRow,
    token,
  };
}

export const surveyLink = (ctx: Ctx, token: string, score?: number) =>
  `${ctx.config.baseUrl}/rate/${token}${score ? `?score=${score}` : ''}`;

/** The scheduled sender: resolved tickets past the delay, each surveyed once. */
export async function sendDueSurveys(ctx: Ctx): Promise<number> {
  const delay = await getSetting(ctx, surveyDelaySetting);
  const now = ctx.clock.now();
  const due = await selectTicketsDueForSurvey(
    ctx.db,
    new Date(now.getTime() - delay * 60000),
    new Date(now.getTime() - 7 * 86400000),
  );
  let sent = 0;
  for (const { ticket } of due) {
    if (await surveyExclusion(ctx, ticket)) continue;
    const created = await createSurvey(ctx, ticket);
    if (!created || !ticket.requesterEmail) continue;
    const links = [5, 4, 3, 2, 1].map(
      (n) => `  ${n} - ${['', 'Poor', 'Not good', 'OK', 'Good', 'Excellent'][n]}: ${surveyLink(ctx, created.token, n)}`,
    );
    await deliver(ctx, {
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      kind: 'survey',
      to: ticket.requesterEmail,
      subject: `How did we do? ${formatRef(ticket.number)} ${ticket.subject}`,
      text: [
        `Your request "${ticket.subject}" has been resolved. How was it? One click is enough:`,
        '',
        ...links,
        '',
        `The link works for ${EXPIRY_DAYS} days and needs no sign-in. You can add a comment after clicking.`,
      ].join('\n'),
      automatic: true,
    });
    sent++;
  }
  return sent;
}

export const SurveyAnswer = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
  consent: z.boolean().optional(),
});

async function recordAnswer(ctx: Ctx, survey: SurveyRow, ticket: TicketRow, input: z.input<typeof SurveyAnswer>) {
  const data = parseInput(SurveyAnswer, input);
  const now = ctx.clock.now();
  const comment = data.comment === undefined ? survey.comment : data.comment || null;
  await updateSurvey(ctx.db, survey.id, {
    rating: data.rating,
    comment,
    consent: data.consent ?? survey.consent,
    answeredAt: survey.answeredAt ?? now,
    updatedAt: now,
  });
  await recordEvent(
    ctx,
    ticket.id,
    'survey_answered',
    { rating: data.rating, updated: survey.rating !== null },
    { label: 'Requester' },
  );
  const becameLow = data.rating <= LOW && (survey.rating === null || survey.rating > LOW);
  if (becameLow) {
    const text = `Ticket #${ticket.number} "${ticket.subject}" was rated ${data.rating}/5${comment ? `: "${comment}"` : ''}. ${ctx.config.baseUrl}/helpdesk/tickets/${ticket.id}`;
    for (const to of await getSetting(ctx, teamLeadSetting)) {
      await deliver(ctx, {
        kind: 'notification',
        to,
        subject: `Low satisfaction rating on ${formatRef(ticket.number)}`,
        text,
        automatic: true,
      });
    }
    await raiseAlert(ctx, {
      key: `low-rating:${survey.id}`,
      kind: 'low_rating',
      message: `Ticket #${ticket.number} was rated ${data.rating}/5`,
    });
  }
  return { rating: data.rating, comment, consent: data.consent ?? survey.consent };
}

export type PublicSurvey = {
  ticketNumber: number;
  subject: string;
  rating: number | null;
  comment: string | null;
  consent: boolean;
  expiresAt: string;
};

async function surveyByToken(ctx: Ctx, token: string): Promise<{ survey: SurveyRow; ticket: TicketRow }> {
  const survey = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await selectSurveyByTokenHash(ctx.db, sha256(token)) : undefined;
  const ticket = survey ? await selectTicketById(ctx.db, survey.ticketId) : undefined;
  if (!survey || !ticket) throw new NotFound('This rating link is not valid');
  if (survey.expiresAt < ctx.clock.now()) throw new Invalid('This rating link has expired');
  return { survey, ticket };
}

/** The rating page, signed out: what is being rated (no more than its title). */
export async function getSurveyByToken(ctx: Ctx, token: string): Promise<PublicSurvey> {
  const { survey, ticket } = await surveyByToken(ctx, token);
  return {
    ticketNumber: ticket.number,
    subject: ticket.restricted ? 'Your request' : ticket.subject,
    rating: survey.rating,
    comment: survey.comment,
    consent: survey.consent,
    expiresAt: survey.expiresAt.toISOString(),
  };
}

export async function answerSurvey(ctx: Ctx, token: string, input: z.input<typeof SurveyAnswer>) {
  const { survey, ticket } = await surveyByToken(ctx, token);
  return recordAnswer(ctx, survey, ticket, input);
}

/** A signed-in requester rating their resolved ticket on the portal (same survey record). */
export async function rateMyTicket(ctx: Ctx, ticketId: string, input: z.input<typeof SurveyAnswer>) {
  const { ticket, view } = await loadVisibleTicket(ctx, ticketId, 'Rated');
  if (view !== 'requester') throw new Invalid('Only the person who raised a ticket can rate it');
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') throw new Invalid('A ticket can be rated once it is resolved');
  const exclusion = await surveyExclusion(ctx, ticket);
  if (exclusion && exclusion !== 'no address') throw new Invalid('This ticket is not rated');
  const survey = (await selectSurveyOfTicket(ctx.db, ticket.id)) ?? (await createSurvey(ctx, ticket))?.survey;
  if (!survey) throw new Invalid('Could not start the rating; try again');
  return recordAnswer(ctx, survey, ticket, input);
}
