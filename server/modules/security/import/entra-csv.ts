import type { RowProblem } from '../../../lib/errors.ts';
import { emptyEvent, entraFailureKind, type SigninEvent } from '../domain/signin-event.ts';
import { type ParsedDate, parseSigninDate } from './entra-dates.ts';

/**
 * The Entra portal's sign-in download (research §1.3): about 56 columns whose set changes over
 * time, with trailing spaces, a duplicated header and localised names. Columns are found by
 * trimmed, case-insensitive, whitespace-collapsed name (lib/csv), never by position; the French
 * portal's names are known too, and --map adds any other.
 */
export const ENTRA_CSV_FIELDS = {
  date: ['date (utc)', 'date', 'created date time', 'createddatetime', 'date (utc+00:00)'],
  requestId: ['request id', 'requestid', 'id', 'id de la demande', 'id de demande'],
  user: ['username', 'user principal name', 'userprincipalname', 'upn', "nom d'utilisateur"],
  userDisplay: ['user', 'user display name', 'userdisplayname', 'utilisateur'],
  userId: ['user id', 'userid', "id d'utilisateur"],
  ip: ['ip address', 'ipaddress', 'ip', 'adresse ip'],
  location: ['location', 'emplacement'],
  status: ['status', 'statut'],
  errorCode: ['sign-in error code', 'error code', 'errorcode', 'result type', 'resulttype', "code d'erreur de connexion"],
  failureReason: ['failure reason', 'failurereason', 'result description', "raison de l'échec"],
  clientApp: ['client app', 'client app used', 'clientappused', 'application cliente'],
  userAgent: ['user agent', 'useragent', 'agent utilisateur'],
  app: ['application', 'app display name', 'appdisplayname'],
  resource: ['resource', 'resource display name', 'ressource'],
  deviceId: ['device id', 'deviceid', "id de l'appareil"],
  compliant: ['compliant', 'conforme'],
  joinType: ['join type', 'trust type'],
  mfaResult: ['multifactor authentication result', 'mfa result'],
  authRequirement: ['authentication requirement', 'authenticationrequirement', "exigence d'authentification"],
  authProtocol: ['authentication protocol', 'authenticationprotocol'],
  asn: ['autonomous system number', 'autonomoussystemnumber', 'asn'],
  caStatus: ['conditional access', 'conditional access status', 'accès conditionnel'],
  interactive: ['is interactive', 'isinteractive'],
  riskState: ['risk state', 'riskstate'],
} as const;

export type EntraField = keyof typeof ENTRA_CSV_FIELDS;
export const ENTRA_REQUIRED: EntraField[] = ['date', 'requestId', 'user'];

export type PendingEvent = { line: number; date: ParsedDate; event: Omit<SigninEvent, 'ts'> };

const bool = (t: string): boolean | null => {
  const v = t.trim().toLowerCase();
  if (['true', 'yes', 'oui', '1'].includes(v)) return true;
  if (['false', 'no', 'non', '0'].includes(v)) return false;
  return null;
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

/**
 * One CSV row to a pending event (the date waits until the file settles its day/month order).
 * Problems name the line and the column as the file spells it.
 */
export function readEntraRow(
  values: string[],
  line: number,
  columns: Partial<Record<EntraField, number>>,
  headers: string[],
  file: string,
  interactiveDefault: boolean | null,
): { pending?: PendingEvent; problems: RowProblem[] } {
  const get = (f: EntraField) => {
    const i = columns[f];
    return i === undefined ? '' : (values[i] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const bad = (f: EntraField, message: string) => problems.push({ file, line, field: headers[columns[f] ?? -1] ?? f, message });
  const dateText = get('date');
  const date = parseSigninDate(dateText);
  if (!date) bad('date', dateText ? `"${dateText}" is not a date` : 'is empty');
  const requestId = get('requestId');
  if (!requestId) bad('requestId', 'is empty');
  const user = get('user').toLowerCase();
  if (!user) bad('user', 'is empty');
  const codeText = get('errorCode');
  const statusText = get('status');
  let errorCode: number | null = null;
  if (codeText) {
    if (!/^-?\d+$/.test(codeText)) bad('errorCode', `"${codeText}" is not a number`);
    else errorCode = Number(codeText);
  }
  const status = statusText.toLowerCase();
  let result: SigninEvent['result'];
  if (status.startsWith('interrupt')) result = 'interrupted';
  else if (errorCode !== null) result = errorCode === 0 ? 'success' : 'failure';
  else if (status === 'success' || status === 'réussite' || status === 'succès') result = 'success';
  else if (status === 'failure' || status === 'échec') result = 'failure';
  else {
    bad(columns.errorCode === undefined ? 'status' : 'errorCode', 'no result: neither a sign-in error code nor a status');
    result = 'other';
  }
  const asnText = get('asn');
  const asn = asnText && /^\d+$/.test(asnText) ? Number(asnText) : null;
  if (problems.length || !date) return { problems };
  const failureReason = get('failureReason') || null;
  const mfaResult = get('mfaResult') || null;
  const where = splitLocation(get('location'));
  const interactive = bool(get('interactive'));
  return {
    problems,
    pending: {
      line,
      date,
      event: {
        ...emptyEvent(),
        source: 'entra',
        eventKey: requestId,
        userName: user,
        userDisplay: get('userDisplay') || null,
        userId: get('userId') || null,
        ip: get('ip') || null,
        result,
        errorCode,
        failureKind: result === 'success' ? null : entraFailureKind(errorCode, `${failureReason ?? ''} ${mfaResult ?? ''}`),
        failureReason,
        clientApp: get('clientApp') || null,
        userAgent: get('userAgent') || null,
        authRequirement: get('authRequirement') || null,
        authProtocol: get('authProtocol') || null,
        mfaResult,
        interactive: interactive ?? interactiveDefault,
        app: get('app') || null,
        resource: get('resource') || null,
        country: where.country,
        city: where.city,
        geoSource: where.country ? 'vendor' : null,
        asn,
        deviceId: get('deviceId') || null,
        deviceCompliant: bool(get('compliant')),
        deviceTrustType: get('joinType') || null,
        caStatus: get('caStatus') || null,
        riskState: get('riskState') || null,
      },
    },
  };
}
