/**
 * settings: typed settings every module declares (changed from Settings or the CLI), the
 * school's name, and the list of other web apps the team opens daily, shown on Today.
 */
import type { BelfryModule } from '../../lib/module.ts';
import { listMyAppLinks } from './domain/app-links.ts';
import { dateOrderSetting, schoolNameSetting } from './domain/general-settings.ts';
import { registerSettingsRoutes } from './http/settings-routes.ts';

export {
  type AppLink,
  addAppLink,
  listMyAppLinks,
} from './domain/app-links.ts';
export { getDateOrderChoice, getSchoolDateOrder } from './domain/date-order.ts';
export { dateOrderSetting, schoolNameSetting } from './domain/general-settings.ts';
export {
  defineSetting,
  getSetting,
  getSettings,
  getSettingView,
  listFromText,
  listSettings,
  resetSetting,
  type SettingView,
  setSetting,
} from './domain/settings.ts';
export { readSetupChecklist, type SetupItem } from './domain/setup-checklist.ts';

export const settingsModule: BelfryModule = {
  name: 'settings',
  routes: registerSettingsRoutes,
  // The sign-in page shows the school's name.
  publicRoutes: ['GET /api/branding'],
  settings: [schoolNameSetting, dateOrderSetting],
  todayCards: [
    {
      id: 'settings.apps',
      title: 'Your apps',
      order: 5,
      roles: ['admin', 'it', 'slt', 'staff', 'pupil'],
      load: async (ctx) => ({ apps: await listMyAppLinks(ctx) }),
    },
  ],
};
