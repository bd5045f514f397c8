import { z } from 'zod';
import { type Ctx, IT_ROLES, requireRole } from '../../../lib/context.ts';
import { NotFound } from '../../../lib/errors.ts';
import { parseInput } from '../../../lib/validate.ts';
import { addDays, isIsoDate, zonedToUtc } from '../../../lib/zoned-time.ts';
import { findPeopleByEmails, findPersonByEmail, type Person } from '../../directory/index.ts';
import { getSetting } from '../../settings/index.ts';
import { type ApRow, selectAps } from '../db/ap-queries.ts';
import { type DeviceFull, selectApDays, selectDeviceDays, selectDevicesFor, selectRecentFailures } from '../db/detail-queries.ts';
import { round } from './analysis/wifi-stats.ts';
import { draftContactMessage, type PersonalEvidence } from './contact-message.ts';
import { identityToEmail, normaliseMac } from './identifiers.ts';
import { FAIL_STAGES } from './records.ts';
import { lastSchoolDay, loadSchoolDays } from './school-days.ts';
import { identityEmailTemplateSetting, loadThresholds, type WifiThresholds } from './wifi-settings.ts';

/**
 * One person's (or one device's) Wi-Fi, for the Director and IT: their devices, each day on each
 * AP beside everyone else on that AP that day, the raw failures still kept, and the message to
 * send them, drafted from that evidence.
 */

const isoDate = z.string().refine(isIsoDate, 'Use a date like 2026-11-17');
export const WindowInput = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export async function devicesForKey(ctx: Ctx, key: string): Promise<DeviceFull[]> {
  if (key.startsWith('mac:')) {
    const mac = normaliseMac(key.slice(4));
    return mac ? selectDevicesFor(ctx.db, { mac }) : [];
  }
  return selectDevicesFor(ctx.db, { identity: key.toLowerCase() });
}

export async function personFor(ctx: Ctx, identity: string | null): Promise<Person | undefined> {
  if (!identity) return undefined;
  const email = identityToEmail(identity, await getSetting(ctx, identityEmailTemplateSetting));
  return email ? findPersonByEmail(ctx, email) : undefined;
}

/** The people behind many identities at once (two queries, however many), keyed by identity. */
export async function peopleFor(ctx: Ctx, identities: readonly (string | null)[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(identities.filter((i): i is string => !!i))];
  if (wanted.length === 0) return new Map();
  const template = await getSetting(ctx, identityEmailTemplateSetting);
  const emails = new Map(wanted.map((i) => [i, identityToEmail(i, template)]));
  const found = await findPeopleByEmails(
    ctx,
    [...emails.values()].filter((e): e is string => !!e),
  );
  const out = new Map<string, Person>();
  for (const [identity, email] of emails) {
    const p = email ? found.get(email.toLowerCase()) : undefined;
    if (p) out.set(identity, p);
  }
  return out;
}

export type DayDetail = {
  day: string;
  ap: string;
  apId: number;
  building: string | null;
  attempts: number;
  failures: number;
  stages: { assoc: number; auth: number; dhcp: number; dns: number };
  peerRate: number | null;
  rssi: number | null;
  peersRssi: number | null;
  weakShare: number | null;
};

