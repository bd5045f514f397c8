/**
 * The one sign-in event shape every source is normalised to (Entra portal CSV, Graph JSON,
 * Google Reports API). Detectors, Sigma rules and evidence snapshots all read this shape.
 */

export type SigninSource = 'entra' | 'google';
export type SigninResult = 'success' | 'failure' | 'interrupted' | 'other';

/** What kind of failure, whatever the source's own codes: detectors count these. */
export type FailureKind =
  | 'credential'
  | 'locked'
  | 'disabled'
  | 'mfa_denied'
  | 'mfa_timeout'
  | 'mfa_fraud'
  | 'mfa_required'
  | 'blocked'
  | 'other';

export type SigninEvent = {
  ts: Date;
  source: SigninSource;
  /** Request ID (Entra) or the activity's uniqueQualifier (Google): with ts, the dedup key. */
  eventKey: string;
  userName: string;
  userDisplay: string | null;
  userId: string | null;
  ip: string | null;
  result: SigninResult;
  errorCode: number | null;
  failureKind: FailureKind | null;
  failureReason: string | null;
  clientApp: string | null;
  userAgent: string | null;
  authRequirement: string | null;
  authProtocol: string | null;
  mfaResult: string | null;
  interactive: boolean | null;
  app: string | null;
  resource: string | null;
  country: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  geoSource: 'vendor' | 'geoip' | null;
  asn: number | null;
  deviceId: string | null;
  deviceCompliant: boolean | null;
  deviceTrustType: string | null;
  caStatus: string | null;
  riskState: string | null;
  eventName: string | null;
};

export const emptyEvent = (): Omit<SigninEvent, 'ts' | 'source' | 'eventKey' | 'userName' | 'result'> => ({
  userDisplay: null,
  userId: null,
  ip: null,
  errorCode: null,
  failureKind: null,
  failureReason: null,
  clientApp: null,
  userAgent: null,
  authRequirement: null,
  authProtocol: null,
  mfaResult: null,
  interactive: null,
  app: null,
  resource: null,
  country: null,
  city: null,
  lat: null,
  lon: null,
  geoSource: null,
  asn: null,
  deviceId: null,
  deviceCompliant: null,
  deviceTrustType: null,
  caStatus: null,
  riskState: null,
  eventName: null,
});

/** Event property -> column of security_signins, in COPY order. */
export const EVENT_COLUMNS: readonly (readonly [keyof SigninEvent, string])[] = [
  ['ts', 'ts'],
  ['source', 'source'],
  ['eventKey', 'event_key'],
  ['userName', 'user_name'],
  ['userDisplay', 'user_display'],
  ['userId', 'user_id'],
  ['ip', 'ip'],
  ['result', 'result'],
  ['errorCode', 'error_code'],
  ['failureKind', 'failure_kind'],
  ['failureReason', 'failure_reason'],
  ['clientApp', 'client_app'],
  ['userAgent', 'user_agent'],
  ['authRequirement', 'auth_requirement'],
  ['authProtocol', 'auth_protocol'],
  ['mfaResult', 'mfa_result'],
  ['interactive', 'interactive'],
  ['app', 'app'],
  ['resource', 'resource'],
  ['country', 'country'],
  ['city', 'city'],
  ['lat', 'lat'],
  ['lon', 'lon'],
  ['geoSource', 'geo_source'],
  ['asn', 'asn'],
  ['deviceId', 'device_id'],
  ['deviceCompliant', 'device_compliant'],
  ['deviceTrustType', 'device_trust_type'],
  ['caStatus', 'ca_status'],
  ['riskState', 'risk_state'],
  ['eventName', 'event_name'],
];

function copyCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  // An empty string must be quoted, or COPY reads it as NULL.
  return s === '' || /[",\r\n\\]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One event as a line of COPY ... (FORMAT csv) input. */
export function eventCopyLine(e: SigninEvent): string {
  let line = '';
  for (let i = 0; i < EVENT_COLUMNS.length; i++) {
    if (i) line += ',';
    line += copyCell(e[(EVENT_COLUMNS[i] as readonly [keyof SigninEvent, string])[0]]);
  }
  return `${line}\n`;
}

/** Entra result codes to failure kinds (research §1.1); the text decides between MFA outcomes. */
export function entraFailureKind(code: number | null, text: string): FailureKind | null {
  if (code === null || code === 0) return null;
  const t = text.toLowerCase();
  switch (code) {
    case 50126:
    case 50055:
    case 50056:
      return 'credential';
    case 50053:
      return 'locked';
    case 50057:
      return 'disabled';
    case 500121:
      if (t.includes('fraud')) return 'mfa_fraud';
      if (t.includes('did not respond') || t.includes('timed out') || t.includes('timeout')) return 'mfa_timeout';
      return 'mfa_denied';
    case 50074:
    case 50076:
      return 'mfa_required';
    case 53003:
      return 'blocked';
    default:
      return 'other';
  }
}

/** Credential failures: what password spray and brute force count. */
export const CREDENTIAL_KINDS: readonly FailureKind[] = ['credential', 'locked'];

const LEGACY_CLIENTS = [
  'exchange activesync',
  'imap',
  'mapi',
  'smtp',
  'authenticated smtp',
  'pop',
  'other clients',
  'other client',
  'exchange web services',
  'autodiscover',
  'exchange online powershell',
  'offline address book',
  'outlook anywhere',
  'reporting web services',
  'universal outlook',
];

/** Legacy (basic) authentication: a legacy client app, the ROPC protocol or a BAV2ROPC user agent. */
export function legacyReason(e: Pick<SigninEvent, 'clientApp' | 'authProtocol' | 'userAgent'>): string | null {
  const app = (e.clientApp ?? '').trim().toLowerCase();
  if (app && LEGACY_CLIENTS.some((c) => app === c || app.startsWith(`${c} `) || /^(imap|pop|smtp)\d?$/.test(app)))
    return `client app ${e.clientApp}`;
  if ((e.authProtocol ?? '').toLowerCase() === 'ropc') return 'ROPC authentication protocol';
  if (/bav2ropc/i.test(e.userAgent ?? '')) return `user agent ${e.userAgent}`;
  return null;
}
