import { mean, nearestRank, quantile } from '../../../lib/stats.ts';
import {
  clockAt,
  resolutionStateAt,
  resolvedAt,
  responseStateAt,
  type SlaState,
  statusAt,
  type TicketFacts,
} from './sla-clock.ts';
import { isOpen } from './ticket-model.ts';

/**
 * The metric definitions (research §3, "Proposed for the hub"), one each, evaluated "as of" the
 * end of a period from each ticket's event-derived facts. Pure; metrics-read.ts loads the data.
 * Every figure comes with the ids of the tickets behind it (the drill-down, AT-26).
 */

export type MetricTicket = {
  id: string;
  createdAt: Date;
  category: string;
  schoolId: string | null;
  isAuto: boolean;
  facts: TicketFacts;
  /** School days (counted days of its calendar) from creation to an instant, for the age profile. */
  schoolDaysTo: (t: Date) => number;
};

export type MetricSurvey = {
  ticketId: string;
  ticketNumber: number;
  restricted: boolean;
  sentAt: Date;
  answeredAt: Date | null;
  rating: number | null;
  comment: string | null;
  consent: boolean;
  agentName: string | null;
};

export type Distribution = { n: number; median: number | null; p90: number | null; mean: number | null };

export type SlaCounts = { met: number; breached: number; pending: number; breachRate: number | null };

export type HelpdeskMetrics = {
  from: string;
  to: string;
  asOf: string;
  created: number;
  merged: number;
  resolved: number;
  openAtStart: number;
  openAtEnd: number;
  netFlow: number;
  firstResponse: Distribution;
  awaitingFirstResponse: number;
  resolution: Distribution;
  /** Created to final resolution in wall-clock hours (for honesty beside the working-time figure). */
  resolutionWallHours: Distribution;
  reopened: number;
  reopenRate: number | null;
  oneTouch: number;
  oneTouchRate: number | null;
  responseSla: SlaCounts;
  resolutionSla: SlaCounts;
  satisfaction: {
    sent: number;
    answered: number;
    responseRate: number | null;
    average: number | null;
    positive: number;
    positiveShare: number | null;
    low: number;
  };
  kudos: { ticketNumber: number; rating: number; comment: string; agentName: string | null; at: string }[];
  byCategory: { category: string; created: number }[];
  bySite: { schoolId: string | null; created: number }[];
  backlogAge: { band: string; count: number }[];
  /** Metric key -> ticket ids behind the figure. */
  drill: Record<string, string[]>;
};

const AGE_BANDS: { band: string; max: number }[] = [
  { band: '0-2', max: 2 },
  { band: '3-5', max: 5 },
  { band: '6-10', max: 10 },
  { band: '>10', max: Number.POSITIVE_INFINITY },
];

