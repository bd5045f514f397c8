import { describe, expect, it } from 'vitest';
import { requirementRag, reviewState } from './review-rules.ts';

const TERMS = [
  { startsOn: '2025-09-04', endsOn: '2025-12-12' },
  { startsOn: '2026-01-06', endsOn: '2026-03-27' },
  { startsOn: '2026-04-21', endsOn: '2026-07-10' },
  { startsOn: '2026-09-03', endsOn: '2026-12-11' },
];
const at = (lastReviewedOn: string | null, today: string, cadence: 'termly' | 'annual' | 'once' = 'termly', statutory = false) =>
  reviewState({ cadence, statutory, lastReviewedOn, today, terms: TERMS });

describe('review cadence (research AT-32)', () => {
  it('a termly cyber risk assessment reviewed in the autumn is due by the end of spring, amber after, red after summer', () => {
    expect(at('2025-10-01', '2026-02-10')).toMatchObject({ due: '2026-03-27', rag: 'green', overdue: false });
    // More than one term ago: the spring term ended without a review.
    expect(at('2025-10-01', '2026-04-22')).toMatchObject({ due: '2026-03-27', rag: 'amber', overdue: true });
    expect(at('2025-10-01', '2026-07-10').rag).toBe('amber');
    // Two terms without a review: red.
    expect(at('2025-10-01', '2026-07-11')).toMatchObject({ rag: 'red', reason: 'two terms without a review' });
  });

  it('a review in the holidays counts for the term that follows', () => {
    expect(at('2025-08-28', '2026-03-01')).toMatchObject({ due: '2026-03-27', rag: 'green' });
    // Past the last term in the calendar, a term is taken as 122 days.
    expect(at('2026-09-10', '2026-12-01')).toMatchObject({ due: '2027-01-10', rag: 'green' });
  });

  it('an annual filtering and monitoring review overdue is red at once (statutory via KCSIE); a non-statutory one amber first', () => {
    expect(at('2025-11-20', '2026-11-20', 'annual', true)).toMatchObject({ due: '2026-11-20', rag: 'green' });
    expect(at('2025-11-20', '2026-11-21', 'annual', true)).toMatchObject({ rag: 'red', reason: 'statutory review overdue' });
    expect(at('2025-11-20', '2026-11-21', 'annual')).toMatchObject({ rag: 'amber', overdue: true });
    // Red once the term the due date fell in has ended.
    expect(at('2025-11-20', '2026-12-12', 'annual')).toMatchObject({ rag: 'red' });
  });

  it('never reviewed is amber, or red when statutory; a one-off review never falls due again', () => {
    expect(at(null, '2026-01-10', 'annual')).toMatchObject({ rag: 'amber', reason: 'never reviewed' });
    expect(at(null, '2026-01-10', 'annual', true).rag).toBe('red');
    expect(at('2024-05-01', '2026-12-01', 'once')).toMatchObject({ due: null, rag: 'green', overdue: false });
  });

  it('without term dates a term is a third of a year', () => {
    expect(
      reviewState({ cadence: 'termly', statutory: false, lastReviewedOn: '2030-01-01', today: '2030-05-04', terms: [] }),
    ).toMatchObject({
      due: '2030-05-03',
      rag: 'amber',
    });
  });

  it('a met requirement with an overdue review turns amber; not applicable has no colour', () => {
    const overdue = at('2025-10-01', '2026-04-22');
    expect(requirementRag('met', overdue)).toBe('amber');
    expect(requirementRag('met', at('2026-10-01', '2026-11-01'))).toBe('green');
    expect(requirementRag('not_met', at('2026-10-01', '2026-11-01'))).toBe('red');
    expect(requirementRag('n_a', overdue)).toBeNull();
  });
});
