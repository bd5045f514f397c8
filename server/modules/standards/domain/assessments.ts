import { z } from 'zod';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { listUserSummaries } from '../../accounts/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type AssessmentRow,
  insertEvidence,
  insertHistory,
  markEvidenceRemoved,
  selectAssessment,
  selectEvidence,
  selectEvidenceFile,
  selectRequirement,
  upsertAssessment,
} from '../db/standards-queries.ts';
import { actorLabel, EDIT_ROLES, longDate, READ_ROLES, todayOf } from './access.ts';
import { STATUSES, type Status } from './review-rules.ts';

/**
 * The Director's view of each requirement: status, owner, review date, notes, and evidence (a
 * Belfry record, a link or a file). Every change appends the whole state to the history, so the
 * tracker can be read as it stood on any date. "Met" needs evidence.
 */

const IsoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-20');

export const AssessmentPatch = z.object({
  status: z.enum(STATUSES as [Status, ...Status[]]).optional(),
  /** An admin, IT or SLT account; null clears the owner. */
  ownerId: z.uuid().nullish(),
  /** Marks the requirement reviewed on this date (today when `reviewed` is true and no date is given). */
  reviewedOn: IsoDate.optional(),
  reviewed: z.boolean().optional(),
  notes: z.string().trim().max(4000).nullish(),
});

async function requireCurrent(ctx: Ctx, id: string) {
  const r = await selectRequirement(ctx.db, id);
  if (!r) throw new NotFound('There is no such requirement');
  return r;
}

async function appendState(
  ctx: Ctx,
  id: string,
  a: Pick<AssessmentRow, 'status' | 'ownerName' | 'lastReviewedOn'>,
  kind: string,
  note: string | null,
) {
  await insertHistory(ctx.db, {
    requirementId: id,
    originalRequirementId: id,
    at: ctx.clock.now(),
    by: actorLabel(ctx),
    kind,
    note,
    status: a.status,
    ownerName: a.ownerName,
    lastReviewedOn: a.lastReviewedOn,
  });
}

const blank = (id: string): Omit<AssessmentRow, 'updatedAt'> => ({
  requirementId: id,
  status: 'not_assessed',
  ownerId: null,
  ownerName: null,
  lastReviewedOn: null,
  notes: null,
});

export async function assessRequirement(ctx: Ctx, id: string, input: z.input<typeof AssessmentPatch>): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const p = parseInput(AssessmentPatch, input);
  const r = await requireCurrent(ctx, id);
  if (r.retiredIn) throw new Invalid('This requirement was retired by a newer edition of its catalogue');
  const before = (await selectAssessment(ctx.db, id)) ?? blank(id);
  const next = { ...before };
  const changes: string[] = [];
  if (p.status && p.status !== before.status) {
    if (p.status === 'met' && (await selectEvidence(ctx.db, [id])).length === 0)
      throw new Invalid('status: add the evidence first (a Belfry record, a link or a file), then mark it met');
    next.status = p.status;
    changes.push(`${STATUS_WORDS[before.status as Status]} → ${STATUS_WORDS[p.status]}`);
  }
  if (p.ownerId !== undefined) {
    if (p.ownerId === null) {
      next.ownerId = null;
      next.ownerName = null;
    } else {
      const owner = (await listUserSummaries(ctx)).find(
        (u) => u.id === p.ownerId && u.isActive && ['admin', 'it', 'slt'].includes(u.role),
      );
      if (!owner) throw new Invalid('ownerId: choose an active Director, IT or SLT account');
      next.ownerId = owner.id;
      next.ownerName = owner.name;
    }
    if (next.ownerName !== before.ownerName) changes.push(`owner ${next.ownerName ?? 'nobody'}`);
  }
  // Setting a status is itself a review; so is "reviewed" on its own.
  const reviewedOn = p.reviewedOn ?? (p.reviewed || p.status ? todayOf(ctx) : undefined);
  if (reviewedOn) {
    if (reviewedOn > todayOf(ctx)) throw new Invalid('reviewedOn: a review cannot be in the future');
    next.lastReviewedOn = reviewedOn;
    if (reviewedOn !== before.lastReviewedOn) changes.push(`reviewed ${longDate(reviewedOn)}`);
  }
  if (p.notes !== undefined) next.notes = p.notes || null;
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    await upsertAssessment(db, { ...next, updatedAt: ctx.clock.now() });
    if (changes.length || p.notes !== undefined) {
      const note = changes.join('; ') || 'notes changed';
      await appendState(tx, id, next, 'assessed', note.charAt(0).toUpperCase() + note.slice(1));
    }
  });
  await recordAudit(ctx, {
    action: 'standards.assess',
    summary: `${id}: ${changes.join('; ') || 'notes changed'}`,
    targetType: 'standards_requirement',
    targetId: id,
  });
}

