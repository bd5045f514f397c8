import type { Ctx } from '../../../lib/context.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { getSetting, schoolNameSetting } from '../../settings/index.ts';
import { readSurveyHighlights } from '../../surveys/index.ts';
import { selectManualValues } from '../db/report-queries.ts';
import { activeKpis, isAvailable, KPI_CATALOGUE } from './kpi-catalogue.ts';
import type { KpiDefinition, SectionKey, Thresholds, Unit } from './kpi-types.ts';
import { formatChange, formatValue, movedBeyond, type Rag, ragOf, thresholdWords } from './rag.ts';
import { thresholdsSetting } from './report-settings.ts';
import { loadTermSources, type ManualValue, type ReportTerm, type TermSources } from './term-sources.ts';

/**
 * The figures of a termly report: every installed KPI for the term and the five before it, with
 * its RAG from the declared thresholds, the change and whether it moved by more than its limit,
 * and the tables behind the narrative (tickets by school and requester, projects, top risks,
 * incidents, standards, Wi-Fi, survey highlights). Built only from other modules' read functions.
 */

export type TermRef = ReportTerm & { asOf: string; running: boolean };
export type SeriesPoint = { term: string; startsOn: string; value: number | null; n: number | null; note: string | null };

export type KpiFigure = {
  id: string;
  label: string;
  section: SectionKey;
  unit: Unit;
  direction: KpiDefinition['direction'];
  definition: string;
  source: string;
  manual: boolean;
  evidence: ManualValue | null;
  thresholds: Thresholds | null;
  thresholdWords: string;
  series: SeriesPoint[];
  value: number | null;
  display: string;
  previous: number | null;
  change: number | null;
  changeDisplay: string;
  rag: Rag | null;
  moved: boolean;
  /** One sentence for the narrative when the KPI is red or amber or moved beyond its limit. */
  exception: string | null;
};

type SurveyHighlights = Awaited<ReturnType<typeof readSurveyHighlights>>;

export type ReportFigures = {
  schoolName: string;
  term: TermRef;
  terms: TermRef[];
  computedAt: string;
  kpis: KpiFigure[];
  waiting: { id: string; label: string; source: string }[];
  tables: {
    ticketsBySchool: { name: string; created: number; resolved: number }[];
    ticketsByRequester: { label: string; created: number; resolved: number }[];
    projects: TermSources['portfolio']['live'];
    budget: TermSources['portfolio']['totals'];
    risks: TermSources['risks'];
    incidents: TermSources['incidents'];
    standards: {
      core: { met: number; total: number };
      frameworks: {
        key: string;
        title: string;
        version: string;
        label: string | null;
        met: number;
        applicable: number;
        standards: {
          id: string;
          title: string;
          core: boolean;
          rag: Rag | null;
          metCount: number;
          applicable: number;
          overdue: number;
        }[];
      }[];
      overdue: TermSources['standards']['overdue'];
      actionsDue: { text: string; dueOn: string | null; ownerName: string }[];
    };
    wifi: Pick<
      TermSources['wifi'],
      'buildings' | 'poorDays' | 'attempts' | 'successRate' | 'ci' | 'stages' | 'schoolDays' | 'daysWithData'
    >;
    survey: Pick<SurveyHighlights, 'changes' | 'trends' | 'responseRates'>;
    /** Absent from reports published before the phishing module was read. */
    phishing?: {
      campaigns: number;
      delivered: number;
      /** The lure techniques and themes clicked most, with their counts (groups under the threshold withheld). */
      mostClicked: { label: string; dimension: 'technique' | 'theme'; k: number; n: number }[];
    };
  };
  footnotes: string[];
};

const SOURCE_WORDS: Record<string, string> = {
  helpdesk: 'Help desk',
  security: 'Security and incident register',
  wifi: 'Wi-Fi controller data',
  projects: 'Projects and risk register',
  standards: 'Standards tracker',
  phishing: 'Phishing simulations',
};

