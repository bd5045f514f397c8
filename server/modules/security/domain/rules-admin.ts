import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  deleteTrip,
  expireSuppression,
  insertSuppression,
  insertTrip,
  selectSuppressions,
  selectTrips,
} from '../db/rule-queries.ts';
import { ALERT_TYPES } from '../detect/alert-candidate.ts';
import { isNetworkText } from './ip-networks.ts';

/** Suppression rules (owner, reason, expiry: always) and registered trips. */

export const NewSuppression = z.object({
  alertType: z.enum(ALERT_TYPES).optional(),
  userMatch: z.string().trim().toLowerCase().min(1).max(200).optional(),
  ipMatch: z.string().trim().refine(isNetworkText, 'must be an IP address or CIDR network').optional(),
  owner: z.string().trim().min(2).max(200),
  reason: z.string().trim().min(3).max(500),
  expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
});

const who = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.email : (ctx.actor?.name ?? 'system'));

export async function listSuppressions(ctx: Ctx) {
  requireRole(ctx, ...IT_ROLES);
  const now = ctx.clock.now();
  return (await selectSuppressions(ctx.db)).map((s) => ({ ...s, active: s.expiresAt > now }));
}

export async function addSuppression(ctx: Ctx, input: z.input<typeof NewSuppression>) {
  requireRole(ctx, ...IT_ROLES);
  const d = parseInput(NewSuppression, input);
  if (!d.alertType && !d.userMatch && !d.ipMatch)
    throw new z.ZodError([
      { code: 'custom', path: ['alertType'], message: 'a suppression needs a type, an account or a network', input },
    ]);
  const expiresAt = new Date(d.expiresAt.length === 10 ? `${d.expiresAt}T23:59:59Z` : d.expiresAt);
  const [row] = await insertSuppression(ctx.db, {
    id: newId(),
    alertType: d.alertType ?? null,
    userMatch: d.userMatch ?? null,
    ipMatch: d.ipMatch ?? null,
    owner: d.owner,
    reason: d.reason,
    expiresAt,
    createdBy: who(ctx),
    createdAt: ctx.clock.now(),
  });
  await recordAudit(ctx, {
    action: 'security.suppression.add',
    summary: `Suppressed ${d.alertType ? `${d.alertType.replace(/_/g, ' ')} alerts` : 'alerts'} for ${d.userMatch ?? d.ipMatch ?? 'everyone'} until ${expiresAt.toISOString().slice(0, 10).split('-').reverse().join('/')}: ${d.reason}`,
    targetType: 'suppression',
    targetId: row?.id,
  });
  return row;
}

export async function endSuppression(ctx: Ctx, id: string) {
  requireRole(ctx, ...IT_ROLES);
  const [row] = await expireSuppression(ctx.db, id, ctx.clock.now());
  if (!row) throw new NotFound('There is no such suppression');
  await recordAudit(ctx, {
    action: 'security.suppression.end',
    summary: 'Ended a suppression',
    targetType: 'suppression',
    targetId: id,
  });
  return row;
}

export const NewTrip = z.object({
  name: z.string().trim().min(2).max(200),
  country: z.string().trim().toUpperCase().length(2),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  travellers: z.array(z.string().trim().toLowerCase().min(3)).default([]),
});

export async function listTrips(ctx: Ctx) {
  requireRole(ctx, ...IT_ROLES);
  return selectTrips(ctx.db);
}

export async function addTrip(ctx: Ctx, input: z.input<typeof NewTrip>) {
  requireRole(ctx, ...IT_ROLES);
  const d = parseInput(NewTrip, input);
  const [row] = await insertTrip(ctx.db, { id: newId(), ...d, createdAt: ctx.clock.now() });
  await recordAudit(ctx, {
    action: 'security.trip.add',
    summary: `Registered trip ${d.name} (${d.country})`,
    targetType: 'trip',
    targetId: row?.id,
  });
  return row;
}

export async function removeTrip(ctx: Ctx, id: string) {
  requireRole(ctx, ...IT_ROLES);
  const [row] = await deleteTrip(ctx.db, id);
  if (!row) throw new NotFound('There is no such trip');
  return row;
}
