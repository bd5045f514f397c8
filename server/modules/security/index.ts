/**
 * security: sign-in logs (Entra portal CSV/JSON, Graph and Google pulls) normalised into one
 * event table with a daily rollup; detections (spray, brute force, MFA fatigue, impossible
 * travel, new country, legacy auth, disabled accounts, Sigma rules, vendor alerts) feeding the
 * morning triage queue; and the incident register with the ICO 72-hour clock.
 */
import { IT_ROLES } from '../../lib/context.ts';
import type { App, BelfryModule } from '../../lib/module.ts';
import { registerSecurityCli } from './cli.ts';
import { runDetections } from './detect/run-detections.ts';
import { summariseRecentAlerts } from './domain/alerts.ts';
import { sweepDeadImports } from './domain/import-staging.ts';
import { purgeOldSignins } from './domain/retention.ts';
import { SECURITY_SETTINGS } from './domain/security-settings.ts';
import { SECURITY_SETUP } from './domain/setup-checks.ts';
import { registerIncidentRoutes } from './http/incident-routes.ts';
import { registerSecurityRoutes } from './http/security-routes.ts';
import { ENTRA_CSV_FIELDS } from './import/entra-csv.ts';
import { importEntraCsv } from './import/entra-csv-importer.ts';
import { GOOGLE_AUDIT_FIELDS, importGoogleAuditCsv } from './import/google-audit-csv.ts';
import { jsonImporter } from './import/json-importers.ts';
import { SECURITY_RECOGNISERS } from './import/recognise.ts';
import { summariseIncidentsForToday } from './incidents/incident-today.ts';
import { runPulls } from './pull/run-pulls.ts';
import { importSigmaRules, sigmaRulesOffSetting } from './sigma/sigma-rules.ts';

export { countAlertsBySeverity, listAlerts } from './domain/alerts.ts';
export { listAlertsRaised, type RaisedAlert } from './domain/alerts-raised.ts';
export { abandonInterruptedImports } from './domain/import-staging.ts';
export { trustedNetworksSetting } from './domain/security-settings.ts';
export { type IncidentActivity, readIncidentActivity } from './incidents/incident-activity.ts';
export { sltIncidentSummary } from './incidents/incident-report.ts';
export { createIncident, listOpenIncidents } from './incidents/incidents.ts';

const json = '.json,application/json';

export const securityModule: BelfryModule = {
  name: 'security',
  setupChecks: SECURITY_SETUP,
  routes: (app: App) => {
    registerSecurityRoutes(app);
    registerIncidentRoutes(app);
  },
  settings: [...SECURITY_SETTINGS, sigmaRulesOffSetting],
  todayCards: [
    {
      id: 'security.alerts',
      title: 'Account security',
      order: 2,
      roles: IT_ROLES,
      load: (ctx) => summariseRecentAlerts(ctx),
    },
    {
      id: 'security.incidents',
      title: 'Incidents',
      order: 3,
      roles: ['admin', 'it', 'slt'],
      load: (ctx) => summariseIncidentsForToday(ctx),
    },
  ],
  importers: [
    {
      kind: 'entra-signins',
      recognise: SECURITY_RECOGNISERS['entra-signins'],
      description: 'Entra ID sign-in logs: the portal CSV download (interactive or non-interactive)',
      roles: IT_ROLES,
      accept: '.csv,text/csv',
      readsDates: true,
      fields: ENTRA_CSV_FIELDS,
      run: importEntraCsv,
    },
    {
      kind: 'entra-signins-json',
      recognise: SECURITY_RECOGNISERS['entra-signins-json'],
      description:
        'Entra ID sign-ins as JSON: Graph ({value:[...]}), Azure Monitor (diagnostic-setting NDJSON, Event Hub {records:[...]}), Graph PowerShell ConvertTo-Json',
      roles: IT_ROLES,
      accept: json,
      run: jsonImporter('entra-signins-json'),
    },
    {
      kind: 'entra-risk-detections',
      recognise: SECURITY_RECOGNISERS['entra-risk-detections'],
      description: 'Entra ID Protection risk detections (Graph JSON)',
      roles: IT_ROLES,
      accept: json,
      run: jsonImporter('entra-risk-detections'),
    },
    {
      kind: 'google-logins',
      recognise: SECURITY_RECOGNISERS['google-logins'],
      description: 'Google Workspace login activity (Reports API JSON: a response, or one activity per line)',
      roles: IT_ROLES,
      accept: json,
      run: jsonImporter('google-logins'),
    },
    {
      kind: 'google-audit-csv',
      description: 'Google Admin console audit log download (User log events or Login audit, CSV)',
      roles: IT_ROLES,
      accept: '.csv,text/csv',
      fields: GOOGLE_AUDIT_FIELDS,
      run: importGoogleAuditCsv,
    },
    {
      kind: 'google-alerts',
      recognise: SECURITY_RECOGNISERS['google-alerts'],
      description: 'Google Workspace Alert Center alerts (JSON)',
      roles: IT_ROLES,
      accept: json,
      run: jsonImporter('google-alerts'),
    },
    {
      kind: 'sigma-rules',
      recognise: SECURITY_RECOGNISERS['sigma-rules'],
      description:
        "The school's own Sigma rules (a YAML file, several separated by ---, or a folder of them as SigmaHQ ships them)",
      roles: IT_ROLES,
      accept: '.yml,.yaml',
      acceptsDirectory: true,
      run: (ctx, file, options) => importSigmaRules(ctx, file, options),
    },
  ],
  scheduled: [
    { name: 'security: pull sign-ins', everyMinutes: 60, run: async (ctx) => void (await runPulls(ctx)) },
    { name: 'security: detections', everyMinutes: 60, run: async (ctx) => void (await runDetections(ctx)) },
    { name: 'security: discard unfinished imports', everyMinutes: 10, run: async (ctx) => void (await sweepDeadImports(ctx)) },
    { name: 'security: purge old sign-ins', everyMinutes: 24 * 60, run: async (ctx) => void (await purgeOldSignins(ctx)) },
  ],
  cli: (program, deps) => registerSecurityCli(program, deps),
};
export { loadDemoSignins } from './domain/demo-signins.ts';
