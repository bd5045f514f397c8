import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Wi-Fi data in the normalised shape of the research (§6.6). Raw per-client tables (attempts,
 * sessions, client samples, roams) are kept for a short period and purged; the rollups
 * (per AP × client × day, per AP × 5-minute bin, failures per AP × client × 5-minute bin) are
 * maintained at import and are what the dashboards and the verdict read.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Access points: from the inventory (wifi-aps) or first seen in an import, matched to places. */
export const wifiAps = pgTable('wifi_aps', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  mac: text('mac').unique(),
  serial: text('serial').unique(),
  schoolId: uuid('school_id'),
  schoolCode: text('school_code'),
  buildingId: uuid('building_id'),
  buildingCode: text('building_code'),
  buildingName: text('building_name'),
  roomId: uuid('room_id'),
  roomCode: text('room_code'),
  floor: text('floor'),
  inventoried: boolean('inventoried').notNull().default(false),
  firstSeen: ts('first_seen').notNull().defaultNow(),
  /** Set while the import that first met it is staging: a discarded import takes it away again. */
  createdByImport: uuid('created_by_import'),
});

/** One row per MAC address; `identity` is the 802.1X user name last seen on it. */
export const wifiDevices = pgTable(
  'wifi_devices',
  {
    id: serial('id').primaryKey(),
    mac: text('mac').notNull().unique(),
    randomised: boolean('randomised').notNull(),
    identity: text('identity'),
    personId: uuid('person_id'),
    personKind: text('person_kind'),
    device: text('device'),
    hostname: text('hostname'),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    /** Set while the import that first met it is staging: a discarded import takes it away again. */
    createdByImport: uuid('created_by_import'),
  },
  (t) => [index('wifi_devices_identity_idx').on(t.identity), index('wifi_devices_person_idx').on(t.personId)],
);

