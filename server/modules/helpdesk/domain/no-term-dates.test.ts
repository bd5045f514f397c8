import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { signInAs, testApp } from '../../../lib/test-http.ts';
import { addCalendarEntry } from '../../calendar/index.ts';
import { selectOpenAlerts } from '../db/mail-queries.ts';
import { setSlaPolicies } from './sla-policies.ts';
import { recomputeSla } from './sla-recompute.ts';
import { DESK, type MailRig, startMailRig } from './test-mail.ts';
import { getTicket } from './ticket-view.ts';

/** Every summer: a policy that counts term days only, and no term ahead in the calendar. */
describeEachDatabase('a request when the calendar has no term ahead', (t) => {
  let rig: MailRig;
  const logged: { obj: unknown; msg?: string }[] = [];
  const keep = (obj: unknown, msg?: string) => void logged.push({ obj, msg });
  const log = { info: keep, warn: keep, error: keep, debug: keep };
  type Row = { id: string; number: number; subject: string; resolution_due_at: Date | null; response_due_at: Date | null };
  const ticket = async (subject: string) =>
    (await queryRows<Row>(t.database().db, sql`SELECT * FROM helpdesk_tickets WHERE subject = ${subject}`))[0];

  beforeAll(async () => {
    rig = await startMailRig(t, '2026-07-27T09:00:00Z', log);
    await setSlaPolicies(
      rig.ctx(),
      (['p1', 'p2', 'p3', 'p4'] as const).map((priority) => ({
        priority,
        category: null,
        responseMinutes: 120,
        resolutionMinutes: 960,
        countedDays: ['term'],
      })),
    );
    // Last year's summer term ended; next year's dates are not in yet.
    await addCalendarEntry(rig.ctx(), { kind: 'term', name: 'Summer 2026', startsOn: '2026-04-20', endsOn: '2026-07-17' });
  });
  afterAll(async () => rig.close());

  it('an email still becomes a ticket, with no due date yet and a warning to the Director', async () => {
    await rig.send({
      from: 'Daniel Cooper <d.cooper@oakfield.example>',
      to: DESK,
      subject: 'Laptop for September',
      text: 'Could my laptop be reimaged before term starts?',
      messageId: '<summer1@client.example>',
    });
    const row = await ticket('Laptop for September');
    expect(row).toMatchObject({ response_due_at: null, resolution_due_at: null });
    const detail = await getTicket(rig.ctx(), row?.id as string);
    expect(detail.sla).toMatchObject({ responseState: 'pending', responseDueAt: null, resolutionDueAt: null, dueUnknown: true });
    const alerts = await selectOpenAlerts(t.database().db);
    expect(alerts.filter((a) => a.kind === 'no_term_dates').map((a) => a.message)).toEqual([
      "The calendar has no term dates ahead, so new tickets have no due date yet. Enter next year's term dates (Calendar) and their due dates follow.",
    ]);
    const inbound = await queryRows<{ disposition: string }>(
      t.database().db,
      sql`SELECT disposition FROM helpdesk_inbound WHERE message_id = '<summer1@client.example>'`,
    );
    expect(inbound.map((i) => i.disposition)).toEqual(['ticket_created']);
    // The log says which ticket and why, in words.
    expect(logged.filter((l) => (l.obj as { reason?: string }).reason === 'no_term_dates')).toContainEqual({
      obj: { ticket: row?.number, reason: 'no_term_dates' },
      msg: `ticket #${row?.number} has no due date yet: the calendar has no term dates ahead for its SLA policy`,
    });
  });

  it('a portal request becomes a ticket too (201, not 500), and the warning is not repeated', async () => {
    const app = await testApp(t.database(), rig.clock);
    const staff = await signInAs(app, t.database(), 'staff');
    const res = await staff.request({
      method: 'POST',
      url: '/api/helpdesk/tickets',
      payload: { subject: 'New starter account', description: 'A new teacher joins in September.', category: 'Accounts' },
    });
    expect(res.statusCode).toBe(201);
    // The queue's "Next due" column shows "no due date yet" from this flag, not a dash.
    const agent = await signInAs(app, t.database(), 'it');
    const queue = (await agent.request({ method: 'GET', url: '/api/helpdesk/queue?view=open' })).json() as {
      tickets: { subject: string; resolutionDueAt: string | null; dueUnknown: boolean }[];
    };
    expect(queue.tickets.map((q) => [q.subject, q.resolutionDueAt, q.dueUnknown]).sort()).toEqual([
      ['Laptop for September', null, true],
      ['New starter account', null, true],
    ]);
    await app.close();
    expect((await selectOpenAlerts(t.database().db)).filter((a) => a.kind === 'no_term_dates')).toHaveLength(1);
  });

  it('once the term dates are entered, due dates follow and the warning goes', async () => {
    await addCalendarEntry(rig.ctx(), { kind: 'term', name: 'Autumn 2026', startsOn: '2026-09-03', endsOn: '2026-12-16' });
    await recomputeSla(rig.ctx());
    const row = await ticket('Laptop for September');
    // 120 term minutes from the first day of term, Thursday 3 September 2026, opening at 08:00 BST (07:00Z).
    expect(new Date(row?.response_due_at as unknown as string).toISOString()).toBe('2026-09-03T09:00:00.000Z');
    expect((await selectOpenAlerts(t.database().db)).filter((a) => a.kind === 'no_term_dates')).toEqual([]);
    const app = await testApp(t.database(), rig.clock);
    const agent = await signInAs(app, t.database(), 'it');
    const queue = (await agent.request({ method: 'GET', url: '/api/helpdesk/queue?view=open' })).json() as {
      tickets: { subject: string; dueUnknown: boolean }[];
    };
    expect(queue.tickets.find((q) => q.subject === 'Laptop for September')?.dueUnknown).toBe(false);
    await app.close();
  });
});
