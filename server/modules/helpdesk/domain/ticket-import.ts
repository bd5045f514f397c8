import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { resolveColumns } from '../../../lib/csv.ts';
import { settleFileDateOrder } from '../../../lib/date-order.ts';
import { ImportRejected, type RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../lib/module.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { findPersonByEmail, listPlaces, listSchools, matchSchool } from '../../directory/index.ts';
import { getDateOrderChoice, getSetting } from '../../settings/index.ts';
import { helpdeskEvents, helpdeskImports, helpdeskMessages, helpdeskTickets } from '../db/tables.ts';
import { selectTicketByExternalRef } from '../db/ticket-queries.ts';
import { categoriesSetting } from './helpdesk-settings.ts';
import { refreshTicketSla } from './sla-policies.ts';
import { type ImportedTicket, readTicketRow, TICKET_DATE_FIELDS, TICKET_FIELDS } from './ticket-import-rows.ts';
import { isOpen } from './ticket-model.ts';
import { readTicketTable } from './ticket-sheet.ts';

/**
 * `belfry import tickets <file>` and the upload dialog: a school's past tickets, so its trends
 * start with its history. All or nothing, idempotent (each row keyed by its ticket id; an
 * unchanged row changes nothing, a changed one has its imported history rebuilt and keeps
 * anything added in Belfry since), with a dry run. The history each row implies (raised, first
 * response, resolved, closed) becomes events, so imported tickets count in the metrics like any other.
 */

export { TICKET_FIELDS };

type Lookup = {
  person: (email: string | null) => Promise<{ id: string; kind: string; schoolId: string | null } | undefined>;
  agent: (text: string | null) => { id: string; name: string } | undefined;
  place: (t: ImportedTicket) => {
    schoolId: string | null;
    buildingId: string | null;
    roomId: string | null;
    label: string | null;
  };
};

async function buildLookup(ctx: Ctx): Promise<Lookup> {
  const people = new Map<string, Awaited<ReturnType<Lookup['person']>>>();
  const agents = (await listUserSummaries(ctx)).filter((u) => (IT_ROLES as string[]).includes(u.role));
  const schools = await listSchools(ctx);
  const places = await listPlaces(ctx);
  return {
    person: async (email) => {
      if (!email) return undefined;
      if (!people.has(email)) {
        const p = await findPersonByEmail(ctx, email);
        people.set(email, p ? { id: p.id, kind: p.kind, schoolId: p.schoolId } : undefined);
      }
      return people.get(email);
    },
    agent: (text) => {
      const t = text?.trim().toLowerCase();
      return t ? agents.find((a) => a.email === t || a.name.toLowerCase() === t) : undefined;
    },
    place: (t) => {
      const school = t.school ? matchSchool(schools, t.school) : undefined;
      const inSchool = places.filter((p) => !school || p.schoolId === school.id);
      const norm = (s: string) => s.trim().toLowerCase();
      for (const p of inSchool) {
        const building = t.building
          ? p.buildings.find((b) => norm(b.code) === norm(t.building as string) || norm(b.name) === norm(t.building as string))
          : undefined;
        const rooms = building ? building.rooms : t.room ? p.buildings.flatMap((b) => b.rooms) : [];
        const room = t.room ? rooms.find((r) => norm(r.code) === norm(t.room as string)) : undefined;
        const owner = building ?? (room ? p.buildings.find((b) => b.rooms.includes(room)) : undefined);
        if (owner || school) {
          return {
            schoolId: p.schoolId,
            buildingId: owner?.id ?? null,
            roomId: room?.id ?? null,
            label: [p.schoolCode, owner?.name, room?.code].filter(Boolean).join(' / '),
          };
        }
      }
      return { schoolId: null, buildingId: null, roomId: null, label: null };
    },
  };
}

const hashOf = (t: ImportedTicket) =>
  createHash('sha256')
    .update(JSON.stringify({ ...t, line: 0 }))
    .digest('hex')
    .slice(0, 24);

/** The events a row's history implies. */
function historyOf(t: ImportedTicket): { at: Date; kind: string; data: Record<string, unknown> }[] {
  const out: { at: Date; kind: string; data: Record<string, unknown> }[] = [
    { at: t.createdAt, kind: 'created', data: { status: 'new', channel: 'import', priority: t.priority, category: t.category } },
  ];
  if (t.firstResponseAt) out.push({ at: t.firstResponseAt, kind: 'agent_reply', data: { public: true, imported: true } });
  const done = t.status === 'resolved' || t.status === 'closed';
  if (done) {
    const resolved = t.resolvedAt ?? t.closedAt ?? t.firstResponseAt ?? t.createdAt;
    out.push({ at: resolved, kind: 'status', data: { from: 'open', to: 'resolved' } });
    if (t.status === 'closed' && t.closedAt && t.closedAt > resolved)
      out.push({ at: t.closedAt, kind: 'status', data: { from: 'resolved', to: 'closed' } });
  } else if (t.status !== 'new') {
    out.push({ at: t.firstResponseAt ?? t.createdAt, kind: 'status', data: { from: 'new', to: t.status } });
  }
  return out;
}

export async function importTicketsFile(
  ctx: Ctx,
  file: string,
  options: ImportOptions,
  progress: ImportProgress,
): Promise<ImportSummary> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const name = options.fileName ?? path.basename(file);
  const bytes = await readFile(file);
  // A CSV, or an .xlsx workbook such as Zammad's own ticket report.
  const table = await readTicketTable(file, name, ctx.config.timeZone);
  const { columns, unknownMapped } = resolveColumns(table.headers, TICKET_FIELDS, options.mapping);
  if (unknownMapped.length)
    throw new ImportRejected([
      { file: name, line: 1, message: `mapped to columns not in the file: ${unknownMapped.join(', ')}` },
    ]);
  for (const required of ['externalId', 'subject', 'createdAt'] as const) {
    if (columns[required] === undefined)
      throw new ImportRejected([
        {
          file: name,
          line: 1,
          field: required,
          message: `no column for ${required}; map one (e.g. --map ${required}="Ticket Number")`,
        },
      ]);
  }
  const settled = settleFileDateOrder(
    name,
    table.rows,
    TICKET_DATE_FIELDS.flatMap((f) => (columns[f] === undefined ? [] : [{ index: columns[f] as number, field: f }])),
    await getDateOrderChoice(ctx, options.dateOrder),
  );
  const problems: RowProblem[] = [];
  const rows: ImportedTicket[] = [];
  for (const r of table.rows) {
    const out = readTicketRow(r, columns, name, ctx.config.timeZone, settled.order);
    if (Array.isArray(out)) problems.push(...out);
    else rows.push(out);
  }
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.externalId);
    if (first !== undefined)
      problems.push({
        file: name,
        line: r.line,
        field: 'externalId',
        message: `ticket ${r.externalId} is also on line ${first}`,
      });
    else seen.set(r.externalId, r.line);
  }
  if (problems.length && !options.skipInvalid) throw new ImportRejected(problems);
  const bad = new Set(problems.map((p) => p.line));
  const good = rows.filter((r) => !bad.has(r.line));
  const known = new Set((await getSetting(ctx, categoriesSetting)).map((c) => c.toLowerCase()));
  const summary: ImportSummary = {
    kind: 'tickets',
    file: name,
    rowsIn: table.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: bad.size,
    problems,
    dryRun: options.dryRun,
  };

  await inTransaction(ctx.db, { dryRun: options.dryRun }, async (db) => {
    const t: Ctx = { ...ctx, db };
    const lookup = await buildLookup(t);
    const refresh: string[] = [];
    for (const [i, r] of good.entries()) {
      const ref = `import:${r.externalId}`;
      const hash = hashOf(r);
      const existing = await selectTicketByExternalRef(db, ref);
      if (existing?.importHash === hash) {
        summary.unchanged++;
        continue;
      }
      const person = await lookup.person(r.requesterEmail);
      const agent = lookup.agent(r.assignee);
      const place = lookup.place(r);
      const history = historyOf(r);
      const last = history[history.length - 1] as (typeof history)[number];
      const fields = {
        subject: r.subject,
        status: r.status,
        priority: r.priority,
        category: r.category,
        tags: r.tags,
        requesterEmail: r.requesterEmail,
        requesterName: r.requesterName,
        requesterKind: person?.kind ?? 'other',
        requesterPersonId: person?.id ?? null,
        assigneeId: agent?.id ?? null,
        assigneeName: agent?.name ?? r.assignee,
        schoolId: place.schoolId ?? person?.schoolId ?? null,
        buildingId: place.buildingId,
        roomId: place.roomId,
        locationLabel: place.label,
        importHash: hash,
        createdAt: r.createdAt,
        updatedAt: last.at,
        firstResponseAt: r.firstResponseAt,
        resolvedAt:
          r.status === 'resolved' || r.status === 'closed' ? (history.find((h) => h.data.to === 'resolved')?.at ?? null) : null,
        closedAt: r.status === 'closed' ? (r.closedAt ?? null) : null,
        conversation: r.description.slice(0, 200_000),
      };
      let id: string;
      if (existing) {
        id = existing.id;
        await db.update(helpdeskTickets).set(fields).where(eq(helpdeskTickets.id, id));
        await db.delete(helpdeskEvents).where(and(eq(helpdeskEvents.ticketId, id), eq(helpdeskEvents.source, 'import')));
        await db.delete(helpdeskMessages).where(and(eq(helpdeskMessages.ticketId, id), eq(helpdeskMessages.channel, 'import')));
        summary.updated++;
      } else {
        id = newId();
        await db.insert(helpdeskTickets).values({ id, ...fields, channel: 'import', externalRef: ref });
        summary.created++;
      }
      await db
        .insert(helpdeskEvents)
        .values(history.map((h) => ({ ticketId: id, ...h, actorLabel: `Import of ${name}`, source: 'import' })));
      if (r.description) {
        await db.insert(helpdeskMessages).values({
          id: newId(),
          ticketId: id,
          at: r.createdAt,
          authorKind: 'requester',
          authorEmail: r.requesterEmail,
          authorName: r.requesterName,
          visibility: 'public',
          channel: 'import',
          bodyText: r.description,
        });
      }
      if (isOpen(r.status)) refresh.push(id);
      if (i % 200 === 0) progress(i, good.length, `Importing tickets: ${i} of ${good.length}`);
    }
    for (const id of refresh) await refreshTicketSla(t, id);
    const unknownCategories = [...new Set(good.map((r) => r.category).filter((c) => !known.has(c.toLowerCase())))];
    if (settled.note) summary.notes = [settled.note];
    if (unknownCategories.length) {
      summary.notes = [
        ...(summary.notes ?? []),
        `Categories not in the help desk's list (add them in Settings to offer them): ${unknownCategories.slice(0, 20).join(', ')}`,
      ];
    }
    await db.insert(helpdeskImports).values({
      id: newId(),
      fileName: name,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      at: ctx.clock.now(),
      actorLabel: actor.kind === 'user' ? actor.email : actor.name,
      rowsIn: summary.rowsIn,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
    });
    if (!options.dryRun && summary.created + summary.updated > 0) {
      await recordAudit(t, {
        action: 'helpdesk.import',
        summary: `Imported ${summary.created} new and ${summary.updated} changed past tickets from ${name}`,
        targetType: 'helpdesk',
        details: { file: name, created: summary.created, updated: summary.updated },
      });
    }
  });
  progress(good.length, good.length, 'Done');
  return summary;
}
