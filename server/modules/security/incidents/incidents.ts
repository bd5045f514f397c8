import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { parseInput } from '../../../lib/validate.ts';
import { localParts } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  countIncidentsWithPrefix,
  type IncidentRow,
  insertAction,
  insertDecision,
  insertIncident,
  selectActions,
  selectDecisions,
  selectIncident,
  selectIncidentAlerts,
  selectIncidents,
  updateActionRow,
  updateIncidentRow,
} from '../db/incident-queries.ts';

/**
 * The incident register (research §5): awareness starts the ICO's 72-hour clock when personal
 * data is involved; every decision is appended to a log that cannot be edited; actions have
 * owners and due dates; closure records the outcome and lessons.
 */

export const CATEGORIES = [
  'account_compromise',
  'phishing',
  'password_attack',
  'malware_ransomware',
  'data_loss',
  'insider_access',
  'outage',
  'lost_device',
  'other',
] as const;
export const INCIDENT_STATUSES = ['open', 'contained', 'recovering', 'closed'] as const;
const ICO_HOURS = 72;

const when = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const NewIncident = z.object({
  title: z.string().trim().min(3).max(200),
  category: z.enum(CATEGORIES),
  severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  becameAwareAt: when,
  occurredAt: when.optional(),
  detectedAt: when.optional(),
  personalData: z.boolean(),
  personalDataNotes: z.string().trim().max(4000).optional(),
  dataSubjects: z.array(z.enum(['pupils', 'parents', 'staff', 'governors', 'other'])).default([]),
  peopleAffected: z.number().int().min(0).optional(),
});
export type NewIncident = z.input<typeof NewIncident>;

export const IncidentPatch = z.object({
  title: z.string().trim().min(3).max(200).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  containedAt: when.nullable().optional(),
  resolvedAt: when.nullable().optional(),
  personalData: z.boolean().optional(),
  personalDataNotes: z.string().trim().max(4000).nullable().optional(),
  peopleAffected: z.number().int().min(0).nullable().optional(),
  outcome: z.string().trim().max(8000).nullable().optional(),
  lessons: z.string().trim().max(8000).nullable().optional(),
  rootCause: z.string().trim().max(8000).nullable().optional(),
});

export const IcoDecision = z.object({
  decision: z.enum(['reported', 'not_reportable']),
  reference: z.string().trim().max(100).optional(),
  rationale: z.string().trim().max(4000).optional(),
  dpoName: z.string().trim().max(200).optional(),
});

const who = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.email : (ctx.actor?.name ?? 'system'));

export function icoClock(i: Pick<IncidentRow, 'personalData' | 'becameAwareAt' | 'icoDecision'>, now: Date) {
  if (!i.personalData) return { required: false, deadline: null, overdue: false, hoursLeft: null };
  const deadline = new Date(i.becameAwareAt.getTime() + ICO_HOURS * 3_600_000);
  const pending = i.icoDecision === 'pending';
  return {
    required: true,
    deadline: deadline.toISOString(),
    overdue: pending && now.getTime() > deadline.getTime(),
    hoursLeft: pending ? Math.round(((deadline.getTime() - now.getTime()) / 3_600_000) * 10) / 10 : null,
  };
}

export const presentIncident = (i: IncidentRow, now: Date) => ({
  ...i,
  occurredAt: i.occurredAt?.toISOString() ?? null,
  detectedAt: i.detectedAt?.toISOString() ?? null,
  becameAwareAt: i.becameAwareAt.toISOString(),
  containedAt: i.containedAt?.toISOString() ?? null,
  resolvedAt: i.resolvedAt?.toISOString() ?? null,
  closedAt: i.closedAt?.toISOString() ?? null,
  icoDecisionAt: i.icoDecisionAt?.toISOString() ?? null,
  createdAt: i.createdAt.toISOString(),
  updatedAt: i.updatedAt.toISOString(),
  ico: icoClock(i, now),
});
export type IncidentView = ReturnType<typeof presentIncident>;

