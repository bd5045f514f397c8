import { eq as sqlEq } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { BUILT_IN_CATALOGUES, findCatalogue } from '../catalogues/built-in.ts';
import {
  type AssessmentRow,
  deleteAssessment,
  insertHistory,
  insertUpgrade,
  moveActions,
  moveEvidence,
  moveHistory,
  selectAssessment,
  selectEvidence,
  selectFramework,
  selectFrameworks,
  selectRequirement,
  selectRequirements,
  selectStandards,
  selectUpgrades,
  upsertAssessment,
} from '../db/standards-queries.ts';
import { standardsFrameworks, standardsRequirements, type UpgradeReport } from '../db/tables.ts';
import { actorLabel, EDIT_ROLES, READ_ROLES } from './access.ts';
import { retireRows, writeCatalogueRows } from './catalogue-rows.ts';
import type { Status } from './review-rules.ts';

/**
 * Adopting a built-in catalogue, upgrading it to a newer edition (old requirement ids mapped to
 * new ones, evidence, actions and history carried, what has no successor listed for the
 * Director: AT-33), and each catalogue's options (in the report, certificate dates).
 */

const versionIndex = (key: string, version: string) =>
  BUILT_IN_CATALOGUES.filter((c) => c.key === key).findIndex((c) => c.version === version);

export async function adoptCatalogue(ctx: Ctx, key: string, version?: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const file = findCatalogue(key, version);
  if (!file) throw new NotFound(`There is no built-in catalogue ${key}${version ? ` version ${version}` : ''}`);
  if (await selectFramework(ctx.db, key)) throw new Conflict(`${file.title} is already tracked: upgrade it instead`);
  const now = ctx.clock.now();
  const position = BUILT_IN_CATALOGUES.findIndex((c) => c.key === key);
  await ctx.db.transaction(async (db) => {
    await db.insert(standardsFrameworks).values({
      key,
      title: file.title,
      version: file.version,
      label: file.label ?? null,
      benchmark: file.benchmark,
      builtIn: true,
      inReport: file.inReportByDefault,
      summary: file.summary,
      sourceUrl: file.sourceUrl,
      publishedOn: file.publishedOn,
      position,
      adoptedAt: now,
      updatedAt: now,
    });
    await writeCatalogueRows(db, file, position * 10_000);
  });
  await recordAudit(ctx, {
    action: 'standards.adopt',
    summary: `Started tracking ${file.title} (version ${file.version})`,
    targetType: 'standards_framework',
    targetId: key,
  });
}

const WORST_FIRST: Status[] = ['not_met', 'not_assessed', 'partial', 'met', 'n_a'];

/** Several old requirements folded into one: the least favourable status and the oldest review (conservative). */
function mergeAssessments(
  rows: AssessmentRow[],
): Pick<AssessmentRow, 'status' | 'ownerId' | 'ownerName' | 'lastReviewedOn' | 'notes'> {
  const status = WORST_FIRST.find((s) => rows.some((r) => r.status === s)) ?? 'not_assessed';
  const reviewed = rows
    .map((r) => r.lastReviewedOn)
    .filter((d): d is string => !!d)
    .sort();
  const owner = rows.find((r) => r.ownerName);
  const notes = rows
    .map((r) => r.notes)
    .filter(Boolean)
    .join('\n');
  return {
    status,
    ownerId: owner?.ownerId ?? null,
    ownerName: owner?.ownerName ?? null,
    lastReviewedOn: reviewed[0] ?? null,
    notes: notes || null,
  };
}

/** Moves an old requirement's assessment, evidence, actions and history onto `to` (merging with what is there). */
async function carry(ctx: Ctx, from: string, to: string, note: string): Promise<void> {
  const db = ctx.db;
  const old = await selectAssessment(db, from);
  const existing = await selectAssessment(db, to);
  await moveHistory(db, from, to);
  await moveEvidence(db, from, to);
  await moveActions(db, from, to);
  if (!old) return;
  const merged = mergeAssessments(existing ? [existing, old] : [old]);
  await upsertAssessment(db, { requirementId: to, ...merged, updatedAt: ctx.clock.now() });
  await deleteAssessment(db, from);
  await insertHistory(db, {
    requirementId: to,
    originalRequirementId: to,
    at: ctx.clock.now(),
    by: actorLabel(ctx),
    kind: 'carried',
    note,
    status: merged.status,
    ownerName: merged.ownerName,
    lastReviewedOn: merged.lastReviewedOn,
  });
}