/** The device set's days × APs beside their peers, and the evidence the message is drafted from. */
export async function personalEvidence(
  ctx: Ctx,
  devices: DeviceFull[],
  from: string,
  to: string,
  person: Person | undefined,
  /** Read once by a caller that asks for many people's evidence (the contact list). */
  shared?: { aps: Map<number, ApRow>; thresholds: WifiThresholds },
): Promise<{ days: DayDetail[]; evidence: PersonalEvidence; aps: Map<number, ApRow> }> {
  const ids = devices.map((d) => d.id);
  const own = await selectDeviceDays(ctx.db, ids, from, to);
  const all = await selectApDays(ctx.db, [...new Set(own.map((r) => r.ap_id))], from, to);
  const aps = shared?.aps ?? new Map((await selectAps(ctx.db)).map((a) => [a.id, a]));
  const t = shared?.thresholds ?? (await loadThresholds(ctx));
  const peerOf = (day: string, apId: number) => all.find((x) => x.day === day && x.ap_id === apId);
  const days: DayDetail[] = own.map((r) => {
    const p = peerOf(r.day, r.ap_id);
    const pn = (p?.attempts ?? 0) - r.attempts;
    const prn = (p?.rssi_n ?? 0) - r.rssi_n;
    return {
      day: r.day,
      ap: aps.get(r.ap_id)?.name ?? String(r.ap_id),
      apId: r.ap_id,
      building: aps.get(r.ap_id)?.buildingName ?? null,
      attempts: r.attempts,
      failures: r.failures,
      stages: { assoc: r.fa, auth: r.fu, dhcp: r.fd, dns: r.fn },
      peerRate: pn > 0 ? round(((p?.failures ?? 0) - r.failures) / pn) : null,
      rssi: r.rssi_n ? round(Number(r.rssi_sum) / r.rssi_n, 1) : null,
      peersRssi: prn > 0 ? round((Number(p?.rssi_sum ?? 0) - Number(r.rssi_sum)) / prn, 1) : null,
      weakShare: r.samples ? round(r.weak / r.samples) : null,
    };
  });
  const failing = days.filter((d) => d.failures > 0);
  const peerN = failing.reduce((s, d) => s + (peerOf(d.day, d.apId)?.attempts ?? 0), 0);
  const peerK = failing.reduce((s, d) => s + (peerOf(d.day, d.apId)?.failures ?? 0), 0);
  const ownK = failing.reduce((s, d) => s + d.failures, 0);
  const ownN = failing.reduce((s, d) => s + d.attempts, 0);
  const stages = FAIL_STAGES.map((s) => failing.reduce((n, d) => n + d.stages[s], 0));
  const top = stages.indexOf(Math.max(...stages));
  const weak = days.filter(
    (d) => d.rssi !== null && d.peersRssi !== null && d.rssi <= d.peersRssi - t.weakDeviceDb && d.rssi < t.weakRssi,
  );
  return {
    days,
    aps,
    evidence: {
      firstName: person ? (person.preferredName ?? person.givenName) : null,
      model: devices.map((d) => d.device).find((m) => !!m) ?? null,
      failures: days.reduce((s, d) => s + d.failures, 0),
      attempts: days.reduce((s, d) => s + d.attempts, 0),
      failureDays: [...new Set(failing.map((d) => d.day))],
      buildings: [...new Set(failing.map((d) => d.building).filter((b): b is string => !!b))].sort(),
      peerSuccess: peerN - ownN > 0 ? round(1 - (peerK - ownK) / (peerN - ownN), 3) : null,
      randomised: devices.some((d) => d.randomised),
      weakByDb: weak.length ? Math.max(...weak.map((d) => (d.peersRssi as number) - (d.rssi as number))) : null,
      stage: ownK > 0 ? (FAIL_STAGES[top] ?? null) : null,
    },
  };
}

export async function getClientDetail(ctx: Ctx, key: string, input: z.input<typeof WindowInput>) {
  requireRole(ctx, ...IT_ROLES);
  const q = parseInput(WindowInput, input);
  const devices = await devicesForKey(ctx, key);
  if (!devices.length) throw new NotFound('No Wi-Fi device with that identity or address');
  const to = q.to ?? lastSchoolDay(ctx, await loadSchoolDays(ctx));
  const from = q.from ?? addDays(to, -13);
  const identity = devices.find((d) => d.identity)?.identity ?? null;
  const person = await personFor(ctx, identity);
  const { days, evidence, aps } = await personalEvidence(ctx, devices, from, to, person);
  const tz = ctx.config.timeZone;
  const raw = await selectRecentFailures(
    ctx.db,
    devices.map((d) => d.id),
    zonedToUtc(from, '00:00', tz),
    zonedToUtc(addDays(to, 1), '00:00', tz),
  );
  const t = await loadThresholds(ctx);
  return {
    key,
    identity,
    person: person
      ? {
          id: person.id,
          name: person.displayName,
          kind: person.kind,
          yearLabel: person.yearLabel,
          tutorGroup: person.tutorGroup,
          email: person.email,
        }
      : null,
    devices: devices.map((d) => ({
      mac: d.mac,
      randomised: d.randomised,
      device: d.device,
      hostname: d.hostname,
      firstSeen: d.first_seen,
      lastSeen: d.last_seen,
    })),
    window: { from, to },
    days,
    recentFailures: raw.map((r) => ({
      ts: r.ts,
      ap: aps.get(r.ap_id)?.name ?? String(r.ap_id),
      stage: FAIL_STAGES[r.stage] ?? null,
      rssi: r.rssi,
      reason: r.reason,
    })),
    rawKeptDays: t.rawRetentionDays,
    evidence,
    message: draftContactMessage(evidence),
  };
}