export const STATUS_WORDS: Record<Status, string> = {
  not_assessed: 'not assessed',
  met: 'met',
  partial: 'partly met',
  not_met: 'not met',
  n_a: 'not applicable',
};

export const EvidenceInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('record'),
    label: z.string().trim().min(1).max(200),
    url: z
      .string()
      .max(500)
      .refine((u) => /^\/[a-z]/.test(u) && !u.startsWith('//'), 'A page in Belfry, starting with /'),
  }),
  z.object({
    kind: z.literal('link'),
    label: z.string().trim().min(1).max(200),
    url: z.url({ protocol: /^https?$/ }).max(1000),
  }),
]);

const MAX_FILE = 20 * 1024 * 1024;
/** Served back as themselves; anything else (HTML, SVG, scripts) as a plain download. */
const SAFE_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

async function evidenceAdded(ctx: Ctx, id: string, label: string) {
  const a = (await selectAssessment(ctx.db, id)) ?? blank(id);
  await appendState(ctx, id, a, 'evidence', `Evidence added: ${label}`);
  await recordAudit(ctx, {
    action: 'standards.evidence',
    summary: `${id}: evidence added (${label})`,
    targetType: 'standards_requirement',
    targetId: id,
  });
}

export async function addEvidence(ctx: Ctx, id: string, input: z.input<typeof EvidenceInput>): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  const e = parseInput(EvidenceInput, input);
  await requireCurrent(ctx, id);
  const evidenceId = newId();
  await insertEvidence(ctx.db, {
    id: evidenceId,
    requirementId: id,
    originalRequirementId: id,
    kind: e.kind,
    label: e.label,
    url: e.url,
    addedBy: actorLabel(ctx),
    addedAt: ctx.clock.now(),
  });
  await evidenceAdded(ctx, id, e.label);
  return { id: evidenceId };
}

export async function addEvidenceFile(
  ctx: Ctx,
  id: string,
  file: { fileName: string; contentType: string; content: Buffer; label?: string },
): Promise<{ id: string }> {
  requireRole(ctx, ...EDIT_ROLES);
  await requireCurrent(ctx, id);
  if (file.content.length === 0) throw new Invalid(`${file.fileName}: the file is empty`);
  if (file.content.length > MAX_FILE) throw new Invalid(`${file.fileName}: larger than 20 MB`);
  const fileName = file.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'evidence';
  const evidenceId = newId();
  await insertEvidence(ctx.db, {
    id: evidenceId,
    requirementId: id,
    originalRequirementId: id,
    kind: 'file',
    label: file.label?.trim() || fileName,
    fileName,
    contentType: SAFE_TYPES.has(file.contentType) ? file.contentType : 'application/octet-stream',
    size: file.content.length,
    content: file.content,
    addedBy: actorLabel(ctx),
    addedAt: ctx.clock.now(),
  });
  await evidenceAdded(ctx, id, fileName);
  return { id: evidenceId };
}

export async function removeEvidence(ctx: Ctx, evidenceId: string): Promise<void> {
  requireRole(ctx, ...EDIT_ROLES);
  const e = await selectEvidenceFile(ctx.db, evidenceId);
  if (!e || e.removedAt) throw new NotFound('There is no such evidence');
  await markEvidenceRemoved(ctx.db, evidenceId, ctx.clock.now());
  const a = (await selectAssessment(ctx.db, e.requirementId)) ?? blank(e.requirementId);
  await appendState(ctx, e.requirementId, a, 'evidence', `Evidence removed: ${e.label}`);
}

export async function readEvidenceFile(ctx: Ctx, evidenceId: string) {
  requireRole(ctx, ...READ_ROLES);
  const e = await selectEvidenceFile(ctx.db, evidenceId);
  if (!e || e.removedAt || e.kind !== 'file' || !e.content) throw new NotFound('There is no such file');
  return { fileName: e.fileName ?? 'evidence', contentType: e.contentType ?? 'application/octet-stream', content: e.content };
}
