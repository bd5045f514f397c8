import type { EventRow } from '../db/detect-queries.ts';
import { type AlertCandidate, evidenceEvents, groupBy, median, type Severity, uniq, utcDay } from './alert-candidate.ts';
import type { DetectContext } from './detect-context.ts';

/**
 * Password spray (many users, few attempts each, one source; research §4.2) and brute force
 * (one user, many failures; §4.3), from the same credential failures so they never double-fire.
 */

const MIN = 60_000;

type Spray = AlertCandidate & { ip: string };

/** Addresses with, in some window, at least the spray threshold of distinct failing users. */
export function sprayCandidates(dc: DetectContext, failures: EventRow[]): Map<string, EventRow[]> {
  const t = dc.thresholds.spray;
  const min = Math.min(t.minUsers, t.minUsersForeign);
  const out = new Map<string, EventRow[]>();
  for (const [ip, rows] of groupBy(failures, (f) => f.ip)) {
    const bins = new Map<number, Set<string>>();
    for (const r of rows) {
      const b = Math.floor(r.ts.getTime() / (t.windowMinutes * MIN));
      bins.set(b, (bins.get(b) ?? new Set()).add(r.user));
    }
    if ([...bins.values()].some((u) => u.size >= min)) out.set(ip, rows);
  }
  return out;
}

/** The most failures inside any window of `minutes`, with where that window starts and ends. */
export function widestBurst(rows: EventRow[], minutes: number): { count: number; start: number; end: number } {
  let best = { count: 0, start: 0, end: -1 };
  for (let i = 0, j = 0; j < rows.length; j++) {
    while ((rows[j] as EventRow).ts.getTime() - (rows[i] as EventRow).ts.getTime() > minutes * MIN) i++;
    if (j - i + 1 > best.count) best = { count: j - i + 1, start: i, end: j };
  }
  return best;
}

/** Users whose failures could make a brute-force alert (successes are fetched only for them). */
export function bruteForceCandidates(dc: DetectContext, failures: EventRow[]): string[] {
  const t = dc.thresholds.bruteForce;
  return [...groupBy(failures, (f) => f.user)]
    .filter(([, rows]) => widestBurst(rows, t.windowMinutes).count >= t.minFailures || rows.length >= t.distributedPerDay)
    .map(([u]) => u);
}

export function detectSpray(
  dc: DetectContext,
  byIp: Map<string, EventRow[]>,
  succeeding: Map<string, number>,
  successes: Map<string, EventRow[]>,
): Spray[] {
  const t = dc.thresholds.spray;
  const out: Spray[] = [];
  for (const [ip, rows] of byIp) {
    const country = rows.find((r) => r.country)?.country ?? null;
    const foreign = country !== null && country !== dc.config.homeCountry;
    const minUsers = foreign && !dc.isTrusted(ip) ? t.minUsersForeign : t.minUsers;
    const bins = new Map<number, Set<string>>();
    for (const r of rows) {
      const b = Math.floor(r.ts.getTime() / (t.windowMinutes * MIN));
      bins.set(b, (bins.get(b) ?? new Set()).add(r.user));
    }
    const days = new Map<string, { bin: number; users: number }>();
    for (const [bin, users] of bins) {
      if (users.size < minUsers) continue;
      const day = utcDay(new Date(bin * t.windowMinutes * MIN));
      const best = days.get(day);
      if (!best || users.size > best.users) days.set(day, { bin, users: users.size });
    }
    for (const [day, peak] of days) {
      const dayRows = rows.filter((r) => utcDay(r.ts) === day);
      const perUser = new Map<string, number>();
      for (const r of dayRows) perUser.set(r.user, (perUser.get(r.user) ?? 0) + 1);
      const med = median([...perUser.values()]);
      if (med > t.maxMedianFailures) continue;
      const failing = perUser.size;
      const succeedingUsers = succeeding.get(ip) ?? 0;
      // Sentinel's guard: the school's own NAT has far more people succeeding than failing.
      if (failing <= succeedingUsers) continue;
      const firstFail = new Map<string, number>();
      for (const r of dayRows) if (!firstFail.has(r.user)) firstFail.set(r.user, r.ts.getTime());
      const asn = dayRows.find((r) => r.asn)?.asn ?? null;
      const hits = [...firstFail.keys()]
        .flatMap((u) => successes.get(u) ?? [])
        .filter((s) => {
          const f = firstFail.get(s.user);
          const sameSource = s.ip === ip || (asn !== null && s.asn === asn);
          return f !== undefined && sameSource && s.ts.getTime() > f && s.ts.getTime() - f <= 24 * 60 * MIN;
        });
      const compromised = uniq(hits.map((h) => h.user)).sort();
      let severity: Severity = 'medium';
      if (compromised.length) severity = 'high';
      if (hits.some((h) => /single/i.test(h.authRequirement ?? '') || dc.legacyReason(h))) severity = 'critical';
      const targeted = [...perUser.keys()].sort();
      const trusted = dc.isTrusted(ip);
      out.push({
        ip,
        dedupKey: `password_spray:${ip}:${day}`,
        type: 'password_spray',
        source: 'belfry',
        severity,
        title: `Password spray from ${ip}`,
        summary: `${failing} accounts failed to sign in from ${ip} (${dayRows.length} failures, median ${med} each)${compromised.length ? `; ${compromised.join(', ')} then signed in from there` : ''}.`,
        users: targeted,
        ips: [ip],
        firstSeen: dayRows[0]?.ts as Date,
        lastSeen: (hits.length ? hits[hits.length - 1] : dayRows[dayRows.length - 1])?.ts as Date,
        evidence: {
          ip,
          country,
          asn,
          distinctUsers: failing,
          failures: dayRows.length,
          medianFailuresPerUser: med,
          succeedingUsers,
          peakWindow: { start: new Date(peak.bin * t.windowMinutes * MIN).toISOString(), users: peak.users },
          threshold: {
            minUsers,
            windowMinutes: t.windowMinutes,
            maxMedianFailures: t.maxMedianFailures,
            guard: 'failing users > succeeding users',
          },
          trustedNetwork: trusted?.text ?? null,
          possibleCompromise: compromised,
          successes: hits.map((h) => ({
            ts: h.ts.toISOString(),
            user: h.user,
            ip: h.ip,
            authRequirement: h.authRequirement,
            clientApp: h.clientApp,
          })),
          ...evidenceEvents(dayRows),
        },
      });
    }
  }
  return out;
}

