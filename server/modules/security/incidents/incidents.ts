import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Conflict, Invalid, NotFound } from '../../../lib/errors.ts';
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
export const DATA_SUBJECTS = ['pupils', 'parents', 'staff', 'governors', 'other'] as const;
const ICO_HOURS = 72;

/** A time in the school's time zone as the log shows it: "Tue 3 Mar 2026, 09:00". */
export function schoolTime(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('weekday')} ${p('day')} ${p('month')} ${p('year')}, ${p('hour')}:${p('minute')}`;
}

const personalDataWords = (v: boolean | null) => (v === true ? 'involved' : v === false ? 'not involved' : 'not yet known');

const when = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const NewIncident = z.object({
  title: z.string().trim().min(3).max(200),
  category: z.enum(CATEGORIES),
  severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  becameAwareAt: when,
  occurredAt: when.optional(),
  detectedAt: when.optional(),
  /** Asked, never assumed: true, false, or null for "not yet known" (the ICO clock runs). */
  personalData: z.boolean().nullable(),
  personalDataNotes: z.string().trim().max(4000).optional(),
  dataSubjects: z.array(z.enum(DATA_SUBJECTS)).default([]),
  peopleAffected: z.number().int().min(0).optional(),
});
export type NewIncident = z.input<typeof NewIncident>;

export const IncidentPatch = z.object({
  title: z.string().trim().min(3).max(200).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  becameAwareAt: when.optional(),
  occurredAt: when.nullable().optional(),
  detectedAt: when.nullable().optional(),
  containedAt: when.nullable().optional(),
  resolvedAt: when.nullable().optional(),
  personalData: z.boolean().nullable().optional(),
  personalDataNotes: z.string().trim().max(4000).nullable().optional(),
  dataSubjects: z.array(z.enum(DATA_SUBJECTS)).optional(),
  /** The ICO's case reference, once it arrives after a report made without one. */
  icoReference: z.string().trim().min(1).max(100).optional(),
  peopleAffected: z.number().int().min(0).nullable().optional(),
  outcome: z.string().trim().max(8000).nullable().optional(),
  lessons: z.string().trim().max(8000).nullable().optional(),
  rootCause: z.string().trim().max(8000).nullable().optional(),
});

export const IcoDecision = z.object({
  decision: z.enum(['reported', 'not_reportable'], { error: 'Choose whether the breach was reported to the ICO' }),
  reference: z.string().trim().max(100).optional(),
  /** Reported without the ICO's reference yet: it is added later (PATCH icoReference). */
  referenceToFollow: z.boolean().optional(),
  rationale: z
    .string({ error: 'Give the rationale for the decision' })
    .trim()
    .min(3, 'Give the rationale for the decision')
    .max(4000),
  dpoName: z.string().trim().max(200).optional(),
});

const who = (ctx: Ctx) => (ctx.actor?.kind === 'user' ? ctx.actor.email : (ctx.actor?.name ?? 'system'));

/**
 * The ICO clock: 72 hours from awareness when personal data is involved, or while that is not
 * yet known (a breach found later to involve it would have run from the same moment).
 */
export function icoClock(i: Pick<IncidentRow, 'personalData' | 'becameAwareAt' | 'icoDecision'>, now: Date) {
  if (i.personalData === false) return { required: false, deadline: null, overdue: false, hoursLeft: null };
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
    rationale: `Became aware ${schoolTime(data.becameAwareAt, ctx.config.timeZone)}; personal data ${personalDataWords(data.personalData)}.`,
  });
  await recordAudit(ctx, {
    action: 'security.incident.create',
    summary: `Opened incident ${ref}`,
    targetType: 'incident',
    targetId: row.id,
  });
  return presentIncident(row, now);
}

/** What closing needs: an outcome, the lessons learned, and the ICO question settled. */
function closingProblem(i: IncidentRow): string | null {
  if (!i.outcome?.trim()) return 'Closing an incident needs its outcome';
  if (!i.lessons?.trim()) return 'Closing an incident needs the lessons learned (say "none" if there were none)';
  if (i.personalData === null) return 'Say whether personal data was involved before closing the incident';
  if (i.personalData && i.icoDecision === 'pending') return 'Record the ICO decision before closing the incident';
  return null;
}

export async function updateIncident(ctx: Ctx, id: string, patch: z.input<typeof IncidentPatch>): Promise<IncidentView> {
  requireRole(ctx, ...IT_ROLES);
  const { icoReference, ...data } = parseInput(IncidentPatch, patch);
  const old = await mustGet(ctx, id);
  const now = ctx.clock.now();
  const tz = ctx.config.timeZone;
  const closing = data.status === 'closed' && old.status !== 'closed';
  if (closing) {
    const problem = closingProblem({ ...old, ...data } as IncidentRow);
    if (problem) throw new Invalid(problem);
  }
  if (icoReference !== undefined && old.icoDecision !== 'reported')
    throw new Invalid('An ICO reference can only be added once the breach is recorded as reported');
  const row = await updateIncidentRow(ctx.db, id, {
    ...data,
    ...(icoReference !== undefined ? { icoReference } : {}),
    ...(closing ? { closedAt: now } : {}),
    ...(data.status && data.status !== 'closed' ? { closedAt: null } : {}),
    ...(data.status === 'contained' && !old.containedAt && data.containedAt === undefined ? { containedAt: now } : {}),
    updatedAt: now,
  });
  // The log records what moves the clock or the story: status, awareness, personal data, the ICO reference.
  const log: { decision: string; rationale: string }[] = [];
  if (data.status && data.status !== old.status)
    log.push({
      decision: `Status: ${old.status} → ${data.status}`,
      rationale: closing ? `Outcome: ${row?.outcome ?? ''}. Lessons: ${row?.lessons ?? ''}` : '',
    });
  if (data.becameAwareAt && data.becameAwareAt.getTime() !== old.becameAwareAt.getTime())
    log.push({
      decision: `Became aware: ${schoolTime(old.becameAwareAt, tz)} → ${schoolTime(data.becameAwareAt, tz)}`,
      rationale: '',
    });
  if (data.personalData !== undefined && data.personalData !== old.personalData)
    log.push({
      decision: `Personal data: ${personalDataWords(old.personalData)} → ${personalDataWords(data.personalData)}`,
      rationale: data.personalDataNotes ?? '',
    });
  if (icoReference !== undefined && icoReference !== old.icoReference)
    log.push({ decision: `ICO reference received: ${icoReference}`, rationale: '' });
  for (const entry of log) await insertDecision(ctx.db, { incidentId: id, at: now, by: who(ctx), ...entry });
  await recordAudit(ctx, {
    action: 'security.incident.update',
    summary: `Changed incident ${old.ref}`,
    targetType: 'incident',
    targetId: id,
    details: { fields: [...Object.keys(data), ...(icoReference !== undefined ? ['icoReference'] : [])] },
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

/**
 * Records the ICO decision: an explicit choice with a rationale; "reported" carries the ICO's
 * reference or says it is still to come; "not reportable" names the DPO who agreed.
 */
export async function recordIcoDecision(ctx: Ctx, id: string, input: z.input<typeof IcoDecision>): Promise<IncidentView> {
  requireRole(ctx, ...IT_ROLES);
  const data = parseInput(IcoDecision, input);
  const inc = await mustGet(ctx, id);
  if (inc.icoDecision !== 'pending') throw new Conflict('The ICO decision on this incident is already recorded');
  if (inc.personalData === false) throw new Invalid('No personal data is involved, so there is no ICO decision to make');
  if (data.decision === 'not_reportable' && !data.dpoName)
    throw new Invalid('Recording "not reportable" needs the name of the DPO consulted');
  if (data.decision === 'reported' && !data.reference && !data.referenceToFollow)
    throw new Invalid("Give the ICO's reference, or say it is still to come");
  const now = ctx.clock.now();
  const row = await updateIncidentRow(ctx.db, id, {
    icoDecision: data.decision,
    icoDecisionAt: now,
    icoReference: data.reference ?? null,
    icoRationale: data.rationale,
    // Reporting settles that personal data was involved.
    ...(inc.personalData === null && data.decision === 'reported' ? { personalData: true } : {}),
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
        ? `Reported to the ICO${data.reference ? ` (ref ${data.reference})` : ' (reference still to come)'}${late}`
        : `Not reportable to the ICO${late}`,
    rationale: [data.rationale, data.dpoName ? `DPO consulted: ${data.dpoName}` : ''].filter(Boolean).join('. '),
  });
  await recordAudit(ctx, {
    action: 'security.incident.ico',
    summary: `ICO decision on ${inc.ref}: ${data.decision === 'reported' ? 'reported to the ICO' : 'not reportable'}`,
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
