import type { BelfryModule, Registry } from './lib/module.ts';
import { accountsModule } from './modules/accounts/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { calendarModule } from './modules/calendar/index.ts';
import { directoryModule } from './modules/directory/index.ts';
import { jobsModule } from './modules/jobs/index.ts';
import { settingsModule } from './modules/settings/index.ts';
import { todayModule } from './modules/today/index.ts';

/** Every feature module, in registration order. Adding a module means adding it here. */
export const MODULES: readonly BelfryModule[] = [
  auditModule,
  settingsModule,
  accountsModule,
  directoryModule,
  calendarModule,
  jobsModule,
  todayModule,
];

export function buildRegistry(modules: readonly BelfryModule[]): Registry {
  return {
    settings: modules.flatMap((m) => m.settings ?? []),
    importers: modules.flatMap((m) => m.importers ?? []),
    todayCards: modules.flatMap((m) => m.todayCards ?? []),
    scheduled: modules.flatMap((m) => m.scheduled ?? []),
  };
}
