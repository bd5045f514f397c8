import type { SetupCheck } from '../../../lib/module.ts';

/** First run: single sign-on (staff sign in with their school account rather than a Belfry password). */
export const ACCOUNTS_SETUP: SetupCheck[] = [
  {
    id: 'sso',
    label: 'Single sign-on',
    order: 50,
    load: async (ctx) => {
      const n = ctx.config.oidc.length;
      return {
        done: n > 0,
        detail: n ? `${ctx.config.oidc.map((p) => p.label).join(', ')}` : 'Not set up: everyone needs a Belfry password',
        how: 'Set BELFRY_OIDC_* (Microsoft Entra or Google) in the environment; see the configuration table in the README',
      };
    },
  },
];
