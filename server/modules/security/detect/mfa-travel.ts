import type { EventRow, selectTravelPairs } from '../db/detect-queries.ts';
import { COUNTRY_CENTRES_ATTRIBUTION, leastDistanceKm } from '../domain/country-centres.ts';
import { type AlertCandidate, evidenceEvents, groupBy, type Severity, utcDay } from './alert-candidate.ts';
import type { DetectContext } from './detect-context.ts';

const MIN = 60_000;

/** MFA fatigue (research §4.4): repeated denials or timeouts, a reported fraud, a success after a burst. */
export function detectMfaFatigue(
  dc: DetectContext,
  mfaFailures: EventRow[],
  successes: Map<string, EventRow[]>,
): AlertCandidate[] {
  const t = dc.thresholds.mfaFatigue;
  const out: AlertCandidate[] = [];
  for (const [user, rows] of groupBy(mfaFailures, (r) => r.user)) {
    const frauds = rows.filter((r) => r.failureKind === 'mfa_fraud');
    let best = { count: 0, start: 0, end: -1 };
    const denials = rows.filter((r) => r.failureKind !== 'mfa_fraud');
    for (let i = 0, j = 0; j < denials.length; j++) {
      while ((denials[j] as EventRow).ts.getTime() - (denials[i] as EventRow).ts.getTime() > t.windowMinutes * MIN) i++;
      if (j - i + 1 > best.count) best = { count: j - i + 1, start: i, end: j };
    }
    const burst = best.count >= t.minDenials ? denials.slice(best.start, best.end + 1) : [];
    if (!burst.length && !frauds.length) continue;
    const lastDenial = burst.length ? (burst[burst.length - 1] as EventRow).ts.getTime() : 0;
    const success = burst.length
      ? (successes.get(user) ?? []).find(
          (s) => s.ts.getTime() > lastDenial && s.ts.getTime() - lastDenial <= t.successWithinMinutes * MIN,
        )
      : undefined;
    let severity: Severity = burst.length ? 'medium' : 'high';
    if (frauds.length) severity = 'high';
    if (success) severity = 'critical';
    const shown = [...burst, ...frauds].sort((a, b) => a.ts.getTime() - b.ts.getTime());
    out.push({
      dedupKey: `mfa_fatigue:${user}:${utcDay((shown[0] as EventRow).ts)}`,
      type: 'mfa_fatigue',
      source: 'belfry',
      severity,
      title: success
        ? `Possible MFA fatigue success: ${user}`
        : frauds.length
          ? `MFA fraud reported by ${user}`
          : `Repeated MFA denials for ${user}`,
      summary: `${burst.length} MFA denial${burst.length === 1 ? '' : 's'} or timeouts within ${t.windowMinutes} minutes${frauds.length ? `, ${frauds.length} reported as fraud` : ''}${success ? `, then a successful sign-in from ${success.ip}` : ''}.`,
      users: [user],
      ips: [...new Set(shown.map((r) => r.ip).filter((x): x is string => !!x))],
      firstSeen: (shown[0] as EventRow).ts,
      lastSeen: success?.ts ?? (shown[shown.length - 1] as EventRow).ts,
      evidence: {
        denials: burst.length,
        fraudReports: frauds.length,
        threshold: { minDenials: t.minDenials, windowMinutes: t.windowMinutes, successWithinMinutes: t.successWithinMinutes },
        successAfter: success ? { ts: success.ts.toISOString(), ip: success.ip } : null,
        ...evidenceEvents(shown),
      },
    });
  }
  return out;
}

type Pair = Awaited<ReturnType<typeof selectTravelPairs>>[number];

/** Impossible travel (research §4.5): consecutive successes too far apart for the time between them. */
export function detectTravel(dc: DetectContext, pairs: Pair[], baselineCountries: Map<string, string[]>): AlertCandidate[] {
  const t = dc.thresholds.travel;
  const out: AlertCandidate[] = [];
  for (const p of pairs) {
    const minutes = Math.max(1, (p.ts.getTime() - p.prevTs.getTime()) / MIN);
    // Without coordinates on both, the least distance the two countries allow (country-centres.ts).
    const byCountry = p.km === null;
    const km = p.km ?? (p.country && p.prevCountry ? leastDistanceKm(p.prevCountry, p.country) : null);
    if (km === null) continue;
    const speed = km / (minutes / 60);
    if (speed <= t.minSpeedKmh || km <= t.minDistanceKm || km <= t.marginKm) continue;
    if (dc.isTrusted(p.ip) || dc.isTrusted(p.prevIp)) continue;
    const relay = dc.isRelay(p.ip, p.asn) ?? dc.isRelay(p.prevIp, p.prevAsn);
    if (relay && t.relay === 'suppress') continue;
    if (p.country && dc.tripFor(p.user, p.country, p.ts)) continue;
    const known = baselineCountries.get(p.user) ?? [];
    let severity: Severity = p.country && !known.includes(p.country) ? 'high' : 'medium';
    if (relay) severity = 'info';
    const place = (city: string | null, country: string | null) => [city, country].filter(Boolean).join(', ') || 'unknown';
    out.push({
      dedupKey: `impossible_travel:${p.user}:${p.prevKey}:${p.eventKey}`,
      type: 'impossible_travel',
      source: 'belfry',
      severity,
      title: `Impossible travel: ${p.user}`,
      summary: `${place(p.prevCity, p.prevCountry)} then ${place(p.city, p.country)}: ${byCountry ? 'at least ' : ''}${Math.round(km).toLocaleString('en-GB')} km in ${Math.round(minutes)} minutes (${byCountry ? 'at least ' : ''}${Math.round(speed).toLocaleString('en-GB')} km/h)${byCountry ? ', judged from the countries alone' : ''}.`,
      users: [p.user],
      ips: [p.prevIp, p.ip].filter((x): x is string => !!x),
      firstSeen: p.prevTs,
      lastSeen: p.ts,
      evidence: {
        distanceKm: Math.round(km),
        // 'country': no coordinates on both sign-ins, so the distance is the least the countries allow.
        distanceFrom: byCountry ? 'country' : 'coordinates',
        ...(byCountry ? { distanceSource: COUNTRY_CENTRES_ATTRIBUTION } : {}),
        speedKmh: Math.round(speed),
        minutes: Math.round(minutes),
        threshold: { minSpeedKmh: t.minSpeedKmh, minDistanceKm: t.minDistanceKm, marginKm: t.marginKm },
        relay: relay ?? null,
        from: {
          ts: p.prevTs.toISOString(),
          ip: p.prevIp,
          city: p.prevCity,
          country: p.prevCountry,
          lat: p.prevLat,
          lon: p.prevLon,
          asn: p.prevAsn,
        },
        to: { ts: p.ts.toISOString(), ip: p.ip, city: p.city, country: p.country, lat: p.lat, lon: p.lon, asn: p.asn },
        countryInBaseline: p.country ? known.includes(p.country) : null,
      },
    });
  }
  return out;
}
