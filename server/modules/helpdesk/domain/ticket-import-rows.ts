import type { CsvRow } from '../../../lib/csv.ts';
import { DATE_ORDER_WORDS, type DateOrder, parseNumericDate, resolveNumericDate } from '../../../lib/date-order.ts';
import type { RowProblem } from '../../../lib/errors.ts';
import { isIsoDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import type { Priority, Status } from './ticket-model.ts';

/**
 * Reading one row of a past-ticket export (Zammad, osTicket, Freshservice or a hand-made sheet).
 * Columns are found by header: the synonyms below are the headers those products commonly use,
 * and any of them can be overridden with a column mapping.
 */

export const TICKET_FIELDS = {
  externalId: ['ticket id', 'ticket number', 'number', 'id', 'ticket #', 'ticket', 'ref', 'reference'],
  subject: ['subject', 'title', 'summary'],
  description: ['description', 'body', 'message', 'first message', 'details', 'detail'],
  createdAt: ['created at', 'created', 'date created', 'created date', 'created time', 'opened', 'create date', 'created_at'],
  status: ['status', 'state', 'current status', 'ticket status'],
  priority: ['priority', 'urgency'],
  category: ['category', 'help topic', 'type', 'issue type', 'topic', 'group', 'department'],
  requesterEmail: ['requester email', 'customer email', 'from email', 'email', 'user email', 'contact email'],
  requesterName: ['requester name', 'requester', 'customer', 'customer name', 'from', 'name', 'contact'],
  assignee: ['assignee', 'owner', 'agent', 'assigned to', 'technician', 'agent assigned'],
  firstResponseAt: ['first response at', 'first response', 'first responded at', 'initial response time', 'first_response_at'],
  resolvedAt: ['resolved at', 'resolved time', 'resolved', 'resolution date', 'solved at', 'date resolved'],
  closedAt: ['closed at', 'closed time', 'closed', 'date closed', 'closed date', 'close_at'],
  school: ['school', 'site', 'campus'],
  building: ['building'],
  room: ['room', 'location'],
  tags: ['tags', 'labels'],
} as const;

export type TicketField = keyof typeof TICKET_FIELDS;

export type ImportedTicket = {
  line: number;
  externalId: string;
  subject: string;
  description: string;
  createdAt: Date;
  status: Status;
  priority: Priority;
  category: string;
  requesterEmail: string | null;
  requesterName: string;
  assignee: string | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  school: string | null;
  building: string | null;
  room: string | null;
  tags: string[];
};

const STATUS_WORDS: [RegExp, Status][] = [
  [/^(new|unassigned)$/i, 'new'],
  [/^(open|opened|in progress|assigned|active|reopened|escalated)$/i, 'open'],
  [
    /^(pending( reminder)?|waiting( on| for)? (customer|requester|user|reply)|awaiting (customer|requester|reply)|on hold - customer)$/i,
    'waiting_requester',
  ],
  [
    /^(on hold|pending( on)? third party|waiting( on| for)? (third party|supplier|vendor)|pending close)$/i,
    'waiting_third_party',
  ],
  [/^(resolved|solved|done|fixed)$/i, 'resolved'],
  [/^(closed|archived|completed)$/i, 'closed'],
  [/^merged$/i, 'merged'],
];

const PRIORITY_WORDS: [RegExp, Priority][] = [
  [/^(p?1|urgent|critical|emergency|4 urgent)$/i, 'p1'],
  [/^(p?2|high|3 high)$/i, 'p2'],
  [/^(p?3|normal|medium|2 normal|)$/i, 'p3'],
  [/^(p?4|low|1 low|planning)$/i, 'p4'],
];

/**
 * Dates as exports write them: ISO with a zone, local 'YYYY-MM-DD HH:MM[:SS]', or numeric
 * day/month or month/day ('09/11/2026 08:30', osTicket's en_US '11/9/26 8:30 am') in the order
 * the whole file settled (lib/date-order).
 */
export function parseExportDate(text: string, timeZone: string, order: DateOrder = 'dmy'): Date | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [, date, hh = '00', mm = '00', ss = '00'] = m;
    return isIsoDate(date as string) ? zonedToUtc(date as string, `${hh.padStart(2, '0')}:${mm}:${ss}`, timeZone) : undefined;
  }
  const n = parseNumericDate(t);
  const local = n && resolveNumericDate(n, order);
  return local ? zonedToUtc(local.date, local.time, timeZone) : undefined;
}

