import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../../../lib/context.ts';
import { directoryGroupMembers, directoryGroups, directoryPeople } from '../db/tables.ts';

/**
 * Staff groups and their active members, for modules that address a group of staff (phishing
 * simulations). Read functions for other modules: no role check of their own, callers check.
 */

export type StaffGroup = { id: string; code: string; name: string; kind: string; staff: number };
export type StaffMember = {
  groupId: string;
  personId: string;
  email: string;
  givenName: string;
  preferredName: string | null;
  familyName: string;
  department: string | null;
};

/** Every group with at least one active member of staff, with how many. */
export async function listStaffGroups(ctx: Ctx): Promise<StaffGroup[]> {
  const rows = await ctx.db
    .select({
      id: directoryGroups.id,
      code: directoryGroups.code,
      name: directoryGroups.name,
      kind: directoryGroups.kind,
      staff: sql<number>`count(${directoryPeople.id})::int`,
    })
    .from(directoryGroups)
    .innerJoin(directoryGroupMembers, eq(directoryGroupMembers.groupId, directoryGroups.id))
    .innerJoin(
      directoryPeople,
      and(
        eq(directoryPeople.id, directoryGroupMembers.personId),
        eq(directoryPeople.kind, 'staff'),
        eq(directoryPeople.isActive, true),
      ),
    )
    .groupBy(directoryGroups.id)
    .orderBy(asc(directoryGroups.name));
  return rows.map((r) => ({ ...r, staff: Number(r.staff) }));
}

/** Active staff with an email address in the given groups, one row per membership. */
export async function listStaffInGroups(ctx: Ctx, groupIds: readonly string[]): Promise<StaffMember[]> {
  if (groupIds.length === 0) return [];
  const rows = await ctx.db
    .select({
      groupId: directoryGroupMembers.groupId,
      personId: directoryPeople.id,
      email: directoryPeople.email,
      givenName: directoryPeople.givenName,
      preferredName: directoryPeople.preferredName,
      familyName: directoryPeople.familyName,
      department: directoryPeople.department,
    })
    .from(directoryGroupMembers)
    .innerJoin(directoryPeople, eq(directoryPeople.id, directoryGroupMembers.personId))
    .where(
      and(
        inArray(directoryGroupMembers.groupId, [...groupIds]),
        eq(directoryPeople.kind, 'staff'),
        eq(directoryPeople.isActive, true),
        sql`${directoryPeople.email} is not null`,
      ),
    )
    .orderBy(asc(directoryPeople.familyName), asc(directoryPeople.givenName));
  return rows.map((r) => ({ ...r, email: r.email as string }));
}

/** Members of staff by id, for modules that keep an id and show a name (active or not). */
export async function listStaffByIds(
  ctx: Ctx,
  ids: readonly string[],
): Promise<{ id: string; name: string; email: string | null; department: string | null; isActive: boolean }[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({
      id: directoryPeople.id,
      givenName: directoryPeople.givenName,
      preferredName: directoryPeople.preferredName,
      familyName: directoryPeople.familyName,
      email: directoryPeople.email,
      department: directoryPeople.department,
      isActive: directoryPeople.isActive,
    })
    .from(directoryPeople)
    .where(and(inArray(directoryPeople.id, [...ids]), eq(directoryPeople.kind, 'staff')));
  return rows.map((r) => ({
    id: r.id,
    name: `${r.preferredName ?? r.givenName} ${r.familyName}`,
    email: r.email,
    department: r.department,
    isActive: r.isActive,
  }));
}
