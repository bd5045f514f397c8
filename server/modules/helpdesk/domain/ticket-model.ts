/**
 * The words of the help desk: statuses, priorities, channels, event kinds. Shared by the SLA
 * clock, the metrics, the queues and the importer.
 */

export const STATUSES = ['new', 'open', 'waiting_requester', 'waiting_third_party', 'resolved', 'closed', 'merged'] as const;
export type Status = (typeof STATUSES)[number];

/** The statuses a person can set (merged comes only from merging). */
export const SETTABLE_STATUSES = ['new', 'open', 'waiting_requester', 'waiting_third_party', 'resolved', 'closed'] as const;

export const OPEN_STATUSES: readonly Status[] = ['new', 'open', 'waiting_requester', 'waiting_third_party'];
export const DONE_STATUSES: readonly Status[] = ['resolved', 'closed'];
export const isDone = (s: string): boolean => s === 'resolved' || s === 'closed' || s === 'merged';
export const isOpen = (s: string): boolean => (OPEN_STATUSES as readonly string[]).includes(s);

export const STATUS_LABELS: Record<Status, string> = {
  new: 'New',
  open: 'Open',
  waiting_requester: 'Waiting on requester',
  waiting_third_party: 'Waiting on third party',
  resolved: 'Resolved',
  closed: 'Closed',
  merged: 'Merged',
};

export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
  p1: 'P1 critical',
  p2: 'P2 high',
  p3: 'P3 normal',
  p4: 'P4 low',
};

export const CHANNELS = ['portal', 'email', 'phone', 'walk_up', 'import', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEFAULT_CATEGORIES = [
  'Wi-Fi',
  'Network',
  'Printing',
  'Accounts',
  'Email',
  'AV',
  'Hardware',
  'Software',
  'Devices',
  'Filtering',
  'Safeguarding',
  'Other',
];

/** Event kinds in helpdesk_events. */
export type EventKind =
  | 'created'
  | 'status'
  | 'agent_reply'
  | 'requester_reply'
  | 'note'
  | 'auto_ack'
  | 'automatic_message'
  | 'assigned'
  | 'priority'
  | 'category'
  | 'location'
  | 'restricted'
  | 'merged'
  | 'survey_sent'
  | 'survey_answered'
  | 'sla_warning'
  | 'kudos'
  | 'delivery_failed'
  | 'collaborator_added'
  | 'changed';

/** The slice of an event the SLA clock and the metrics read. */
export type TimelineEvent = {
  at: Date;
  kind: string;
  data: Record<string, unknown>;
};

/** Days the SLA clock runs on unless a policy says otherwise: half-terms and bank holidays pause it. */
export const DEFAULT_COUNTED_DAYS = ['term', 'inset', 'holiday'] as const;

export type SlaTargets = { responseMinutes: number; resolutionMinutes: number; countedDays: readonly string[] };

/** The research's CAL-1 targets for P2 and P3; P1 and P4 by the same pattern. */
export const DEFAULT_SLA: Record<Priority, SlaTargets> = {
  p1: { responseMinutes: 30, resolutionMinutes: 240, countedDays: DEFAULT_COUNTED_DAYS },
  p2: { responseMinutes: 60, resolutionMinutes: 480, countedDays: DEFAULT_COUNTED_DAYS },
  p3: { responseMinutes: 120, resolutionMinutes: 960, countedDays: DEFAULT_COUNTED_DAYS },
  p4: { responseMinutes: 480, resolutionMinutes: 2400, countedDays: DEFAULT_COUNTED_DAYS },
};

export const formatRef = (n: number): string => `[Ref #${n}]`;
