import { addDays } from '../../../lib/zoned-time.ts';
import type { Cadence } from '../catalogues/catalogue-schema.ts';

/**
 * When a requirement's review falls due and how overdue it is (research §3.5, AT-32), pure.
 * Termly: a review belongs to the term it was done in (one done in the holidays, to the term
 * that follows); the next is due by the end of the next term, so a review more than one term
 * old is amber, and red once a second term has ended without one. Annual: due a year after the
 * review, amber when that passes, red a term later; red at once when statutory (filtering and
 * monitoring, by KCSIE). Once and on-change: no date. Never reviewed: amber (red if statutory).
 */

export type Rag = 'green' | 'amber' | 'red';
export type TermSpan = { startsOn: string; endsOn: string };
export type ReviewState = { due: string | null; rag: Rag; overdue: boolean; reason: string | null };

/** Without term dates, a term is taken as 122 days (a third of a year). */
const TERM_DAYS = 122;

const sortTerms = (terms: readonly TermSpan[]) => [...terms].sort((a, b) => a.startsOn.localeCompare(b.startsOn));

/** The end of the term `n` terms after the one `date` counts for (the one containing it, else the next). */
function endOfTermAfter(terms: TermSpan[], date: string, n: number): string | undefined {
  const i = terms.findIndex((t) => date <= t.endsOn);
  if (i < 0) return undefined;
  return terms[i + n]?.endsOn;
}

/** The end of the first term that ends on or after `date` (the term a due date lands in). */
function endOfTermContaining(terms: TermSpan[], date: string): string | undefined {
  return terms.find((t) => t.endsOn >= date)?.endsOn;
}

export function reviewState(input: {
  cadence: Cadence;
  statutory: boolean;
  lastReviewedOn: string | null;
  today: string;
  terms: readonly TermSpan[];
}): ReviewState {
  const { cadence, statutory, lastReviewedOn: last, today } = input;
  const terms = sortTerms(input.terms);
  if (!last) return { due: null, rag: statutory ? 'red' : 'amber', overdue: true, reason: 'never reviewed' };
  if (cadence === 'once' || cadence === 'on_change') return { due: null, rag: 'green', overdue: false, reason: null };
  if (cadence === 'termly') {
    const due = endOfTermAfter(terms, last, 1) ?? addDays(last, TERM_DAYS);
    const redAfter = endOfTermAfter(terms, last, 2) ?? addDays(due, TERM_DAYS);
    if (today > redAfter || (statutory && today > due))
      return { due, rag: 'red', overdue: true, reason: 'two terms without a review' };
    if (today > due) return { due, rag: 'amber', overdue: true, reason: 'more than a term since the last review' };
    return { due, rag: 'green', overdue: false, reason: null };
  }
  const due = `${Number(last.slice(0, 4)) + 1}${last.slice(4)}`.replace(/-02-29$/, '-02-28');
  if (today <= due) return { due, rag: 'green', overdue: false, reason: null };
  if (statutory) return { due, rag: 'red', overdue: true, reason: 'statutory review overdue' };
  const redAfter = endOfTermContaining(terms, due) ?? addDays(due, TERM_DAYS);
  if (today > redAfter) return { due, rag: 'red', overdue: true, reason: 'annual review more than a term overdue' };
  return { due, rag: 'amber', overdue: true, reason: 'annual review overdue' };
}

export type Status = 'not_assessed' | 'met' | 'partial' | 'not_met' | 'n_a';
export const STATUSES: readonly Status[] = ['not_assessed', 'met', 'partial', 'not_met', 'n_a'];

/** A requirement's colour: its status, made worse by an overdue review. null: not applicable or not assessed. */
export function requirementRag(status: Status, review: ReviewState): Rag | null {
  if (status === 'n_a' || status === 'not_assessed') return null;
  const own: Rag = status === 'met' ? 'green' : status === 'partial' ? 'amber' : 'red';
  return worst(own, review.rag);
}

const ORDER: Record<Rag, number> = { green: 0, amber: 1, red: 2 };
export const worst = (a: Rag, b: Rag): Rag => (ORDER[a] >= ORDER[b] ? a : b);
