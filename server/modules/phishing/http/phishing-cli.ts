import type { Command } from 'commander';
import type { Ctx } from '../../../lib/context.ts';
import { Invalid, NotFound } from '../../../lib/errors.ts';
import type { CliDeps } from '../../../lib/module.ts';
import { listCampaigns } from '../domain/campaigns.ts';
import { pollReportingMailbox } from '../domain/mail-reports.ts';
import { purgeExpiredResults } from '../domain/retention.ts';
import { runSender, type SendProgress } from '../domain/sender.ts';
import { reportLines, sltReport } from '../domain/slt-report.ts';

async function findCampaign(ctx: Ctx, nameOrId: string) {
  const all = await listCampaigns(ctx);
  const hit = all.find((c) => c.id === nameOrId) ?? all.filter((c) => c.name.toLowerCase() === nameOrId.toLowerCase());
  if (!Array.isArray(hit)) return hit;
  if (hit.length === 1) return hit[0];
  if (hit.length > 1) throw new Invalid(`Several campaigns are called "${nameOrId}": use the id (belfry phishing list)`);
  throw new NotFound(`No campaign called "${nameOrId}" (belfry phishing list shows them)`);
}

function bar(p: SendProgress): string {
  const done = p.accepted + p.failed + p.excluded + p.cancelled;
  const pct = p.total ? Math.floor((done / p.total) * 100) : 100;
  return `[${'#'.repeat(Math.floor(pct / 4)).padEnd(25, '.')}] ${String(pct).padStart(3)}% ${p.accepted} accepted, ${p.failed} failed, ${p.pending} to send`;
}

/** `belfry phishing list | send <campaign> | report <campaign> | poll | purge`. */
export function registerPhishingCli(program: Command, deps: CliDeps): void {
  const cmd = program.command('phishing').description('phishing-awareness simulations');
  cmd
    .command('list')
    .description('the campaigns, newest first')
    .action(async () => {
      const campaigns = await deps.withCtx((ctx) => listCampaigns(ctx));
      const io = deps.io();
      if (io.json) return io.out(JSON.stringify(campaigns, null, 2));
      if (!campaigns.length) return io.out('No campaigns yet.');
      for (const c of campaigns)
        io.out(
          `${c.id}  ${c.stateLabel.padEnd(9)} ${String(c.counts.accepted).padStart(4)}/${String(c.counts.total).padEnd(4)} ${c.name}`,
        );
    });
  cmd
    .command('send <campaign>')
    .description('send a scheduled campaign now, within its window (waits for the window and for retries)')
    .action(async (name: string) => {
      const io = deps.io();
      let last = '';
      const final = await deps.withCtx(async (ctx) => {
        const c = await findCampaign(ctx, name);
        if (!c) throw new NotFound(name);
        if (!['scheduled', 'sending'].includes(c.state))
          throw new Invalid(`"${c.name}" is ${c.stateLabel.toLowerCase()}: only a scheduled campaign can be sent`);
        io.err(`Sending "${c.name}" to ${c.counts.total} people...\n`);
        return runSender(ctx, c.id, {
          waitForWindow: true,
          onProgress: (p) => {
            const line = bar(p);
            if (line !== last) io.err(`\r${line}`);
            last = line;
          },
        });
      });
      io.err('\n');
      if (io.json) return io.out(JSON.stringify(final));
      if (final.busy)
        return io.out('Another sender (the running server) is sending this campaign; its progress is on the campaign page.');
      io.out(
        `Done: ${final.accepted} accepted by the relay, ${final.failed} failed, ${final.excluded + final.cancelled} not sent (excluded or cancelled), ${final.pending} still to send.`,
      );
    });
  cmd
    .command('report <campaign>')
    .description('the SLT findings report as text (no names)')
    .action(async (name: string) => {
      const text = await deps.withCtx(async (ctx) => {
        const c = await findCampaign(ctx, name);
        if (!c) throw new NotFound(name);
        const r = await sltReport(ctx, c.id);
        if (deps.io().json) return JSON.stringify(r, null, 2);
        const { title, sections } = reportLines(r);
        return [title, '', ...sections.flatMap((s) => [s.heading.toUpperCase(), ...s.lines.map((l) => `  ${l}`), ''])].join('\n');
      });
      deps.io().out(text);
    });
  cmd
    .command('poll')
    .description('read the reporting mailbox now (BELFRY_PHISHING_IMAP_*)')
    .action(async () => {
      const r = await deps.withCtx(async (ctx) => {
        if (!ctx.config.phishing?.imap)
          throw new Invalid('The reporting mailbox is not set up: set BELFRY_PHISHING_IMAP_HOST, _USER and _PASSWORD');
        return pollReportingMailbox(ctx, ctx.config.phishing.imap);
      });
      deps
        .io()
        .out(
          `${r.fetched} new message(s): ${r.matched} matched to a simulation, ${r.review} real report(s) for review, ${r.duplicates} seen before.`,
        );
    });
  cmd
    .command('purge')
    .description('delete per-person results past their retention period (the server does this daily)')
    .action(async () => {
      const n = await deps.withCtx((ctx) => purgeExpiredResults(ctx));
      deps.io().out(`Per-person results deleted for ${n} campaign(s).`);
    });
}
