import type { Baseline, EventRow } from '../db/detect-queries.ts';
import type { securityVendorEvents } from '../db/tables.ts';
import { type AlertCandidate, type AlertType, evidenceEvents, groupBy, type Severity, uniq, utcDay } from './alert-candidate.ts';
import type { DetectContext } from './detect-context.ts';

/** New country (§4.6), legacy authentication (§4.7), disabled accounts (§4.9) and vendor pass-through. */

export function detectNewCountry(
  dc: DetectContext,
  candidates: EventRow[],
  baselines: Map<string, Baseline>,
  tenant: { users: number; byCountry: Map<string, number> },
  stats: { thin: number } = { thin: 0 },
): AlertCandidate[] {
  const t = dc.thresholds.newCountry;
  const out: AlertCandidate[] = [];
  // Common among the school's other users: the candidate's own sign-in from the country is in the
  // counts, and must not make its country look common (one user alone from RU is not "common").
  const common = (c: string) => tenant.users > 1 && ((tenant.byCountry.get(c) ?? 1) - 1) / (tenant.users - 1) > t.commonShare;
  for (const e of candidates) {
    const country = e.country as string;
    // The school's own country and its own networks are never new.
    if (country === dc.config.homeCountry || dc.isTrusted(e.ip)) continue;
    const b = baselines.get(`${e.user}|${e.ts.toISOString()}`) ?? { user: e.user, signIns: 0, spanDays: 0, countries: [] };
    // Too little history (a one-user download, a new starter, a first import) cannot make a
    // country "new": silence, counted in the run's summary, rather than an alert on a guess.
    if (b.signIns < t.minSignIns || b.spanDays < t.minDays) {
      stats.thin++;
      continue;
    }
    if (b.countries.includes(country)) continue;
    const trip = dc.tripFor(e.user, country, e.ts);
    const holiday = dc.holidayOn(e.ts);
    const relay = dc.isRelay(e.ip, e.asn);
    let severity: Severity = 'medium';
    const reasons: string[] = [];
    if (common(country)) reasons.push(`${country} is common among the school's users`);
    if (trip) reasons.push(`registered trip: ${trip}`);
    if (holiday) reasons.push(`school holiday: ${holiday}`);
    if (relay) reasons.push(`relay or VPN: ${relay}`);
    if (reasons.length) severity = 'low';
    out.push({
      dedupKey: `new_country:${e.user}:${country}:${utcDay(e.ts)}`,
      type: 'new_country',
      source: 'belfry',
      severity,
      title: `Sign-in from a new country (${country}): ${e.user}`,
      summary: `${e.user} signed in from ${[e.city, country].filter(Boolean).join(', ')}; before this only from ${b.countries.join(', ') || 'nowhere known'}.`,
      users: [e.user],
      ips: e.ip ? [e.ip] : [],
      firstSeen: e.ts,
      lastSeen: e.ts,
      evidence: {
        country,
        baseline: { signIns: b.signIns, days: Math.round(b.spanDays), countries: b.countries, lookbackDays: t.baselineDays },
        tenantShare: tenant.users ? (tenant.byCountry.get(country) ?? 0) / tenant.users : 0,
        threshold: { minSignIns: t.minSignIns, minDays: t.minDays, commonShare: t.commonShare },
        lowerSeverity: reasons,
        ...evidenceEvents([e]),
      },
    });
  }
  return out;
}

export function detectLegacyAuth(dc: DetectContext, successes: EventRow[]): AlertCandidate[] {
  const legacy = successes.filter((e) => dc.legacyReason(e));
  const out: AlertCandidate[] = [];
  // One alert per account per month: a scanner on SMTP AUTH is one decision, not twenty.
  for (const [key, rows] of groupBy(legacy, (e) => `${e.user}:${utcDay(e.ts).slice(0, 7)}`)) {
    const first = rows[0] as EventRow;
    const reasons = uniq(rows.map((r) => dc.legacyReason(r) as string));
    out.push({
      dedupKey: `legacy_auth:${key}`,
      type: 'legacy_auth',
      source: 'belfry',
      severity: 'medium',
      title: `Legacy authentication: ${first.user}`,
      summary: `${rows.length} successful sign-in${rows.length > 1 ? 's' : ''} with legacy authentication (${reasons.join('; ')}), which bypasses MFA.`,
      users: [first.user],
      ips: uniq(rows.map((r) => r.ip).filter((x): x is string => !!x)),
      firstSeen: first.ts,
      lastSeen: (rows[rows.length - 1] as EventRow).ts,
      evidence: { reasons, hint: 'A printer or scanner sending mail can be allowlisted with an expiry', ...evidenceEvents(rows) },
    });
  }
  return out;
}

export function detectDisabled(failures: EventRow[]): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  for (const [key, rows] of groupBy(failures, (e) => `${e.user}:${utcDay(e.ts)}`)) {
    const first = rows[0] as EventRow;
    out.push({
      dedupKey: `disabled_account:${key}`,
      type: 'disabled_account',
      source: 'belfry',
      severity: 'medium',
      title: `Sign-in attempts on a disabled account: ${first.user}`,
      summary: `${rows.length} attempt${rows.length > 1 ? 's' : ''} to sign in to the disabled account ${first.user} from ${uniq(rows.map((r) => r.ip ?? 'unknown')).join(', ')}.`,
      users: [first.user],
      ips: uniq(rows.map((r) => r.ip).filter((x): x is string => !!x)),
      firstSeen: first.ts,
      lastSeen: (rows[rows.length - 1] as EventRow).ts,
      evidence: evidenceEvents(rows),
    });
  }
  return out;
}

/** Vendor detections mapped onto our types where they mean the same thing. */
const VENDOR_TYPES: Record<string, AlertType> = {
  passwordSpray: 'password_spray',
  unlikelyTravel: 'impossible_travel',
  impossibleTravel: 'impossible_travel',
  mcasImpossibleTravel: 'impossible_travel',
  newCountry: 'new_country',
  suspicious_login_less_secure_app: 'legacy_auth',
};

export function detectVendor(rows: (typeof securityVendorEvents.$inferSelect)[]): AlertCandidate[] {
  return rows.map((v) => ({
    dedupKey: `vendor:${v.source}:${v.vendorId}`,
    type: VENDOR_TYPES[v.eventType] ?? 'vendor',
    source: v.source,
    severity: v.severity as Severity,
    title: v.displayName,
    summary: `${v.displayName}${v.userName ? ` for ${v.userName}` : ''}${v.ip ? ` from ${v.ip}` : ''} (reported by ${v.source.replace(/_/g, ' ')}).`,
    users: v.userName ? [v.userName] : [],
    ips: v.ip ? [v.ip] : [],
    firstSeen: v.ts,
    lastSeen: v.ts,
    evidence: { vendor: v.source, eventType: v.eventType, vendorId: v.vendorId, raw: v.raw },
  }));
}
