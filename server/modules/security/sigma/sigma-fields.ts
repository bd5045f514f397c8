import type { EventRow } from '../db/detect-queries.ts';

/**
 * The field map: Sigma field names (Log Analytics `SigninLogs` columns for Entra, Cloud Logging
 * paths for Google) to our sign-in event. Names match case-insensitively, since the SigmaHQ
 * rules themselves spell them inconsistently (ResultDescription / Resultdescription).
 */

type Getter = (e: EventRow) => unknown;

const statusWord = (e: EventRow) =>
  e.result === 'success' ? 'Success' : e.result === 'failure' ? 'Failure' : e.result === 'interrupted' ? 'Interrupted' : null;

const FIELDS: Record<string, Getter> = {
  resulttype: (e) => e.errorCode ?? (e.result === 'success' ? 0 : null),
  resultdescription: (e) => e.failureReason,
  // Log Analytics' Status is a blob with the result and the details: any part may match.
  status: (e) => [statusWord(e), e.failureReason, e.mfaResult].filter((x) => x !== null),
  authenticationrequirement: (e) => e.authRequirement,
  authenticationprotocol: (e) => e.authProtocol,
  clientapp: (e) => e.clientApp,
  clientappused: (e) => e.clientApp,
  useragent: (e) => e.userAgent,
  appdisplayname: (e) => e.app,
  resourcedisplayname: (e) => e.resource,
  ipaddress: (e) => e.ip,
  userprincipalname: (e) => e.user,
  username: (e) => e.user,
  location: (e) => e.country,
  autonomoussystemnumber: (e) => e.asn,
  conditionalaccessstatus: (e) => e.caStatus,
  riskstate: (e) => e.riskState,
  isinteractive: (e) => e.interactive,
  'devicedetail.deviceid': (e) => e.deviceId ?? '',
  'devicedetail.iscompliant': (e) => e.deviceCompliant,
  'devicedetail.trusttype': (e) => e.deviceTrustType,
  'protopayload.metadata.event.eventname': (e) => e.eventName,
  'protopayload.servicename': (e) => (e.source === 'google' ? 'login.googleapis.com' : null),
  eventname: (e) => e.eventName,
};

export const mappedFields = (): string[] => Object.keys(FIELDS);

/** The event properties each Sigma field reads (so a scan fetches only those columns). */
const READS: Record<string, (keyof EventRow)[]> = {
  resulttype: ['errorCode', 'result'],
  resultdescription: ['failureReason'],
  status: ['result', 'failureReason', 'mfaResult'],
  authenticationrequirement: ['authRequirement'],
  authenticationprotocol: ['authProtocol'],
  clientapp: ['clientApp'],
  clientappused: ['clientApp'],
  useragent: ['userAgent'],
  appdisplayname: ['app'],
  resourcedisplayname: ['resource'],
  ipaddress: ['ip'],
  userprincipalname: ['user'],
  username: ['user'],
  location: ['country'],
  autonomoussystemnumber: ['asn'],
  conditionalaccessstatus: ['caStatus'],
  riskstate: ['riskState'],
  isinteractive: ['interactive'],
  'devicedetail.deviceid': ['deviceId'],
  'devicedetail.iscompliant': ['deviceCompliant'],
  'devicedetail.trusttype': ['deviceTrustType'],
  'protopayload.metadata.event.eventname': ['eventName'],
  'protopayload.servicename': ['source'],
  eventname: ['eventName'],
};

export const fieldReads = (name: string): (keyof EventRow)[] => READS[name.toLowerCase()] ?? [];

/** What a keyword search reads. */
export const KEYWORD_READS: (keyof EventRow)[] = [
  'user',
  'ip',
  'failureReason',
  'clientApp',
  'userAgent',
  'app',
  'resource',
  'mfaResult',
  'eventName',
];

export function fieldGetter(name: string): Getter | undefined {
  return FIELDS[name.toLowerCase()];
}

/** Every text value of an event, for keyword searches. */
export function eventTexts(e: EventRow): string[] {
  return [e.user, e.ip, e.failureReason, e.clientApp, e.userAgent, e.app, e.resource, e.mfaResult, e.eventName].filter(
    (x): x is string => typeof x === 'string',
  );
}
