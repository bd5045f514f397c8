import type { Ctx } from '../../../lib/context.ts';
import { savePullState, selectPullState } from '../db/pull-queries.ts';
import { DEFAULT_RETRY, type RetryOptions } from './fetch-retry.ts';
import { pullGoogle } from './google-pull.ts';
import { pullGraph } from './graph-pull.ts';

/**
 * The scheduled pull: for each configured source, everything since the last pull, re-reading
 * the previous three days because vendors add offline detections and late events (research §1.4).
 */

const OVERLAP_MS = 3 * 86_400_000;
const FIRST_MS = 7 * 86_400_000;

export type PullOutcome = { source: string; created?: number; error?: string };

export async function runPulls(ctx: Ctx, retry: RetryOptions = DEFAULT_RETRY): Promise<PullOutcome[]> {
  const cfg = ctx.config.securityPulls;
  const out: PullOutcome[] = [];
  const sources = [
    cfg?.graph && {
      source: 'graph',
      run: (since: Date) => pullGraph(ctx, cfg.graph as NonNullable<typeof cfg.graph>, since, retry),
    },
    cfg?.google && {
      source: 'google',
      run: (since: Date) => pullGoogle(ctx, cfg.google as NonNullable<typeof cfg.google>, since, retry),
    },
  ].filter((x): x is { source: string; run: (since: Date) => ReturnType<typeof pullGraph> } => !!x);
  for (const s of sources) {
    const now = ctx.clock.now();
    const state = await selectPullState(ctx.db, s.source);
    const since = new Date((state?.lastUntil.getTime() ?? now.getTime() - FIRST_MS + OVERLAP_MS) - OVERLAP_MS);
    try {
      const summary = await s.run(since);
      await savePullState(ctx.db, { source: s.source, lastUntil: now, lastRunAt: now, lastResult: `ok: ${summary.created} new` });
      out.push({ source: s.source, created: summary.created });
    } catch (err) {
      const message = (err as Error).message;
      ctx.log.error({ source: s.source, error: message }, 'sign-in pull failed');
      await savePullState(ctx.db, {
        source: s.source,
        lastUntil: state?.lastUntil ?? since,
        lastRunAt: now,
        lastResult: `failed: ${message}`,
      });
      out.push({ source: s.source, error: message });
    }
  }
  return out;
}
