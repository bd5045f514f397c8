import { type Ctx, requireRole } from '../../../lib/context.ts';
import { type AuditEventRow, insertAuditEvent, selectAuditEvents } from '../db/audit-queries.ts';

export type AuditEntry = {
  action: string;
  summary: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
};

/** Keys whose values never reach the audit log, whatever a caller passes. */
const SECRET_KEYS = /pass(word)?|secret|token|hash|cookie/i;

function scrub(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!details) return undefined;
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]));
}

/** Appends one event, attributed to the context's actor (or to `actorLabel` before sign-in). */
export async function recordAudit(ctx: Ctx, entry: AuditEntry, actorLabel?: string): Promise<void> {
  const actor = ctx.actor;
  await insertAuditEvent(ctx.db, {
    at: ctx.clock.now(),
    actorId: actor?.kind === 'user' ? actor.id : null,
    actorLabel: actorLabel ?? (actor?.kind === 'user' ? actor.email : actor ? `system: ${actor.name}` : 'anonymous'),
    action: entry.action,
    summary: entry.summary,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: scrub(entry.details) ?? null,
    ip: actor?.kind === 'user' ? (actor.ip ?? null) : null,
  });
}

export type AuditEvent = {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
};

const present = (r: AuditEventRow): AuditEvent => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: r.actorLabel,
  action: r.action,
  summary: r.summary,
  targetType: r.targetType,
  targetId: r.targetId,
  details: r.details ?? null,
  ip: r.ip,
});

/** Newest first; page with `beforeId`. The Director and the IT team may read the log. */
export async function listAuditEvents(
  ctx: Ctx,
  filter: { limit?: number; beforeId?: number; action?: string } = {},
): Promise<AuditEvent[]> {
  requireRole(ctx, 'admin', 'it');
  const rows = await selectAuditEvents(ctx.db, {
    limit: Math.min(filter.limit ?? 50, 500),
    ...filter,
  });
  return rows.map(present);
}