/** The date columns of a ticket export: all of them settle the file's one date order. */
export const TICKET_DATE_FIELDS = ['createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt'] as const;

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** One CSV row to a ticket, or the problems with it (file, line, field). */
export function readTicketRow(
  row: CsvRow,
  columns: Partial<Record<TicketField, number>>,
  file: string,
  timeZone: string,
  order: DateOrder = 'dmy',
): ImportedTicket | RowProblem[] {
  const get = (f: TicketField) => (columns[f] === undefined ? '' : (row.values[columns[f] as number] ?? '').trim());
  const problems: RowProblem[] = [];
  const problem = (field: TicketField, message: string) => problems.push({ file, line: row.line, field, message });
  const date = (f: TicketField) => {
    const text = get(f);
    if (!text) return null;
    const d = parseExportDate(text, timeZone, order);
    if (!d)
      problem(
        f,
        `"${text}" is not a date and time (use 2026-11-09 08:30, 09/11/2026 08:30 or ISO 8601; dates read as ${DATE_ORDER_WORDS[order]})`,
      );
    return d ?? null;
  };
  const externalId = get('externalId');
  if (!externalId) problem('externalId', 'a ticket id or number is needed (it makes a second import change nothing)');
  const subject = get('subject');
  if (!subject) problem('subject', 'a subject is needed');
  const createdAt = date('createdAt');
  if (!get('createdAt')) problem('createdAt', 'the date the ticket was raised is needed');
  const statusText = get('status') || 'closed';
  const status = STATUS_WORDS.find(([re]) => re.test(statusText))?.[1];
  if (!status) problem('status', `"${statusText}" is not a status Belfry knows (new, open, pending, on hold, resolved, closed)`);
  const priority = PRIORITY_WORDS.find(([re]) => re.test(get('priority')))?.[1];
  if (!priority) problem('priority', `"${get('priority')}" is not a priority (P1-P4, urgent, high, normal, low)`);
  const firstResponseAt = date('firstResponseAt');
  const resolvedAt = date('resolvedAt');
  const closedAt = date('closedAt');
  for (const [f, d] of [
    ['firstResponseAt', firstResponseAt],
    ['resolvedAt', resolvedAt],
    ['closedAt', closedAt],
  ] as const) {
    if (d && createdAt && d < createdAt) problem(f, 'is before the ticket was raised');
  }
  const emailText = get('requesterEmail') || (EMAIL.test(get('requesterName')) ? get('requesterName') : '');
  if (emailText && !EMAIL.test(emailText)) problem('requesterEmail', `"${emailText}" is not an email address`);
  if (problems.length || !createdAt || !status || !priority) return problems;
  const name = get('requesterName');
  return {
    line: row.line,
    externalId,
    subject: subject.slice(0, 200),
    description: get('description'),
    createdAt,
    status,
    priority,
    category: (get('category') || 'Other').slice(0, 40),
    requesterEmail: emailText ? emailText.toLowerCase() : null,
    requesterName: name && !EMAIL.test(name) ? name : emailText || 'Unknown',
    assignee: get('assignee') || null,
    firstResponseAt,
    resolvedAt,
    closedAt,
    school: get('school') || null,
    building: get('building') || null,
    room: get('room') || null,
    tags: get('tags')
      .split(/[,;]/)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  };
}
