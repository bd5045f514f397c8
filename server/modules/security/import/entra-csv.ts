import type { RowProblem } from '../../../lib/errors.ts';
import { entraFailureKind, type SigninEvent } from '../domain/signin-event.ts';
import { type ParsedDate, parseSigninDate } from './entra-dates.ts';

/**
 * The Entra portal's sign-in download (research §1.3): about 56 columns whose set changes over
 * time, with trailing spaces, a duplicated header and localised names. Columns are found by
 * trimmed, case-insensitive, whitespace-collapsed name (lib/csv), never by position; the French
 * portal's names are known too, and --map adds any other.
 */
export const ENTRA_CSV_FIELDS = {
  // Log Analytics' CSV export writes datetime columns as "TimeGenerated [UTC]".
  date: [
    'date (utc)',
    'date',
    'created date time',
    'createddatetime',
    'date (utc+00:00)',
    'createddatetime [utc]',
    'timegenerated [utc]',
    'timegenerated',
  ],
  requestId: ['request id', 'requestid', 'id', 'id de la demande', 'id de demande'],
  user: ['username', 'user principal name', 'userprincipalname', 'upn', "nom d'utilisateur"],
  userDisplay: ['user', 'user display name', 'userdisplayname', 'utilisateur'],
  userId: ['user id', 'userid', "id d'utilisateur"],
  ip: ['ip address', 'ipaddress', 'ip', 'adresse ip'],
  location: ['location', 'emplacement'],
  status: ['status', 'statut'],
  errorCode: ['sign-in error code', 'error code', 'errorcode', 'result type', 'resulttype', "code d'erreur de connexion"],
  failureReason: ['failure reason', 'failurereason', 'result description', 'resultdescription', "raison de l'échec"],
  clientApp: ['client app', 'client app used', 'clientappused', 'application cliente'],
  userAgent: ['user agent', 'useragent', 'agent utilisateur'],
  app: ['application', 'app display name', 'appdisplayname'],
  resource: ['resource display name', 'resourcedisplayname', 'resource', 'ressource'],
  deviceId: ['device id', 'deviceid', "id de l'appareil"],
  compliant: ['compliant', 'conforme'],
  joinType: ['join type', 'trust type'],
  mfaResult: ['multifactor authentication result', 'mfa result'],
  authRequirement: ['authentication requirement', 'authenticationrequirement', "exigence d'authentification"],
  authProtocol: ['authentication protocol', 'authenticationprotocol'],
  asn: ['autonomous system number', 'autonomoussystemnumber', 'asn'],
  caStatus: ['conditional access', 'conditional access status', 'conditionalaccessstatus', 'accès conditionnel'],
  interactive: ['is interactive', 'isinteractive'],
  riskState: ['risk state', 'riskstate'],
} as const;

export type EntraField = keyof typeof ENTRA_CSV_FIELDS;
export const ENTRA_REQUIRED: EntraField[] = ['date', 'requestId', 'user'];

/** A row read before its date is settled: `event.ts` is filled in once the day/month order is known. */
export type PendingEvent = { line: number; date: ParsedDate; event: SigninEvent };

const TRUE_WORDS = new Set(['true', 'yes', 'oui', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'non', '0']);
const bool = (t: string): boolean | null => {
  const v = t.trim().toLowerCase();
  return TRUE_WORDS.has(v) ? true : FALSE_WORDS.has(v) ? false : null;
};

/** "City, State, CC": split from the right, since a city may hold a comma. */
export function splitLocation(text: string): { city: string | null; country: string | null } {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  const country = /^[A-Za-z]{2}$/.test(last) ? last.toUpperCase() : null;
  const city = parts.length > (country ? 1 : 0) ? (parts[0] ?? null) : null;
  return { city, country };
}

const EPOCH = new Date(0);
const INTEGER = /^-?\d+$/;
const DIGITS = /^\d+$/;

/**
 * A reader for one file's rows: the column positions are looked up once, and each row becomes a
 * pending event (the date waits until the file settles its day/month order). Problems name the
 * line and the column as the file spells it. Built for a million rows: no closures or spreads per row.
 */
