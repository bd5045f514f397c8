import {
  addWorkingMinutes,
  type DayKind,
  NoWorkingTime,
  type SchoolCalendar,
  type WorkingPolicy,
  workingMinutesBetween,
} from '../../../lib/working-time.ts';
import type { SlaTargets, TimelineEvent } from './ticket-model.ts';

/**
 * The SLA clock, computed from a ticket's event history alone (never from cached columns), so a
 * change to the calendar or to a policy changes due dates and past metrics alike the next time
 * anyone looks (research §3, AT-22). Pure: callers pass the calendar, targets and "as of".
 *
 * The clock runs in working time of the school calendar (lib/working-time: hours, terms,
 * half-terms, bank holidays, clock changes) while a ticket is new, open or waiting on a third
 * party; it pauses while waiting on the requester and stops while resolved or closed.
 */

export type TargetFacts = {
  target: number;
  /** The instant the clock reaches the target (projected forward while the clock runs); null if not reached and paused/stopped. */
  dueAt: Date | null;
};

export type TicketFacts = {
  createdAt: Date;
  asOf: Date;
  /** Status from each instant on, starting with the status at creation. */
  states: { at: Date; status: string }[];
  /** Intervals in which the clock ran, with the working minutes before each. */
  running: { start: Date; end: Date; minutes: number; before: number }[];
  /** Whether the last running interval is still running at `asOf`. */
  runningAtEnd: boolean;
  firstResponseAt: Date | null;
  /** Public human agent replies, in order. */
  agentReplies: Date[];
  /** Each move from an open status into resolved or closed. */
  resolutions: Date[];
  /** Each move from resolved or closed back to an open status. */
  reopens: Date[];
  response: TargetFacts;
  resolution: TargetFacts;
  /** The clock runs but the calendar has no working time ahead (no future term dates): no due date yet. */
  dueUnknown: boolean;
  /** Working minutes between two instants on this ticket's calendar and policy. */
  minutesBetween: (from: Date, to: Date) => number;
};

export type SlaState = 'met' | 'breached' | 'pending';

const RUNNING = new Set(['new', 'open', 'waiting_third_party']);
const DONE = new Set(['resolved', 'closed', 'merged']);

export function workingPolicyOf(targets: SlaTargets): WorkingPolicy {
  return { countedDays: new Set(targets.countedDays as DayKind[]) };
}

/** Builds the facts of one ticket from its events up to `asOf`. */
export function computeTicketFacts(input: {
  createdAt: Date;
  events: readonly TimelineEvent[];
  targets: SlaTargets;
  calendar: SchoolCalendar;
  asOf: Date;
  /** Also pause while waiting on a third party (off by default). */
  pauseOnThirdParty?: boolean;
}): TicketFacts {
  const { createdAt, targets, calendar, asOf } = input;
  const policy = workingPolicyOf(targets);
  const events = input.events.filter((e) => e.at <= asOf).sort((a, b) => a.at.getTime() - b.at.getTime());
  const created = events.find((e) => e.kind === 'created');
  const states: { at: Date; status: string }[] = [{ at: createdAt, status: String(created?.data.status ?? 'new') }];
  const agentReplies: Date[] = [];
  const resolutions: Date[] = [];
  const reopens: Date[] = [];
  for (const e of events) {
    if (e.kind === 'agent_reply' && e.data.public !== false) agentReplies.push(e.at);
    if (e.kind !== 'status') continue;
    const to = String(e.data.to);
    const from = states[states.length - 1]?.status ?? 'new';
    if (to === from) continue;
    if (!DONE.has(from) && (to === 'resolved' || to === 'closed')) resolutions.push(e.at);
    if ((from === 'resolved' || from === 'closed') && !DONE.has(to)) reopens.push(e.at);
    states.push({ at: e.at < createdAt ? createdAt : e.at, status: to });
  }
  const runs = (s: string) => RUNNING.has(s) && !(input.pauseOnThirdParty && s === 'waiting_third_party');
  const running: TicketFacts['running'] = [];
  let before = 0;
  states.forEach((s, i) => {
    if (!runs(s.status)) return;
    const next = states[i + 1];
    const end = next ? next.at : asOf;
    if (end <= s.at) return;
    const minutes = workingMinutesBetween(calendar, policy, s.at, end);
    running.push({ start: s.at, end, minutes, before });
    before += minutes;
  });
  const last = states[states.length - 1];
  const runningAtEnd = !!last && runs(last.status);
  const firstResponseAt = agentReplies[0] ?? null;
  const facts: TicketFacts = {
    createdAt,
    asOf,
    states,
    running,
    runningAtEnd,
    firstResponseAt,
    agentReplies,
    resolutions,
    reopens,
    response: { target: targets.responseMinutes, dueAt: null },
    resolution: { target: targets.resolutionMinutes, dueAt: null },
    dueUnknown: false,
    minutesBetween: (from, to) => workingMinutesBetween(calendar, policy, from, to),
  };
  facts.response.dueAt = dueInstant(facts, targets.responseMinutes, calendar, policy);
  facts.resolution.dueAt = dueInstant(facts, targets.resolutionMinutes, calendar, policy);
  return facts;
}

