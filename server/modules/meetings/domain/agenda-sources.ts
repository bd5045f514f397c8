import type { Ctx } from '../../../lib/context.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import {
  formatPence,
  listOpenMilestones,
  listProjectChangesSince,
  listRisksForAgenda,
  loadStrategyTree,
  summarisePortfolio,
} from '../../projects/index.ts';
import { countAlertsBySeverity, listOpenIncidents } from '../../security/index.ts';
import type { MeetingRow, SeriesRow } from '../db/meeting-queries.ts';
import { listOpenActionsBefore } from './actions.ts';
import { type SectionId, type SeriesKind, shortDay } from './sections.ts';

/**
 * Where an agenda's items come from. Each source reads what changed since the series' last
 * meeting and proposes items; the agenda builder merges them with what the Director wrote.
 * Security incidents and high alerts come from the security module's read functions.
 */

export type AgendaWindow = {
  series: SeriesRow;
  meeting: MeetingRow;
  /** When the series last met (or one cadence before this meeting, for the first). */
  since: Date;
  /** The meeting's date, and the date of the one after it: what is "coming up". */
  meetingOn: string;
  nextOn: string;
};

export type AgendaDraft = {
  section: SectionId;
  /** What produced it ('project:<id>'), so a refresh updates it rather than adding it twice. */
  key: string;
  title: string;
  detail: string;
  url?: string;
};

export type AgendaSource = {
  id: string;
  kinds: readonly SeriesKind[];
  load: (ctx: Ctx, w: AgendaWindow) => Promise<AgendaDraft[]>;
};

const openActions: AgendaSource = {
  id: 'open-actions',
  kinds: ['finance', 'itmg', 'other'],
  load: async (ctx, w) =>
    (await listOpenActionsBefore(ctx, w.series.id, w.meeting.startsAt)).map((a) => ({
      section: 'actions',
      key: `action:${a.id}`,
      title: a.text,
      detail: [
        a.owner.name,
        a.dueOn ? `due ${shortDay(a.dueOn)}${a.dueOn < w.meetingOn ? ' (overdue)' : ''}` : 'no due date',
        `from ${shortDay(a.meetingOn)}`,
      ].join(' · '),
      url: `/meetings/${a.meetingId}`,
    })),
};

const strategy: AgendaSource = {
  id: 'strategy-progress',
  kinds: ['itmg'],
  load: async (ctx) =>
    (await loadStrategyTree(ctx))
      .filter((o) => o.status !== 'retired')
      .map((o) => ({
        section: 'strategy',
        key: `objective:${o.id}`,
        title: `${o.code} ${o.title}: ${o.progress ?? 0}% done`,
        detail: [
          `${o.counts.projects} project${o.counts.projects === 1 ? '' : 's'}, ${o.counts.completed} completed`,
          o.counts.red ? `${o.counts.red} red` : '',
          o.counts.amber ? `${o.counts.amber} amber` : '',
          o.status === 'draft' ? 'not yet published to staff' : '',
        ]
          .filter(Boolean)
          .join(' · '),
        url: '/strategy',
      })),
};

const projectChanges: AgendaSource = {
  id: 'project-changes',
  kinds: ['finance', 'itmg'],
  load: async (ctx, w) =>
    (await listProjectChangesSince(ctx, w.since)).map((c) => ({
      section: 'projects',
      key: `project:${c.projectId}`,
      title: c.isNew
        ? `${c.name}: new project`
        : c.ragMoved
          ? `${c.name}: RAG ${c.ragBefore} → ${c.rag}`
          : c.budgetMoved
            ? `${c.name}: budget moved`
            : `${c.name}: now ${c.status.replace('_', ' ')}`,
      detail: c.lines.join('; '),
      url: `/projects/${c.projectId}`,
    })),
};

