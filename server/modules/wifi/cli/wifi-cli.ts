import type { Command } from 'commander';
import type { CliDeps } from '../../../lib/module.ts';
import { stableJson } from '../domain/analysis/format.ts';
import { listWifiContacts } from '../domain/contacts.ts';
import { purgeWifiData } from '../domain/retention.ts';
import { getWifiVerdict } from '../domain/verdict.ts';

/**
 * `belfry wifi analyze --from --to [--scope ...] [--json]`: the verdict (the same JSON as the page,
 * keys sorted, so the same data prints the same bytes); `belfry wifi contacts`; `belfry wifi purge`.
 */
export function registerWifiCli(program: Command, deps: CliDeps): void {
  const wifi = program.command('wifi').description('Wi-Fi analysis');
  wifi
    .command('analyze')
    .alias('analyse')
    .description('general problem or individual devices, with evidence (dates inclusive; default: the last school day)')
    .option('--from <date>', 'first day, e.g. 2026-11-17')
    .option('--to <date>', 'last day (default: --from)')
    .option('--scope <scope>', 'site, school:CODE, building:CODE, ap:NAME, ssid:NAME or band:5')
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: { from?: string; to?: string; scope?: string; json?: boolean }) => {
      const verdict = await deps.withCtx((ctx) => getWifiVerdict(ctx, { from: opts.from, to: opts.to, scope: opts.scope }));
      const io = deps.io();
      if (io.json || opts.json) {
        io.out(stableJson(verdict));
        return;
      }
      const w =
        verdict.window.from === verdict.window.to ? verdict.window.from : `${verdict.window.from} to ${verdict.window.to}`;
      io.out(
        [
          `Wi-Fi ${w}${verdict.scope ? ` (${verdict.scope.kind} ${verdict.scope.value})` : ''}: ${verdict.verdict}`,
          verdict.headline,
          ...verdict.findings.map(
            (f) => `  - ${[f.kind, f.scope === f.kind ? null : f.scope, f.subject].filter(Boolean).join(' ')}: ${f.explanation}`,
          ),
          ...verdict.notes.map((n) => `Note: ${n}`),
        ].join('\n'),
      );
    });
  wifi
    .command('contacts')
    .description('people to contact from the individual findings, with drafted messages')
    .option('--from <date>')
    .option('--to <date>')
    .option('--json', 'print as JSON')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      const { contacts } = await deps.withCtx((ctx) => listWifiContacts(ctx, opts));
      const io = deps.io();
      if (io.json || opts.json) {
        io.out(stableJson(contacts));
        return;
      }
      io.out(
        contacts.length
          ? contacts
              .map(
                (c) => `${c.person?.name ?? c.key} <${c.person?.email ?? c.identity ?? c.macs.join(', ')}>\n${c.message.body}\n`,
              )
              .join('\n')
          : 'Nobody to contact.',
      );
    });
  wifi
    .command('purge')
    .description('delete per-device Wi-Fi data past its retention period (the server does this hourly)')
    .action(async () => {
      const removed = await deps.withCtx((ctx) => purgeWifiData(ctx));
      const io = deps.io();
      if (io.json) io.out(JSON.stringify(removed, null, 2));
      else
        io.out(
          Object.entries(removed)
            .map(([t, n]) => `${t}: ${n} deleted`)
            .join('\n'),
        );
    });
}
