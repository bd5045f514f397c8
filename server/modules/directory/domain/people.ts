import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import {
  countPeopleBy,
  type PeopleFilter,
  type PersonRow,
  selectHouses,
  selectPeople,
  selectPeopleByEmails,
  selectPersonByEmail,
  selectPersonById,
  selectSchools,
} from '../db/directory-queries.ts';

export type PersonKind = 'staff' | 'pupil';

export type Person = {
  id: string;
  externalId: string;
  kind: PersonKind;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  displayName: string;
  email: string | null;
  schoolId: string | null;
  yearGroup: number | null;
  yearLabel: string | null;
  house: string | null;
  tutorGroup: string | null;
  jobTitle: string | null;
  department: string | null;
  isActive: boolean;
  leftOn: string | null;
};

/** 'Reception' for 0, 'Nursery' for -1, else 'Year n'. */
export function yearLabel(year: number | null): string | null {
  if (year === null) return null;
  if (year === 0) return 'Reception';
  if (year === -1) return 'Nursery';
  return `Year ${year}`;
}

export const presentPerson = (r: PersonRow): Person => ({
  id: r.id,
  externalId: r.externalId,
  kind: r.kind as PersonKind,
  givenName: r.givenName,
  familyName: r.familyName,
  preferredName: r.preferredName,
  displayName: `${r.preferredName ?? r.givenName} ${r.familyName}`,
  email: r.email,
  schoolId: r.schoolId,
  yearGroup: r.yearGroup,
  yearLabel: yearLabel(r.yearGroup),
  house: r.house,
  tutorGroup: r.tutorGroup,
  jobTitle: r.jobTitle,
  department: r.department,
  isActive: r.isActive,
  leftOn: r.leftOn,
});

/** The directory is pupils' personal data: the Director and the IT team only. */
export async function listPeople(
  ctx: Ctx,
  filter: PeopleFilter & { limit?: number; offset?: number },
): Promise<{ people: Person[]; total: number }> {
  requireRole(ctx, ...IT_ROLES);
  const { rows, total } = await selectPeople(ctx.db, filter, {
    limit: Math.min(filter.limit ?? 50, 500),
    offset: filter.offset ?? 0,
  });
  return { people: rows.map(presentPerson), total };
}

export async function getPerson(ctx: Ctx, id: string): Promise<Person> {
  requireRole(ctx, ...IT_ROLES);
  const row = await selectPersonById(ctx.db, id);
  if (!row) throw new NotFound('No such person');
  return presentPerson(row);
}

/** For other modules (sign-in provisioning, identity joins): no role check of its own. */
export async function findPersonByEmail(ctx: Ctx, email: string): Promise<Person | undefined> {
  const row = await selectPersonByEmail(ctx.db, email);
  return row ? presentPerson(row) : undefined;
}

/**
 * Many people by email at once (one query), for other modules naming the people behind a list:
 * keyed by the lower-cased address; an address with no one is left out. No role check of its own.
 */
export async function findPeopleByEmails(ctx: Ctx, emails: readonly string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  const lower = [...new Set(emails.map((e) => e.toLowerCase()))];
  for (const row of await selectPeopleByEmails(ctx.db, lower)) {
    const key = (row.email ?? '').toLowerCase();
    if (!out.has(key)) out.set(key, presentPerson(row));
  }
  return out;
}

/** Counts for response rates and the People page summary. No names leave this function. */
export function countPeople(ctx: Ctx, filter: PeopleFilter): Promise<number> {
  return countPeopleBy(ctx.db, filter);
}

export type DirectorySummary = {
  schools: {
    id: string;
    code: string;
    name: string;
    pupils: number;
    staff: number;
  }[];
  houses: string[];
};

export async function summariseDirectory(ctx: Ctx): Promise<DirectorySummary> {
  requireRole(ctx, ...IT_ROLES);
  const schools = await selectSchools(ctx.db);
  const counted = await Promise.all(
    schools.map(async (s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      pupils: await countPeopleBy(ctx.db, { schoolId: s.id, kind: 'pupil' }),
      staff: await countPeopleBy(ctx.db, { schoolId: s.id, kind: 'staff' }),
    })),
  );
  const houses = (await selectHouses(ctx.db)).map((h) => h.house).filter((h): h is string => !!h);
  return { schools: counted, houses };
}
