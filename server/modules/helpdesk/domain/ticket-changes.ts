import { z } from 'zod';
import { type Ctx, IT_ROLES, requireActor, requireRole } from '../../../lib/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { getSetting } from '../../settings/index.ts';
import {
  type CannedRow,
  deleteCanned,
  insertCanned,
  selectAttachment,
  selectCanned,
  selectTicketById,
  selectTicketByNumber,
  updateTicketRow,
} from '../db/ticket-queries.ts';
import { loadTicketForAgent, loadVisibleTicket } from './access.ts';
import { categoriesSetting, teamsSetting } from './helpdesk-settings.ts';
import { refreshTicketSla } from './sla-policies.ts';
import { PRIORITIES, SETTABLE_STATUSES } from './ticket-model.ts';
import { addAttachmentRecord, attachmentProblem, type NewAttachment, recordEvent, resolveLocation } from './ticket-records.ts';
import { setStatus } from './ticket-status.ts';

/** The IT team's changes to a ticket: each one an event, restricted-ticket changes audited. */

export const TicketPatch = z.object({
  status: z.enum(SETTABLE_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.string().trim().max(40).optional(),
  assigneeId: z.uuid().nullable().optional(),
  team: z.string().trim().max(40).nullable().optional(),
  schoolId: z.uuid().nullable().optional(),
  buildingId: z.uuid().nullable().optional(),
  roomId: z.uuid().nullable().optional(),
  asset: z.string().trim().max(120).nullable().optional(),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(30)).max(20).optional(),
  restricted: z.boolean().optional(),
  /** Account ids of the people who may open a restricted ticket. */
  restrictedTo: z.array(z.uuid()).max(20).optional(),
});

export async function changeTicket(ctx: Ctx, id: string, input: z.input<typeof TicketPatch>): Promise<void> {
  requireRole(ctx, ...IT_ROLES, 'slt', 'staff', 'pupil');
  const patch = parseInput(TicketPatch, input);
  const { ticket } = await loadTicketForAgent(ctx, id, 'Changed');
  if (ticket.status === 'merged') throw new Invalid('This ticket was merged into another');
  const changes: Record<string, unknown> = {};
  if (patch.priority && patch.priority !== ticket.priority) {
    await recordEvent(ctx, id, 'priority', { from: ticket.priority, to: patch.priority });
    changes.priority = patch.priority;
  }
  if (patch.category && patch.category !== ticket.category) {
    const categories = await getSetting(ctx, categoriesSetting);
    if (!categories.includes(patch.category)) throw new Invalid(`category: choose one of ${categories.join(', ')}`);
    await recordEvent(ctx, id, 'category', { from: ticket.category, to: patch.category });
    changes.category = patch.category;
    if (patch.category === 'Wi-Fi' && !ticket.tags.includes('wifi')) changes.tags = [...ticket.tags, 'wifi'];
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) {
    const agents = (await listUserSummaries(ctx)).filter((u) => u.isActive && (IT_ROLES as string[]).includes(u.role));
    const agent = patch.assigneeId ? agents.find((a) => a.id === patch.assigneeId) : null;
    if (patch.assigneeId && !agent) throw new Invalid('assigneeId: not a member of the IT team');
    await recordEvent(ctx, id, 'assigned', { from: ticket.assigneeId, to: agent?.id ?? null, toName: agent?.name ?? null });
    changes.assigneeId = agent?.id ?? null;
    changes.assigneeName = agent?.name ?? null;
  }
  if (patch.team !== undefined && patch.team !== ticket.team) {
    if (patch.team && !(await getSetting(ctx, teamsSetting)).includes(patch.team)) throw new Invalid('team: no such team');
    await recordEvent(ctx, id, 'changed', { field: 'team', from: ticket.team, to: patch.team });
    changes.team = patch.team;
  }
  if (patch.schoolId !== undefined || patch.buildingId !== undefined || patch.roomId !== undefined) {
    const loc = await resolveLocation(ctx, patch);
    if (loc.label !== ticket.locationLabel) {
      await recordEvent(ctx, id, 'location', { from: ticket.locationLabel, to: loc.label });
      Object.assign(changes, {
        schoolId: loc.schoolId,
        buildingId: loc.buildingId,
        roomId: loc.roomId,
        locationLabel: loc.label,
      });
    }
  }
  if (patch.asset !== undefined && patch.asset !== ticket.asset) {
    await recordEvent(ctx, id, 'changed', { field: 'asset', from: ticket.asset, to: patch.asset });
    changes.asset = patch.asset;
  }
  if (patch.tags) {
    const tags = [...new Set(patch.tags)];
    if (tags.join(',') !== ticket.tags.join(',')) {
      await recordEvent(ctx, id, 'changed', { field: 'tags', from: ticket.tags, to: tags });
      changes.tags = tags;
    }
  }
  if (patch.restricted !== undefined || patch.restrictedTo) {
    const restricted = patch.restricted ?? ticket.restricted;
    const named = patch.restrictedTo ?? ticket.restrictedTo;
    await recordEvent(ctx, id, 'restricted', { restricted, named: named.length });
    await recordAudit(ctx, {
      action: 'helpdesk.restrict',
      summary: `${restricted ? 'Restricted' : 'Unrestricted'} ticket #${ticket.number}`,
      targetType: 'helpdesk_ticket',
      targetId: id,
      details: { restricted, named },
    });
    Object.assign(changes, { restricted, restrictedTo: named });
  }
  if (Object.keys(changes).length) await updateTicketRow(ctx.db, id, changes);
  if (patch.status) await setStatus(ctx, { ...ticket, ...changes } as typeof ticket, patch.status);
  await refreshTicketSla(ctx, id);
}

