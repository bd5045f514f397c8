import type { EventRow } from '../db/detect-queries.ts';

/** What a detector proposes; run-detections raises severity, applies suppressions and stores it. */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_TYPES = [
  'password_spray',
  'brute_force',
  'mfa_fatigue',
  'impossible_travel',
  'new_country',
  'legacy_auth',
  'disabled_account',
  'sigma',
  'vendor',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export type AlertCandidate = {
  dedupKey: string;
  type: AlertType;
  /** 'belfry' for our own detectors, 'sigma', or the vendor (entra_id_protection, google_workspace, ...). */
  source: string;
  severity: Severity;
  title: string;
  summary: string;
  users: string[];
  ips: string[];
  firstSeen: Date;
  lastSeen: Date;
  evidence: Record<string, unknown>;
};

export const severityRank = (s: string) => SEVERITIES.indexOf(s as Severity);
export const maxSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);
export const raiseSeverity = (s: Severity): Severity =>
  SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(s) + 1)] as Severity;

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Events as kept in an evidence snapshot: the fields a person reads, at most `limit` of them. */
export function evidenceEvents(events: readonly EventRow[], limit = 50) {
  return {
    eventCount: events.length,
    events: events.slice(0, limit).map((e) => ({
      ts: e.ts.toISOString(),
      source: e.source,
      requestId: e.eventKey,
      user: e.user,
      ip: e.ip,
      result: e.result,
      errorCode: e.errorCode,
      failureKind: e.failureKind,
      failureReason: e.failureReason,
      clientApp: e.clientApp,
      app: e.app,
      country: e.country,
      city: e.city,
      asn: e.asn,
      geoSource: e.geoSource,
    })),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

export function groupBy<T>(xs: readonly T[], key: (x: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
