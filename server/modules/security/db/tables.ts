import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Raw sign-in events from every source, normalised to one shape. Big: ingested with COPY,
 * purged after the retention period, and never read by a dashboard (they read the rollup).
 * (source, event_key, ts) makes re-importing an overlapping download add nothing.
 */
export const securitySignins = pgTable(
  'security_signins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ts: ts('ts').notNull(),
    source: text('source').notNull(),
    eventKey: text('event_key').notNull(),
    userName: text('user_name').notNull(),
    userDisplay: text('user_display'),
    userId: text('user_id'),
    ip: text('ip'),
    result: text('result').notNull(),
    errorCode: integer('error_code'),
    failureKind: text('failure_kind'),
    failureReason: text('failure_reason'),
    clientApp: text('client_app'),
    userAgent: text('user_agent'),
    authRequirement: text('auth_requirement'),
    authProtocol: text('auth_protocol'),
    mfaResult: text('mfa_result'),
    interactive: boolean('interactive'),
    app: text('app'),
    resource: text('resource'),
    country: text('country'),
    city: text('city'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    geoSource: text('geo_source'),
    asn: integer('asn'),
    deviceId: text('device_id'),
    deviceCompliant: boolean('device_compliant'),
    deviceTrustType: text('device_trust_type'),
    caStatus: text('ca_status'),
    riskState: text('risk_state'),
    eventName: text('event_name'),
    importId: uuid('import_id'),
  },
  (t) => [
    uniqueIndex('security_signins_key_idx').on(t.source, t.eventKey, t.ts),
    index('security_signins_ts_idx').on(t.ts),
    index('security_signins_user_ts_idx').on(t.userName, t.ts),
  ],
);

/** Sign-ins per day, source and result: what dashboards and Today read instead of the raw table. */
export const securitySigninDays = pgTable(
  'security_signin_days',
  {
    day: date('day').notNull(),
    source: text('source').notNull(),
    result: text('result').notNull(),
    events: integer('events').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.source, t.result] })],
);

/**
 * One imported file or API pull: provenance for evidence snapshots. An import is written in short
 * transactions while `status` is 'staging' (its rows are in security_signins, tagged with its id,
 * and every read leaves them out: `visibleSignins`), and becomes visible in one short step
 * ('done'). 'abandoned' (the process died, or the import failed) is swept by discardImport.
 */
export const securityImports = pgTable('security_imports', {
  id: uuid('id').primaryKey(),
  status: text('status').notNull().default('done'),
  /** While staging: the last time a batch was committed (a stale one is abandoned). */
  heartbeatAt: ts('heartbeat_at'),
  /** The range of security_signins ids this import wrote (to discard it in slices). */
  firstRowId: bigint('first_row_id', { mode: 'number' }),
  lastRowId: bigint('last_row_id', { mode: 'number' }),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256'),
  rowsIn: integer('rows_in').notNull(),
  created: integer('created').notNull(),
  rejected: integer('rejected').notNull(),
  firstTs: ts('first_ts'),
  lastTs: ts('last_ts'),
  actor: text('actor').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A staging import's additions to security_signin_days, added to it when the import is made visible. */
export const securityImportDays = pgTable(
  'security_import_days',
  {
    importId: uuid('import_id').notNull(),
    day: date('day').notNull(),
    source: text('source').notNull(),
    result: text('result').notNull(),
    events: integer('events').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.day, t.source, t.result] })],
);

/** Vendor detections and warnings (Entra ID Protection, Google account warnings and alerts), as received. */
export const securityVendorEvents = pgTable(
  'security_vendor_events',
  {
    id: uuid('id').primaryKey(),
    source: text('source').notNull(),
    vendorId: text('vendor_id').notNull(),
    ts: ts('ts').notNull(),
    eventType: text('event_type').notNull(),
    displayName: text('display_name').notNull(),
    severity: text('severity').notNull(),
    alerted: boolean('alerted').notNull(),
    userName: text('user_name'),
    ip: text('ip'),
    raw: jsonb('raw').notNull(),
    importId: uuid('import_id'),
  },
  (t) => [uniqueIndex('security_vendor_events_key_idx').on(t.source, t.vendorId)],
);

