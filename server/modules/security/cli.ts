import type { Command } from 'commander';
import { requireRole } from '../../lib/context.ts';
import type { CliDeps } from '../../lib/module.ts';
import { type DetectionRun, runDetections } from './detect/run-detections.ts';
import { ALERT_STATUSES, alertsForCli } from './domain/alerts.ts';
import { runPulls } from './pull/run-pulls.ts';

/** When the alert was last seen, on the school's clock: "22 Nov 19:11". */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A period's ends as the UK writes them: "Sun 8 Nov 2026, 07:00". */
const WHEN = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const when = (iso: string) => WHEN.format(new Date(iso)).replace(/^(\w{3}),/, '$1');

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One summary of a detection run: what it found, split into new and already raised, so the counts add up. */
export function describeDetectionRun(run: DetectionRun): string {
  const found = run.created + run.updated + run.unchanged;
  const head = `Detections over ${when(run.from)} to ${when(run.to)} (London time): `;
  const parts = [
    `${run.created} new`,
    ...(run.updated ? [`${run.updated} already raised and updated`] : []),
    ...(run.unchanged ? [`${run.unchanged} already raised, no change`] : []),
  ];
  const lines = [
    `${head}${found === 0 ? 'no alerts found' : `${plural(found, 'alert')} found (${parts.join(', ')})`}${run.suppressed ? `; ${run.suppressed} left out by suppressions` : ''}.`,
  ];
  const width = Math.max(0, ...Object.keys(run.byType).map((t) => t.length));
  for (const [type, c] of Object.entries(run.byType).sort()) {
    const bits = [
      ...(c.new ? [`${c.new} new`] : []),
      ...(c.updated ? [`${c.updated} updated`] : []),
      ...(c.unchanged ? [`${c.unchanged} no change`] : []),
    ];
    lines.push(`  ${type.padEnd(width)}  ${bits.join(', ')}`);
  }
  if (run.newCountryThin)
    lines.push(
      `Not judged: ${plural(run.newCountryThin, 'sign-in')} from another country on accounts with too little history to call a country new (security.thresholds newCountry.minSignIns and minDays).`,
    );
  return lines.join('\n');
}

/** The accounts an alert is about (the first two, then a count), or its addresses when it names none. */
function who(a: { users: string[]; ips: string[] }): string {
  const list = a.users.length ? a.users : a.ips;
  if (list.length === 0) return 'no account';
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} and ${list.length - 2} more` : list.join(', ');
}

/** `belfry detect`, `belfry alerts` and `belfry pull-signins`. */
export function registerSecurityCli(program: Command, deps: CliDeps): void {
  const print = (data: unknown, human: () => string) => {
    const io = deps.io();
    io.out(io.json ? JSON.stringify(data, null, 2) : human());
  };
  program
    .command('detect')
    .description('run the sign-in detections now (default: the look-back period before now)')
    .option('--from <iso>', 'start of the period (ISO 8601)')
    .option('--to <iso>', 'end of the period (ISO 8601)')
    .action(async (opts: { from?: string; to?: string }) => {
      const run = await deps.withCtx((ctx) =>
        runDetections(ctx, { from: opts.from ? new Date(opts.from) : undefined, to: opts.to ? new Date(opts.to) : undefined }),
      );
      print(run, () => describeDetectionRun(run));
    });
  program
    .command('alerts')
    .description('list alerts (JSON with --json: type, severity, status, users, ips, firstSeen, lastSeen, evidence)')
    .option('--status <list>', `comma-separated: ${ALERT_STATUSES.join(', ')}`)
    .action(async (opts: { status?: string }) => {
      const status = opts.status?.split(',').map((s) => s.trim()) as (typeof ALERT_STATUSES)[number][] | undefined;
      const alerts = await deps.withCtx((ctx) => alertsForCli(ctx, { status }));
      print(alerts, () =>
        alerts.length
          ? alerts
              .map(
                (a) =>
                  `${a.severity.padEnd(8)} ${a.status.padEnd(12)} ${a.type.padEnd(18)} ${LONDON.format(new Date(a.lastSeen))}  ${who(a)}: ${a.evidence}`,
              )
              .join('\n')
          : 'No alerts.',
      );
    });
  program
    .command('pull-signins')
    .description('pull sign-ins now from Microsoft Graph and/or the Google Reports API (as configured)')
    .action(async () => {
      const out = await deps.withCtx(async (ctx) => {
        requireRole(ctx, 'admin', 'it');
        return runPulls(ctx);
      });
      print(out, () =>
        out.length
          ? out.map((o) => `${o.source}: ${o.error ? `failed: ${o.error}` : `${o.created} new`}`).join('\n')
          : 'No pull is configured (see BELFRY_GRAPH_* and BELFRY_GOOGLE_* in .env.example).',
      );
    });
}
