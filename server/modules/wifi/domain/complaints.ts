import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, isIsoDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { findPersonByEmail, type Person } from '../../directory/index.ts';
import { type DeviceFull, selectDevicesFor, selectFailBinsFor } from '../db/detail-queries.ts';
import type { Finding } from './analysis/types.ts';
import { personalEvidence } from './client-detail.ts';
import { draftContactMessage } from './contact-message.ts';
import { getWifiVerdict } from './verdict.ts';
import { loadThresholds } from './wifi-settings.ts';

/**
 * From complaint to contact: a list of complaining people (with, optionally, the building and the
 * time of day they complained about) set against the verdict for those days. Each person is
 * explained by their own device, their device's model, a problem at a place they used, too little
 * data, or nothing wrong; the ones with their own problem get a message drafted from their evidence.
 */

const isoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-17');
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'Use a time like 12:30');
export const ComplaintInput = z.object({
  people: z.array(z.string().trim().min(1).max(200)).min(1, 'Name at least one person').max(300),
  from: isoDate.optional(),
  to: isoDate.optional(),
  building: z.string().trim().max(60).optional(),
  timeFrom: hhmm.optional(),
  timeTo: hhmm.optional(),
});

export type ComplaintStatus = 'individual' | 'device-class' | 'general' | 'no-issue' | 'insufficient-data' | 'not-seen';

export type ComplaintResult = {
  query: string;
  person: { id: string; name: string; kind: string; yearLabel: string | null; tutorGroup: string | null } | null;
  key: string | null;
  devices: number;
  status: ComplaintStatus;
  explanation: string;
  attempts: number;
  failures: number;
  inWindow: { attempts: number; failures: number } | null;
  findings: string[];
  message: { subject: string; body: string } | null;
};

async function devicesOf(ctx: Ctx, query: string, person: Person | undefined): Promise<DeviceFull[]> {
  const byPerson = person ? await selectDevicesFor(ctx.db, { personId: person.id }) : [];
  const byIdentity = await selectDevicesFor(ctx.db, { identity: (person?.email ?? query).toLowerCase() });
  const all = new Map([...byPerson, ...byIdentity].map((d) => [d.id, d]));
  return [...all.values()].sort((a, b) => a.id - b.id);
}

const touches = (f: Finding, aps: Set<string>, buildings: Set<string>, schools: Set<string>) =>
  (f.scope === 'ap' && aps.has(f.subject)) ||
  (f.scope === 'building' && buildings.has(f.subject)) ||
  (f.scope === 'site' && (f.subject === 'all' || schools.has(f.subject)));

