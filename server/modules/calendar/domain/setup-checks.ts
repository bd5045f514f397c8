import { sql } from 'drizzle-orm';
import type { SetupCheck } from '../../../lib/module.ts';
import { countRows } from '../../../lib/setup-count.ts';
import { localDate } from '../../../lib/zoned-time.ts';

/** First run: term dates from today on (the help desk clock, the briefing and the reports count school days). */
export const CALENDAR_SETUP: SetupCheck[] = [
  {
    id: 'term-dates',
    label: 'Term dates',
    order: 40,
    load: async (ctx) => {
      const today = localDate(ctx.clock.now(), ctx.config.timeZone);
      const n = await countRows(ctx.db, sql`SELECT count(*) FROM calendar_terms WHERE ends_on >= ${today}`);
      return {
        done: n > 0,
        detail: n ? `${n} term${n === 1 ? '' : 's'} from today on` : 'No terms from today on: school days cannot be counted',
        how: '`belfry import term-dates terms.csv` (school, kind, name, start, end) or Calendar',
        link: '/calendar',
      };
    },
  },
];
