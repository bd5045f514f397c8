import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import {
  directoryBuildings,
  directoryGroupMembers,
  directoryGroups,
  directoryImports,
  directoryPeople,
  directoryRooms,
  directorySchools,
} from './tables.ts';

export type SchoolRow = typeof directorySchools.$inferSelect;
export type BuildingRow = typeof directoryBuildings.$inferSelect;
export type RoomRow = typeof directoryRooms.$inferSelect;
export type PersonRow = typeof directoryPeople.$inferSelect;
export type NewPersonRow = typeof directoryPeople.$inferInsert;
export type GroupRow = typeof directoryGroups.$inferSelect;

export const selectSchools = (db: Db): Promise<SchoolRow[]> =>
  db.select().from(directorySchools).orderBy(asc(directorySchools.name));

export async function insertSchool(db: Db, row: typeof directorySchools.$inferInsert): Promise<SchoolRow> {
  const rows = await db.insert(directorySchools).values(row).returning();
  return rows[0] as SchoolRow;
}

export async function updateSchool(db: Db, id: string, patch: Partial<typeof directorySchools.$inferInsert>) {
  const rows = await db.update(directorySchools).set(patch).where(eq(directorySchools.id, id)).returning();
  return rows[0];
}

export const selectBuildings = (db: Db): Promise<BuildingRow[]> =>
  db.select().from(directoryBuildings).orderBy(asc(directoryBuildings.name));

export const selectRooms = (db: Db): Promise<RoomRow[]> => db.select().from(directoryRooms).orderBy(asc(directoryRooms.code));

export async function upsertBuilding(db: Db, row: typeof directoryBuildings.$inferInsert): Promise<BuildingRow> {
  const rows = await db
    .insert(directoryBuildings)
    .values(row)
    .onConflictDoUpdate({
      target: [directoryBuildings.schoolId, directoryBuildings.code],
      set: { name: row.name },
    })
    .returning();
  return rows[0] as BuildingRow;
}

export async function upsertRoom(db: Db, row: typeof directoryRooms.$inferInsert): Promise<RoomRow> {
  const rows = await db
    .insert(directoryRooms)
    .values(row)
    .onConflictDoUpdate({
      target: [directoryRooms.buildingId, directoryRooms.code],
      set: { name: row.name, floor: row.floor },
    })
    .returning();
  return rows[0] as RoomRow;
}

export type PeopleFilter = {
  q?: string;
  kind?: 'staff' | 'pupil';
  schoolId?: string;
  yearGroup?: number;
  house?: string;
  includeLeavers?: boolean;
};

function peopleWhere(f: PeopleFilter): SQL | undefined {
  const where: SQL[] = [];
  if (!f.includeLeavers) where.push(eq(directoryPeople.isActive, true));
  if (f.kind) where.push(eq(directoryPeople.kind, f.kind));
  if (f.schoolId) where.push(eq(directoryPeople.schoolId, f.schoolId));
  if (f.yearGroup !== undefined) where.push(eq(directoryPeople.yearGroup, f.yearGroup));
  if (f.house) where.push(eq(directoryPeople.house, f.house));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const nameLike = or(
      ilike(directoryPeople.givenName, like),
      ilike(directoryPeople.familyName, like),
      ilike(directoryPeople.preferredName, like),
      ilike(directoryPeople.email, like),
      ilike(directoryPeople.externalId, like),
      ilike(sql`${directoryPeople.givenName} || ' ' || ${directoryPeople.familyName}`, like),
    );
    if (nameLike) where.push(nameLike);
  }
  return where.length ? and(...where) : undefined;
}

export async function selectPeople(db: Db, f: PeopleFilter, page: { limit: number; offset: number }) {
  const where = peopleWhere(f);
  // The id breaks ties between namesakes, so pages never overlap.
  const rows = await db
    .select()
    .from(directoryPeople)
    .where(where)
    .orderBy(asc(directoryPeople.familyName), asc(directoryPeople.givenName), asc(directoryPeople.id))
    .limit(page.limit)
    .offset(page.offset);
  const total = await db.select({ n: count() }).from(directoryPeople).where(where);
  return { rows, total: total[0]?.n ?? 0 };
}

