import { type Clock, fixedClock } from '../../../lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../../../lib/context.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer, type MailMessage } from '../../../lib/mailer.ts';
import type { TestDb } from '../../../lib/test-db.ts';
import { TEST_CONFIG } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { setSetting } from '../../settings/index.ts';
import { addressesSetting, HELPDESK_SETTINGS } from './helpdesk-settings.ts';
import { receiveMail } from './mail-intake.ts';
import { answerSurvey, rateMyTicket, sendDueSurveys } from './surveys.ts';
import { seedCal1 } from './test-fixtures.ts';
import { raiseTicket, replyToTicket } from './ticket-actions.ts';
import { changeTicket, mergeTicket } from './ticket-changes.ts';

/**
 * The research's hand-computed week (§9 E): CAL-1, Mon 9 - Sun 15 Nov 2026 (GMT), built through
 * the real use cases with the clock moved to each event's time. Tickets A-H as in the table.
 */

export type SeededWeek = {
  ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H', string>;
  agent: Actor;
  clock: Clock & { set(t: Date | string): void };
  ctx: (actor?: Actor) => Ctx;
  mail: ReturnType<typeof captureMailer>;
  schools: { senior: string; prep: string };
};

export async function seedWeek(t: TestDb): Promise<SeededWeek> {
  const clock = fixedClock('2026-11-01T09:00:00Z');
  const mail = captureMailer();
  const config = { ...TEST_CONFIG, mail: { host: 'smtp.test', port: 25, secure: false, from: 'itservices@oakfield.example' } };
  const ctx = (actor: Actor = systemActor('seed')): Ctx => ({
    db: t.database().db,
    clock,
    config,
    log: silentLogger,
    mail,
    actor,
  });
  const { senior, prep } = await seedCal1(ctx());
  await setSetting(ctx(), HELPDESK_SETTINGS, addressesSetting.key, { value: ['itservices@oakfield.example'] });
  const user = async (email: string, name: string, role: 'it' | 'staff'): Promise<Actor> => {
    const { user: u } = await createUser(ctx(), { email, name, role, password: 'correct horse battery staple' });
    return { kind: 'user', id: u.id, email: u.email, name: u.name, role };
  };
  const agent = await user('p.raman@oakfield.example', 'Priya Raman', 'it');
  const staff = {
    a: await user('a.teacher@oakfield.example', 'Alex Teacher', 'staff'),
    b: await user('b.teacher@oakfield.example', 'Beth Teacher', 'staff'),
    d: await user('d.teacher@oakfield.example', 'Dev Teacher', 'staff'),
    e: await user('e.teacher@oakfield.example', 'Eve Teacher', 'staff'),
    f: await user('f.teacher@oakfield.example', 'Fay Teacher', 'staff'),
    g: await user('g.teacher@oakfield.example', 'Gus Teacher', 'staff'),
    h: await user('h.teacher@oakfield.example', 'Hal Teacher', 'staff'),
  };
  const at = (iso: string) => clock.set(iso);
  const raise = async (who: Actor, when: string, subject: string, category: string, schoolId: string) => {
    at(when);
    return (await raiseTicket(ctx(who), { subject, description: `${subject}, please help.`, category, schoolId })).id;
  };
  const reply = async (
    id: string,
    when: string,
    status?: 'resolved' | 'waiting_requester',
    body = 'Done: it should work now.',
  ) => {
    at(when);
    await replyToTicket(ctx(agent), id, { body, status });
  };

  const A = await raise(staff.a, '2026-11-09T08:30:00Z', 'Wi-Fi down in the library', 'Wi-Fi', senior.id);
  const G = await raise(staff.g, '2026-11-09T08:40:00Z', 'No Wi-Fi in the library', 'Wi-Fi', senior.id);
  await reply(A, '2026-11-09T09:00:00Z', undefined, 'Looking at the access point now.');
  at('2026-11-09T09:05:00Z');
  await mergeTicket(ctx(agent), G, { into: A, addRequester: true });
  at('2026-11-09T10:00:00Z');
  await changeTicket(ctx(agent), A, { status: 'resolved' });

  const B = await raise(staff.b, '2026-11-09T16:00:00Z', 'Printer offline in P105', 'Printing', prep.id);
  await reply(B, '2026-11-10T08:30:00Z', undefined, 'Which printer exactly?');
  await reply(B, '2026-11-10T12:00:00Z', 'resolved');

  // C arrives by email: the acknowledgement goes out (auto_ack), then an internal note.
  at('2026-11-10T10:00:00Z');
  const c = await receiveMail(
    ctx(),
    Buffer.from(
      'From: Cara Teacher <c.teacher@oakfield.example>\r\nTo: itservices@oakfield.example\r\nSubject: Locked out of my account\r\nMessage-ID: <seed-c@oakfield.example>\r\n\r\nI am locked out.\r\n',
    ),
    {},
    'smtp',
  );
  const C = c.ticketId as string;
  await changeTicket(ctx(agent), C, { category: 'Accounts', schoolId: senior.id });
  at('2026-11-10T10:05:00Z');
  await replyToTicket(ctx(agent), C, { body: 'Checked the sign-in logs: three failures from a phone.', visibility: 'internal' });
  await reply(C, '2026-11-10T11:00:00Z', 'waiting_requester', 'Can you confirm your phone number?');
  at('2026-11-11T09:00:00Z');
  await receiveMail(
    ctx(),
    Buffer.from(
      `From: c.teacher@oakfield.example\r\nTo: itservices@oakfield.example\r\nSubject: Re: [Ref #${c.ticketNumber}] Locked out of my account\r\nMessage-ID: <seed-c2@oakfield.example>\r\n\r\nIt is 07700 900123.\r\n`,
    ),
    {},
    'smtp',
  );
  await reply(C, '2026-11-11T10:00:00Z', 'resolved');

  const H = await raise(staff.h, '2026-11-11T11:00:00Z', 'Toner low in the staff room', 'Printing', senior.id);
  await reply(H, '2026-11-11T11:20:00Z', 'resolved');

  const D = await raise(staff.d, '2026-11-11T13:00:00Z', 'Wi-Fi drops in S101', 'Wi-Fi', senior.id);
  await reply(D, '2026-11-11T13:10:00Z', undefined, 'Is it every device?');
  await reply(D, '2026-11-11T14:00:00Z', 'resolved');
  at('2026-11-12T09:00:00Z');
  await replyToTicket(ctx(staff.d), D, { body: 'It has stopped working again this morning.' });
  at('2026-11-12T09:30:00Z');
  await changeTicket(ctx(agent), D, { status: 'resolved' });

  const E = await raise(staff.e, '2026-11-12T09:00:00Z', 'Hall projector flickers', 'AV', prep.id);
  await changeTicket(ctx(agent), E, { priority: 'p2' });
  await reply(E, '2026-11-12T15:00:00Z', undefined, 'A new lamp is on order.');

  const F = await raise(staff.f, '2026-11-13T16:45:00Z', 'Wi-Fi slow in the Pre-Prep', 'Wi-Fi', prep.id);

  // Surveys go out with the delay; answers come back in the week.
  at('2026-11-13T17:00:00Z');
  await sendDueSurveys(ctx());
  const token = (m: MailMessage | undefined) => /\/rate\/([\w-]+)\?score=5/.exec(m?.text ?? '')?.[1] as string;
  const surveyTo = (email: string) => mail.sent.find((m) => m.to === email && m.subject.startsWith('How did we do?'));
  at('2026-11-13T17:30:00Z');
  await answerSurvey(ctx(), token(surveyTo('a.teacher@oakfield.example')), {
    rating: 5,
    comment: 'Thanks, Wi-Fi works in the library now!',
    consent: true,
  });
  await answerSurvey(ctx(), token(surveyTo('c.teacher@oakfield.example')), { rating: 4 });
  await rateMyTicket(ctx(staff.d), D, { rating: 2, comment: 'took two goes' });
  return { ids: { A, B, C, D, E, F, G, H }, agent, clock, ctx, mail, schools: { senior: senior.id, prep: prep.id } };
}
