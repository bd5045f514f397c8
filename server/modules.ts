import type { BelfryModule, Registry } from './lib/module.ts';
import { accountsModule } from './modules/accounts/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { briefingsModule } from './modules/briefings/index.ts';
import { calendarModule } from './modules/calendar/index.ts';
import { directoryModule } from './modules/directory/index.ts';
import { helpdeskModule } from './modules/helpdesk/index.ts';
import { jobsModule } from './modules/jobs/index.ts';
import { meetingsModule } from './modules/meetings/index.ts';
import { phishingModule } from './modules/phishing/index.ts';
import { projectsModule } from './modules/projects/index.ts';
import { reportsModule } from './modules/reports/index.ts';
import { securityModule } from './modules/security/index.ts';
import { settingsModule } from './modules/settings/index.ts';
import { standardsModule } from './modules/standards/index.ts';
import { surveysModule } from './modules/surveys/index.ts';
import { systemModule } from './modules/system/index.ts';
import { tasksModule } from './modules/tasks/index.ts';
import { todayModule } from './modules/today/index.ts';
import { wifiModule } from './modules/wifi/index.ts';

/** Every feature module, in registration order. Adding a module means adding it here. */
export const MODULES: readonly BelfryModule[] = [
  auditModule,
  settingsModule,
  accountsModule,
  directoryModule,
  calendarModule,
  jobsModule,
  helpdeskModule,
  securityModule,
  tasksModule,
  projectsModule,
  meetingsModule,
  wifiModule,
  surveysModule,
  phishingModule,
  standardsModule,
  reportsModule,
  briefingsModule,
  systemModule,
  todayModule,
];

export function buildRegistry(modules: readonly BelfryModule[]): Registry {
  return {
    settings: modules.flatMap((m) => m.settings ?? []),
    importers: modules.flatMap((m) => m.importers ?? []),
    todayCards: modules.flatMap((m) => m.todayCards ?? []),
    scheduled: modules.flatMap((m) => m.scheduled ?? []),
    services: modules.flatMap((m) => m.services ?? []),
    setupChecks: modules.flatMap((m) => m.setupChecks ?? []).sort((a, b) => a.order - b.order),
  };
}
