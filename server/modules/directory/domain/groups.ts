import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { selectGroupMembers, selectGroupsWithCounts } from '../db/directory-queries.ts';
import { type Person, presentPerson } from './people.ts';

export type Group = {
  id: string;
  code: string;
  name: string;
  kind: string;
  members: number;
};

export async function listGroups(ctx: Ctx): Promise<Group[]> {
  requireRole(ctx, ...IT_ROLES);
  return (await selectGroupsWithCounts(ctx.db)).map((r) => ({
    id: r.group.id,
    code: r.group.code,
    name: r.group.name,
    kind: r.group.kind,
    members: r.members,
  }));
}

export async function listGroupMembers(ctx: Ctx, groupId: string): Promise<Person[]> {
  requireRole(ctx, ...IT_ROLES);
  return (await selectGroupMembers(ctx.db, groupId)).map(presentPerson);
}