export async function upgradeCatalogue(ctx: Ctx, key: string, toVersion?: string): Promise<UpgradeReport> {
  requireRole(ctx, ...EDIT_ROLES);
  const framework = await selectFramework(ctx.db, key);
  if (!framework?.builtIn) throw new NotFound(`${key} is not a built-in catalogue the school tracks`);
  const target = findCatalogue(key, toVersion);
  if (!target) throw new NotFound(`There is no version ${toVersion} of ${framework.title}`);
  if (versionIndex(key, target.version) <= versionIndex(key, framework.version))
    throw new Invalid(`${framework.title} is already at version ${framework.version}`);
  const map = target.upgradesFrom.find((u) => u.version === framework.version)?.map ?? {};
  const newIds = new Set(target.standards.flatMap((s) => s.requirements.map((r) => r.id)));
  const standards = new Set((await selectStandards(ctx.db)).filter((s) => s.frameworkKey === key).map((s) => s.id));
  const old = (await selectRequirements(ctx.db)).filter((r) => standards.has(r.standardId) && !r.retiredIn);
  const oldIds = new Set(old.map((r) => r.id));
  const report: UpgradeReport = { mapped: [], unmapped: [], added: [] };
  const label = `${framework.title} ${framework.version} → ${target.version}`;
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    await writeCatalogueRows(db, target, framework.position * 10_000);
    const mappedTargets = new Set<string>();
    for (const r of old) {
      if (newIds.has(r.id)) continue;
      const to = map[r.id];
      if (to && newIds.has(to)) {
        await carry(tx, r.id, to, `${label}: carried from “${r.text}”`);
        report.mapped.push({ from: r.id, to });
        mappedTargets.add(to);
        continue;
      }
      const assessment = await selectAssessment(db, r.id);
      const evidence = await selectEvidence(db, [r.id]);
      report.unmapped.push({ id: r.id, text: r.text, hadAssessment: !!assessment, evidence: evidence.length });
    }
    for (const s of target.standards)
      for (const r of s.requirements)
        if (!oldIds.has(r.id) && !mappedTargets.has(r.id)) report.added.push({ id: r.id, text: r.text });
    await retireRows(
      db,
      key,
      target.version,
      target.standards.map((s) => s.id),
      [...newIds],
    );
    for (const u of report.unmapped) await db.update(standardsRequirements).set({ reviewState: 'pending' }).where(eqId(u.id));
    await db
      .update(standardsFrameworks)
      .set({
        title: target.title,
        version: target.version,
        label: target.label ?? null,
        summary: target.summary,
        sourceUrl: target.sourceUrl,
        publishedOn: target.publishedOn,
        updatedAt: ctx.clock.now(),
      })
      .where(eqKey(key));
    await insertUpgrade(db, {
      id: newId(),
      frameworkKey: key,
      fromVersion: framework.version,
      toVersion: target.version,
      at: ctx.clock.now(),
      by: actorLabel(ctx),
      report,
    });
  });
  await recordAudit(ctx, {
    action: 'standards.upgrade',
    summary: `Upgraded ${label}: ${report.mapped.length} mapped, ${report.unmapped.length} without a successor`,
    targetType: 'standards_framework',
    targetId: key,
  });
  return report;
}

const eqId = (id: string) => sqlEq(standardsRequirements.id, id);
const eqKey = (key: string) => sqlEq(standardsFrameworks.key, key);

/** A requirement an upgrade left without a successor: carry it to a current one, or dismiss it. */
export async function resolveUnmapped(
  ctx: Ctx,
  id: string,
  input: { carryTo?: string | null; note?: string | null },
): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const r = await selectRequirement(ctx.db, id);
  if (r?.reviewState !== 'pending') throw new NotFound('That requirement is not waiting for review');
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    if (input.carryTo) {
      const to = await selectRequirement(db, input.carryTo);
      if (!to || to.retiredIn) throw new Invalid('carryTo: choose a current requirement');
      await carry(tx, id, to.id, `Carried by hand from “${r.text}”${input.note ? `: ${input.note}` : ''}`);
    } else {
      const a = await selectAssessment(db, id);
      await insertHistory(db, {
        requirementId: id,
        originalRequirementId: id,
        at: ctx.clock.now(),
        by: actorLabel(ctx),
        kind: 'dismissed',
        note: input.note || 'No successor in the new edition',
        status: a?.status ?? 'not_assessed',
        ownerName: a?.ownerName ?? null,
        lastReviewedOn: a?.lastReviewedOn ?? null,
      });
    }
    await db
      .update(standardsRequirements)
      .set({ reviewState: input.carryTo ? 'carried' : 'dismissed' })
      .where(eqId(id));
  });
  await recordAudit(ctx, {
    action: 'standards.resolve',
    summary: input.carryTo ? `Carried ${id} to ${input.carryTo}` : `Dismissed ${id} after the upgrade`,
    targetType: 'standards_requirement',
    targetId: id,
  });
}

const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2027-04-27');
export const CatalogueOptions = z.object({
  inReport: z.boolean().optional(),
  certificateExpiresOn: IsoDate.nullish(),
  nextAssessmentOn: IsoDate.nullish(),
});

export async function setCatalogueOptions(ctx: Ctx, key: string, input: z.input<typeof CatalogueOptions>): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const o = parseInput(CatalogueOptions, input);
  if (!(await selectFramework(ctx.db, key))) throw new NotFound('That catalogue is not tracked');
  await ctx.db
    .update(standardsFrameworks)
    .set({ ...o, updatedAt: ctx.clock.now() })
    .where(eqKey(key));
  await recordAudit(ctx, {
    action: 'standards.options',
    summary: `Changed the options of ${key}`,
    targetType: 'standards_framework',
    targetId: key,
    details: o,
  });
}

export type CatalogueSummary = {
  key: string;
  title: string;
  label: string | null;
  adopted: string | null;
  latest: string;
  versions: string[];
  summary: string;
};

/** The built-in catalogues, which version the school tracks and which is newest; and the upgrades done. */
export async function listCatalogues(ctx: Ctx) {
  requireRole(ctx, ...READ_ROLES);
  const frameworks = await selectFrameworks(ctx.db);
  const keys = [...new Set(BUILT_IN_CATALOGUES.map((c) => c.key))];
  const builtIn: CatalogueSummary[] = keys.map((key) => {
    const versions = BUILT_IN_CATALOGUES.filter((c) => c.key === key);
    const latest = versions.at(-1) as (typeof versions)[number];
    return {
      key,
      title: latest.title,
      label: latest.label ?? null,
      adopted: frameworks.find((f) => f.key === key)?.version ?? null,
      latest: latest.version,
      versions: versions.map((v) => v.version),
      summary: latest.summary,
    };
  });
  const upgrades = (await selectUpgrades(ctx.db)).map((u) => ({ ...u, at: u.at.toISOString() }));
  return { builtIn, upgrades };
}
