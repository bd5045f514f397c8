import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../../db/rows.ts';
import type { Actor } from '../../../lib/context.ts';
import { describeEachDatabase } from '../../../lib/test-db.ts';
import { createUser } from '../../accounts/index.ts';
import { seedCal1 } from './test-fixtures.ts';
import { listThanks } from './thanks-read.ts';
import { raiseTicket, replyToTicket } from './ticket-actions.ts';
import { changeTicket } from './ticket-changes.ts';

describeEachDatabase('thank-you replies for the briefing', (t) => {
  const users: Record<string, Extract<Actor, { kind: 'user' }>> = {};
  beforeAll(async () => {
    await seedCal1(t.ctx());
    for (const [key, name, role] of [
      ['jess', 'Jess Marsh', 'it'],
      ['dan', 'Daniel Cooper', 'staff'],
    ] as const) {
      const { user } = await createUser(t.ctx(), { email: `${key}@oakfield.example`, name, role, sso: true });
      users[key] = { kind: 'user', id: user.id, email: user.email, name, role };
    }
    const at = (who: string, now: string) => t.ctx(users[who], now);
    const thanked = await raiseTicket(at('dan', '2026-11-16T09:00:00Z'), {
      subject: 'Projector in S12',
      description: 'No picture',
    });
    await replyToTicket(at('jess', '2026-11-16T09:30:00Z'), thanked.id, { body: 'New lamp fitted.', status: 'resolved' });
    await replyToTicket(at('dan', '2026-11-16T10:00:00Z'), thanked.id, { body: 'Brilliant, thank you so much!' });
    // A new problem after resolution reopens the ticket: not thanks.
    const reopened = await raiseTicket(at('dan', '2026-11-17T09:00:00Z'), {
      subject: 'Laptop will not charge',
      description: 'Dead',
    });
    await replyToTicket(at('jess', '2026-11-17T09:30:00Z'), reopened.id, { body: 'Try this charger.', status: 'resolved' });
    await replyToTicket(at('dan', '2026-11-17T10:00:00Z'), reopened.id, { body: 'It still does not charge at all.' });
    // Thanks on a restricted ticket stay out of the briefing.
    const hidden = await raiseTicket(at('dan', '2026-11-18T09:00:00Z'), { subject: 'A private matter', description: 'x' });
    await changeTicket(at('jess', '2026-11-18T09:10:00Z'), hidden.id, {
      restricted: true,
      restrictedTo: [users.jess?.id as string],
    });
    await replyToTicket(at('jess', '2026-11-18T09:30:00Z'), hidden.id, { body: 'Done.', status: 'resolved' });
    await replyToTicket(at('dan', '2026-11-18T10:00:00Z'), hidden.id, { body: 'Brilliant, thank you so much!' });
  });

  it('lists the thanks in the window with whom they thank, never the requester’s name', async () => {
    const got = await listThanks(t.ctx(), { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') });
    expect(got.map((g) => [g.ticketNumber, g.text, g.thanked, g.at])).toEqual([
      [1, 'Brilliant, thank you so much!', 'Jess Marsh', '2026-11-16T10:00:00.000Z'],
    ]);
    expect(JSON.stringify(got)).not.toContain('Daniel');
    // Both thanks were recorded as kudos; the restricted ticket's is the one left out.
    const kudos = await queryRows<{ n: number }>(
      t.database().db,
      sql`SELECT count(*)::int AS n FROM helpdesk_events WHERE kind = 'kudos'`,
    );
    expect(kudos[0]?.n).toBe(2);
    expect(await listThanks(t.ctx(), { from: new Date('2026-11-16T10:00:01Z'), to: new Date('2026-11-23T00:00:00Z') })).toEqual(
      [],
    );
  });
});
