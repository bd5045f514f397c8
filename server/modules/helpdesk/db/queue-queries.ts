import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';
import type { TicketRow } from './ticket-queries.ts';

/**
 * Queue and search reads, tuned for the 100,000-ticket benchmark: every list is LIMITed (one row
 * more than a page, so "is there more?" costs no count query, osTicket#5365) and rides an index.
 */

const OPEN = sql`status in ('new','open','waiting_requester','waiting_third_party')`;

export type QueueFilter = {
  view: 'mine' | 'unassigned' | 'breaching' | 'open' | 'waiting' | 'resolved' | 'all';
  actorId?: string;
  schoolId?: string;
  category?: string;
  breachBefore?: Date;
  limit: number;
  offset: number;
};

const COLUMN_NAMES =
  'id, number, subject, status, priority, category, tags, channel, requester_email, requester_name, requester_kind, requester_person_id, requester_user_id, collaborators, assignee_id, assignee_name, team, school_id, building_id, room_id, location_label, asset, restricted, restricted_to, merged_into_id, linked_to_id, is_auto, created_at, updated_at, first_response_at, resolved_at, closed_at, response_due_at, resolution_due_at, response_breached, resolution_breached, sla_paused'.split(
    ', ',
  );
const COLUMNS = sql.raw(COLUMN_NAMES.join(', '));
const T_COLUMNS = sql.raw(COLUMN_NAMES.map((c) => `t.${c}`).join(', '));

type RawTicket = Record<string, unknown>;

/** snake_case row -> the Drizzle row shape the domain uses. */
export function fromRaw(r: RawTicket): TicketRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: r.id as string,
    number: r.number as number,
    subject: r.subject as string,
    status: r.status as string,
    priority: r.priority as string,
    category: r.category as string,
    tags: (r.tags as string[]) ?? [],
    channel: r.channel as string,
    requesterEmail: (r.requester_email as string) ?? null,
    requesterName: r.requester_name as string,
    requesterKind: r.requester_kind as string,
    requesterPersonId: (r.requester_person_id as string) ?? null,
    requesterUserId: (r.requester_user_id as string) ?? null,
    collaborators: (r.collaborators as string[]) ?? [],
    assigneeId: (r.assignee_id as string) ?? null,
    assigneeName: (r.assignee_name as string) ?? null,
    team: (r.team as string) ?? null,
    schoolId: (r.school_id as string) ?? null,
    buildingId: (r.building_id as string) ?? null,
    roomId: (r.room_id as string) ?? null,
    locationLabel: (r.location_label as string) ?? null,
    asset: (r.asset as string) ?? null,
    restricted: !!r.restricted,
    restrictedTo: (r.restricted_to as string[]) ?? [],
    mergedIntoId: (r.merged_into_id as string) ?? null,
    linkedToId: (r.linked_to_id as string) ?? null,
    isAuto: !!r.is_auto,
    externalRef: null,
    importHash: null,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    firstResponseAt: d(r.first_response_at),
    resolvedAt: d(r.resolved_at),
    closedAt: d(r.closed_at),
    responseDueAt: d(r.response_due_at),
    resolutionDueAt: d(r.resolution_due_at),
    responseBreached: !!r.response_breached,
    resolutionBreached: !!r.resolution_breached,
    slaPaused: !!r.sla_paused,
    slaWarnedAt: null,
    slaFingerprint: null,
    reopenCount: 0,
    agentReplies: 0,
    conversation: '',
    notes: '',
    publicSearch: null,
    allSearch: null,
  };
}

