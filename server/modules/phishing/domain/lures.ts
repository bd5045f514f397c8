import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { phishingLures, type TeachableCue } from '../db/tables.ts';
import {
  CUES,
  checkLureTemplates,
  DIFFICULTIES,
  type Difficulty,
  deriveDifficulty,
  ETHICS_FLAGS,
  type EthicsFlag,
  PREMISE_ALIGNMENT,
  PRETEXTS,
  TECHNIQUES,
  THEMES,
} from './lure-rules.ts';
import { STARTER_LURES, starterHtml, starterText } from './starter-lures.ts';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const LureInput = z.object({
  name: z.string().trim().min(1).max(120),
  subject: z.string().trim().min(1).max(200),
  html: z.string().min(1).max(100_000),
  text: z.string().min(1).max(50_000),
  senderName: z.string().trim().min(1).max(120),
  senderAddress: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\s@<>]+(@[^\s@<>]+\.[^\s@<>]+)?$/, 'must be a local part (it-servicedesk) or a whole address'),
  pretext: z.enum(keys(PRETEXTS)),
  technique: z.enum(keys(TECHNIQUES)),
  theme: z.enum(keys(THEMES)),
  documentName: z.string().trim().max(120).nullable().optional(),
  cues: z.array(z.enum(keys(CUES))).max(40),
  premiseAlignment: z.enum(keys(PREMISE_ALIGNMENT)),
  ethicsFlags: z.array(z.enum(keys(ETHICS_FLAGS))).max(5),
  teachable: z
    .array(
      z.object({ cue: z.enum(keys(CUES)), where: z.string().trim().min(1).max(200), explain: z.string().trim().min(1).max(600) }),
    )
    .max(20),
  lesson: z.string().trim().min(1).max(3000),
});
export type LureInput = z.infer<typeof LureInput>;

export type Lure = LureInput & {
  id: string;
  starterKey: string | null;
  difficulty: Difficulty;
  difficultyLabel: string;
  techniqueLabel: string;
  themeLabel: string;
  needsSignOff: boolean;
  signOff: { byName: string; at: string; note: string; recordedBy: string } | null;
  archived: boolean;
  updatedAt: string;
};

type Row = typeof phishingLures.$inferSelect;

export function presentLure(r: Row): Lure {
  return {
    id: r.id,
    starterKey: r.starterKey,
    name: r.name,
    subject: r.subject,
    html: r.html,
    text: r.text,
    senderName: r.senderName,
    senderAddress: r.senderAddress,
    pretext: r.pretext as Lure['pretext'],
    technique: r.technique as Lure['technique'],
    theme: r.theme as Lure['theme'],
    documentName: r.documentName,
    cues: r.cues as Lure['cues'],
    premiseAlignment: r.premiseAlignment as Lure['premiseAlignment'],
    ethicsFlags: r.ethicsFlags as EthicsFlag[],
    teachable: r.teachable as Lure['teachable'],
    lesson: r.lesson,
    difficulty: r.difficulty as Difficulty,
    difficultyLabel: DIFFICULTIES[r.difficulty as Difficulty],
    techniqueLabel: TECHNIQUES[r.technique as Lure['technique']],
    themeLabel: THEMES[r.theme as Lure['theme']],
    needsSignOff: r.ethicsFlags.length > 0 && !r.signOff,
    signOff: r.signOff ? { byName: r.signOff.byName, at: r.signOff.at, note: r.signOff.note, recordedBy: r.signOff.by } : null,
    archived: r.archived,
    updatedAt: r.updatedAt.toISOString(),
  };
}

function fields(input: LureInput, now: Date) {
  checkLureTemplates(input);
  return {
    name: input.name,
    subject: input.subject,
    html: input.html,
    text: input.text,
    senderName: input.senderName,
    senderAddress: input.senderAddress,
    pretext: input.pretext,
    technique: input.technique,
    theme: input.theme,
    documentName: input.documentName ?? null,
    cues: input.cues,
    premiseAlignment: input.premiseAlignment,
    difficulty: deriveDifficulty(input.cues.length, input.premiseAlignment),
    ethicsFlags: input.ethicsFlags,
    teachable: input.teachable as TeachableCue[],
    lesson: input.lesson,
    updatedAt: now,
  };
}