export function entraRowReader(
  columns: Partial<Record<EntraField, number>>,
  headers: string[],
  file: string,
  interactiveDefault: boolean | null,
): (values: string[], line: number) => { pending?: PendingEvent; problems: RowProblem[] } {
  const at = (f: EntraField) => columns[f] ?? -1;
  const c = {
    date: at('date'),
    requestId: at('requestId'),
    user: at('user'),
    userDisplay: at('userDisplay'),
    userId: at('userId'),
    ip: at('ip'),
    location: at('location'),
    status: at('status'),
    errorCode: at('errorCode'),
    failureReason: at('failureReason'),
    clientApp: at('clientApp'),
    userAgent: at('userAgent'),
    app: at('app'),
    resource: at('resource'),
    deviceId: at('deviceId'),
    compliant: at('compliant'),
    joinType: at('joinType'),
    mfaResult: at('mfaResult'),
    authRequirement: at('authRequirement'),
    authProtocol: at('authProtocol'),
    asn: at('asn'),
    caStatus: at('caStatus'),
    interactive: at('interactive'),
    riskState: at('riskState'),
  };
  const field = (i: number, f: EntraField) => headers[i] ?? f;
  const NONE: RowProblem[] = [];
  return (values, line) => {
    const get = (i: number) => (i < 0 ? '' : (values[i] ?? '').trim());
    const opt = (i: number) => (i < 0 ? null : (values[i] ?? '').trim() || null);
    let problems = NONE;
    const bad = (i: number, f: EntraField, message: string) => {
      if (problems === NONE) problems = [];
      problems.push({ file, line, field: field(i, f), message });
    };
    const dateText = get(c.date);
    const date = parseSigninDate(dateText);
    if (!date) bad(c.date, 'date', dateText ? `"${dateText}" is not a date` : 'is empty');
    const requestId = get(c.requestId);
    if (!requestId) bad(c.requestId, 'requestId', 'is empty');
    const user = get(c.user).toLowerCase();
    if (!user) bad(c.user, 'user', 'is empty');
    const codeText = get(c.errorCode);
    let errorCode: number | null = null;
    if (codeText) {
      if (!INTEGER.test(codeText)) bad(c.errorCode, 'errorCode', `"${codeText}" is not a number`);
      else errorCode = Number(codeText);
    }
    const status = get(c.status).toLowerCase();
    let result: SigninEvent['result'];
    if (status.startsWith('interrupt')) result = 'interrupted';
    else if (errorCode !== null) result = errorCode === 0 ? 'success' : 'failure';
    else if (status === 'success' || status === 'réussite' || status === 'succès') result = 'success';
    else if (status === 'failure' || status === 'échec') result = 'failure';
    else {
      if (c.errorCode < 0) bad(c.status, 'status', 'no result: neither a sign-in error code nor a status');
      else bad(c.errorCode, 'errorCode', 'no result: neither a sign-in error code nor a status');
      result = 'other';
    }
    if (problems !== NONE || !date) return { problems };
    const asnText = get(c.asn);
    const failureReason = opt(c.failureReason);
    const mfaResult = opt(c.mfaResult);
    const where = c.location < 0 ? { city: null, country: null } : splitLocation(get(c.location));
    const interactive = c.interactive < 0 ? null : bool(get(c.interactive));
    const event: SigninEvent = {
      ts: EPOCH,
      source: 'entra',
      eventKey: requestId,
      userName: user,
      userDisplay: opt(c.userDisplay),
      userId: opt(c.userId),
      ip: opt(c.ip),
      result,
      errorCode,
      failureKind: result === 'success' ? null : entraFailureKind(errorCode, `${failureReason ?? ''} ${mfaResult ?? ''}`),
      failureReason,
      clientApp: opt(c.clientApp),
      userAgent: opt(c.userAgent),
      authRequirement: opt(c.authRequirement),
      authProtocol: opt(c.authProtocol),
      mfaResult,
      interactive: interactive ?? interactiveDefault,
      app: opt(c.app),
      resource: opt(c.resource),
      country: where.country,
      city: where.city,
      lat: null,
      lon: null,
      geoSource: where.country ? 'vendor' : null,
      asn: asnText && DIGITS.test(asnText) ? Number(asnText) : null,
      deviceId: opt(c.deviceId),
      deviceCompliant: c.compliant < 0 ? null : bool(get(c.compliant)),
      deviceTrustType: opt(c.joinType),
      caStatus: opt(c.caStatus),
      riskState: opt(c.riskState),
      eventName: null,
    };
    return { problems, pending: { line, date, event } };
  };
}
