/** The help desk API's shapes, as the pages use them (server/modules/helpdesk is the source). */

export type TicketSummary = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  category: string;
  tags: string[];
  channel: string;
  requesterName: string;
  requesterEmail: string | null;
  requesterKind: string;
  assigneeId: string | null;
  assigneeName: string | null;
  team: string | null;
  schoolId: string | null;
  buildingId: string | null;
  roomId: string | null;
  locationLabel: string | null;
  asset: string | null;
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  responseBreached: boolean;
  resolutionBreached: boolean;
  slaPaused: boolean;
  /** No due date yet: the calendar has no term dates ahead. */
  dueUnknown?: boolean;
};

export type TicketDetail = {
  view: 'agent' | 'requester';
  ticket: TicketSummary;
  sla: {
    responseTarget: number;
    resolutionTarget: number;
    responseMinutes: number;
    resolutionMinutes: number;
    responseState: string;
    resolutionState: string;
    responseDueAt: string | null;
    resolutionDueAt: string | null;
    firstResponseAt: string | null;
    paused: boolean;
    dueUnknown?: boolean;
  } | null;
  messages: {
    id: string;
    at: string;
    authorKind: string;
    authorName: string;
    visibility: string;
    channel: string;
    body: string;
    autoKind: string;
  }[];
  attachments: { id: string; messageId: string | null; fileName: string; contentType: string; size: number }[];
  events: { at: string; kind: string; actor: string; data: Record<string, unknown> }[];
  collaborators: string[];
  mergedInto: { id: string; number: number } | null;
  linkedTo: { id: string; number: number } | null;
  survey: { rating: number | null; comment: string | null; canRate: boolean } | null;
};

export type Place = {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  buildings: { id: string; code: string; name: string; rooms: { id: string; code: string; name: string }[] }[];
};

export type Options = {
  isAgent: boolean;
  categories: string[];
  priorities: { value: string; label: string }[];
  statuses: { value: string; label: string }[];
  places: Place[];
  teams: string[];
  agents: { id: string; name: string }[];
  canned: { id: string; title: string; body: string }[];
  namable: { id: string; name: string; role: string }[];
};