/**
 * When the running clock reaches `target` minutes: inside a past running interval, or projected
 * from the current one. Null when not reached and paused or stopped, or when the calendar has no
 * working time ahead (then `facts.dueUnknown`).
 */
function dueInstant(facts: TicketFacts, target: number, calendar: SchoolCalendar, policy: WorkingPolicy): Date | null {
  const add = (from: Date, minutes: number): Date | null => {
    try {
      return addWorkingMinutes(calendar, policy, from, minutes);
    } catch (err) {
      if (!(err instanceof NoWorkingTime)) throw err;
      facts.dueUnknown = true;
      return null;
    }
  };
  const n = facts.running.length;
  for (let i = 0; i < n; i++) {
    const r = facts.running[i] as TicketFacts['running'][number];
    const isLast = i === n - 1;
    if (r.before + r.minutes >= target || (isLast && facts.runningAtEnd)) {
      return add(r.start, target - r.before);
    }
  }
  if (n === 0 && facts.runningAtEnd) return add(facts.createdAt, target);
  return null;
}

/** Working minutes the clock ran before instant `t`. */
export function clockAt(facts: TicketFacts, t: Date): number {
  let total = 0;
  for (const r of facts.running) {
    if (t <= r.start) break;
    if (t >= r.end) total = r.before + r.minutes;
    else return r.before + facts.minutesBetween(r.start, t);
  }
  return total;
}

export function statusAt(facts: TicketFacts, t: Date): string | undefined {
  let s: string | undefined;
  for (const st of facts.states) {
    if (st.at <= t) s = st.status;
    else break;
  }
  return s;
}

/** The last move into resolved/closed at or before t, if the ticket is resolved or closed at t. */
export function resolvedAt(facts: TicketFacts, t: Date): Date | null {
  const s = statusAt(facts, t);
  if (s !== 'resolved' && s !== 'closed') return null;
  let last: Date | null = null;
  for (const r of facts.resolutions) if (r <= t) last = r;
  return last;
}

export function responseSettledAt(facts: TicketFacts): Date | null {
  const candidates = [facts.firstResponseAt, facts.resolutions[0] ?? null].filter((d): d is Date => !!d);
  return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}

/** Response target at instant t: met when the first public reply (or a resolution) came in time. */
export function responseStateAt(facts: TicketFacts, t: Date): SlaState {
  const settled = responseSettledAt(facts);
  if (settled && settled <= t) return clockAt(facts, settled) > facts.response.target ? 'breached' : 'met';
  return clockAt(facts, t) > facts.response.target ? 'breached' : 'pending';
}

/**
 * Resolution target at instant t: breached once the clock has run past the target (a ticket open
 * past its due time has breached, resolved or not); exactly on target is still in time.
 */
export function resolutionStateAt(facts: TicketFacts, t: Date): SlaState {
  const done = resolvedAt(facts, t);
  if (done) return clockAt(facts, done) > facts.resolution.target ? 'breached' : 'met';
  return clockAt(facts, t) > facts.resolution.target ? 'breached' : 'pending';
}

/** The SLA summary shown on a ticket and cached on its row for the queues. */
export function slaSummary(facts: TicketFacts) {
  const t = facts.asOf;
  const last = facts.states[facts.states.length - 1]?.status ?? 'new';
  const settled = responseSettledAt(facts);
  return {
    firstResponseAt: facts.firstResponseAt,
    responseDueAt: settled ? null : facts.response.dueAt,
    resolutionDueAt: DONE.has(last) ? null : facts.resolution.dueAt,
    responseState: responseStateAt(facts, t),
    resolutionState: resolutionStateAt(facts, t),
    responseMinutes: clockAt(facts, settled ?? t),
    resolutionMinutes: clockAt(facts, t),
    paused: last === 'waiting_requester',
    /** Open, but no due date can be computed yet: the calendar has no term dates ahead. */
    dueUnknown: facts.dueUnknown && !DONE.has(last),
    reopenCount: facts.reopens.length,
    agentReplies: facts.agentReplies.length,
  };
}