export async function analyseComplaints(ctx: Ctx, input: z.input<typeof ComplaintInput>) {
  requireRole(ctx, ...IT_ROLES);
  const q = parseInput(ComplaintInput, input);
  const verdict = await getWifiVerdict(ctx, { from: q.from, to: q.to });
  const { from, to } = verdict.window;
  const t = await loadThresholds(ctx);
  const tz = ctx.config.timeZone;
  const places = verdict.findings.filter((f) => f.kind === 'general');
  const results: ComplaintResult[] = [];
  for (const query of [...new Set(q.people)]) {
    const person = query.includes('@') ? await findPersonByEmail(ctx, query) : undefined;
    const devices = await devicesOf(ctx, query, person);
    const ref = person
      ? { id: person.id, name: person.displayName, kind: person.kind, yearLabel: person.yearLabel, tutorGroup: person.tutorGroup }
      : null;
    const who = person?.displayName ?? query;
    if (!devices.length) {
      results.push({
        query,
        person: ref,
        key: null,
        devices: 0,
        status: 'not-seen',
        explanation: `No Wi-Fi device of ${who} was seen: the data holds no 802.1X identity for them, so their complaint cannot be checked.`,
        attempts: 0,
        failures: 0,
        inWindow: null,
        findings: [],
        message: null,
      });
      continue;
    }
    const { days, evidence, aps } = await personalEvidence(ctx, devices, from, to, person);
    const used = days.filter((d) => !q.building || aps.get(d.apId)?.buildingCode?.toLowerCase() === q.building.toLowerCase());
    const apNames = new Set(used.map((d) => d.ap));
    const buildings = new Set(used.map((d) => aps.get(d.apId)?.buildingCode ?? '').filter(Boolean));
    const schools = new Set(used.map((d) => aps.get(d.apId)?.schoolCode ?? '').filter(Boolean));
    const macs = new Set(devices.map((d) => d.mac));
    const mine = (f: Finding) => f.clients.some((c) => c.macs.some((m) => macs.has(m)));
    const own = verdict.findings.filter((f) => f.kind === 'individual' && mine(f));
    const cls = verdict.findings.filter((f) => f.kind === 'device-class' && devices.some((d) => d.device === f.subject));
    const placed = places.filter((f) => touches(f, apNames, buildings, schools));
    let inWindow: ComplaintResult['inWindow'] = null;
    if (q.timeFrom && q.timeTo) {
      inWindow = { attempts: 0, failures: 0 };
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const rows = await selectFailBinsFor(
          ctx.db,
          devices.map((x) => x.id),
          zonedToUtc(d, q.timeFrom, tz),
          zonedToUtc(d, q.timeTo, tz),
        );
        for (const r of rows) {
          inWindow.attempts += r.n;
          inWindow.failures += r.k;
        }
      }
    }
    const status: ComplaintStatus = own.length
      ? 'individual'
      : cls.length
        ? 'device-class'
        : placed.length
          ? 'general'
          : evidence.attempts < t.minClientAttempts
            ? 'insufficient-data'
            : 'no-issue';
    const rate = evidence.attempts ? Math.round((100 * (evidence.attempts - evidence.failures)) / evidence.attempts) : 0;
    const explanation = {
      individual: `${who}'s own device is the problem: ${own[0]?.explanation ?? ''}`,
      'device-class': `${who}'s device is a ${cls[0]?.subject}, a model with a known fault: ${cls[0]?.explanation ?? ''}`,
      general: `${who} was affected by a problem with the network where they were: ${placed[0]?.explanation ?? ''}`,
      'insufficient-data': `${who}'s devices made only ${evidence.attempts} connection attempts in this window: too few to judge.`,
      'no-issue': `${who}'s devices connected normally: ${rate}% of ${evidence.attempts.toLocaleString('en-GB')} attempts succeeded, and no problem was found where they were.`,
      'not-seen': '',
    }[status];
    results.push({
      query,
      person: ref,
      key: devices.find((d) => d.identity)?.identity ?? `mac:${devices[0]?.mac}`,
      devices: devices.length,
      status,
      explanation,
      attempts: evidence.attempts,
      failures: evidence.failures,
      inWindow,
      findings: [...own, ...cls, ...placed].map((f) => f.explanation),
      message: status === 'individual' || status === 'device-class' ? draftContactMessage(evidence) : null,
    });
  }
  const counts = Object.fromEntries(
    (['general', 'individual', 'device-class', 'no-issue', 'insufficient-data', 'not-seen'] as const).map((s) => [
      s,
      results.filter((r) => r.status === s).length,
    ]),
  ) as Record<ComplaintStatus, number>;
  return {
    window: { from, to },
    verdict: verdict.verdict,
    headline: verdict.headline,
    counts,
    summary: summarise(results.length, counts),
    results,
  };
}

function summarise(total: number, c: Record<ComplaintStatus, number>): string {
  const say = (n: number, one: string, many: string) => (n ? `${n} ${n === 1 ? one : many}` : '');
  const parts = [
    say(
      c.general,
      'was affected by a problem with the network where they were',
      'were affected by a problem with the network where they were',
    ),
    say(c.individual, 'has a problem with their own device', 'have a problem with their own device'),
    say(c['device-class'], 'has a device model with a known fault', 'have a device model with a known fault'),
    say(c['no-issue'], 'connected normally', 'connected normally'),
    say(c['insufficient-data'], 'had too little data to judge', 'had too little data to judge'),
    say(c['not-seen'], 'could not be found in the Wi-Fi data', 'could not be found in the Wi-Fi data'),
  ].filter(Boolean);
  return `Of ${total} ${total === 1 ? 'person' : 'people'} who complained, ${parts.join(', ')}.`;
}