export async function countPeopleBy(db: Db, f: PeopleFilter): Promise<number> {
  const rows = await db.select({ n: count() }).from(directoryPeople).where(peopleWhere(f));
  return rows[0]?.n ?? 0;
}

export async function selectPersonByEmail(db: Db, email: string): Promise<PersonRow | undefined> {
  const rows = await db.select().from(directoryPeople).where(sql`lower(${directoryPeople.email}) = ${email.toLowerCase()}`);
  return rows[0];
}

export async function selectPersonById(db: Db, id: string): Promise<PersonRow | undefined> {
  const rows = await db.select().from(directoryPeople).where(eq(directoryPeople.id, id));
  return rows[0];
}

export function selectPeopleByExternalIds(db: Db, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(directoryPeople).where(inArray(directoryPeople.externalId, ids));
}

/** People holding any of these addresses (compared lower-case, as the unique index does). */
export function selectPeopleByEmails(db: Db, emails: string[]): Promise<PersonRow[]> {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(directoryPeople)
    .where(inArray(sql`lower(${directoryPeople.email})`, emails));
}

export function selectActivePeopleOfKinds(db: Db, kinds: string[]): Promise<{ id: string; externalId: string }[]> {
  return db
    .select({ id: directoryPeople.id, externalId: directoryPeople.externalId })
    .from(directoryPeople)
    .where(and(eq(directoryPeople.isActive, true), inArray(directoryPeople.kind, kinds)));
}

export async function insertPeople(db: Db, rows: NewPersonRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(directoryPeople).values(rows.slice(i, i + 500));
}

export async function updatePerson(db: Db, id: string, patch: Partial<NewPersonRow>): Promise<void> {
  await db.update(directoryPeople).set(patch).where(eq(directoryPeople.id, id));
}

export async function markPeopleLeft(db: Db, ids: string[], leftOn: string, at: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .update(directoryPeople)
      .set({ isActive: false, leftOn, updatedAt: at })
      .where(inArray(directoryPeople.id, ids.slice(i, i + 500)));
  }
}

export const selectHouses = (db: Db) =>
  db
    .selectDistinct({ house: directoryPeople.house })
    .from(directoryPeople)
    .where(and(eq(directoryPeople.isActive, true), sql`${directoryPeople.house} is not null`))
    .orderBy(asc(directoryPeople.house));

export const selectGroups = (db: Db): Promise<GroupRow[]> => db.select().from(directoryGroups).orderBy(asc(directoryGroups.name));

export async function selectGroupsWithCounts(db: Db) {
  return db
    .select({
      group: directoryGroups,
      members: count(directoryGroupMembers.personId),
    })
    .from(directoryGroups)
    .leftJoin(directoryGroupMembers, eq(directoryGroupMembers.groupId, directoryGroups.id))
    .groupBy(directoryGroups.id)
    .orderBy(asc(directoryGroups.name));
}

export async function insertGroups(db: Db, rows: (typeof directoryGroups.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(directoryGroups).values(rows).onConflictDoNothing();
}

export function selectMembershipsOf(db: Db, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db.select().from(directoryGroupMembers).where(inArray(directoryGroupMembers.personId, personIds));
}

export async function replaceMemberships(db: Db, personId: string, groupIds: string[]): Promise<void> {
  await db.delete(directoryGroupMembers).where(eq(directoryGroupMembers.personId, personId));
  if (groupIds.length) await db.insert(directoryGroupMembers).values(groupIds.map((groupId) => ({ groupId, personId })));
}

export function selectGroupMembers(db: Db, groupId: string): Promise<PersonRow[]> {
  return db
    .select({ p: directoryPeople })
    .from(directoryGroupMembers)
    .innerJoin(directoryPeople, eq(directoryPeople.id, directoryGroupMembers.personId))
    .where(eq(directoryGroupMembers.groupId, groupId))
    .orderBy(asc(directoryPeople.familyName))
    .then((rows) => rows.map((r) => r.p));
}

export async function insertImportRecord(db: Db, row: typeof directoryImports.$inferInsert): Promise<void> {
  await db.insert(directoryImports).values(row);
}

export const selectImportRecords = (db: Db, limit: number) =>
  db.select().from(directoryImports).orderBy(sql`${directoryImports.at} desc`).limit(limit);