export async function selectQueue(db: Db, f: QueueFilter): Promise<TicketRow[]> {
  const where: SQL[] = [];
  let order = sql`updated_at desc`;
  if (f.view === 'mine') where.push(sql`assignee_id = ${f.actorId ?? null}`, OPEN);
  if (f.view === 'unassigned') {
    where.push(sql`assignee_id is null`, OPEN);
    order = sql`created_at asc`;
  }
  if (f.view === 'breaching') {
    where.push(
      OPEN,
      sql`not sla_paused`,
      sql`(response_due_at < ${f.breachBefore ?? new Date()} or resolution_due_at < ${f.breachBefore ?? new Date()})`,
    );
    order = sql`least(coalesce(response_due_at, resolution_due_at), resolution_due_at) asc`;
  }
  if (f.view === 'open') where.push(OPEN);
  if (f.view === 'waiting') where.push(sql`status in ('waiting_requester','waiting_third_party')`);
  if (f.view === 'resolved') {
    where.push(sql`status in ('resolved','closed')`);
    order = sql`resolved_at desc nulls last`;
  }
  if (f.view === 'all') where.push(sql`status <> 'merged'`);
  if (f.schoolId) where.push(sql`school_id = ${f.schoolId}`);
  if (f.category) where.push(sql`category = ${f.category}`);
  const rows = await queryRows<RawTicket>(
    db,
    sql`SELECT ${COLUMNS} FROM helpdesk_tickets WHERE ${sql.join(where, sql` AND `)} ORDER BY ${order}, number desc LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  return rows.map(fromRaw);
}

/** A requester's own tickets (and those they are CC'd on): both conditions ride an index. */
const ownBy = (email: string) => sql`(requester_email = ${email} OR collaborators @> ARRAY[${email}]::text[])`;

export async function selectOwnTickets(db: Db, email: string, limit: number): Promise<TicketRow[]> {
  const rows = await queryRows<RawTicket>(
    db,
    sql`SELECT ${COLUMNS} FROM helpdesk_tickets WHERE ${ownBy(email)} AND status <> 'merged' ORDER BY updated_at desc LIMIT ${limit}`,
  );
  return rows.map(fromRaw);
}

/**
 * Full-text search (PostgreSQL text search, PGlite too) over titles, places and conversations.
 * The IT team searches everything (internal notes included) except restricted tickets they may not
 * open; a requester searches the public conversation of their own tickets, which are found first
 * (a handful) and only then matched, so a common word costs them nothing.
 */
export async function selectSearch(
  db: Db,
  q: string,
  scope: { email?: string; publicOnly: boolean; excludeRestrictedExcept?: string },
  limit: number,
): Promise<TicketRow[]> {
  if (scope.email !== undefined) {
    const rows = await queryRows<RawTicket>(
      db,
      sql`WITH mine AS MATERIALIZED (SELECT * FROM helpdesk_tickets WHERE ${ownBy(scope.email)} AND status <> 'merged')
          SELECT ${COLUMNS} FROM mine WHERE public_search @@ websearch_to_tsquery('english', ${q})
          ORDER BY updated_at desc LIMIT ${limit}`,
    );
    return rows.map(fromRaw);
  }
  const restricted =
    scope.excludeRestrictedExcept !== undefined
      ? sql`AND (NOT t.restricted OR ${scope.excludeRestrictedExcept} = ANY(t.restricted_to))`
      : sql``;
  const match = scope.publicOnly
    ? sql`t.public_search @@ websearch_to_tsquery('english', ${q})`
    : sql`t.all_search @@ websearch_to_tsquery('english', ${q})`;
  const rows = await queryRows<RawTicket>(
    db,
    sql`SELECT ${T_COLUMNS} FROM helpdesk_tickets t
        WHERE ${match} AND t.status <> 'merged' ${restricted}
        ORDER BY t.updated_at desc LIMIT ${limit}`,
  );
  return rows.map(fromRaw);
}

export async function selectByNumber(db: Db, n: number): Promise<TicketRow[]> {
  const rows = await queryRows<RawTicket>(db, sql`SELECT ${COLUMNS} FROM helpdesk_tickets WHERE number = ${n}`);
  return rows.map(fromRaw);
}

export type QueueCounts = { open: number; unassigned: number; breachingSoon: number; newSinceYesterday: number; mine: number };

export async function selectQueueCounts(db: Db, now: Date, soon: Date, actorId: string | null): Promise<QueueCounts> {
  const [r] = await queryRows<QueueCounts>(
    db,
    sql`SELECT
          count(*) FILTER (WHERE ${OPEN})::int AS open,
          count(*) FILTER (WHERE ${OPEN} AND assignee_id IS NULL)::int AS unassigned,
          count(*) FILTER (WHERE ${OPEN} AND NOT sla_paused AND (response_due_at < ${soon} OR resolution_due_at < ${soon}))::int AS "breachingSoon",
          count(*) FILTER (WHERE created_at >= ${new Date(now.getTime() - 86400000)} AND status <> 'merged')::int AS "newSinceYesterday",
          count(*) FILTER (WHERE ${OPEN} AND assignee_id = ${actorId})::int AS mine
        FROM helpdesk_tickets
        WHERE ${OPEN} OR created_at >= ${new Date(now.getTime() - 86400000)}`,
  );
  return r ?? { open: 0, unassigned: 0, breachingSoon: 0, newSinceYesterday: 0, mine: 0 };
}
