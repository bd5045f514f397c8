import { sql } from 'drizzle-orm';
import type { SetupCheck } from '../../../lib/module.ts';
import { countRows } from '../../../lib/setup-count.ts';

/** First run: where the sign-in detections get their sign-ins. */
export const SECURITY_SETUP: SetupCheck[] = [
  {
    id: 'security-source',
    label: 'Account security: sign-ins',
    order: 80,
    load: async (ctx) => {
      const n = await countRows(ctx.db, sql`SELECT count(*) FROM security_signins`);
      const pulls = [
        ctx.config.securityPulls?.graph && 'Microsoft Graph',
        ctx.config.securityPulls?.google && 'Google Reports API',
      ].filter(Boolean);
      return {
        done: n > 0 || pulls.length > 0,
        detail: [
          n ? `${n.toLocaleString('en-GB')} sign-ins held` : 'No sign-ins yet',
          pulls.length ? `pulled hourly from ${pulls.join(' and ')}` : 'no pull set up',
        ].join('; '),
        how: '`belfry import entra-signins InteractiveSignIns.csv` (the portal download), or BELFRY_GRAPH_* / BELFRY_GOOGLE_* for hourly pulls',
        link: '/security',
      };
    },
  },
];