export function detectBruteForce(
  dc: DetectContext,
  failures: EventRow[],
  successes: Map<string, EventRow[]>,
  sprays: Spray[],
): AlertCandidate[] {
  const t = dc.thresholds.bruteForce;
  const byUser = groupBy(failures, (f) => f.user);
  const out = new Map<string, AlertCandidate>();
  for (const [user, rows] of byUser) {
    const best = widestBurst(rows, t.windowMinutes);
    const perDay = groupBy(rows, (r) => utcDay(r.ts));
    const distributedDay = [...perDay.entries()].find(([, rs]) => {
      const places = uniq(rs.map((r) => r.country ?? (r.asn ? `AS${r.asn}` : null)).filter(Boolean));
      return rs.length >= t.distributedPerDay && places.length >= t.distributedPlaces;
    });
    if (best.count < t.minFailures && !distributedDay) continue;
    const burst = best.count >= t.minFailures ? rows.slice(best.start, best.end + 1) : (distributedDay?.[1] ?? []);
    const burstIps = uniq(burst.map((r) => r.ip).filter((ip): ip is string => !!ip));
    const spray = sprays.find((s) => burstIps.length === 1 && s.ip === burstIps[0]);
    if (spray) {
      // Already a spray from that address: the user joins that alert instead of raising a second.
      spray.evidence.bruteForcedUsers = uniq([...((spray.evidence.bruteForcedUsers as string[]) ?? []), user]);
      continue;
    }
    const last = (burst[burst.length - 1] as EventRow).ts.getTime();
    const success = (successes.get(user) ?? []).find(
      (s) => s.ts.getTime() > last && s.ts.getTime() - last <= t.successWithinMinutes * MIN,
    );
    const day = utcDay((burst[0] as EventRow).ts);
    const lockouts = rows.filter((r) => r.failureKind === 'locked' && utcDay(r.ts) === day);
    const severity: Severity = success || distributedDay ? 'high' : 'medium';
    out.set(`${user}:${day}`, {
      dedupKey: `brute_force:${user}:${day}`,
      type: 'brute_force',
      source: 'belfry',
      severity,
      title: distributedDay ? `Distributed brute force against ${user}` : `Brute force against ${user}`,
      summary: `${burst.length} failed sign-ins for ${user}${best.count >= t.minFailures ? ` within ${t.windowMinutes} minutes` : ' in a day'} from ${burstIps.join(', ') || 'unknown addresses'}${lockouts.length ? `; locked out ${lockouts.length} time${lockouts.length > 1 ? 's' : ''}` : ''}${success ? `; then signed in from ${success.ip}` : ''}.`,
      users: [user],
      ips: burstIps,
      firstSeen: (burst[0] as EventRow).ts,
      lastSeen: success?.ts ?? new Date(last),
      evidence: {
        failuresInWindow: best.count,
        threshold: { minFailures: t.minFailures, windowMinutes: t.windowMinutes },
        lockouts: lockouts.map((l) => ({ ts: l.ts.toISOString(), errorCode: l.errorCode, ip: l.ip })),
        distributed: distributedDay ? { day: distributedDay[0], failures: distributedDay[1].length } : null,
        successAfter: success ? { ts: success.ts.toISOString(), ip: success.ip, clientApp: success.clientApp } : null,
        ...evidenceEvents(burst),
      },
    });
  }
  return [...out.values()];
}
