import { z } from 'zod';
import type { RowProblem } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { VendorEventRow } from '../db/signin-queries.ts';
import { emptyEvent, entraFailureKind, type SigninEvent } from '../domain/signin-event.ts';
import { unwrapSignIn } from './azure-monitor.ts';
import type { JsonItem } from './json-items.ts';

/**
 * Microsoft Graph `signIn` objects (v1.0 and the beta fields the portal shows, research §1.1)
 * and ID Protection `riskDetection` objects (§1.4), as downloaded or pulled.
 */

const str = z.string().nullish();
const when = z.iso.datetime({ offset: true });

export const GraphSignIn = z.looseObject({
  id: z.string().min(1),
  createdDateTime: when,
  userPrincipalName: z.string().min(1),
  userDisplayName: str,
  userId: str,
  appDisplayName: str,
  resourceDisplayName: str,
  clientAppUsed: str,
  ipAddress: str,
  isInteractive: z.boolean().nullish(),
  userAgent: str,
  authenticationRequirement: str,
  authenticationProtocol: str,
  autonomousSystemNumber: z.number().int().nullish(),
  conditionalAccessStatus: str,
  riskState: str,
  location: z
    .looseObject({
      city: str,
      state: str,
      countryOrRegion: str,
      geoCoordinates: z.looseObject({ latitude: z.number().nullish(), longitude: z.number().nullish() }).nullish(),
    })
    .nullish(),
  status: z.looseObject({ errorCode: z.number().int(), failureReason: str, additionalDetails: str }),
  deviceDetail: z.looseObject({ deviceId: str, isCompliant: z.boolean().nullish(), trustType: str }).nullish(),
  mfaDetail: z.looseObject({ authMethod: str, authDetail: str }).nullish(),
});

export const GraphRiskDetection = z.looseObject({
  id: z.string().min(1),
  riskEventType: z.string().min(1),
  riskLevel: str,
  riskState: str,
  riskDetail: str,
  source: str,
  detectionTimingType: str,
  activity: str,
  ipAddress: str,
  activityDateTime: when.nullish(),
  detectedDateTime: when,
  userPrincipalName: str,
  userDisplayName: str,
  requestId: str,
  correlationId: str,
  location: z.looseObject({ city: str, countryOrRegion: str }).nullish(),
});

const problemsOf = (file: string, line: number, err: z.ZodError): RowProblem[] =>
  err.issues.map((i) => ({ file, line, field: i.path.join('.') || undefined, message: i.message }));

export function graphSignInToEvent(g: z.infer<typeof GraphSignIn>): SigninEvent {
  const code = g.status.errorCode;
  const details = [g.status.failureReason, g.status.additionalDetails].filter(Boolean).join('; ');
  const coords = g.location?.geoCoordinates;
  const country = g.location?.countryOrRegion?.trim().toUpperCase() || null;
  const result: SigninEvent['result'] = code === 0 ? 'success' : 'failure';
  return {
    ...emptyEvent(),
    ts: new Date(g.createdDateTime),
    source: 'entra',
    eventKey: g.id,
    userName: g.userPrincipalName.toLowerCase(),
    userDisplay: g.userDisplayName ?? null,
    userId: g.userId ?? null,
    ip: g.ipAddress || null,
    result,
    errorCode: code,
    failureKind: result === 'success' ? null : entraFailureKind(code, details),
    failureReason: details || null,
    clientApp: g.clientAppUsed ?? null,
    userAgent: g.userAgent ?? null,
    authRequirement: g.authenticationRequirement ?? null,
    authProtocol: g.authenticationProtocol ?? null,
    mfaResult: g.status.additionalDetails ?? null,
    interactive: g.isInteractive ?? null,
    app: g.appDisplayName ?? null,
    resource: g.resourceDisplayName ?? null,
    country,
    city: g.location?.city || null,
    lat: coords?.latitude ?? null,
    lon: coords?.longitude ?? null,
    geoSource: country || coords?.latitude != null ? 'vendor' : null,
    asn: g.autonomousSystemNumber ?? null,
    deviceId: g.deviceDetail?.deviceId || null,
    deviceCompliant: g.deviceDetail?.isCompliant ?? null,
    deviceTrustType: g.deviceDetail?.trustType || null,
    caStatus: g.conditionalAccessStatus ?? null,
    riskState: g.riskState ?? null,
  };
}

