import { z } from 'zod';
import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type AlertRow,
  countAlertsCreated,
  countOpenAlerts,
  selectAlert,
  selectAlerts,
  updateAlert,
} from '../db/alert-queries.ts';
import { SEVERITIES } from '../detect/alert-candidate.ts';
import { createIncident, type NewIncident } from '../incidents/incidents.ts';

/**
 * The morning triage (research §4.11): new -> acknowledged -> dismissed (with a reason) or
 * escalated to an incident. Alerts sharing a group key (the same person, or the same address)
 * are shown together.
 */

export const ALERT_STATUSES = ['new', 'acknowledged', 'dismissed', 'escalated'] as const;
export const DISMISS_REASONS = ['benign', 'expected', 'duplicate', 'false_positive'] as const;

export const presentAlert = (a: AlertRow) => ({
  id: a.id,
  type: a.type,
  source: a.source,
  severity: a.severity,
  status: a.status,
  title: a.title,
  summary: a.summary,
  users: a.users,
  ips: a.ips,
  firstSeen: a.firstSeen.toISOString(),
  lastSeen: a.lastSeen.toISOString(),
  evidence: a.evidence as Record<string, unknown>,
  groupKey: a.groupKey,
  linkedAlertIds: a.linkedAlertIds,
  incidentId: a.incidentId,
  dismissReason: a.dismissReason,
  statusBy: a.statusBy,
  statusAt: a.statusAt?.toISOString() ?? null,
  createdAt: a.createdAt.toISOString(),
});
export type AlertView = ReturnType<typeof presentAlert>;

export const AlertQuery = z.object({
  status: z.array(z.enum(ALERT_STATUSES)).optional(),
  severity: z.array(z.enum(SEVERITIES)).optional(),
  type: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});

export async function listAlerts(ctx: Ctx, query: z.input<typeof AlertQuery> = {}): Promise<AlertView[]> {
  requireRole(ctx, ...IT_ROLES);
  const q = parseInput(AlertQuery, query);
  return (await selectAlerts(ctx.db, q)).map(presentAlert);
}

export async function getAlert(ctx: Ctx, id: string): Promise<AlertView & { linked: AlertView[] }> {
  requireRole(ctx, ...IT_ROLES);
  const a = await selectAlert(ctx.db, id);
  if (!a) throw new NotFound('There is no such alert');
  const linked = (await Promise.all(a.linkedAlertIds.map((l) => selectAlert(ctx.db, l)))).filter((x): x is AlertRow => !!x);
  return { ...presentAlert(a), linked: linked.map(presentAlert) };
}

const who = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.email : (ctx.actor?.name ?? 'system'));

async function transition(ctx: Ctx, id: string, allowed: string[], set: Partial<AlertRow>, verb: string): Promise<AlertView> {
  requireRole(ctx, ...IT_ROLES);
  const a = await selectAlert(ctx.db, id);
  if (!a) throw new NotFound('There is no such alert');
  if (!allowed.includes(a.status)) throw new Conflict(`This alert is ${a.status}; it cannot be ${verb}`);
  const now = ctx.clock.now();
  const [row] = await updateAlert(ctx.db, id, { ...set, statusBy: who(ctx), statusAt: now, updatedAt: now });
  await recordAudit(ctx, {
    action: `security.alert.${set.status}`,
    summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} alert: ${a.title}`,
    targetType: 'alert',
    targetId: id,
  });
  return presentAlert(row as AlertRow);
}

export const acknowledgeAlert = (ctx: Ctx, id: string) =>
  transition(ctx, id, ['new'], { status: 'acknowledged' }, 'acknowledged');

export function dismissAlert(ctx: Ctx, id: string, input: { reason: (typeof DISMISS_REASONS)[number]; note?: string }) {
  const d = z.object({ reason: z.enum(DISMISS_REASONS), note: z.string().trim().max(500).optional() }).parse(input);
  return transition(
    ctx,
    id,
    ['new', 'acknowledged'],
    { status: 'dismissed', dismissReason: d.note ? `${d.reason}: ${d.note}` : d.reason },
    'dismissed',
  );
}

export const Escalation = z.union([
  z.object({ incidentId: z.uuid() }),
  z.object({ incident: z.record(z.string(), z.unknown()) }),
]);

/** Escalates to an existing incident, or opens one (in one transaction). */
export async function escalateAlert(
  ctx: Ctx,
  id: string,
  input: z.input<typeof Escalation>,
): Promise<{ alert: AlertView; incidentId: string }> {
  requireRole(ctx, ...IT_ROLES);
  const data = parseInput(Escalation, input);
  return inTransaction(ctx.db, {}, async (db) => {
    const tctx = { ...ctx, db };
    const incidentId = 'incidentId' in data ? data.incidentId : (await createIncident(tctx, data.incident as NewIncident)).id;
    const alert = await transition(tctx, id, ['new', 'acknowledged'], { status: 'escalated', incidentId }, 'escalated');
    return { alert, incidentId };
  });
}

/**
 * The Today card: what is still to review (new alerts), led by the most severe ones by name,
 * with what arrived since yesterday beside it.
 */
const sum = (rows: { n: number }[]) => rows.reduce((n, r) => n + r.n, 0);

export async function summariseRecentAlerts(ctx: Ctx) {
  requireRole(ctx, ...IT_ROLES);
  const now = ctx.clock.now();
  const counts = await countAlertsCreated(ctx.db, new Date(now.getTime() - 24 * 3_600_000), new Date(now.getTime() + 1));
  const open = await countOpenAlerts(ctx.db);
  const top = await selectAlerts(ctx.db, { status: ['new'], limit: 3 });
  const total = counts.reduce((n, c) => n + c.n, 0);
  const high = counts.filter((c) => c.severity === 'high' || c.severity === 'critical').reduce((n, c) => n + c.n, 0);
  return {
    unreviewed: sum(open.filter((o) => o.status === 'new')),
    unreviewedHigh: sum(open.filter((o) => o.status === 'new' && (o.severity === 'high' || o.severity === 'critical'))),
    top: top.map((a) => ({ id: a.id, title: a.title, severity: a.severity, lastSeen: a.lastSeen.toISOString() })),
    newSinceYesterday: total,
    highSinceYesterday: high,
    open: sum(open),
  };
}

/** For the SLT report and meeting agendas: alerts raised in a period by severity (callers check roles). */
export async function countAlertsBySeverity(ctx: Ctx, period: { from: Date; to: Date }): Promise<Record<string, number>> {
  const counts = await countAlertsCreated(ctx.db, period.from, period.to);
  return Object.fromEntries(SEVERITIES.map((s) => [s, counts.find((c) => c.severity === s)?.n ?? 0]));
}

/** `belfry alerts --json`: exactly type, severity, status, users, ips, firstSeen, lastSeen and the evidence summary. */
export async function alertsForCli(ctx: Ctx, query: z.input<typeof AlertQuery> = {}) {
  return (await listAlerts(ctx, query)).map((a) => ({
    type: a.type,
    severity: a.severity,
    status: a.status,
    users: a.users,
    ips: a.ips,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    evidence: a.summary,
  }));
}