/** Merges a duplicate into another ticket: the duplicate's conversation stays where it was, marked merged. */
/**
 * Merges a duplicate into another ticket. Merging never widens who may read a ticket without
 * asking: when the duplicate's requester is not already on the target, the merge is refused with
 * the question (409) until the agent says whether they join it (`addRequester: true`, they then
 * read the target's public thread) or not (`false`: the duplicate closes into the target and its
 * requester is told nothing more from it). A restricted target never gains a reader this way.
 */
export async function mergeTicket(
  ctx: Ctx,
  id: string,
  input: { into: number | string; addRequester?: boolean },
): Promise<{ intoId: string; requesterAdded: boolean }> {
  const { ticket } = await loadTicketForAgent(ctx, id, 'Merged');
  const target =
    typeof input.into === 'number' ? await selectTicketByNumber(ctx.db, input.into) : await selectTicketById(ctx.db, input.into);
  if (!target || target.id === ticket.id) throw new NotFound('No such ticket to merge into');
  await loadTicketForAgent(ctx, target.id, 'Merged into');
  if (target.status === 'merged') throw new Invalid(`#${target.number} was itself merged; merge into the ticket it went to`);
  const newcomer = ticket.requesterEmail?.toLowerCase();
  const widens = !!newcomer && newcomer !== target.requesterEmail?.toLowerCase() && !target.collaborators.includes(newcomer);
  if (widens && input.addRequester === true && target.restricted) {
    throw new Forbidden(
      `#${target.number} is restricted: ${ticket.requesterName} cannot be added to it. Merge without adding them, or link the tickets instead.`,
    );
  }
  if (widens && input.addRequester === undefined) {
    throw new Conflict(
      `#${ticket.number} was raised by ${ticket.requesterName}${ticket.requesterKind === 'pupil' ? ' (a pupil)' : ''}, #${target.number} by ${target.requesterName}. ` +
        `Adding ${ticket.requesterName} to #${target.number} would let them read its replies. Choose whether to add them, or merge without adding them.`,
    );
  }
  const added = widens && input.addRequester === true;
  await recordEvent(ctx, id, 'merged', { into: target.id, intoNumber: target.number, requesterAdded: added });
  await setStatus(ctx, ticket, 'merged', { into: target.id });
  await updateTicketRow(ctx.db, id, { mergedIntoId: target.id });
  if (added) {
    await updateTicketRow(ctx.db, target.id, { collaborators: [...target.collaborators, newcomer as string] });
    await recordEvent(ctx, target.id, 'collaborator_added', { email: newcomer, via: 'merge' });
  }
  await recordEvent(ctx, target.id, 'changed', { field: 'merged_from', from: null, to: ticket.number });
  await refreshTicketSla(ctx, id);
  return { intoId: target.id, requesterAdded: added };
}

export async function attachToTicket(ctx: Ctx, id: string, file: NewAttachment): Promise<{ id: string }> {
  const { ticket } = await loadVisibleTicket(ctx, id, 'Attached a file to');
  const problem = await attachmentProblem(ctx, file);
  if (problem) throw new Invalid(problem);
  const attachmentId = await addAttachmentRecord(ctx, ticket.id, null, file);
  await recordEvent(ctx, ticket.id, 'changed', { field: 'attachment', to: file.fileName });
  return { id: attachmentId };
}

export async function readAttachment(ctx: Ctx, attachmentId: string) {
  requireActor(ctx);
  const a = await selectAttachment(ctx.db, attachmentId);
  if (!a) throw new NotFound('No such file');
  await loadVisibleTicket(ctx, a.ticketId, 'Downloaded a file from');
  return a;
}

export type CannedResponse = { id: string; title: string; body: string };
const presentCanned = (r: CannedRow): CannedResponse => ({ id: r.id, title: r.title, body: r.body });

export async function listCannedResponses(ctx: Ctx): Promise<CannedResponse[]> {
  requireRole(ctx, ...IT_ROLES);
  return (await selectCanned(ctx.db)).map(presentCanned);
}

export const CannedInput = z.object({ title: z.string().trim().min(1).max(80), body: z.string().trim().min(1).max(5000) });

export async function addCannedResponse(ctx: Ctx, input: z.input<typeof CannedInput>): Promise<CannedResponse> {
  const actor = requireRole(ctx, ...IT_ROLES);
  const data = parseInput(CannedInput, input);
  const row = await insertCanned(ctx.db, {
    id: newId(),
    ...data,
    createdBy: actor.kind === 'user' ? actor.email : actor.name,
    createdAt: ctx.clock.now(),
  });
  return presentCanned(row);
}

export async function removeCannedResponse(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, ...IT_ROLES);
  if (!(await deleteCanned(ctx.db, id))) throw new NotFound('No such canned response');
}
