/**
 * wifi: Wi-Fi controller and RADIUS data (UniFi, Meraki, FreeRADIUS, a generic CSV) normalised into
 * attempts, sessions, samples and roams with rollups (wifi_* tables); service levels; and the
 * verdict that tells a general problem from individual devices, with evidence, through to the
 * people to contact. Per-device data is for admin and IT only; SLT sees aggregates.
 */
import { IT_ROLES } from '../../lib/context.ts';
import type { BelfryModule } from '../../lib/module.ts';
import { localDate } from '../../lib/zoned-time.ts';
import { registerWifiCli } from './cli/wifi-cli.ts';
import { sweepDeadWifiImports } from './domain/import-staging.ts';
import { WIFI_IMPORTERS } from './domain/importers.ts';
import { purgeWifiData } from './domain/retention.ts';
import { WIFI_SETUP } from './domain/setup-checks.ts';
import { loadWifiCard } from './domain/wifi-card.ts';
import { WIFI_SETTINGS } from './domain/wifi-settings.ts';
import { registerWifiRoutes } from './http/wifi-routes.ts';
import { WIFI_RECOGNISERS } from './import/recognise.ts';

export type { Finding, Verdict } from './domain/analysis/types.ts';
export { abandonInterruptedWifiImports } from './domain/import-staging.ts';
export { ingestRecords } from './domain/ingest.ts';
export { readWifiServiceLevel, type WifiWindowLevel } from './domain/service-level-window.ts';
export { getWifiVerdict } from './domain/verdict.ts';
export type { RecordSink } from './import/sink.ts';

let lastPurgeDay = '';

export const wifiModule: BelfryModule = {
  name: 'wifi',
  setupChecks: WIFI_SETUP,
  routes: registerWifiRoutes,
  settings: WIFI_SETTINGS,
  importers: WIFI_IMPORTERS.map((i) => ({ recognise: WIFI_RECOGNISERS[i.kind], ...i })),
  todayCards: [{ id: 'wifi.summary', title: 'Wi-Fi', order: 6, roles: [...IT_ROLES, 'slt'], load: loadWifiCard }],
  scheduled: [
    { name: 'wifi: discard unfinished imports', everyMinutes: 10, run: async (ctx) => void (await sweepDeadWifiImports(ctx)) },
    {
      name: 'wifi retention purge',
      everyMinutes: 60,
      // Checked hourly, done once a day: the raw tables have no time index, so a purge is a scan.
      run: async (ctx) => {
        const today = localDate(ctx.clock.now(), ctx.config.timeZone);
        if (today === lastPurgeDay) return;
        lastPurgeDay = today;
        const removed = await purgeWifiData(ctx);
        const total = Object.values(removed).reduce((a, b) => a + b, 0);
        if (total) ctx.log.info({ removed }, 'per-device Wi-Fi data purged');
      },
    },
  ],
  cli: registerWifiCli,
};
