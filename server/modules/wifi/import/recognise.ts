import { type FileSample, hasHeaders, hasKeys } from '../../../lib/file-sample.ts';

/**
 * What each Wi-Fi kind's file looks like from its head (the keys or headers the vendor's
 * documented output always has), so a file given to the wrong kind is told the right one.
 */

const json = (s: FileSample) => s.shape === 'json' || s.shape === 'ndjson';

export const WIFI_RECOGNISERS: Record<string, (s: FileSample) => boolean> = {
  'wifi-aps': (s) =>
    s.shape === 'csv' &&
    hasHeaders(s, ['mac', 'base mac', 'ap mac', 'mac address', 'serial', 'bssid']) &&
    hasHeaders(s, ['building', 'room', 'school', 'floor', 'location']) &&
    !hasHeaders(s, ['client_mac', 'client mac', 'stage', 'ok']),
  'wifi-csv': (s) =>
    s.shape === 'csv' && hasHeaders(s, ['client_mac', 'client mac', 'client']) && hasHeaders(s, ['ts', 'time', 'timestamp']),
  // stat/event: {"meta":..., "data":[{"key":"EVT_WU_Connected","subsystem":"wlan",...}]}
  'unifi-events': (s) => json(s) && (hasKeys(s, 'key', 'subsystem') || /"EVT_W[UG]_/.test(s.text)),
  // stat/sta (clients: mac, ap_mac, essid) and stat/device (radio_table_stats, num_sta)
  'unifi-clients': (s) =>
    json(s) &&
    !hasKeys(s, 'subsystem') &&
    ((hasKeys(s, 'mac', 'ap_mac') && (s.keys.has('essid') || s.keys.has('rssi'))) || hasKeys(s, 'radio_table_stats')),
  'meraki-failed-connections': (s) => json(s) && hasKeys(s, 'failurestep') && (s.keys.has('clientmac') || s.keys.has('serial')),
  'meraki-connection-stats': (s) => json(s) && hasKeys(s, 'connectionstats'),
  'meraki-events': (s) => json(s) && hasKeys(s, 'occurredat') && (s.keys.has('clientmac') || s.keys.has('events')),
  'radius-detail': (s) =>
    s.shape === 'text' && /^\s+(Acct-Status-Type|User-Name|Calling-Station-Id|Packet-Type)\s*=/m.test(s.text),
  'radius-postauth': (s) => s.shape === 'csv' && hasHeaders(s, 'username') && hasHeaders(s, 'reply') && hasHeaders(s, 'authdate'),
};
