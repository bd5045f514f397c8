import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import { phishingCampaigns, phishingProfiles } from '../db/tables.ts';
import { decryptSecret, encryptSecret } from './secrets.ts';

/** Sending profiles: the relay a campaign sends through, its envelope sender and its pace. */

const headerName = z
  .string()
  .trim()
  .regex(/^X-[A-Za-z0-9-]{1,60}$/, 'must be an X- header name, e.g. X-Simulation-Id');

export const ProfileInput = z.object({
  name: z.string().trim().min(1).max(80),
  host: z.string().trim().min(1).max(200),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  username: z.string().trim().max(200).nullable().optional(),
  /** Omitted: keep the stored one; '' removes it. */
  password: z.string().max(500).optional(),
  envelopeFrom: z.email('must be an email address (the look-alike domain the simulation sends from)'),
  headerName: headerName.default('X-Simulation-Id'),
  perMinute: z.coerce.number().int().min(0).max(6000).default(20),
  perDay: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  jitterSeconds: z.coerce.number().int().min(0).max(59).default(5),
  maxConnections: z.coerce.number().int().min(1).max(10).default(3),
  retryMinSeconds: z.coerce.number().int().min(1).max(3600).default(60),
  maxAttempts: z.coerce.number().int().min(1).max(10).default(6),
});

export type Profile = Omit<z.infer<typeof ProfileInput>, 'password'> & { id: string; hasPassword: boolean; domain: string };
type Row = typeof phishingProfiles.$inferSelect;

export const presentProfile = (r: Row): Profile => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  secure: r.secure,
  username: r.username,
  envelopeFrom: r.envelopeFrom,
  headerName: r.headerName,
  perMinute: r.perMinute,
  perDay: r.perDay,
  jitterSeconds: r.jitterSeconds,
  maxConnections: r.maxConnections,
  retryMinSeconds: r.retryMinSeconds,
  maxAttempts: r.maxAttempts,
  hasPassword: !!r.passwordEnc,
  domain: r.envelopeFrom.split('@')[1] ?? '',
});

export async function listProfiles(ctx: Ctx): Promise<Profile[]> {
  requireRole(ctx, ...IT_ROLES);
  return (await ctx.db.select().from(phishingProfiles).orderBy(asc(phishingProfiles.name))).map(presentProfile);
}

export async function findProfileRow(ctx: Ctx, id: string): Promise<Row | undefined> {
  const [row] = await ctx.db.select().from(phishingProfiles).where(eq(phishingProfiles.id, id));
  return row;
}

/** The relay's password, for the sender only. */
export const profilePassword = (ctx: Ctx, r: Row): string | undefined =>
  r.passwordEnc ? decryptSecret(ctx, r.passwordEnc) : undefined;

export async function saveProfile(ctx: Ctx, id: string | undefined, raw: unknown): Promise<Profile> {
  requireRole(ctx, 'admin');
  const input = parseInput(ProfileInput, raw);
  const { password, ...rest } = input;
  const values = { ...rest, username: rest.username || null };
  const passwordEnc = password === undefined ? undefined : password === '' ? null : encryptSecret(ctx, password);
  let row: Row | undefined;
  try {
    if (id) {
      [row] = await ctx.db
        .update(phishingProfiles)
        .set({ ...values, ...(passwordEnc !== undefined ? { passwordEnc } : {}) })
        .where(eq(phishingProfiles.id, id))
        .returning();
      if (!row) throw new NotFound('No such sending profile');
    } else {
      [row] = await ctx.db
        .insert(phishingProfiles)
        .values({ id: newId(), ...values, passwordEnc: passwordEnc ?? null, createdAt: ctx.clock.now() })
        .returning();
    }
  } catch (err) {
    if (String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505')
      throw new Conflict(`A sending profile called "${input.name}" already exists`);
    throw err;
  }
  await recordAudit(ctx, {
    action: id ? 'phishing.profile_changed' : 'phishing.profile_created',
    summary: `Phishing sending profile "${input.name}" ${id ? 'changed' : 'created'} (${input.host}:${input.port})`,
    targetType: 'phishing_profile',
    targetId: row?.id,
    details: { passwordChanged: password !== undefined },
  });
  return presentProfile(row as Row);
}

export async function deleteProfile(ctx: Ctx, id: string): Promise<void> {
  requireRole(ctx, 'admin');
  const used = await ctx.db
    .select({ id: phishingCampaigns.id })
    .from(phishingCampaigns)
    .where(eq(phishingCampaigns.profileId, id))
    .limit(1);
  if (used.length) throw new Conflict('A campaign uses this sending profile: it cannot be deleted');
  await ctx.db.delete(phishingProfiles).where(eq(phishingProfiles.id, id));
}
