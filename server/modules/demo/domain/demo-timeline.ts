import type { Actor, Ctx } from '../../../lib/context.ts';

/** The shapes the planning demo's files share (demo-planning.ts runs them). */

export type StaffKey = 'director' | 'network' | 'servicedesk' | 'tech1' | 'head' | 'bursar';
export type DemoStaff = Record<StaffKey, Extract<Actor, { kind: 'user' }>> & { emailOf: (key: string) => string };

export type DemoTimeline = {
  today: string;
  /** 'YYYY-MM-DD' `days` from today. */
  day: (days: number) => string;
  /** The instant at `time` (London) on that day. */
  at: (date: string, time?: string) => Date;
  /** The latest given ISO weekday on or before `date`. */
  weekdayOnOrBefore: (date: string, weekday: number) => string;
  /** The given weekday nearest `date` that is a school day at every school (termly meetings). */
  schoolDayNear: (date: string, weekday: number) => string;
  /** Last summer's end of the Wi-Fi works: the latest 21 August at least a week ago. */
  lastSummer: string;
  ids: Map<string, string>;
};

export type DemoEvent = { at: Date; who?: StaffKey; run: (ctx: Ctx) => Promise<unknown> };