/** Adds any starter lure the library does not have yet (first use, and after an upgrade adds some). */
export async function ensureStarterLures(ctx: Ctx): Promise<void> {
  const now = ctx.clock.now();
  const rows = STARTER_LURES.map((l) => ({
    id: newId(),
    starterKey: l.key,
    createdAt: now,
    signOff: null,
    archived: false,
    ...fields(
      {
        name: l.name,
        subject: l.subject,
        html: starterHtml(l),
        text: starterText(l),
        senderName: l.senderName,
        senderAddress: l.senderAddress,
        pretext: l.pretext,
        technique: l.technique,
        theme: l.theme,
        documentName: l.documentName ?? null,
        cues: l.cues,
        premiseAlignment: l.premiseAlignment,
        ethicsFlags: l.ethicsFlags,
        teachable: l.teachable as LureInput['teachable'],
        lesson: l.lesson,
      },
      now,
    ),
  }));
  await ctx.db.insert(phishingLures).values(rows).onConflictDoNothing({ target: phishingLures.starterKey });
}

export async function listLures(ctx: Ctx): Promise<Lure[]> {
  requireRole(ctx, ...IT_ROLES);
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(phishingLures)
    .where(sql`${phishingLures.starterKey} is not null`);
  if (Number(n) < STARTER_LURES.length) await ensureStarterLures(ctx);
  const rows = await ctx.db.select().from(phishingLures).orderBy(asc(phishingLures.archived), asc(phishingLures.name));
  return rows.map(presentLure);
}

export async function findLureRows(ctx: Ctx, ids: readonly string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  return ctx.db
    .select()
    .from(phishingLures)
    .where(inArray(phishingLures.id, [...ids]));
}

export async function getLure(ctx: Ctx, id: string): Promise<Lure> {
  requireRole(ctx, ...IT_ROLES);
  const [row] = await findLureRows(ctx, [id]);
  if (!row) throw new NotFound('No such lure');
  return presentLure(row);
}

export async function createLure(ctx: Ctx, raw: unknown): Promise<Lure> {
  requireRole(ctx, 'admin');
  const input = parseInput(LureInput, raw);
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(phishingLures)
    .values({ id: newId(), starterKey: null, createdAt: now, signOff: null, archived: false, ...fields(input, now) })
    .returning();
  await recordAudit(ctx, {
    action: 'phishing.lure_created',
    summary: `Phishing lure "${input.name}" created`,
    targetType: 'phishing_lure',
    targetId: row?.id,
  });
  return presentLure(row as Row);
}

export async function updateLure(ctx: Ctx, id: string, raw: unknown): Promise<Lure> {
  requireRole(ctx, 'admin');
  const input = parseInput(LureInput, raw);
  const [before] = await findLureRows(ctx, [id]);
  if (!before) throw new NotFound('No such lure');
  const next = fields(input, ctx.clock.now());
  // A changed pretext needs a fresh sign-off: the SLT agreed to the message as it was.
  const signOff =
    JSON.stringify(before.ethicsFlags) === JSON.stringify(next.ethicsFlags) && before.html === next.html ? before.signOff : null;
  const [row] = await ctx.db
    .update(phishingLures)
    .set({ ...next, signOff })
    .where(eq(phishingLures.id, id))
    .returning();
  await recordAudit(ctx, {
    action: 'phishing.lure_changed',
    summary: `Phishing lure "${input.name}" changed`,
    targetType: 'phishing_lure',
    targetId: id,
  });
  return presentLure(row as Row);
}

export const SignOffInput = z.object({
  byName: z.string().trim().min(2).max(120),
  note: z.string().trim().min(1).max(1000),
});

/** Records that a member of SLT agreed to a sensitive pretext (pay, illness, safeguarding...). */
export async function signOffLure(ctx: Ctx, id: string, raw: unknown): Promise<Lure> {
  const actor = requireRole(ctx, 'admin');
  const input = parseInput(SignOffInput, raw);
  const [before] = await findLureRows(ctx, [id]);
  if (!before) throw new NotFound('No such lure');
  const signOff = {
    by: actor.kind === 'user' ? actor.email : actor.name,
    byName: input.byName,
    at: ctx.clock.now().toISOString(),
    note: input.note,
  };
  const [row] = await ctx.db.update(phishingLures).set({ signOff }).where(eq(phishingLures.id, id)).returning();
  await recordAudit(ctx, {
    action: 'phishing.lure_signed_off',
    summary: `SLT sign-off recorded for phishing lure "${before.name}" (${input.byName})`,
    targetType: 'phishing_lure',
    targetId: id,
    details: { flags: before.ethicsFlags, note: input.note },
  });
  return presentLure(row as Row);
}

export async function archiveLure(ctx: Ctx, id: string, archived: boolean): Promise<Lure> {
  requireRole(ctx, 'admin');
  const [row] = await ctx.db.update(phishingLures).set({ archived }).where(eq(phishingLures.id, id)).returning();
  if (!row) throw new NotFound('No such lure');
  return presentLure(row);
}
