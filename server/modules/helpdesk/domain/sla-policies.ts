import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../../db/connect.ts';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addWorkingMinutes, type DayKind, NoWorkingTime, type SchoolCalendar } from '../../../lib/working-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { selectOpenAlerts } from '../db/mail-queries.ts';
import {
  type PolicyRow,
  replacePolicies,
  selectEvents,
  selectPolicies,
  selectTicketById,
  type TicketRow,
  updateTicketRow,
} from '../db/ticket-queries.ts';
import { raiseAlert } from './outbound-mail.ts';
import { computeTicketFacts, slaSummary, type TicketFacts } from './sla-clock.ts';
import { DEFAULT_SLA, PRIORITIES, type Priority, type SlaTargets } from './ticket-model.ts';

/**
 * SLA policies (targets per priority, optionally per category, and which kinds of day count) and
 * the per-request cache of school calendars the clock runs on. A fingerprint of calendar and
 * policies is stored on each ticket's cached SLA so a calendar change is noticed and recomputed.
 */

export type SlaPolicy = {
  priority: Priority;
  category: string | null;
  responseMinutes: number;
  resolutionMinutes: number;
  countedDays: string[];
};

const DAY_KINDS = ['term', 'inset', 'holiday', 'half_term', 'bank_holiday', 'closure'] as const;

export const SlaPoliciesInput = z
  .array(
    z.object({
      priority: z.enum(PRIORITIES),
      category: z.string().trim().min(1).max(40).nullable().default(null),
      responseMinutes: z.number().int().min(1).max(100000),
      resolutionMinutes: z.number().int().min(1).max(1000000),
      countedDays: z.array(z.enum(DAY_KINDS)).min(1),
    }),
  )
  .refine((ps) => new Set(ps.map((p) => `${p.priority}/${p.category ?? ''}`)).size === ps.length, {
    message: 'Each priority and category may have only one policy',
  });

const present = (r: PolicyRow): SlaPolicy => ({
  priority: r.priority as Priority,
  category: r.category,
  responseMinutes: r.responseMinutes,
  resolutionMinutes: r.resolutionMinutes,
  countedDays: r.countedDays,
});

/** The stored policies, or the defaults (CAL-1's P2 and P3 targets) when none are stored. */
export async function loadPolicies(db: Db): Promise<SlaPolicy[]> {
  const rows = await selectPolicies(db);
  if (rows.length) return rows.map(present);
  return PRIORITIES.map((p) => ({
    priority: p,
    category: null,
    ...DEFAULT_SLA[p],
    countedDays: [...DEFAULT_SLA[p].countedDays],
  }));
}

export async function listSlaPolicies(ctx: Ctx): Promise<SlaPolicy[]> {
  requireRole(ctx, 'admin', 'it', 'slt');
  return loadPolicies(ctx.db);
}

export async function setSlaPolicies(ctx: Ctx, input: z.input<typeof SlaPoliciesInput>): Promise<SlaPolicy[]> {
  requireRole(ctx, 'admin');
  const policies = parseInput(SlaPoliciesInput, input);
  for (const p of PRIORITIES) {
    if (!policies.some((x) => x.priority === p && x.category === null)) {
      throw new Invalid(`Give a policy for ${p.toUpperCase()} (any category)`);
    }
  }
  await replacePolicies(
    ctx.db,
    policies.map((p) => ({ id: newId(), ...p })),
  );
  await recordAudit(ctx, {
    action: 'helpdesk.sla_policies',
    summary: 'Changed the help desk SLA targets',
    targetType: 'helpdesk',
    details: { policies },
  });
  return loadPolicies(ctx.db);
}

export function targetsFor(policies: readonly SlaPolicy[], priority: string, category: string): SlaTargets {
  const exact = policies.find((p) => p.priority === priority && p.category === category);
  const any = policies.find((p) => p.priority === priority && p.category === null);
  const p = exact ?? any;
  return p ?? DEFAULT_SLA[(PRIORITIES as readonly string[]).includes(priority) ? (priority as Priority) : 'p3'];
}

/** Calendars by school (and the shared one), loaded once per use. */
export type SlaEnv = {
  policies: SlaPolicy[];
  calendar: (schoolId: string | null) => Promise<SchoolCalendar>;
  fingerprint: (schoolId: string | null) => Promise<string>;
};

