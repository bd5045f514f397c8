import { IT_ROLES } from '../../../lib/context.ts';
import type { Importer } from '../../../lib/module.ts';
import { AP_FIELDS } from '../import/ap-inventory.ts';
import { parseGenericCsv, WIFI_CSV_FIELDS } from '../import/generic-csv.ts';
import { parseMerakiConnectionStats, parseMerakiEvents, parseMerakiFailedConnections } from '../import/meraki.ts';
import { parseRadiusDetail, parseRadiusPostauth } from '../import/radius.ts';
import type { WifiParser } from '../import/sink.ts';
import { parseUnifiClients, parseUnifiEvents } from '../import/unifi.ts';
import { importApInventory } from './ap-inventory-import.ts';
import { runWifiImport } from './ingest.ts';

const JSON_ACCEPT = '.json,.ndjson,.jsonl,application/json';

function vendor(kind: string, description: string, accept: string, parser: WifiParser): Importer {
  return {
    kind,
    description,
    roles: IT_ROLES,
    accept,
    run: (ctx, file, options, progress) => runWifiImport(ctx, kind, parser, file, options, progress),
  };
}

/** The Wi-Fi importers: `belfry import <kind> <file>` and the upload dialog run the same code. */
export const WIFI_IMPORTERS: Importer[] = [
  {
    kind: 'wifi-aps',
    description: 'Access point inventory (CSV: ap, mac, school, building, floor, room)',
    roles: IT_ROLES,
    accept: '.csv,text/csv',
    fields: AP_FIELDS,
    run: importApInventory,
  },
  {
    kind: 'wifi-csv',
    description: 'Wi-Fi connection attempts, any vendor (CSV: ts, ap, client_mac, identity, ssid, band, stage, ok, rssi, device)',
    roles: IT_ROLES,
    accept: '.csv,text/csv',
    fields: WIFI_CSV_FIELDS,
    run: (ctx, file, options, progress) =>
      runWifiImport(ctx, 'wifi-csv', parseGenericCsv(options.mapping), file, options, progress),
  },
  vendor('unifi-events', 'UniFi event log (stat/event JSON, or Wi-Fi connectivity events)', JSON_ACCEPT, parseUnifiEvents),
  vendor(
    'unifi-clients',
    'UniFi client and AP polls (stat/sta and stat/device JSON, one response or one per line)',
    JSON_ACCEPT,
    parseUnifiClients,
  ),
  vendor(
    'meraki-failed-connections',
    'Meraki failed connections (GET /networks/{id}/wireless/failedConnections JSON)',
    JSON_ACCEPT,
    parseMerakiFailedConnections,
  ),
  vendor(
    'meraki-connection-stats',
    'Meraki connection stats per client or AP, saved as {"t0", "t1", "data": [...]}',
    JSON_ACCEPT,
    parseMerakiConnectionStats,
  ),
  vendor('meraki-events', 'Meraki wireless event log (GET /networks/{id}/events JSON)', JSON_ACCEPT, parseMerakiEvents),
  vendor(
    'radius-detail',
    'FreeRADIUS detail file: accounting, or auth_log and reply_log together',
    '.txt,.log,text/plain,*',
    parseRadiusDetail,
  ),
  vendor(
    'radius-postauth',
    'FreeRADIUS radpostauth table (CSV or TSV export, any of the default SQL schemas)',
    '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
    parseRadiusPostauth,
  ),
];