/** Alerts for the morning triage; `evidence` is a snapshot that outlives the raw events. */
export const securityAlerts = pgTable(
  'security_alerts',
  {
    id: uuid('id').primaryKey(),
    dedupKey: text('dedup_key').notNull(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('new'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    users: text('users').array().notNull(),
    ips: text('ips').array().notNull(),
    firstSeen: ts('first_seen').notNull(),
    lastSeen: ts('last_seen').notNull(),
    evidence: jsonb('evidence').notNull(),
    groupKey: text('group_key').notNull(),
    linkedAlertIds: uuid('linked_alert_ids').array().notNull().default(sql`'{}'::uuid[]`),
    incidentId: uuid('incident_id'),
    dismissReason: text('dismiss_reason'),
    statusBy: text('status_by'),
    statusAt: ts('status_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('security_alerts_dedup_idx').on(t.dedupKey),
    index('security_alerts_created_idx').on(t.createdAt),
    index('security_alerts_status_idx').on(t.status),
    check('security_alerts_status_check', sql`${t.status} in ('new','acknowledged','dismissed','escalated')`),
    check('security_alerts_severity_check', sql`${t.severity} in ('info','low','medium','high','critical')`),
  ],
);

/** Suppressions (and the legacy-authentication allowlist): an owner, a reason and an expiry, always. */
export const securitySuppressions = pgTable('security_suppressions', {
  id: uuid('id').primaryKey(),
  alertType: text('alert_type'),
  userMatch: text('user_match'),
  ipMatch: text('ip_match'),
  owner: text('owner').notNull(),
  reason: text('reason').notNull(),
  expiresAt: ts('expires_at').notNull(),
  hits: integer('hits').notNull().default(0),
  lastHitAt: ts('last_hit_at'),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** Registered school trips: foreign sign-ins by the travellers in those dates are expected. */
export const securityTrips = pgTable('security_trips', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  country: text('country').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  /** Email addresses of the travellers; empty means anyone. */
  travellers: text('travellers').array().notNull(),
  createdAt: ts('created_at').notNull(),
});

/** Sigma rules the school added (the curated set ships as files). */
export const securitySigmaRules = pgTable('security_sigma_rules', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  yaml: text('yaml').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  addedBy: text('added_by').notNull(),
  addedAt: ts('added_at').notNull(),
});

/** Where each API pull got to, so the next one asks only for what is new (plus an overlap). */
export const securityPullState = pgTable('security_pull_state', {
  source: text('source').primaryKey(),
  lastUntil: ts('last_until').notNull(),
  lastRunAt: ts('last_run_at').notNull(),
  lastResult: text('last_result').notNull(),
});

/** The incident register (UK GDPR Art. 33(5): every personal-data breach is recorded). */
export const securityIncidents = pgTable(
  'security_incidents',
  {
    id: uuid('id').primaryKey(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    occurredAt: ts('occurred_at'),
    detectedAt: ts('detected_at'),
    becameAwareAt: ts('became_aware_at').notNull(),
    containedAt: ts('contained_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    /** null: not yet known (the ICO clock runs, as it would if it were). */
    personalData: boolean('personal_data'),
    personalDataNotes: text('personal_data_notes'),
    dataSubjects: text('data_subjects').array().notNull(),
    peopleAffected: integer('people_affected'),
    icoDecision: text('ico_decision').notNull().default('pending'),
    icoDecisionAt: ts('ico_decision_at'),
    icoReference: text('ico_reference'),
    icoRationale: text('ico_rationale'),
    dpoName: text('dpo_name'),
    outcome: text('outcome'),
    lessons: text('lessons'),
    rootCause: text('root_cause'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('security_incidents_ref_idx').on(t.ref),
    check('security_incidents_ico_check', sql`${t.icoDecision} in ('pending','reported','not_reportable')`),
  ],
);

/** The decision log: rows are only ever inserted (no code path updates or deletes them). */
export const securityIncidentDecisions = pgTable(
  'security_incident_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => securityIncidents.id, { onDelete: 'restrict' }),
    at: ts('at').notNull(),
    by: text('by').notNull(),
    decision: text('decision').notNull(),
    rationale: text('rationale').notNull(),
  },
  (t) => [index('security_incident_decisions_incident_idx').on(t.incidentId)],
);

/** Actions taken or to take (containment, recovery, improvements), with an owner and a due date. */
export const securityIncidentActions = pgTable('security_incident_actions', {
  id: uuid('id').primaryKey(),
  incidentId: uuid('incident_id')
    .notNull()
    .references(() => securityIncidents.id, { onDelete: 'cascade' }),
  text: text('text').notNull(),
  owner: text('owner'),
  dueOn: date('due_on'),
  doneAt: ts('done_at'),
  createdAt: ts('created_at').notNull(),
});
