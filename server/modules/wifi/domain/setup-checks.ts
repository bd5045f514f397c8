import { sql } from 'drizzle-orm';
import type { SetupCheck } from '../../../lib/module.ts';
import { countRows } from '../../../lib/setup-count.ts';
import { visibleWifi } from '../db/visible.ts';

/** First run: the access point inventory and a Wi-Fi data source. */
export const WIFI_SETUP: SetupCheck[] = [
  {
    id: 'wifi-source',
    label: 'Wi-Fi: access points and data',
    order: 90,
    load: async (ctx) => {
      const aps = await countRows(ctx.db, sql`SELECT count(*) FROM wifi_aps`);
      const imports = await countRows(
        ctx.db,
        sql`SELECT count(*) FROM wifi_imports WHERE kind <> 'wifi-aps' AND status = 'done'`,
      );
      // Connection data loaded another way (the demo school) counts as much as an import's.
      const held =
        imports > 0 ||
        (await countRows(
          ctx.db,
          sql`SELECT count(*) FROM (SELECT 1 FROM wifi_attempts WHERE ${visibleWifi('wifi_attempts')} LIMIT 1) a`,
        )) > 0;
      const data = imports
        ? `${imports} data import${imports === 1 ? '' : 's'}`
        : held
          ? 'connection data held'
          : 'no connection data yet';
      return {
        done: aps > 0 && held,
        detail: `${aps ? `${aps} access point${aps === 1 ? '' : 's'}` : 'No access points'}; ${data}`,
        how: "`belfry import wifi-aps aps.csv`, then the controller's logs (UniFi, Meraki, FreeRADIUS or CSV): `belfry import` lists the kinds",
        link: '/wifi',
      };
    },
  },
];