const budget: AgendaSource = {
  id: 'portfolio-budget',
  kinds: ['finance'],
  load: async (ctx) => {
    const s = await summarisePortfolio(ctx);
    const t = s.totals;
    return [
      {
        section: 'budget',
        key: 'budget:portfolio',
        title: `Project budgets: ${formatPence(t.totalSpent)} spent and ${formatPence(t.totalCommitted)} committed of ${formatPence(t.totalBudget)}`,
        detail: [
          `across the ${s.live} live project${s.live === 1 ? '' : 's'} (completed and cancelled left out, as on the Projects page)`,
          `capital ${formatPence(t.capitalBudget)}: ${formatPence(t.capitalCommitted)} committed, ${formatPence(t.capitalSpent)} spent, ${formatPence(t.capitalAvailable)} left`,
          `revenue ${formatPence(t.revenueBudget)}: ${formatPence(t.revenueCommitted)} committed, ${formatPence(t.revenueSpent)} spent, ${formatPence(t.revenueAvailable)} left`,
          s.red.length ? `red: ${s.red.join(', ')}` : '',
          s.amber.length ? `amber: ${s.amber.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
        url: '/projects',
      },
    ];
  },
};

const milestones: AgendaSource = {
  id: 'milestones',
  kinds: ['finance', 'itmg'],
  load: async (ctx, w) =>
    // Due by the next meeting, and not done: those that fell due since the last meeting too
    // (older overdue ones are the project's RAG to explain, not a standing agenda item).
    (await listOpenMilestones(ctx, { from: localDate(w.since, ctx.config.timeZone), to: w.nextOn })).map((m) => ({
      section: 'milestones',
      key: `milestone:${m.id}`,
      title: `${m.projectName}: ${m.title}`,
      detail: m.dueOn < w.meetingOn ? `Overdue: was due ${shortDay(m.dueOn)}` : `Due ${shortDay(m.dueOn)}`,
      url: `/projects/${m.projectId}`,
    })),
};

const risks: AgendaSource = {
  id: 'risks',
  kinds: ['finance', 'itmg'],
  load: async (ctx, w) =>
    (await listRisksForAgenda(ctx, { since: w.since, reviewBy: w.meetingOn })).map((r) => ({
      section: 'risks',
      key: `risk:${r.id}`,
      title: `${r.code} ${r.title}: ${r.score} (${r.rating})`,
      detail: [
        r.rising ? `rising: ${r.scoreThen} at the last meeting, ${r.score} now` : '',
        r.dueForReview || r.reviewOn <= w.meetingOn ? `review due ${shortDay(r.reviewOn)}` : '',
        `owner ${r.owner.name}`,
        `${r.mitigations.filter((m) => m.inPlace).length} of ${r.mitigations.length} mitigations in place`,
      ]
        .filter(Boolean)
        .join(' · '),
      url: '/projects?tab=risks',
    })),
};

/** The standing items each pack ends with (research §4.4). */
const STANDING: Record<SeriesKind, { key: string; title: string; detail: string }[]> = {
  finance: [
    {
      key: 'renewals',
      title: 'Renewals and contracts in the next 12 months',
      detail: 'Licences, support contracts and warranties falling due.',
    },
    {
      key: 'cyber-insurance',
      title: 'Cyber risk and insurance conditions',
      detail: 'MFA, backups, patching within 14 days, training.',
    },
    { key: 'decisions', title: 'Decisions needed', detail: '' },
  ],
  itmg: [
    {
      key: 'standards',
      title: 'DfE digital and technology standards',
      detail: 'Progress towards the six core standards; reviews due this term.',
    },
    {
      key: 'policies',
      title: 'Policy review calendar',
      detail: 'Acceptable use, filtering and monitoring (annual review), DR/BC, cyber response plan.',
    },
    { key: 'horizon', title: 'Horizon scanning', detail: 'e.g. generative AI in teaching and its filtering and monitoring.' },
    { key: 'decisions', title: 'Decisions needed', detail: '' },
  ],
  other: [{ key: 'aob', title: 'Any other business', detail: '' }],
};

const standing: AgendaSource = {
  id: 'standing-items',
  kinds: ['finance', 'itmg', 'other'],
  load: async (_ctx, w) =>
    STANDING[w.series.kind as SeriesKind].map((s) => ({
      section: 'standing',
      key: `standing:${s.key}`,
      title: s.title,
      detail: s.detail,
    })),
};

const SEVERE = new Set(['high', 'critical']);

/** Open incidents (with the ICO clock where personal data is involved) and the high alerts since. */
const security: AgendaSource = {
  id: 'security',
  kinds: ['finance', 'itmg'],
  load: async (ctx, w) => {
    const drafts: AgendaDraft[] = (await listOpenIncidents(ctx)).map((i) => ({
      section: 'security',
      key: `incident:${i.id}`,
      title: `Incident ${i.ref}: ${i.category.replace(/_/g, ' ')} (${i.severity})`,
      detail: [
        `status ${i.status}`,
        i.ico.required
          ? i.ico.overdue
            ? 'ICO decision overdue'
            : i.ico.hoursLeft !== null
              ? `ICO decision due in ${i.ico.hoursLeft} h`
              : 'ICO decided'
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
      url: '/incidents',
    }));
    const counts = await countAlertsBySeverity(ctx, { from: w.since, to: w.meeting.startsAt });
    const severe = Object.entries(counts).filter(([s, n]) => SEVERE.has(s) && n > 0);
    if (severe.length) {
      drafts.push({
        section: 'security',
        key: 'alerts:since-last',
        title: `Account security alerts since the last meeting: ${severe.map(([s, n]) => `${n} ${s}`).join(', ')}`,
        detail: `${Object.values(counts).reduce((a, b) => a + b, 0)} alerts in all since ${shortDay(localDate(w.since, ctx.config.timeZone))}`,
        url: '/security',
      });
    }
    return drafts;
  },
};

export const AGENDA_SOURCES: readonly AgendaSource[] = [
  openActions,
  strategy,
  projectChanges,
  budget,
  milestones,
  risks,
  security,
  standing,
];

/** Every item the sources propose for this meeting, in section order. */
export async function draftAgenda(ctx: Ctx, w: AgendaWindow): Promise<AgendaDraft[]> {
  const kind = w.series.kind as SeriesKind;
  const drafts: AgendaDraft[] = [];
  for (const source of AGENDA_SOURCES) if (source.kinds.includes(kind)) drafts.push(...(await source.load(ctx, w)));
  return drafts;
}

export function agendaWindow(
  series: SeriesRow,
  meeting: MeetingRow,
  previous: MeetingRow | undefined,
  meetingOn: string,
): AgendaWindow {
  const cadenceDays = series.cadenceWeeks * 7;
  return {
    series,
    meeting,
    since: previous ? previous.startsAt : new Date(meeting.startsAt.getTime() - cadenceDays * 86_400_000),
    meetingOn,
    nextOn: addDays(meetingOn, cadenceDays),
  };
}
