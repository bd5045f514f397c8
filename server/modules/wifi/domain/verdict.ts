import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { Invalid } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { isIsoDate } from '../../../lib/zoned-time.ts';
import { analyse } from './analysis/analyse.ts';
import type { Scope, Verdict } from './analysis/types.ts';
import { composeVerdict } from './analysis/verdict-compose.ts';
import { peopleFor } from './client-detail.ts';
import { datesBetween, loadWifiData } from './load-wifi-data.ts';
import { lastSchoolDay, loadSchoolDays, schoolDaysBefore } from './school-days.ts';
import { cachedVerdict } from './verdict-cache.ts';
import { loadThresholds } from './wifi-settings.ts';

/**
 * `belfry wifi analyze` and the Verdict page: a window of school dates (by default the last
 * school day) judged against the school days before it. The Director and IT see every finding;
 * senior leaders see the same verdict with the devices and people taken out.
 */

const isoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-17');
export const VerdictInput = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  scope: z.string().max(120).optional(),
});

const SCOPE_KINDS = ['site', 'school', 'building', 'ap', 'ssid', 'band'] as const;

export function parseScope(text: string | undefined): Scope | null {
  if (!text) return null;
  const i = text.indexOf(':');
  const kind = (i < 0 ? text : text.slice(0, i)).trim().toLowerCase();
  const value = i < 0 ? '' : text.slice(i + 1).trim();
  if (!(SCOPE_KINDS as readonly string[]).includes(kind))
    throw new Invalid(`scope: use ${SCOPE_KINDS.map((k) => `${k}:NAME`).join(', ')} (got "${text}")`);
  if (!value && kind !== 'site') throw new Invalid(`scope: name the ${kind}, e.g. ${kind}:...`);
  return { kind: kind as Scope['kind'], value: value || 'all' };
}

export async function resolveWindow(ctx: Ctx, from?: string, to?: string) {
  const days = await loadSchoolDays(ctx);
  const start = from ?? (to && !from ? to : lastSchoolDay(ctx, days));
  const end = to ?? start;
  if (end < start) throw new Invalid('to: the window ends before it starts');
  const t = await loadThresholds(ctx);
  const reference = schoolDaysBefore(days, start, t.referenceDays);
  const inWindow = datesBetween(start, end).filter((d) => days.isSchoolDay(d) || !days.fromCalendar);
  // The capacity test reads 5-minute bins of the last school days up to the window's end, not a whole term.
  const capacityDays = [...schoolDaysBefore(days, start, t.capacityDays), ...inWindow].slice(-Math.max(t.capacityDays, 1));
  return { from: start, to: end, reference, capacityDays, thresholds: t };
}

/** Takes devices and people out of a verdict, for senior leaders (aggregates only). */
export function redactVerdict(v: Verdict): Verdict {
  return {
    ...v,
    findings: v.findings.map((f) =>
      f.kind === 'individual'
        ? {
            ...f,
            clients: [],
            evidence: { metric: f.evidence.metric, devices: (f.evidence.devices as unknown[]).length },
          }
        : f,
    ),
  };
}

/** Names the people behind the devices in individual findings (from the directory, in one lookup), for IT. */
async function withPeople(ctx: Ctx, v: Verdict): Promise<Verdict> {
  const individual = v.findings.filter((f) => f.kind === 'individual');
  if (individual.length === 0) return v;
  const people = await peopleFor(
    ctx,
    individual.flatMap((f) => (f.evidence.devices as { identity: string | null }[]).map((d) => d.identity)),
  );
  const findings = v.findings.map((f) => {
    if (f.kind !== 'individual') return f;
    const devices = (f.evidence.devices as { identity: string | null }[]).map((d) => {
      const p = d.identity ? people.get(d.identity) : undefined;
      return { ...d, person: p ? { name: p.displayName, kind: p.kind, yearLabel: p.yearLabel, tutorGroup: p.tutorGroup } : null };
    });
    return { ...f, evidence: { ...f.evidence, devices } };
  });
  return { ...v, findings };
}

/** The verdict as cached (whole, no one named): a repeat is a lookup. */
async function cachedWifiVerdict(ctx: Ctx, input: z.input<typeof VerdictInput>): Promise<Verdict> {
  const q = parseInput(VerdictInput, input);
  const scope = parseScope(q.scope);
  const w = await resolveWindow(ctx, q.from, q.to);
  // Everything the analysis depends on besides the data, which the cache versions itself.
  const windowKey = JSON.stringify([w.from, w.to, w.reference, w.capacityDays, w.thresholds, ctx.config.timeZone]);
  return cachedVerdict(
    ctx,
    windowKey,
    scope ? `${scope.kind}:${scope.value}` : '',
    async () => analyse(await loadWifiData(ctx, { ...w, burstMinClients: w.thresholds.burstMinClients }), w.thresholds),
    (analysis) => composeVerdict(analysis, scope),
  );
}

export async function getWifiVerdict(ctx: Ctx, input: z.input<typeof VerdictInput>): Promise<Verdict> {
  const actor = requireRole(ctx, 'admin', 'it', 'slt');
  const verdict = await cachedWifiVerdict(ctx, input);
  return actor.role === 'slt' ? redactVerdict(verdict) : withPeople(ctx, verdict);
}

/**
 * The verdict for the Director and IT without naming anyone, for "Make a to-do", which reads
 * only the general findings: the cached verdict itself, read-only.
 */
export async function getWifiVerdictForTodo(ctx: Ctx, input: z.input<typeof VerdictInput>): Promise<Verdict> {
  requireRole(ctx, ...IT_ROLES);
  return cachedWifiVerdict(ctx, input);
}
