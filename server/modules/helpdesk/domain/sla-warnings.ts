import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { getSetting } from '../../settings/index.ts';
import { helpdeskEvents, helpdeskTickets } from '../db/tables.ts';
import { teamLeadSetting, warnMinutesSetting } from './helpdesk-settings.ts';
import { deliver } from './outbound-mail.ts';
import { OPEN_STATUSES } from './ticket-model.ts';
import { recordEvent } from './ticket-records.ts';

/**
 * Breach warnings: once per ticket and target, shortly before a response or resolution target is
 * missed, the assignee (or, unassigned, the team lead) is told by email and the ticket's history
 * records it. Runs on the scheduler.
 */
export async function warnOfBreaches(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const soon = new Date(now.getTime() + (await getSetting(ctx, warnMinutesSetting)) * 60000);
  const t = helpdeskTickets;
  const due = await ctx.db
    .select()
    .from(t)
    .where(
      and(
        inArray(t.status, [...OPEN_STATUSES]),
        eq(t.slaPaused, false),
        or(lt(t.responseDueAt, soon), lt(t.resolutionDueAt, soon)),
      ),
    )
    .limit(200);
  if (due.length === 0) return 0;
  const warned = await ctx.db
    .select({ ticketId: helpdeskEvents.ticketId, target: sql<string>`${helpdeskEvents.data}->>'target'` })
    .from(helpdeskEvents)
    .where(
      and(
        eq(helpdeskEvents.kind, 'sla_warning'),
        inArray(
          helpdeskEvents.ticketId,
          due.map((d) => d.id),
        ),
      ),
    );
  const done = new Set(warned.map((w) => `${w.ticketId}:${w.target}`));
  const people = await listUserSummaries(ctx);
  const leads = await getSetting(ctx, teamLeadSetting);
  let n = 0;
  for (const ticket of due) {
    for (const target of ['response', 'resolution'] as const) {
      const at = target === 'response' ? ticket.responseDueAt : ticket.resolutionDueAt;
      if (!at || at >= soon || done.has(`${ticket.id}:${target}`)) continue;
      await recordEvent(ctx, ticket.id, 'sla_warning', { target, dueAt: at.toISOString() });
      const assignee = people.find((p) => p.id === ticket.assigneeId && p.isActive);
      const recipients = assignee ? [assignee.email] : leads;
      const when = at <= now ? 'was due' : 'is due';
      for (const to of recipients) {
        await deliver(ctx, {
          kind: 'notification',
          to,
          subject: `SLA: the ${target} to #${ticket.number} ${when} ${at.toISOString().slice(11, 16)} UTC`,
          text: `Ticket #${ticket.number} "${ticket.subject}" (${ticket.priority.toUpperCase()}): the ${target} ${when} at ${at.toISOString()}.\n${ctx.config.baseUrl}/helpdesk/tickets/${ticket.id}`,
          automatic: true,
        });
      }
      n++;
    }
  }
  return n;
}
