import type { Role } from '../../../lib/context.ts';

/** Who reads meetings (the Director, IT Services, SLT) and who runs them (the Director). */
export const READ_ROLES: Role[] = ['admin', 'it', 'slt'];
export const EDIT_ROLES: Role[] = ['admin'];

export const SERIES_KINDS = ['finance', 'itmg', 'other'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

/** Agenda sections in the order they are taken: the open actions always first. */
export const SECTIONS = [
  { id: 'actions', title: 'Actions from previous meetings' },
  { id: 'strategy', title: 'Strategy: progress by objective' },
  { id: 'projects', title: 'Projects: what has moved since the last meeting' },
  { id: 'budget', title: 'Budget' },
  { id: 'milestones', title: 'Coming up: milestones' },
  { id: 'risks', title: 'Risks: due for review or rising' },
  { id: 'security', title: 'Cyber security' },
  { id: 'discussion', title: 'For discussion' },
  { id: 'standing', title: 'Standing items' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
export const SECTION_IDS = SECTIONS.map((s) => s.id) as [SectionId, ...SectionId[]];

export const sectionIndex = (id: string): number => {
  const i = SECTIONS.findIndex((s) => s.id === id);
  return i < 0 ? SECTIONS.length : i;
};

const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const longFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** 'Fri 20 Nov' for a 'YYYY-MM-DD' date. */
export const shortDay = (date: string): string =>
  dayFmt
    .formatToParts(new Date(`${date}T00:00:00Z`))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ');
/** 'Friday 20 November 2026' (built from parts: ICU versions differ on the comma). */
export const longDay = (date: string): string =>
  longFmt
    .formatToParts(new Date(`${date}T00:00:00Z`))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ');