/** Connection attempts: stage 0 assoc, 1 auth, 2 dhcp, 3 dns, 4 connected. */
export const wifiAttempts = pgTable(
  'wifi_attempts',
  {
    ts: ts('ts').notNull(),
    apId: integer('ap_id').notNull(),
    deviceId: integer('device_id').notNull(),
    ssid: text('ssid').notNull().default(''),
    band: text('band').notNull().default(''),
    stage: smallint('stage').notNull(),
    ok: boolean('ok').notNull(),
    rssi: smallint('rssi'),
    latencyMs: integer('latency_ms'),
    reason: text('reason'),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_attempts_key').on(t.deviceId, t.ts, t.apId, t.stage)],
);

export const wifiSessions = pgTable(
  'wifi_sessions',
  {
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
    deviceId: integer('device_id').notNull(),
    apId: integer('ap_id').notNull(),
    ssid: text('ssid').notNull().default(''),
    durationS: integer('duration_s').notNull(),
    terminateCause: text('terminate_cause'),
    bytesIn: bigint('bytes_in', { mode: 'number' }),
    bytesOut: bigint('bytes_out', { mode: 'number' }),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_sessions_key').on(t.deviceId, t.startedAt, t.apId)],
);

export const wifiClientSamples = pgTable(
  'wifi_client_samples',
  {
    ts: ts('ts').notNull(),
    deviceId: integer('device_id').notNull(),
    apId: integer('ap_id').notNull(),
    ssid: text('ssid').notNull().default(''),
    band: text('band').notNull().default(''),
    rssi: smallint('rssi'),
    snr: smallint('snr'),
    txRate: integer('tx_rate'),
    rxRate: integer('rx_rate'),
    retryRate: real('retry_rate'),
    satisfaction: smallint('satisfaction'),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_client_samples_key').on(t.deviceId, t.ts)],
);

/** Access point polls: load and channel utilisation (not personal data). */
export const wifiApSamples = pgTable(
  'wifi_ap_samples',
  {
    ts: ts('ts').notNull(),
    apId: integer('ap_id').notNull(),
    clientCount: integer('client_count'),
    channel: integer('channel'),
    channelUtil: real('channel_util'),
    interference: real('interference'),
    uptimeS: integer('uptime_s'),
    state: text('state'),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_ap_samples_key').on(t.apId, t.ts)],
);

export const wifiRoams = pgTable(
  'wifi_roams',
  {
    ts: ts('ts').notNull(),
    deviceId: integer('device_id').notNull(),
    fromApId: integer('from_ap_id'),
    toApId: integer('to_ap_id').notNull(),
    durationMs: integer('duration_ms'),
    rssiBefore: smallint('rssi_before'),
    rssiAfter: smallint('rssi_after'),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_roams_key').on(t.deviceId, t.ts)],
);

/** Controller events about the infrastructure (AP restarts, lost contact, DHCP pool exhausted). */
export const wifiInfraEvents = pgTable(
  'wifi_infra_events',
  {
    ts: ts('ts').notNull(),
    key: text('key').notNull(),
    apName: text('ap_name').notNull().default(''),
    message: text('message'),
    source: text('source').notNull(),
    /** The import that wrote it; while that import is not done, every read leaves the row out (`visibleWifi`). */
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('wifi_infra_events_key').on(t.ts, t.key, t.apName)],
);

/** A rollup's attempts and failures by stage (every rollup has them). */
const rollupCounts = () => ({
  attempts: integer('attempts').notNull().default(0),
  failures: integer('failures').notNull().default(0),
  failAssoc: integer('fail_assoc').notNull().default(0),
  failAuth: integer('fail_auth').notNull().default(0),
  failDhcp: integer('fail_dhcp').notNull().default(0),
  failDns: integer('fail_dns').notNull().default(0),
});

/** The day rollup's measures beside its counts (wifi_daily and an import's own). */
const dailyMeasures = () => ({
  connectMsSum: bigint('connect_ms_sum', { mode: 'number' }).notNull().default(0),
  connectMsN: integer('connect_ms_n').notNull().default(0),
  slowConnects: integer('slow_connects').notNull().default(0),
  samples: integer('samples').notNull().default(0),
  weakSamples: integer('weak_samples').notNull().default(0),
  retrySamples: integer('retry_samples').notNull().default(0),
  rssiSum: bigint('rssi_sum', { mode: 'number' }).notNull().default(0),
  rssiN: integer('rssi_n').notNull().default(0),
  sessions: integer('sessions').notNull().default(0),
  shortDrops: integer('short_drops').notNull().default(0),
  roams: integer('roams').notNull().default(0),
  slowRoams: integer('slow_roams').notNull().default(0),
});

/** The bin rollup's measures beside its counts and clients (wifi_bins and an import's own). */
const binMeasures = () => ({
  samples: integer('samples').notNull().default(0),
  weakSamples: integer('weak_samples').notNull().default(0),
  retrySamples: integer('retry_samples').notNull().default(0),
  apClients: integer('ap_clients'),
  channelUtil: real('channel_util'),
  roams: integer('roams').notNull().default(0),
});

/** Rollup: per local day × AP × device × SSID × band. */
export const wifiDaily = pgTable(
  'wifi_daily',
  {
    day: date('day').notNull(),
    apId: integer('ap_id').notNull(),
    deviceId: integer('device_id').notNull(),
    ssid: text('ssid').notNull(),
    band: text('band').notNull(),
    ...rollupCounts(),
    ...dailyMeasures(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.apId, t.deviceId, t.ssid, t.band] }),
    index('wifi_daily_device_idx').on(t.deviceId, t.day),
  ],
);

/** Rollup: per AP × 5-minute bin (not personal data; SLT's charts read it). */
export const wifiBins = pgTable(
  'wifi_bins',
  {
    bin: ts('bin').notNull(),
    apId: integer('ap_id').notNull(),
    ...rollupCounts(),
    clients: integer('clients').notNull().default(0),
    ...binMeasures(),
  },
  (t) => [primaryKey({ columns: [t.bin, t.apId] })],
);

/** Rollup: per AP × device × 5-minute bin, only where the device failed (bursts, complaint windows). */
export const wifiFailBins = pgTable(
  'wifi_fail_bins',
  {
    bin: ts('bin').notNull(),
    apId: integer('ap_id').notNull(),
    deviceId: integer('device_id').notNull(),
    ssid: text('ssid').notNull(),
    band: text('band').notNull(),
    attempts: integer('attempts').notNull(),
    failures: integer('failures').notNull(),
    failAssoc: integer('fail_assoc').notNull(),
    failAuth: integer('fail_auth').notNull(),
    failDhcp: integer('fail_dhcp').notNull(),
    failDns: integer('fail_dns').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bin, t.apId, t.deviceId, t.ssid, t.band] }),
    index('wifi_fail_bins_device_idx').on(t.deviceId, t.bin),
  ],
);

