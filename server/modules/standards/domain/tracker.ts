import { type Ctx, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { addDays, zonedToUtc } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { findCatalogue } from '../catalogues/built-in.ts';
import type { Cadence } from '../catalogues/catalogue-schema.ts';
import {
  type AssessmentRow,
  selectAssessments,
  selectEvidence,
  selectFrameworks,
  selectHistory,
  selectRequirement,
  selectRequirements,
  selectStandards,
  selectStatesAt,
} from '../db/standards-queries.ts';
import { READ_ROLES, todayOf } from './access.ts';
import { type ActionView, listActionViews } from './actions.ts';
import { reviewState, type Status, type TermSpan } from './review-rules.ts';
import { type FrameworkInput, type Rollup, rollUp } from './rollup.ts';

/**
 * The tracker as the page, Today and the termly report see it: every current requirement with
 * its state, rolled up; a requirement's detail with evidence, history and actions; and the
 * roll-up as it stood on a past date, rebuilt from the append-only history.
 */

type State = Pick<AssessmentRow, 'status' | 'ownerName' | 'lastReviewedOn'>;

async function loadTerms(ctx: Ctx): Promise<TermSpan[]> {
  return (await loadSchoolCalendar(ctx)).terms.map((t) => ({ startsOn: t.startsOn, endsOn: t.endsOn }));
}

// One query after another throughout: callers (the demo) run inside a transaction, a single connection.
async function frameworkInputs(ctx: Ctx, stateOf: (id: string) => State | undefined): Promise<FrameworkInput[]> {
  const frameworks = await selectFrameworks(ctx.db);
  const standards = await selectStandards(ctx.db);
  const requirements = await selectRequirements(ctx.db);
  return frameworks.map((f) => ({
    key: f.key,
    title: f.title,
    version: f.version,
    label: f.label,
    benchmark: f.benchmark,
    inReport: f.inReport,
    standards: standards
      .filter((s) => s.frameworkKey === f.key && !s.retiredIn)
      .map((s) => ({
        id: s.id,
        title: s.title,
        core: s.core,
        requirements: requirements
          .filter((r) => r.standardId === s.id && !r.retiredIn)
          .map((r) => {
            const a = stateOf(r.id);
            return {
              id: r.id,
              text: r.text,
              level: r.level as 'must' | 'should',
              cadence: r.cadence as Cadence,
              statutory: r.statutory,
              autoFail: r.autoFail,
              status: (a?.status ?? 'not_assessed') as Status,
              ownerName: a?.ownerName ?? null,
              lastReviewedOn: a?.lastReviewedOn ?? null,
            };
          }),
      })),
  }));
}

export async function getTracker(ctx: Ctx) {
  requireRole(ctx, ...READ_ROLES);
  const assessments = await selectAssessments(ctx.db);
  const evidence = await selectEvidence(ctx.db);
  const actions = await listActionViews(ctx);
  const terms = await loadTerms(ctx);
  const frameworks = await selectFrameworks(ctx.db);
  const requirements = await selectRequirements(ctx.db);
  const byId = new Map(assessments.map((a) => [a.requirementId, a]));
  const today = todayOf(ctx);
  const rollup = rollUp(await frameworkInputs(ctx, (id) => byId.get(id)), today, terms);
  const evidenceCount = new Map<string, number>();
  for (const e of evidence) evidenceCount.set(e.requirementId, (evidenceCount.get(e.requirementId) ?? 0) + 1);
  const term = currentTerm(terms, today);
  return {
    today,
    rollup,
    frameworks: frameworks.map((f) => {
      const latest = f.builtIn ? findCatalogue(f.key) : undefined;
      return {
        key: f.key,
        builtIn: f.builtIn,
        summary: f.summary,
        sourceUrl: f.sourceUrl,
        certificateExpiresOn: f.certificateExpiresOn,
        nextAssessmentOn: f.nextAssessmentOn,
        newerVersion: latest && latest.version !== f.version ? latest.version : null,
      };
    }),
    evidenceCount: Object.fromEntries(evidenceCount),
    openActions: actions.filter((a) => a.status === 'open'),
    actionsDueThisTerm: actionsDue(actions, term, today),
    pendingReview: requirements
      .filter((r) => r.reviewState === 'pending')
      .map((r) => ({ id: r.id, text: r.text, retiredIn: r.retiredIn, evidence: evidenceCount.get(r.id) ?? 0 })),
  };
}

function currentTerm(terms: TermSpan[], today: string): TermSpan | undefined {
  return terms.find((t) => today >= t.startsOn && today <= t.endsOn) ?? terms.find((t) => t.startsOn > today);
}

/** Open actions due by the end of the term (overdue ones included). */
function actionsDue(actions: ActionView[], term: TermSpan | undefined, today: string): ActionView[] {
  const end = term?.endsOn ?? addDays(today, 90);
  return actions.filter((a) => a.status === 'open' && a.dueOn && a.dueOn <= end);
}

export async function getRequirementDetail(ctx: Ctx, id: string) {
  requireRole(ctx, ...READ_ROLES);
  const r = await selectRequirement(ctx.db, id);
  if (!r) throw new NotFound('There is no such requirement');
  const standards = await selectStandards(ctx.db);
  const assessments = await selectAssessments(ctx.db);
  const evidence = await selectEvidence(ctx.db, [id]);
  const history = await selectHistory(ctx.db, id);
  const actions = await listActionViews(ctx, id);
  const terms = await loadTerms(ctx);
  const standard = standards.find((s) => s.id === r.standardId);
  const a = assessments.find((x) => x.requirementId === id);
  const status = (a?.status ?? 'not_assessed') as Status;
  return {
    requirement: {
      ...r,
      standardTitle: standard?.title ?? '',
      frameworkKey: standard?.frameworkKey ?? '',
      core: standard?.core ?? false,
    },
    assessment: {
      status,
      ownerId: a?.ownerId ?? null,
      ownerName: a?.ownerName ?? null,
      lastReviewedOn: a?.lastReviewedOn ?? null,
      notes: a?.notes ?? null,
    },
    review:
      status === 'n_a'
        ? null
        : reviewState({
            cadence: r.cadence as Cadence,
            statutory: r.statutory,
            lastReviewedOn: a?.lastReviewedOn ?? null,
            today: todayOf(ctx),
            terms,
          }),
    evidence: evidence.map((e) => ({ ...e, addedAt: e.addedAt.toISOString() })),
    history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    actions,
  };
}

export type StandardsRollup = Rollup & {
  /** Open actions due in the window (the report's term). */
  actionsDue: ActionView[];
};

/**
 * For the termly report (no role check: the caller checks): the roll-up on `on` (the end of
 * that day) from the history, the catalogues the Director put in the report only.
 */
export async function readStandardsRollup(
  ctx: Ctx,
  input: { on: string; window?: { from: string; to: string } },
): Promise<StandardsRollup> {
  const end = zonedToUtc(addDays(input.on, 1), '00:00', ctx.config.timeZone);
  const states = await selectStatesAt(ctx.db, end);
  const terms = await loadTerms(ctx);
  const actions = await listActionViews(ctx);
  const byId = new Map(states.map((s) => [s.requirementId, s]));
  const frameworks = (await frameworkInputs(ctx, (id) => byId.get(id))).filter((f) => f.inReport);
  const rollup = rollUp(frameworks, input.on, terms);
  const w = input.window;
  return {
    ...rollup,
    actionsDue: actions.filter((a) => a.status === 'open' && a.dueOn && (!w || (a.dueOn >= w.from && a.dueOn <= w.to))),
  };
}

/** Today: the core six, reviews overdue, actions due this term. */
export async function loadStandardsCard(ctx: Ctx) {
  const t = await getTracker(ctx);
  return {
    core: t.rollup.core,
    overdue: {
      red: t.rollup.overdue.filter((o) => o.rag === 'red').length,
      amber: t.rollup.overdue.filter((o) => o.rag === 'amber').length,
    },
    actionsDue: t.actionsDueThisTerm.length,
    frameworks: t.rollup.frameworks.map((f) => ({
      key: f.key,
      title: f.title,
      met: f.met,
      applicable: f.applicable,
      label: f.label,
    })),
    pendingReview: t.pendingReview.length,
  };
}