export function distribution(xs: number[]): Distribution {
  if (xs.length === 0) return { n: 0, median: null, p90: null, mean: null };
  // Median: the middle value (the mean of the middle two for an even count); P90 by nearest rank (AT-29).
  return { n: xs.length, median: quantile(xs, 0.5), p90: nearestRank(xs, 0.9), mean: mean(xs) };
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const within = (d: Date | null, from: Date, to: Date) => !!d && d >= from && d <= to;

/** Evaluates every metric for [from, to) as of `asOf` (the period end, or now if sooner). */
export function evaluateMetrics(input: {
  tickets: readonly MetricTicket[];
  surveys: readonly MetricSurvey[];
  from: Date;
  to: Date;
  asOf: Date;
}): HelpdeskMetrics {
  const { from } = input;
  // "As of" the last instant inside the period: an event at exactly `to` belongs to the next one.
  const T = new Date(Math.min(input.to.getTime() - 1, input.asOf.getTime()));
  const drill: Record<string, string[]> = {};
  const add = (key: string, id: string) => {
    const list = drill[key] ?? [];
    list.push(id);
    drill[key] = list;
  };
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const wall: number[] = [];
  const sla = { response: { met: 0, breached: 0, pending: 0 }, resolution: { met: 0, breached: 0, pending: 0 } };
  const byCategory = new Map<string, number>();
  const bySite = new Map<string | null, number>();
  const ages = new Map<string, number>(AGE_BANDS.map((b) => [b.band, 0]));
  let created = 0;
  let merged = 0;
  let resolved = 0;
  let openAtStart = 0;
  let openAtEnd = 0;
  let awaiting = 0;
  let reopened = 0;
  let oneTouch = 0;

  for (const t of input.tickets) {
    const f = t.facts;
    if (t.createdAt > T) continue;
    const stateAtEnd = statusAt(f, T);
    const createdIn = t.createdAt >= from;
    if (stateAtEnd === 'merged' || t.isAuto) {
      if (createdIn && stateAtEnd === 'merged') {
        merged++;
        add('merged', t.id);
      }
      continue;
    }
    if (t.createdAt < from && isOpen(statusAt(f, new Date(from.getTime() - 1)) ?? '')) {
      openAtStart++;
      add('openAtStart', t.id);
    }
    if (isOpen(stateAtEnd ?? '')) {
      openAtEnd++;
      add('openAtEnd', t.id);
      const days = t.schoolDaysTo(T);
      const band = AGE_BANDS.find((b) => days <= b.max)?.band as string;
      ages.set(band, (ages.get(band) ?? 0) + 1);
      add(`backlogAge:${band}`, t.id);
    }
    if (createdIn) {
      created++;
      add('created', t.id);
      byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
      add(`category:${t.category}`, t.id);
      bySite.set(t.schoolId, (bySite.get(t.schoolId) ?? 0) + 1);
      add(`site:${t.schoolId ?? 'none'}`, t.id);
      if (f.firstResponseAt && f.firstResponseAt <= T) {
        firstResponse.push(clockAt(f, f.firstResponseAt));
        add('firstResponse', t.id);
      } else if (isOpen(stateAtEnd ?? '')) {
        awaiting++;
        add('awaitingFirstResponse', t.id);
      }
      const count = (state: SlaState, target: 'response' | 'resolution') => {
        sla[target][state]++;
        add(`${target}Sla:${state}`, t.id);
      };
      count(responseStateAt(f, T), 'response');
      count(resolutionStateAt(f, T), 'resolution');
    }
    const done = resolvedAt(f, T);
    if (within(done, from, T) && done) {
      resolved++;
      add('resolved', t.id);
      add('resolution', t.id);
      resolution.push(clockAt(f, done));
      wall.push((done.getTime() - t.createdAt.getTime()) / 3600000);
      const reopens = f.reopens.filter((r) => r <= T).length;
      if (reopens > 0) {
        reopened++;
        add('reopened', t.id);
      }
      if (reopens === 0 && f.agentReplies.filter((r) => r <= T).length === 1) {
        oneTouch++;
        add('oneTouch', t.id);
      }
    }
  }

  const surveys = input.surveys.filter((s) => within(s.sentAt, from, T));
  const answered = surveys.filter((s) => s.rating !== null && s.answeredAt && s.answeredAt <= T);
  for (const s of surveys) add('surveysSent', s.ticketId);
  for (const s of answered) add('surveysAnswered', s.ticketId);
  const ratings = answered.map((s) => s.rating as number);
  const positive = ratings.filter((r) => r >= 4).length;
  const low = answered.filter((s) => (s.rating as number) <= 2);
  for (const s of low) add('surveysLow', s.ticketId);
  const kudos = answered
    .filter((s) => (s.rating as number) >= 4 && s.consent && !s.restricted && (s.comment ?? '').trim() !== '')
    .sort((a, b) => (b.answeredAt as Date).getTime() - (a.answeredAt as Date).getTime())
    .map((s) => ({
      ticketNumber: s.ticketNumber,
      rating: s.rating as number,
      comment: (s.comment as string).trim(),
      agentName: s.agentName,
      at: (s.answeredAt as Date).toISOString(),
    }));

  const slaCounts = (c: { met: number; breached: number; pending: number }): SlaCounts => ({
    ...c,
    breachRate: rate(c.breached, c.met + c.breached),
  });
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    asOf: new Date(T.getTime() + 1).toISOString(),
    created,
    merged,
    resolved,
    openAtStart,
    openAtEnd,
    netFlow: created - resolved,
    firstResponse: distribution(firstResponse),
    awaitingFirstResponse: awaiting,
    resolution: distribution(resolution),
    resolutionWallHours: distribution(wall),
    reopened,
    reopenRate: rate(reopened, resolved),
    oneTouch,
    oneTouchRate: rate(oneTouch, resolved),
    responseSla: slaCounts(sla.response),
    resolutionSla: slaCounts(sla.resolution),
    satisfaction: {
      sent: surveys.length,
      answered: answered.length,
      responseRate: rate(answered.length, surveys.length),
      average: ratings.length ? mean(ratings) : null,
      positive,
      positiveShare: rate(positive, ratings.length),
      low: low.length,
    },
    kudos,
    byCategory: [...byCategory]
      .map(([category, n]) => ({ category, created: n }))
      .sort((a, b) => b.created - a.created || a.category.localeCompare(b.category)),
    bySite: [...bySite].map(([schoolId, n]) => ({ schoolId, created: n })).sort((a, b) => b.created - a.created),
    backlogAge: AGE_BANDS.map((b) => ({ band: b.band, count: ages.get(b.band) ?? 0 })),
    drill,
  };
}
