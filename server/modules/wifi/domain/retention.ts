import { inTransaction } from '../../../db/transaction.ts';
import { type Ctx, requireRole } from '../../../lib/context.ts';
import { addDays, localDate } from '../../../lib/zoned-time.ts';
import { recordAudit } from '../../audit/index.ts';
import { purgeBefore } from '../db/retention-queries.ts';
import { dropWifiVerdicts } from './verdict-cache.ts';
import { loadThresholds } from './wifi-settings.ts';

/**
 * Privacy (research §7.2): raw per-device events are kept for `wifi.rawRetentionDays` (30 by
 * default) and per-device daily totals for `wifi.clientRollupRetentionDays`; AP-level totals stay.
 * The server runs this every hour; it deletes only what has aged out, so running it again is harmless.
 */
export async function purgeWifiData(ctx: Ctx): Promise<Record<string, number>> {
  requireRole(ctx, 'admin');
  const t = await loadThresholds(ctx);
  const now = ctx.clock.now();
  const rawCutoff = new Date(now.getTime() - t.rawRetentionDays * 86400000);
  const rollupCutoff = addDays(localDate(now, ctx.config.timeZone), -t.clientRollupRetentionDays);
  const removed = await inTransaction(ctx.db, {}, async (db) => {
    const removed = await purgeBefore(db, rawCutoff, rollupCutoff);
    const total = Object.values(removed).reduce((a, b) => a + b, 0);
    if (total > 0)
      await recordAudit(
        { ...ctx, db },
        {
          action: 'wifi.purge',
          summary: `Deleted ${total.toLocaleString('en-GB')} per-device Wi-Fi records past their retention period`,
          details: removed,
        },
      );
    return removed;
  });
  if (Object.values(removed).some((n) => n > 0)) dropWifiVerdicts(ctx.db);
  return removed;
}
