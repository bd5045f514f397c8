import { expect, it } from 'vitest';
import { fixedClock } from '../../../lib/clock.ts';
import { type Actor, type Ctx, systemActor } from '../../../lib/context.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { captureMailer } from '../../../lib/mailer.ts';
import { describeEachDatabase, TEST_CONFIG } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { setSetting } from '../../settings/index.ts';
import { HELPDESK_SETTINGS, teamLeadSetting } from './helpdesk-settings.ts';
import { loadQueueCard } from './queue.ts';
import { warnOfBreaches } from './sla-warnings.ts';
import { rateMyTicket } from './surveys.ts';
import { raiseTicket, replyToTicket } from './ticket-actions.ts';
import { changeTicket } from './ticket-changes.ts';

describeEachDatabase('breach warnings, the Today card and low ratings', (t) => {
  it('warns once per target, counts the queue for Today, and tells the team lead about a low rating', async () => {
    const clock = fixedClock('2026-11-16T09:00:00Z');
    const mail = captureMailer();
    const config = { ...TEST_CONFIG, mail: { host: 'x', port: 25, secure: false, from: 'itservices@oakfield.example' } };
    const ctx = (actor: Actor = systemActor('test')): Ctx => ({
      db: t.database().db,
      clock,
      config,
      log: silentLogger,
      mail,
      actor,
    });
    await setSetting(ctx(), HELPDESK_SETTINGS, teamLeadSetting.key, { value: ['lead@oakfield.example'] });
    const make = async (email: string, role: 'it' | 'staff'): Promise<Actor> => {
      const { user } = await createUser(ctx(), {
        email,
        name: email.split('@')[0] as string,
        role,
        password: 'correct horse battery staple',
      });
      return { kind: 'user', id: user.id, email, name: user.name, role };
    };
    const agent = await make('agent@oakfield.example', 'it');
    const teacher = await make('teacher@oakfield.example', 'staff');
    const { id } = await raiseTicket(ctx(teacher), {
      subject: 'Visualiser not found',
      description: 'The visualiser is not detected.',
      category: 'AV',
    });

    // P3: first response due 11:00. At 10:05 it is within the hour's warning: the lead hears (nobody is assigned).
    clock.set('2026-11-16T10:05:00Z');
    expect(await loadQueueCard(ctx(agent))).toMatchObject({
      open: 1,
      unassigned: 1,
      breachingSoon: 1,
      newSinceYesterday: 1,
      mine: 0,
    });
    expect(await warnOfBreaches(ctx())).toBe(1);
    expect(await warnOfBreaches(ctx())).toBe(0);
    const warning = mail.sent.filter((m) => m.subject.startsWith('SLA:'));
    expect(warning.map((m) => [m.to, m.subject])).toEqual([
      ['lead@oakfield.example', expect.stringContaining('the response to #')],
    ]);
    expect(warning[0]?.headers?.['Auto-Submitted']).toBe('auto-generated');

    // Assigned and answered: the resolution (due 09:00 + 960 working minutes = Tue 17:00) warns the assignee at 16:00.
    await changeTicket(ctx(agent), id, { assigneeId: agent.kind === 'user' ? agent.id : '' });
    await replyToTicket(ctx(agent), id, { body: 'Try another USB port while I check the driver.' });
    clock.set('2026-11-17T16:01:00Z');
    expect(await warnOfBreaches(ctx())).toBe(1);
    expect(mail.sent.filter((m) => m.subject.startsWith('SLA:')).at(-1)?.to).toBe('agent@oakfield.example');

    // Resolved, rated 1: the team lead is told, once.
    await replyToTicket(ctx(agent), id, { body: 'Driver reinstalled.', status: 'resolved' });
    await rateMyTicket(ctx(teacher), id, { rating: 1, comment: 'It broke again the next day' });
    await rateMyTicket(ctx(teacher), id, { rating: 2 });
    const low = mail.sent.filter((m) => m.subject.startsWith('Low satisfaction'));
    expect(low.map((m) => m.to)).toEqual(['lead@oakfield.example']);
    expect(low[0]?.text).toContain('rated 1/5: "It broke again the next day"');
    const card = await loadQueueCard(ctx(agent));
    expect(card.alerts.map((a) => a.kind)).toEqual(['low_rating']);
  });
});
