import type { Ctx } from '../../../lib/context.ts';
import { countPeople, listSchools } from '../../directory/index.ts';

/**
 * The three audiences and their predefined segments. Segments are chosen so that groups are
 * usually above the reporting threshold (research §2.7: no ad-hoc cross-tabs); the respondent
 * picks their own segment, so responses stay anonymous.
 */

export const AUDIENCES = ['staff', 'senior', 'prep'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type Segment = { code: string; label: string };

export const AUDIENCE_LABELS: Record<Audience, string> = {
  staff: 'Staff',
  senior: 'Senior pupils',
  prep: 'Prep pupils',
};

const years = (from: number, to: number): Segment[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ code: `Y${from + i}`, label: `Year ${from + i}` }));

export const SEGMENTS: Record<Audience, Segment[]> = {
  staff: [
    { code: 'prep', label: 'Prep school staff' },
    { code: 'senior', label: 'Senior school staff' },
  ],
  senior: years(9, 13),
  prep: years(3, 8),
};

export const SEGMENT_QUESTION: Record<Audience, string> = {
  staff: 'Which school do you mostly work in?',
  senior: 'Which year are you in?',
  prep: 'Which year are you in?',
};

/** Segment text from a file or a form ('Year 7', 'Y7', '7', 'Senior school') to its code. */
export function matchSegment(audience: Audience, text: string, overrides: Record<string, string> = {}): string | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return undefined;
  for (const [label, code] of Object.entries(overrides)) if (label.trim().toLowerCase() === t) return code;
  for (const s of SEGMENTS[audience]) if (s.code.toLowerCase() === t || s.label.toLowerCase() === t) return s.code;
  if (audience === 'staff') {
    if (/\bprep\b|junior/.test(t)) return 'prep';
    if (/\bsenior\b|upper/.test(t)) return 'senior';
    return undefined;
  }
  const m = /^(?:year|yr|y)?\s*(\d{1,2})$/.exec(t);
  const code = m ? `Y${Number(m[1])}` : undefined;
  return SEGMENTS[audience].some((s) => s.code === code) ? code : undefined;
}

export const segmentLabel = (audience: Audience, code: string): string =>
  SEGMENTS[audience].find((s) => s.code === code)?.label ?? code;

/** Eligible people now, from the directory, for response rates (no names leave the directory). */
export async function countEligible(ctx: Ctx, audience: Audience): Promise<{ total: number; segments: Record<string, number> }> {
  const schools = await listSchools(ctx);
  const prep = schools.find((s) => s.phase === 'prep');
  const senior = schools.find((s) => s.phase === 'senior');
  const segments: Record<string, number> = {};
  if (audience === 'staff') {
    segments.prep = prep ? await countPeople(ctx, { kind: 'staff', schoolId: prep.id }) : 0;
    segments.senior = senior ? await countPeople(ctx, { kind: 'staff', schoolId: senior.id }) : 0;
    return { total: await countPeople(ctx, { kind: 'staff' }), segments };
  }
  const school = audience === 'prep' ? prep : senior;
  let total = 0;
  for (const s of SEGMENTS[audience]) {
    const n = school ? await countPeople(ctx, { kind: 'pupil', schoolId: school.id, yearGroup: Number(s.code.slice(1)) }) : 0;
    segments[s.code] = n;
    total += n;
  }
  return { total, segments };
}