/** The report's term and up to five before it, oldest first, from the school calendar's shared terms. */
export async function reportTerms(ctx: Ctx, startsOn: string): Promise<ReportTerm[]> {
  const terms = [...(await loadSchoolCalendar(ctx)).terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const i = terms.findIndex((t) => t.startsOn === startsOn);
  if (i < 0) return [];
  return terms.slice(Math.max(0, i - 5), i + 1).map((t) => ({
    name: t.name,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    label: `${t.name} ${t.startsOn.slice(0, 4)}`,
  }));
}

function sentence(k: KpiDefinition, f: Omit<KpiFigure, 'exception'>, previousTerm: string | null): string | null {
  if (f.rag !== 'red' && f.rag !== 'amber' && !f.moved) return null;
  const parts = [`${f.label} ${f.value === null ? 'had no figure' : `was ${f.display}`}`];
  if (f.rag === 'red' || f.rag === 'amber')
    parts.push(`(${f.rag.toUpperCase()}: ${thresholdWords(k.direction, f.thresholds, k.unit)})`);
  if (f.moved && f.previous !== null && previousTerm)
    parts.push(
      `${(f.change ?? 0) > 0 ? 'up' : 'down'} from ${formatValue(f.previous, k.unit)} in ${previousTerm} (${f.changeDisplay})`,
    );
  return `${parts.join(' ')}.`;
}

export async function buildFigures(
  ctx: Ctx,
  startsOn: string,
  progress: (done: number, total: number, message: string) => void = () => {},
): Promise<ReportFigures> {
  const terms = await reportTerms(ctx, startsOn);
  const term = terms.at(-1);
  if (!term) throw new Error(`no term starts on ${startsOn}`);
  const overrides = await getSetting(ctx, thresholdsSetting);
  const sources: TermSources[] = [];
  for (const [i, t] of terms.entries()) {
    progress(i, terms.length + 1, `${t.label}: reading the help desk, security, Wi-Fi, projects and standards`);
    const manual = Object.fromEntries(
      (await selectManualValues(ctx.db, t.startsOn)).map((m) => [
        m.kpiId,
        {
          value: m.value,
          evidence: m.evidence,
          evidenceUrl: m.evidenceUrl,
          enteredBy: m.enteredBy,
          enteredAt: m.enteredAt.toISOString(),
        },
      ]),
    );
    sources.push(await loadTermSources(ctx, t, terms[i - 1]?.endsOn ?? null, manual));
  }
  progress(terms.length, terms.length + 1, 'survey highlights and the KPI pack');
  const survey = await readSurveyHighlights(ctx);
  const current = sources.at(-1) as TermSources;
  const previousLabel = terms.at(-2)?.label ?? null;
  const kpis: KpiFigure[] = activeKpis().map((k) => {
    const series = sources.map((s) => {
      const v = k.compute(s);
      return { term: s.term.label, startsOn: s.term.startsOn, value: v.value, n: v.n ?? null, note: v.note ?? null };
    });
    const last = series.at(-1) as SeriesPoint;
    const before = series.at(-2) ?? null;
    const thresholds = overrides[k.id] ?? k.thresholds;
    const change = last.value !== null && before?.value != null ? last.value - before.value : null;
    const base = {
      id: k.id,
      label: k.label,
      section: k.section,
      unit: k.unit,
      direction: k.direction,
      definition: k.definition,
      source:
        k.source.kind === 'manual'
          ? 'Entered by hand each term, with its evidence'
          : `${SOURCE_WORDS[k.source.module] ?? k.source.module} (${k.source.read})`,
      manual: k.source.kind === 'manual',
      evidence: k.source.kind === 'manual' ? (current.manual[k.id] ?? null) : null,
      thresholds,
      thresholdWords: thresholdWords(k.direction, thresholds, k.unit),
      series,
      value: last.value,
      display: formatValue(last.value, k.unit),
      previous: before?.value ?? null,
      change,
      changeDisplay: formatChange(change, k.unit),
      rag: ragOf(last.value, k.direction, thresholds),
      moved: movedBeyond(before?.value ?? null, last.value, k.move),
    };
    return { ...base, exception: sentence(k, base, previousLabel) };
  });
  const created = current.tickets.created;
  const resolved = current.tickets.resolved;
  const schoolNames = [...new Set([...created.bySchool, ...resolved.bySchool].map((s) => s.name))].sort();
  const kinds = [...new Set([...created.byRequester, ...resolved.byRequester].map((s) => s.label))];
  const now = ctx.clock.now();
  return {
    schoolName: await getSetting(ctx, schoolNameSetting),
    term: { ...term, asOf: current.asOf, running: new Date(current.asOf) >= now },
    terms: sources.map((s) => ({ ...s.term, asOf: s.asOf, running: new Date(s.asOf) >= now })),
    computedAt: now.toISOString(),
    kpis,
    waiting: KPI_CATALOGUE.filter((k) => !isAvailable(k)).map((k) => ({
      id: k.id,
      label: k.label,
      source: k.source.kind === 'read' ? `${k.source.module}.${k.source.read}` : 'manual',
    })),
    tables: {
      ticketsBySchool: schoolNames.map((name) => ({
        name,
        created: created.bySchool.find((s) => s.name === name)?.count ?? 0,
        resolved: resolved.bySchool.find((s) => s.name === name)?.count ?? 0,
      })),
      ticketsByRequester: kinds.map((label) => ({
        label,
        created: created.byRequester.find((s) => s.label === label)?.count ?? 0,
        resolved: resolved.byRequester.find((s) => s.label === label)?.count ?? 0,
      })),
      projects: current.portfolio.live,
      budget: current.portfolio.totals,
      risks: current.risks.slice(0, 5),
      incidents: current.incidents,
      phishing: {
        campaigns: current.phishing.totals.campaigns,
        delivered: current.phishing.totals.delivered,
        mostClicked: current.phishing.byTag
          .filter((t) => t.humanClicked.n > 0 && t.humanClicked.k > 0)
          .sort((a, b) => (b.humanClicked.rate ?? 0) - (a.humanClicked.rate ?? 0) || b.humanClicked.n - a.humanClicked.n)
          .slice(0, 3)
          .map((t) => ({ label: t.label, dimension: t.dimension, k: t.humanClicked.k, n: t.humanClicked.n })),
      },
      standards: {
        core: current.standards.core,
        frameworks: current.standards.frameworks.map((f) => ({
          key: f.key,
          title: f.title,
          version: f.version,
          label: f.label,
          met: f.met,
          applicable: f.applicable,
          standards: f.standards.map((s) => ({
            id: s.id,
            title: s.title,
            core: s.core,
            rag: s.rag,
            metCount: s.metCount,
            applicable: s.applicable,
            overdue: s.overdue,
          })),
        })),
        overdue: current.standards.overdue,
        actionsDue: current.standards.actionsDue.map((a) => ({ text: a.text, dueOn: a.dueOn, ownerName: a.ownerName })),
      },
      wifi: {
        buildings: current.wifi.buildings,
        poorDays: current.wifi.poorDays,
        attempts: current.wifi.attempts,
        successRate: current.wifi.successRate,
        ci: current.wifi.ci,
        stages: current.wifi.stages,
        schoolDays: current.wifi.schoolDays,
        daysWithData: current.wifi.daysWithData,
      },
      survey: { changes: survey.changes, trends: survey.trends, responseRates: survey.responseRates },
    },
    footnotes: [
      'Times are in working hours on the school calendar (opening hours on the days the help desk’s SLA counts; the clock pauses while waiting on the requester and over half-term).',
      'Medians are the middle value (the mean of the middle two for an even count); 90th percentiles are by nearest rank, the ceil(0.9 × n)-th value, so 90% really were within it.',
      'RAG colours come from thresholds declared in advance for each KPI (shown beside it), never chosen by hand; a change larger than the KPI’s limit is explained in the narrative.',
      'Figures marked “entered by hand” come from systems outside Belfry, entered each term with the evidence named beside them.',
      'Survey figures are the perception survey’s own, with groups under its reporting threshold withheld; no figure in this report names or describes a pupil.',
    ],
  };
}
