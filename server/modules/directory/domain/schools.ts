import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  insertSchool,
  type SchoolRow,
  selectBuildings,
  selectRooms,
  selectSchools,
  updateSchool,
} from '../db/directory-queries.ts';

export const SCHOOL_PHASES = ['prep', 'senior', 'primary', 'secondary', 'all-through', 'sixth-form', 'other'] as const;

export type School = { id: string; code: string; name: string; phase: string };
const present = (r: SchoolRow): School => ({
  id: r.id,
  code: r.code,
  name: r.name,
  phase: r.phase,
});

export const NewSchool = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'Use lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(120),
  phase: z.enum(SCHOOL_PHASES).default('other'),
});

/** Every signed-in user may see the schools (they pick one when raising a ticket). */
export async function listSchools(ctx: Ctx): Promise<School[]> {
  return (await selectSchools(ctx.db)).map(present);
}

/** Matches a school by code or name, case-insensitively; undefined if none. */
export function matchSchool(schools: School[], text: string): School | undefined {
  const t = text.trim().toLowerCase();
  return schools.find((s) => s.code === t || s.name.toLowerCase() === t);
}

export async function createSchool(ctx: Ctx, input: z.input<typeof NewSchool>): Promise<School> {
  requireRole(ctx, 'admin');
  const data = parseInput(NewSchool, input);
  const existing = await selectSchools(ctx.db);
  if (existing.some((s) => s.code === data.code)) throw new Conflict(`A school with code ${data.code} already exists`);
  const row = await insertSchool(ctx.db, { id: newId(), ...data });
  await recordAudit(ctx, {
    action: 'directory.school_create',
    summary: `Added school ${data.name}`,
    targetType: 'school',
    targetId: row.id,
  });
  return present(row);
}

export async function renameSchool(ctx: Ctx, id: string, input: { name?: string; phase?: string }): Promise<School> {
  requireRole(ctx, 'admin');
  const patch = parseInput(NewSchool.pick({ name: true, phase: true }).partial(), input);
  const row = await updateSchool(ctx.db, id, patch);
  if (!row) throw new NotFound('No such school');
  await recordAudit(ctx, {
    action: 'directory.school_change',
    summary: `Changed school ${row.name}`,
    targetType: 'school',
    targetId: id,
    details: patch,
  });
  return present(row);
}

export type Place = {
  schoolId: string;
  schoolCode: string;
  buildings: {
    id: string;
    code: string;
    name: string;
    rooms: { id: string; code: string; name: string; floor: string | null }[];
  }[];
};

/** Schools, their buildings and rooms: the places tickets, access points and incidents refer to. */
export async function listPlaces(ctx: Ctx): Promise<Place[]> {
  requireRole(ctx, ...IT_ROLES, 'slt', 'staff', 'pupil');
  // One after another: callers may be inside a transaction (one connection).
  const schools = await selectSchools(ctx.db);
  const buildings = await selectBuildings(ctx.db);
  const rooms = await selectRooms(ctx.db);
  return schools.map((s) => ({
    schoolId: s.id,
    schoolCode: s.code,
    buildings: buildings
      .filter((b) => b.schoolId === s.id)
      .map((b) => ({
        id: b.id,
        code: b.code,
        name: b.name,
        rooms: rooms
          .filter((r) => r.buildingId === b.id)
          .map((r) => ({
            id: r.id,
            code: r.code,
            name: r.name,
            floor: r.floor,
          })),
      })),
  }));
}

/** What an import says of a school it does not know: the ones it does, or how to add the first. */
export function unknownSchoolMessage(schools: readonly { code: string }[], text: string): string {
  const code =
    text
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'senior';
  if (schools.length === 0)
    return `unknown school "${text}": Belfry has no schools yet; add it first with \`belfry school add --code ${code} --name "${text}" --phase senior\` (or Settings, Schools), then import again`;
  return `unknown school "${text}" (known: ${schools.map((s) => s.code).join(', ')}; add another with \`belfry school add\` or in Settings, Schools)`;
}
