import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { listSchools } from '../../directory/index.ts';
import { helpdeskTickets } from '../db/tables.ts';

/**
 * Splits the tickets behind a figure of `getHelpdeskMetrics` (its `drill` ids: created,
 * resolved, openAtEnd) by school and by requester type, and counts the open ones older than a
 * number of calendar days at the period's end: the termly report's "by site and requester" and
 * "older than 30 days". Counts only, no names. No role check: the caller checks.
 */

export type TicketSplit = {
  total: number;
  bySchool: { schoolId: string | null; name: string; count: number }[];
  byRequester: { kind: string; label: string; count: number }[];
};

const REQUESTER_LABELS: Record<string, string> = { staff: 'Staff', pupil: 'Pupils', other: 'Others' };

export async function readTicketBreakdown(
  ctx: Ctx,
  input: { created: string[]; resolved: string[]; openAtEnd: string[]; at: Date; olderThanDays?: number },
): Promise<{ created: TicketSplit; resolved: TicketSplit; openOlderThan: { days: number; count: number; ids: string[] } }> {
  const ids = [...new Set([...input.created, ...input.resolved, ...input.openAtEnd])];
  const rows: { id: string; schoolId: string | null; requesterKind: string; createdAt: Date }[] = [];
  for (let i = 0; i < ids.length; i += 2000) {
    rows.push(
      ...(await ctx.db
        .select({
          id: helpdeskTickets.id,
          schoolId: helpdeskTickets.schoolId,
          requesterKind: helpdeskTickets.requesterKind,
          createdAt: helpdeskTickets.createdAt,
        })
        .from(helpdeskTickets)
        .where(inArray(helpdeskTickets.id, ids.slice(i, i + 2000)))),
    );
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const schools = await listSchools(ctx);
  const schoolName = (id: string | null) => schools.find((s) => s.id === id)?.name ?? 'No school given';
  const split = (list: string[]): TicketSplit => {
    const bySchool = new Map<string | null, number>();
    const byKind = new Map<string, number>();
    for (const id of list) {
      const r = byId.get(id);
      if (!r) continue;
      bySchool.set(r.schoolId, (bySchool.get(r.schoolId) ?? 0) + 1);
      const kind = REQUESTER_LABELS[r.requesterKind] ? r.requesterKind : 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    return {
      total: list.length,
      bySchool: [...bySchool]
        .map(([schoolId, count]) => ({ schoolId, name: schoolName(schoolId), count }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      byRequester: Object.keys(REQUESTER_LABELS)
        .filter((k) => byKind.has(k))
        .map((kind) => ({ kind, label: REQUESTER_LABELS[kind] as string, count: byKind.get(kind) as number })),
    };
  };
  const days = input.olderThanDays ?? 30;
  const cutoff = input.at.getTime() - days * 86_400_000;
  const old = input.openAtEnd.filter((id) => {
    const r = byId.get(id);
    return r && r.createdAt.getTime() < cutoff;
  });
  return { created: split(input.created), resolved: split(input.resolved), openOlderThan: { days, count: old.length, ids: old } };
}
