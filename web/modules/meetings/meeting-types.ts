/** Meetings as the API sends them (server/modules/meetings). */
export type Member = {
  id: string;
  userId: string | null;
  personId: string | null;
  name: string;
  email: string | null;
  roleLabel: string | null;
};
export type SeriesSummary = {
  id: string;
  name: string;
  kind: 'finance' | 'itmg' | 'other';
  purpose: string;
  cadenceWeeks: number;
  defaultTime: string;
  defaultMinutes: number;
  location: string | null;
  members: Member[];
  next: { id: string; startsAt: string; date: string } | null;
  last: { id: string; startsAt: string; date: string } | null;
  meetings: { id: string; startsAt: string; date: string; status: string }[];
};
export type AgendaItem = {
  id: string;
  section: string;
  title: string;
  detail: string;
  auto: boolean;
  edited: boolean;
  minutes: string | null;
  url: string | null;
};
export type Action = {
  id: string;
  meetingId: string;
  meetingOn: string;
  itemId: string | null;
  text: string;
  owner: { userId: string | null; name: string; hasTodoList: boolean };
  dueOn: string | null;
  status: 'open' | 'done' | 'dropped';
  taskId: string | null;
};
export type Meeting = {
  id: string;
  series: { id: string; name: string; kind: string; purpose: string };
  startsAt: string;
  date: string;
  time: string;
  minutes: number;
  location: string | null;
  status: 'planned' | 'held' | 'cancelled';
  notes: string | null;
  agendaBuiltAt: string | null;
  agendaSentAt: string | null;
  minutesSentAt: string | null;
  members: Member[];
  sections: { id: string; title: string; items: AgendaItem[] }[];
  decisions: { id: string; text: string; itemId: string | null }[];
  actions: Action[];
  previous: { id: string; date: string } | null;
  next: { id: string; date: string } | null;
};

export const STATUS_COLORS: Record<string, string> = { planned: 'blue', held: 'teal', cancelled: 'gray' };
export const ACTION_STATUS: Record<Action['status'], string> = { open: 'Open', done: 'Done', dropped: 'Dropped' };

const longFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
/** 'Thursday 19 November 2026'. */
export const longDay = (date: string): string =>
  longFmt
    .formatToParts(new Date(`${date}T00:00:00Z`))
    .filter((p) => p.type !== 'literal')
    .map((p) => p.value)
    .join(' ');
