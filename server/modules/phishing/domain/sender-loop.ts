import type { Ctx } from '../../../lib/context.ts';
import { listSendableCampaigns, runSender } from './sender.ts';

/**
 * The server's sender: every 15 seconds it looks for scheduled or sending campaigns and drains
 * what is due now, each campaign in its own run (paced by its profile). Stopping waits for the
 * message in hand; whatever is left stays in the outbox for the next start.
 */
export async function startSenderLoop(makeCtx: () => Ctx, everyMs = 15_000): Promise<() => Promise<void>> {
  let stopping = false;
  const running = new Map<string, Promise<unknown>>();
  const tick = async () => {
    if (stopping) return;
    const ctx = makeCtx();
    try {
      for (const id of await listSendableCampaigns(ctx)) {
        if (running.has(id)) continue;
        const run = runSender(ctx, id, { shouldStop: () => stopping })
          .catch((err) => ctx.log.error({ err, campaignId: id }, 'phishing: sending failed'))
          .finally(() => running.delete(id));
        running.set(id, run);
      }
    } catch (err) {
      ctx.log.error({ err }, 'phishing: could not look for campaigns to send');
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return async () => {
    stopping = true;
    clearInterval(timer);
    await Promise.allSettled([...running.values()]);
  };
}