export function readGraphSignIns(items: JsonItem[], file: string): { events: SigninEvent[]; problems: RowProblem[] } {
  const events: SigninEvent[] = [];
  const problems: RowProblem[] = [];
  for (const item of items) {
    // Graph's own shape, an Azure Monitor record, or Graph PowerShell's ConvertTo-Json.
    const u = unwrapSignIn(item.value);
    if ('notSignIn' in u) {
      problems.push({ file, line: item.line, message: `is ${u.notSignIn}` });
      continue;
    }
    const p = GraphSignIn.safeParse(u.signIn);
    if (!p.success) problems.push(...problemsOf(file, item.line, p.error));
    else events.push(graphSignInToEvent(p.data));
  }
  return { events, problems };
}

/** Display names (Microsoft's own wording) for the riskEventType values in research §1.4. */
export const RISK_TYPE_NAMES: Record<string, string> = {
  riskyIPAddress: 'Activity from anonymous IP address',
  generic: 'Additional risk detected',
  adminConfirmedUserCompromised: 'Admin confirmed user compromised',
  anomalousToken: 'Anomalous token',
  anonymizedIPAddress: 'Anonymous IP address',
  unlikelyTravel: 'Atypical travel',
  mcasImpossibleTravel: 'Impossible travel',
  impossibleTravel: 'Impossible travel',
  maliciousIPAddress: 'Malicious IP address',
  mcasFinSuspiciousFileAccess: 'Mass access to sensitive files',
  investigationsThreatIntelligence: 'Microsoft Entra threat intelligence',
  investigationsThreatIntelligenceSigninLinked: 'Microsoft Entra threat intelligence (sign-in linked)',
  newCountry: 'New country',
  passwordSpray: 'Password spray',
  suspiciousBrowser: 'Suspicious browser',
  suspiciousInboxForwarding: 'Suspicious inbox forwarding',
  mcasSuspiciousInboxManipulationRules: 'Suspicious inbox manipulation rules',
  tokenIssuerAnomaly: 'Token issuer anomaly',
  unfamiliarFeatures: 'Unfamiliar sign-in properties',
  nationStateIP: 'Verified threat actor IP',
  anomalousUserActivity: 'Anomalous user activity',
  attackerinTheMiddle: 'Attacker in the Middle',
  leakedCredentials: 'Leaked credentials',
  attemptedPrtAccess: 'Possible attempt to access Primary Refresh Token (PRT)',
  suspiciousAPITraffic: 'Suspicious API traffic',
  suspiciousSendingPatterns: 'Suspicious sending patterns',
  userReportedSuspiciousActivity: 'User reported suspicious activity',
  malwareInfectedIPAddress: 'Malware linked IP address (deprecated)',
  suspiciousIPAddress: 'Suspicious IP address',
  maliciousIPAddressValidCredentialsBlockedIP: 'Malicious IP address, valid credentials, blocked IP',
};

export const riskTypeName = (t: string) => RISK_TYPE_NAMES[t] ?? `Unknown risk type (${t})`;

const SEVERITY: Record<string, string> = { low: 'low', medium: 'medium', high: 'high' };
const CLOSED_STATES = new Set(['dismissed', 'confirmedSafe', 'remediated']);

export function readRiskDetections(items: JsonItem[], file: string): { vendor: VendorEventRow[]; problems: RowProblem[] } {
  const vendor: VendorEventRow[] = [];
  const problems: RowProblem[] = [];
  for (const item of items) {
    const p = GraphRiskDetection.safeParse(item.value);
    if (!p.success) {
      problems.push(...problemsOf(file, item.line, p.error));
      continue;
    }
    const r = p.data;
    vendor.push({
      id: newId(),
      source: 'entra_id_protection',
      vendorId: r.id,
      ts: new Date(r.activityDateTime ?? r.detectedDateTime),
      eventType: r.riskEventType,
      displayName: riskTypeName(r.riskEventType),
      severity: SEVERITY[r.riskLevel ?? ''] ?? 'medium',
      alerted: !CLOSED_STATES.has(r.riskState ?? ''),
      userName: r.userPrincipalName?.toLowerCase() ?? null,
      ip: r.ipAddress ?? null,
      raw: item.value as object,
    });
  }
  return { vendor, problems };
}
