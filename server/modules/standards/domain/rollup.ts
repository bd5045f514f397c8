import type { Cadence } from '../catalogues/catalogue-schema.ts';
import { type Rag, type ReviewState, requirementRag, reviewState, type Status, type TermSpan } from './review-rules.ts';

/**
 * The roll-ups, pure (research §3.5, AT-31): each requirement's colour, each standard's RAG and
 * whether it is met (every applicable requirement green), each catalogue's count, "n of 6 core
 * standards met", and the overdue reviews. The tracker page, Today and the termly report all
 * read these.
 */

export type RequirementState = {
  id: string;
  text: string;
  level: 'must' | 'should';
  cadence: Cadence;
  statutory: boolean;
  autoFail: string | null;
  status: Status;
  ownerName: string | null;
  lastReviewedOn: string | null;
};

export type StandardInput = { id: string; title: string; core: boolean; requirements: RequirementState[] };
export type FrameworkInput = {
  key: string;
  title: string;
  version: string;
  label: string | null;
  benchmark: boolean;
  inReport: boolean;
  standards: StandardInput[];
};

export type RequirementRollup = RequirementState & { review: ReviewState; rag: Rag | null };
export type StandardRollup = {
  id: string;
  title: string;
  core: boolean;
  /** null: every requirement not applicable. */
  rag: Rag | null;
  met: boolean;
  applicable: number;
  metCount: number;
  notAssessed: number;
  overdue: number;
  requirements: RequirementRollup[];
};
export type FrameworkRollup = Omit<FrameworkInput, 'standards'> & {
  standards: StandardRollup[];
  met: number;
  applicable: number;
  rag: { green: number; amber: number; red: number; none: number };
};
export type Rollup = {
  on: string;
  frameworks: FrameworkRollup[];
  core: { met: number; total: number };
  overdue: { requirementId: string; standard: string; framework: string; text: string; due: string | null; rag: Rag }[];
};

function rollStandard(s: StandardInput, today: string, terms: readonly TermSpan[]): StandardRollup {
  const requirements = s.requirements.map((r) => {
    const review =
      r.status === 'n_a'
        ? { due: null, rag: 'green' as const, overdue: false, reason: null }
        : reviewState({ cadence: r.cadence, statutory: r.statutory, lastReviewedOn: r.lastReviewedOn, today, terms });
    return { ...r, review, rag: requirementRag(r.status, review) };
  });
  const applicable = requirements.filter((r) => r.status !== 'n_a');
  const notAssessed = applicable.filter((r) => r.status === 'not_assessed').length;
  const rags = applicable.map((r) => r.rag);
  const rag: Rag | null =
    applicable.length === 0 ? null : rags.includes('red') ? 'red' : rags.every((x) => x === 'green') ? 'green' : 'amber';
  return {
    id: s.id,
    title: s.title,
    core: s.core,
    rag,
    met: applicable.length > 0 && rag === 'green',
    applicable: applicable.length,
    metCount: applicable.filter((r) => r.rag === 'green').length,
    notAssessed,
    overdue: applicable.filter((r) => r.status !== 'not_assessed' && r.review.overdue).length,
    requirements,
  };
}

export function rollUp(frameworks: readonly FrameworkInput[], today: string, terms: readonly TermSpan[]): Rollup {
  const out: FrameworkRollup[] = frameworks.map((f) => {
    const standards = f.standards.map((s) => rollStandard(s, today, terms));
    const applicable = standards.filter((s) => s.rag !== null);
    return {
      ...f,
      standards,
      met: applicable.filter((s) => s.met).length,
      applicable: applicable.length,
      rag: {
        green: standards.filter((s) => s.rag === 'green').length,
        amber: standards.filter((s) => s.rag === 'amber').length,
        red: standards.filter((s) => s.rag === 'red').length,
        none: standards.filter((s) => s.rag === null).length,
      },
    };
  });
  const core = out.flatMap((f) => f.standards.filter((s) => s.core));
  const overdue = out.flatMap((f) =>
    f.standards.flatMap((s) =>
      s.requirements
        .filter((r) => r.status !== 'n_a' && r.status !== 'not_assessed' && r.review.overdue)
        .map((r) => ({
          requirementId: r.id,
          standard: s.title,
          framework: f.title,
          text: r.text,
          due: r.review.due,
          rag: r.review.rag,
        })),
    ),
  );
  overdue.sort((a, b) => (a.rag === b.rag ? (a.due ?? '').localeCompare(b.due ?? '') : a.rag === 'red' ? -1 : 1));
  return { on: today, frameworks: out, core: { met: core.filter((s) => s.met).length, total: core.length }, overdue };
}
