import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connect.ts';
import { queryRows } from '../../../db/rows.ts';

/** Per school-day and AP totals from the 5-minute bins (kept for good): no device leaves this query. */
export type DayApTotals = {
  day: string;
  ap_id: number;
  attempts: number;
  failures: number;
  fa: number;
  fu: number;
  fd: number;
  fn: number;
};

export function selectDayApTotals(db: Db, start: Date, end: Date, timeZone: string): Promise<DayApTotals[]> {
  return queryRows<DayApTotals>(
    db,
    sql`SELECT (bin AT TIME ZONE ${timeZone})::date::text AS day, ap_id, sum(attempts)::int AS attempts,
      sum(failures)::int AS failures, sum(fail_assoc)::int AS fa, sum(fail_auth)::int AS fu,
      sum(fail_dhcp)::int AS fd, sum(fail_dns)::int AS fn
    FROM wifi_bins WHERE bin >= ${start.toISOString()} AND bin < ${end.toISOString()}
    GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}
