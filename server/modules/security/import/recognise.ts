import { type FileSample, hasHeaders, hasKeys } from '../../../lib/file-sample.ts';

/** What each security kind's file looks like from its head (keys are compared lower-cased: Graph and PowerShell both match). */

const json = (s: FileSample) => s.shape === 'json' || s.shape === 'ndjson';

export const SECURITY_RECOGNISERS: Record<string, (s: FileSample) => boolean> = {
  // The portal's CSV download: "Date (UTC)", "Request ID", "User", "Username", "IP address" ...
  'entra-signins': (s) =>
    s.shape === 'csv' && hasHeaders(s, 'request id') && hasHeaders(s, ['date (utc)', 'date', 'username', 'user']),
  // Graph signIn: createdDateTime, userPrincipalName, status{errorCode}, ipAddress
  'entra-signins-json': (s) =>
    json(s) &&
    hasKeys(s, 'createddatetime', 'userprincipalname') &&
    !s.keys.has('riskeventtype') &&
    (s.keys.has('ipaddress') || s.keys.has('status')),
  // Graph riskDetection: riskEventType, detectionTimingType, riskState
  'entra-risk-detections': (s) =>
    json(s) && hasKeys(s, 'riskeventtype') && (s.keys.has('detectiontimingtype') || s.keys.has('riskstate')),
  // Reports API activities: {"kind":"admin#reports#activities","items":[{"id":{"applicationName":"login"},"events":[...]}]}
  'google-logins': (s) => json(s) && hasKeys(s, 'applicationname', 'events') && /"applicationName"\s*:\s*"login"/.test(s.text),
  // Alert Center: alertId, type, source, data{@type}
  'google-alerts': (s) => json(s) && hasKeys(s, 'alertid') && (s.keys.has('source') || s.keys.has('type')),
  'sigma-rules': (s) =>
    (s.shape === 'yaml' || s.shape === 'text') && /^logsource\s*:/m.test(s.text) && /^detection\s*:/m.test(s.text),
};
