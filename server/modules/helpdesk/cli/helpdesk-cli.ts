import type { Command } from 'commander';
import type { CliDeps } from '../../../lib/module.ts';
import { getHelpdeskMetrics } from '../domain/metrics-read.ts';
import { recomputeSla } from '../domain/sla-recompute.ts';

const mins = (m: number | null) => (m === null ? '-' : m >= 120 ? `${(m / 60).toFixed(1)} h` : `${Math.round(m)} min`);
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** `belfry helpdesk metrics --from --to [--by week|month|term] [--json]` and `belfry helpdesk recompute`. */
export function registerHelpdeskCli(program: Command, deps: CliDeps): void {
  const helpdesk = program.command('helpdesk').description('the help desk');
  helpdesk
    .command('metrics')
    .description('metrics for a period (dates are school days, both inclusive)')
    .requiredOption('--from <date>', 'first day, e.g. 2026-11-09')
    .requiredOption('--to <date>', 'last day, e.g. 2026-11-15')
    .option('--by <bucket>', 'also by week, month or term')
    .action(async (opts: { from: string; to: string; by?: 'week' | 'month' | 'term' }) => {
      const report = await deps.withCtx((ctx) => getHelpdeskMetrics(ctx, { from: opts.from, to: opts.to, bucket: opts.by }));
      const io = deps.io();
      if (io.json) {
        io.out(JSON.stringify(report, null, 2));
        return;
      }
      const m = report.metrics;
      io.out(
        [
          `Help desk ${opts.from} to ${opts.to}`,
          `  created ${m.created} (merged ${m.merged}), resolved ${m.resolved}, open ${m.openAtStart} -> ${m.openAtEnd}`,
          `  first response: median ${mins(m.firstResponse.median)}, p90 ${mins(m.firstResponse.p90)} (${m.firstResponse.n}); awaiting ${m.awaitingFirstResponse}`,
          `  resolution: median ${mins(m.resolution.median)}, p90 ${mins(m.resolution.p90)} (${m.resolution.n})`,
          `  reopen rate ${pct(m.reopenRate)}, one-touch ${pct(m.oneTouchRate)}`,
          `  SLA breached: response ${pct(m.responseSla.breachRate)}, resolution ${pct(m.resolutionSla.breachRate)}`,
          `  satisfaction: ${m.satisfaction.answered}/${m.satisfaction.sent} answered, average ${m.satisfaction.average?.toFixed(2) ?? '-'}`,
          ...m.byCategory.map((c) => `  ${c.category}: ${c.created}`),
          ...report.series.map((s) => `  ${s.label}: created ${s.created}, resolved ${s.resolved}, open at end ${s.openAtEnd}`),
        ].join('\n'),
      );
    });
  helpdesk
    .command('recompute')
    .description("recompute open tickets' due dates (after changing the calendar or the SLA targets)")
    .action(async () => {
      const n = await deps.withCtx((ctx) => recomputeSla(ctx));
      deps.io().out(`Recomputed ${n} open ticket(s).`);
    });
}