async function mustGet(ctx: Ctx, id: string): Promise<IncidentRow> {
  const i = await selectIncident(ctx.db, id);
  if (!i) throw new NotFound('There is no such incident');
  return i;
}

export async function createIncident(ctx: Ctx, input: NewIncident): Promise<IncidentView> {
  requireRole(ctx, ...IT_ROLES);
  const data = parseInput(NewIncident, input);
  const now = ctx.clock.now();
  const year = localParts(data.becameAwareAt, ctx.config.timeZone).year;
  const prefix = `INC-${year}-`;
  const ref = `${prefix}${String((await countIncidentsWithPrefix(ctx.db, prefix)) + 1).padStart(3, '0')}`;
  const row = await insertIncident(ctx.db, {
    id: newId(),
    ref,
    title: data.title,
    status: 'open',
    category: data.category,
    severity: data.severity,
    occurredAt: data.occurredAt ?? null,
    detectedAt: data.detectedAt ?? null,
    becameAwareAt: data.becameAwareAt,
    personalData: data.personalData,
    personalDataNotes: data.personalDataNotes ?? null,
    dataSubjects: data.dataSubjects,
    peopleAffected: data.peopleAffected ?? null,
    createdBy: who(ctx),
    createdAt: now,
    updatedAt: now,
  });
  await insertDecision(ctx.db, {
    incidentId: row.id,
    at: now,
    by: who(ctx),
    decision: 'Incident opened',
    rationale: `Became aware at ${data.becameAwareAt.toISOString()}; personal data ${data.personalData ? 'involved' : 'not involved'}.`,
  });
  await recordAudit(ctx, {
    action: 'security.incident.create',
    summary: `Opened incident ${ref}`,
    targetType: 'incident',
    targetId: row.id,
  });
  return presentIncident(row, now);
}

export async function updateIncident(ctx: Ctx, id: string, patch: z.input<typeof IncidentPatch>): Promise<IncidentView> {
  requireRole(ctx, ...IT_ROLES);
  const data = parseInput(IncidentPatch, patch);
  const old = await mustGet(ctx, id);
  const now = ctx.clock.now();
  const closing = data.status === 'closed' && old.status !== 'closed';
  const row = await updateIncidentRow(ctx.db, id, {
    ...data,
    ...(closing ? { closedAt: now } : {}),
    ...(data.status && data.status !== 'closed' ? { closedAt: null } : {}),
    ...(data.status === 'contained' && !old.containedAt && data.containedAt === undefined ? { containedAt: now } : {}),
    updatedAt: now,
  });
  if (data.status && data.status !== old.status)
    await insertDecision(ctx.db, {
      incidentId: id,
      at: now,
      by: who(ctx),
      decision: `Status: ${old.status} → ${data.status}`,
      rationale: '',
    });
  await recordAudit(ctx, {
    action: 'security.incident.update',
    summary: `Changed incident ${old.ref}`,
    targetType: 'incident',
    targetId: id,
    details: { fields: Object.keys(data) },
  });
  return presentIncident(row as IncidentRow, now);
}

export async function appendDecision(ctx: Ctx, id: string, input: { decision: string; rationale: string }) {
  requireRole(ctx, ...IT_ROLES);
  const data = z.object({ decision: z.string().trim().min(2).max(1000), rationale: z.string().trim().max(4000) }).parse(input);
  const inc = await mustGet(ctx, id);
  const row = await insertDecision(ctx.db, { incidentId: id, at: ctx.clock.now(), by: who(ctx), ...data });
  await recordAudit(ctx, {
    action: 'security.incident.decision',
    summary: `Logged a decision on ${inc.ref}`,
    targetType: 'incident',
    targetId: id,
  });
  return { ...row, at: row.at.toISOString() };
}

