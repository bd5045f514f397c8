import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { CADENCES } from '../catalogues/catalogue-schema.ts';
import { selectFramework, selectFrameworks, selectStandards } from '../db/standards-queries.ts';
import { standardsFrameworks, standardsRequirements, standardsStandards } from '../db/tables.ts';
import { EDIT_ROLES, todayOf } from './access.ts';

/**
 * The school's own catalogues (its insurer's cyber conditions, a trust's policy): the same
 * shape as a built-in one, written in Belfry. Its version is the date it last changed.
 */

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'item';

export const SchoolCatalogueInput = z.object({
  title: z.string().trim().min(3).max(120),
  summary: z.string().trim().max(1000).default(''),
  inReport: z.boolean().default(true),
});
export const SchoolStandardInput = z.object({ title: z.string().trim().min(3).max(200), core: z.boolean().default(false) });
export const SchoolRequirementInput = z.object({
  text: z.string().trim().min(5).max(1000),
  level: z.enum(['must', 'should']).default('must'),
  cadence: z.enum(CADENCES),
  statutory: z.boolean().default(false),
  evidenceHint: z.string().trim().max(500).default(''),
});

async function touch(ctx: Ctx, key: string) {
  await ctx.db
    .update(standardsFrameworks)
    .set({ version: todayOf(ctx), updatedAt: ctx.clock.now() })
    .where(eq(standardsFrameworks.key, key));
}

export async function createSchoolCatalogue(ctx: Ctx, input: z.input<typeof SchoolCatalogueInput>): Promise<{ key: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const c = parseInput(SchoolCatalogueInput, input);
  const key = `school-${slug(c.title)}`;
  if (await selectFramework(ctx.db, key)) throw new Conflict(`There is already a catalogue called ${c.title}`);
  const now = ctx.clock.now();
  await ctx.db.insert(standardsFrameworks).values({
    key,
    title: c.title,
    version: todayOf(ctx),
    builtIn: false,
    inReport: c.inReport,
    summary: c.summary,
    position: 100 + (await selectFrameworks(ctx.db)).length,
    adoptedAt: now,
    updatedAt: now,
  });
  await recordAudit(ctx, {
    action: 'standards.school',
    summary: `Added the catalogue ${c.title}`,
    targetType: 'standards_framework',
    targetId: key,
  });
  return { key };
}

export async function addSchoolStandard(
  ctx: Ctx,
  key: string,
  input: z.input<typeof SchoolStandardInput>,
): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const s = parseInput(SchoolStandardInput, input);
  const f = await selectFramework(ctx.db, key);
  if (!f) throw new NotFound('There is no such catalogue');
  if (f.builtIn) throw new Invalid('A built-in catalogue changes only by a new edition');
  const id = `${key}.${slug(s.title)}`;
  const n = (await selectStandards(ctx.db)).filter((x) => x.frameworkKey === key).length;
  if ((await selectStandards(ctx.db)).some((x) => x.id === id)) throw new Conflict(`${s.title} is already there`);
  await ctx.db.insert(standardsStandards).values({
    id,
    frameworkKey: key,
    title: s.title,
    core: s.core,
    whenToMeet: 'As the school decides.',
    position: f.position * 10_000 + n * 100,
  });
  await touch(ctx, key);
  return { id };
}

export async function addSchoolRequirement(
  ctx: Ctx,
  standardId: string,
  input: z.input<typeof SchoolRequirementInput>,
): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const r = parseInput(SchoolRequirementInput, input);
  const standard = (await selectStandards(ctx.db)).find((s) => s.id === standardId);
  if (!standard) throw new NotFound('There is no such standard');
  const f = await selectFramework(ctx.db, standard.frameworkKey);
  if (!f || f.builtIn) throw new Invalid('A built-in catalogue changes only by a new edition');
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: count() })
    .from(standardsRequirements)
    .where(eq(standardsRequirements.standardId, standardId));
  const id = `${standardId}.${n + 1}`;
  await ctx.db.insert(standardsRequirements).values({
    id,
    standardId,
    text: r.text,
    level: r.level,
    cadence: r.cadence,
    statutory: r.statutory,
    evidenceHint: r.evidenceHint,
    links: [],
    position: standard.position + n + 1,
  });
  await touch(ctx, f.key);
  return { id };
}
