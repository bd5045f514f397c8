import type { Command } from 'commander';
import type { CliDeps } from '../../../lib/module.ts';
import { getTracker } from '../domain/tracker.ts';

const RAG_WORDS = { green: 'green', amber: 'AMBER', red: 'RED' } as const;

/** `belfry standards status [--json]`: the roll-up per catalogue and standard, overdue reviews, actions due. */
export function registerStandardsCli(program: Command, deps: CliDeps): void {
  const standards = program.command('standards').description('the standards compliance tracker');
  standards
    .command('status')
    .description('each catalogue and standard with its RAG, the core six, overdue reviews and actions due this term')
    .action(async () => {
      const io = deps.io();
      io.err('Reading the tracker...\n');
      const t = await deps.withCtx((ctx) => getTracker(ctx));
      if (io.json) {
        const r = t.rollup;
        return io.out(
          JSON.stringify(
            {
              on: r.on,
              core: r.core,
              frameworks: r.frameworks.map((f) => ({
                key: f.key,
                title: f.title,
                version: f.version,
                label: f.label,
                inReport: f.inReport,
                met: f.met,
                applicable: f.applicable,
                standards: f.standards.map((s) => ({
                  id: s.id,
                  title: s.title,
                  core: s.core,
                  rag: s.rag,
                  met: s.met,
                  metCount: s.metCount,
                  applicable: s.applicable,
                  overdue: s.overdue,
                })),
              })),
              overdue: r.overdue,
              actionsDue: t.actionsDueThisTerm,
              pendingReview: t.pendingReview,
            },
            null,
            2,
          ),
        );
      }
      if (t.rollup.frameworks.length === 0) return io.out('No catalogue tracked yet: adopt one on the Standards page.');
      io.out(`${t.rollup.core.met} of ${t.rollup.core.total} core standards met (${t.today})`);
      for (const f of t.rollup.frameworks) {
        io.out('');
        io.out(
          `${f.title} ${f.version}${f.label ? ` (${f.label})` : ''}: ${f.met} of ${f.applicable} standards met${f.inReport ? '' : ', not in the termly report'}`,
        );
        for (const s of f.standards)
          io.out(
            `  ${(s.rag ? RAG_WORDS[s.rag] : 'n/a').padEnd(6)} ${s.title}${s.core ? ' (core)' : ''}: ${s.metCount} of ${s.applicable} requirements${s.notAssessed ? `, ${s.notAssessed} not assessed` : ''}${s.overdue ? `, ${s.overdue} review${s.overdue === 1 ? '' : 's'} overdue` : ''}`,
          );
      }
      io.out('');
      io.out(t.rollup.overdue.length ? 'Reviews overdue:' : 'No review overdue.');
      for (const o of t.rollup.overdue)
        io.out(`  ${RAG_WORDS[o.rag].padEnd(6)} ${o.standard}: ${o.text}${o.due ? ` (due ${o.due})` : ''}`);
      io.out(t.actionsDueThisTerm.length ? 'Actions due this term:' : 'No action due this term.');
      for (const a of t.actionsDueThisTerm) io.out(`  ${a.dueOn}  ${a.text} (${a.ownerName})`);
      if (t.pendingReview.length)
        io.out(
          `${t.pendingReview.length} requirement(s) left without a successor by an upgrade: review them on the Standards page.`,
        );
    });
}