/**
 * Provenance of each import. An import is written in slices that each commit while `status` is
 * 'staging' (its raw rows tagged with its id and left out by every read, its rollups in the
 * wifi_import_* tables), and becomes visible in one step that merges those rollups and marks it
 * 'done'. 'abandoned' (failed, a dry run, or its process died) is discarded by the sweep.
 */
export const wifiImports = pgTable('wifi_imports', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  at: ts('at').notNull().defaultNow(),
  actorLabel: text('actor_label').notNull(),
  rowsIn: integer('rows_in').notNull(),
  created: integer('created').notNull(),
  unchanged: integer('unchanged').notNull(),
  rejected: integer('rejected').notNull(),
  firstTs: ts('first_ts'),
  lastTs: ts('last_ts'),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  status: text('status').notNull().default('done'),
  heartbeatAt: ts('heartbeat_at'),
});

/*
 * A staging import's own scratch, keyed by its id and emptied when it is published or discarded:
 * its AP keys resolved once, what it says of each device, and its additions to the three rollups
 * (failure bins only where the device failed, with the bin's whole count).
 */

export const wifiImportApMap = pgTable(
  'wifi_import_ap_map',
  { importId: uuid('import_id').notNull(), key: text('key').notNull(), apId: integer('ap_id').notNull() },
  (t) => [primaryKey({ columns: [t.importId, t.key] })],
);

/** Per MAC, what the import says of the device (the latest identity, model and host name). */
export const wifiImportDevices = pgTable(
  'wifi_import_devices',
  {
    importId: uuid('import_id').notNull(),
    mac: text('mac').notNull(),
    identity: text('identity'),
    identityAt: ts('identity_at'),
    device: text('device'),
    deviceAt: ts('device_at'),
    hostname: text('hostname'),
    hostnameAt: ts('hostname_at'),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.mac] })],
);

export const wifiImportDaily = pgTable(
  'wifi_import_daily',
  {
    importId: uuid('import_id').notNull(),
    day: date('day').notNull(),
    apId: integer('ap_id').notNull(),
    deviceId: integer('device_id').notNull(),
    ssid: text('ssid').notNull(),
    band: text('band').notNull(),
    ...rollupCounts(),
    ...dailyMeasures(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.day, t.apId, t.deviceId, t.ssid, t.band] })],
);

export const wifiImportBins = pgTable(
  'wifi_import_bins',
  {
    importId: uuid('import_id').notNull(),
    bin: ts('bin').notNull(),
    apId: integer('ap_id').notNull(),
    ...rollupCounts(),
    ...binMeasures(),
    /** The devices the import saw there, each once however its rows fell in slices: the bin's clients. */
    devices: integer('devices').array(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.bin, t.apId] })],
);

export const wifiImportFailBins = pgTable(
  'wifi_import_fail_bins',
  {
    importId: uuid('import_id').notNull(),
    bin: ts('bin').notNull(),
    apId: integer('ap_id').notNull(),
    deviceId: integer('device_id').notNull(),
    ssid: text('ssid').notNull(),
    band: text('band').notNull(),
    ...rollupCounts(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.bin, t.apId, t.deviceId, t.ssid, t.band] })],
);