export async function loadSlaEnv(ctx: Ctx): Promise<SlaEnv> {
  const policies = await loadPolicies(ctx.db);
  const calendars = new Map<string, Promise<SchoolCalendar>>();
  const calendar = (schoolId: string | null) => {
    const key = schoolId ?? '';
    let c = calendars.get(key);
    if (!c) {
      c = loadSchoolCalendar(ctx, schoolId ?? undefined);
      calendars.set(key, c);
    }
    return c;
  };
  return {
    policies,
    calendar,
    fingerprint: async (schoolId) => fingerprintOf(await calendar(schoolId), policies),
  };
}

export function fingerprintOf(cal: SchoolCalendar, policies: readonly SlaPolicy[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([cal.timeZone, cal.terms, cal.closures, [...cal.bankHolidays.keys()].sort(), cal.hours, policies]));
  return h.digest('hex').slice(0, 16);
}

/** A ticket's facts as of `asOf`, from its events and its school's calendar. */
export async function factsOf(ctx: Ctx, env: SlaEnv, ticket: TicketRow, asOf: Date): Promise<TicketFacts> {
  const events = await selectEvents(ctx.db, ticket.id);
  return computeTicketFacts({
    createdAt: ticket.createdAt,
    events: events.map((e) => ({ at: e.at, kind: e.kind, data: e.data })),
    targets: targetsFor(env.policies, ticket.priority, ticket.category),
    calendar: await env.calendar(ticket.schoolId),
    asOf,
  });
}

/** Recomputes the SLA columns cached on a ticket row from its events (after every change). */
export async function refreshTicketSla(ctx: Ctx, ticketId: string, env?: SlaEnv): Promise<void> {
  const ticket = await selectTicketById(ctx.db, ticketId);
  if (!ticket) return;
  const e = env ?? (await loadSlaEnv(ctx));
  const facts = await factsOf(ctx, e, ticket, ctx.clock.now());
  const s = slaSummary(facts);
  if (s.dueUnknown) {
    ctx.log.info(
      { ticket: ticket.number, reason: NO_TERM_DATES },
      `ticket #${ticket.number} has no due date yet: the calendar has no term dates ahead for its SLA policy`,
    );
    await warnNoTermDates(ctx);
  }
  await updateTicketRow(ctx.db, ticketId, {
    firstResponseAt: s.firstResponseAt,
    responseDueAt: s.responseDueAt,
    resolutionDueAt: s.resolutionDueAt,
    responseBreached: s.responseState === 'breached',
    resolutionBreached: s.resolutionState === 'breached',
    slaPaused: s.paused,
    reopenCount: s.reopenCount,
    agentReplies: s.agentReplies,
    slaFingerprint: await e.fingerprint(ticket.schoolId),
  });
}

export const NO_TERM_DATES = 'no_term_dates';

/**
 * Tells the Director (the help desk card on Today, and the team lead by mail) once, while it
 * lasts, that tickets have no due date because the calendar has no term dates ahead.
 */
async function warnNoTermDates(ctx: Ctx): Promise<void> {
  if ((await selectOpenAlerts(ctx.db)).some((a) => a.kind === NO_TERM_DATES)) return;
  await raiseAlert(ctx, {
    key: `${NO_TERM_DATES}:${ctx.clock.now().toISOString()}`,
    kind: NO_TERM_DATES,
    message:
      "The calendar has no term dates ahead, so new tickets have no due date yet. Enter next year's term dates (Calendar) and their due dates follow.",
  });
}

/** Whether every policy finds working time ahead on every school's calendar (the term dates are in). */
export async function termDatesAhead(env: SlaEnv, schoolIds: (string | null)[], now: Date): Promise<boolean> {
  for (const schoolId of schoolIds) {
    const cal = await env.calendar(schoolId);
    for (const p of env.policies) {
      try {
        addWorkingMinutes(
          cal,
          { countedDays: new Set(p.countedDays as DayKind[]) },
          now,
          Math.max(p.responseMinutes, p.resolutionMinutes),
        );
      } catch (err) {
        if (err instanceof NoWorkingTime) return false;
        throw err;
      }
    }
  }
  return true;
}