/** Records the ICO decision; "not reportable" must say why and name the DPO who agreed. */
export async function recordIcoDecision(ctx: Ctx, id: string, input: z.input<typeof IcoDecision>): Promise<IncidentView> {
  requireRole(ctx, ...IT_ROLES);
  const data = parseInput(IcoDecision, input);
  const inc = await mustGet(ctx, id);
  if (data.decision === 'not_reportable' && (!data.rationale || !data.dpoName))
    throw new Invalid('Recording "not reportable" needs the rationale and the name of the DPO consulted');
  const now = ctx.clock.now();
  const row = await updateIncidentRow(ctx.db, id, {
    icoDecision: data.decision,
    icoDecisionAt: now,
    icoReference: data.reference ?? null,
    icoRationale: data.rationale ?? null,
    dpoName: data.dpoName ?? null,
    updatedAt: now,
  });
  const late = icoClock(inc, now).overdue ? ' (after the 72-hour deadline)' : '';
  await insertDecision(ctx.db, {
    incidentId: id,
    at: now,
    by: who(ctx),
    decision:
      data.decision === 'reported'
        ? `Reported to the ICO${data.reference ? ` (ref ${data.reference})` : ''}${late}`
        : `Not reportable to the ICO${late}`,
    rationale: [data.rationale, data.dpoName ? `DPO consulted: ${data.dpoName}` : ''].filter(Boolean).join('. '),
  });
  await recordAudit(ctx, {
    action: 'security.incident.ico',
    summary: `ICO decision on ${inc.ref}: ${data.decision}`,
    targetType: 'incident',
    targetId: id,
  });
  return presentIncident(row as IncidentRow, now);
}

export async function addAction(ctx: Ctx, id: string, input: { text: string; owner?: string; dueOn?: string }) {
  requireRole(ctx, ...IT_ROLES);
  const data = z
    .object({
      text: z.string().trim().min(2).max(1000),
      owner: z.string().trim().max(200).optional(),
      dueOn: z.iso.date().optional(),
    })
    .parse(input);
  await mustGet(ctx, id);
  const row = await insertAction(ctx.db, {
    id: newId(),
    incidentId: id,
    text: data.text,
    owner: data.owner ?? null,
    dueOn: data.dueOn ?? null,
    createdAt: ctx.clock.now(),
  });
  return row;
}

export async function completeAction(ctx: Ctx, incidentId: string, actionId: string, done: boolean) {
  requireRole(ctx, ...IT_ROLES);
  const row = await updateActionRow(ctx.db, actionId, { doneAt: done ? ctx.clock.now() : null });
  if (!row || row.incidentId !== incidentId) throw new NotFound('There is no such action');
  return row;
}

export async function listIncidents(ctx: Ctx): Promise<IncidentView[]> {
  requireRole(ctx, ...IT_ROLES);
  const now = ctx.clock.now();
  return (await selectIncidents(ctx.db)).map((i) => presentIncident(i, now));
}

export async function getIncident(ctx: Ctx, id: string) {
  requireRole(ctx, ...IT_ROLES);
  const inc = await mustGet(ctx, id);
  const [decisions, actions, alerts] = await Promise.all([
    selectDecisions(ctx.db, id),
    selectActions(ctx.db, id),
    selectIncidentAlerts(ctx.db, id),
  ]);
  return {
    incident: presentIncident(inc, ctx.clock.now()),
    decisions: decisions.map((d) => ({ ...d, at: d.at.toISOString() })),
    actions,
    alerts: alerts.map((a) => {
      const rule = (a.evidence as { rule?: { title: string; author: string; license: string } }).rule;
      return { id: a.id, type: a.type, severity: a.severity, title: a.title, rule: rule ?? null };
    }),
  };
}

/** For meeting agendas and the SLT report: open incidents, no role check (callers check). */
export async function listOpenIncidents(ctx: Ctx) {
  const now = ctx.clock.now();
  return (await selectIncidents(ctx.db))
    .filter((i) => i.status !== 'closed')
    .map((i) => ({
      id: i.id,
      ref: i.ref,
      category: i.category,
      severity: i.severity,
      status: i.status,
      becameAwareAt: i.becameAwareAt.toISOString(),
      ico: icoClock(i, now),
    }));
}
