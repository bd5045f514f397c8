import type { Command } from 'commander';
import { NotFound } from '../../../lib/errors.ts';
import type { CliDeps } from '../../../lib/module.ts';
import { selectBriefingOfWeek } from '../db/briefing-queries.ts';
import { getBriefing } from '../domain/briefing-view.ts';
import { draftBriefing } from '../domain/draft.ts';
import { composeBriefing, publishBriefing } from '../domain/publish.ts';
import { searchArchive } from '../domain/search.ts';
import { currentWeek, mondayOf } from '../domain/weeks.ts';

/** `belfry briefing draft [--week YYYY-Www]`, `belfry briefing publish`, `belfry briefing search <words>`. */
export function registerBriefingCli(program: Command, deps: CliDeps): void {
  const briefing = program.command('briefing').description('the weekly IT Services briefing');

  briefing
    .command('draft')
    .description("draft the week's briefing from the week's data (again: redrafts the sections not edited)")
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: this week)')
    .action(async (opts: { week?: string }) => {
      const io = deps.io();
      const view = await deps.withCtx(async (ctx) => {
        const { id, created } = await draftBriefing(
          ctx,
          { week: opts.week },
          { progress: (step) => io.err(`  drafting: ${step}`) },
        );
        return { created, view: await getBriefing(ctx, id), base: ctx.config.baseUrl };
      });
      if (io.json) {
        io.out(JSON.stringify(view.view, null, 2));
        return;
      }
      const sections = view.view.sections ?? [];
      const said = sections.filter((s) => s.markdown.trim());
      io.out(
        [
          `${view.created ? 'Drafted' : 'Drafted again'}: ${view.view.title}`,
          `  ${said.length} of ${sections.length} sections have something to say${
            said.length < sections.length
              ? ` (left out: ${sections
                  .filter((s) => !s.markdown.trim())
                  .map((s) => s.title)
                  .join(', ')})`
              : ''
          }`,
          ...sections.flatMap((s) => s.problems.map((p) => `  could not draft ${p.feed} in ${s.title}: ${p.message}`)),
          `  edit it at ${view.base.replace(/\/$/, '')}/briefings/${view.view.id}`,
          '',
          composeBriefing(view.view.title, sections).trimEnd(),
        ].join('\n'),
      );
    });

  briefing
    .command('publish')
    .description("publish the week's draft and email it to the team")
    .option('--week <week>', 'ISO week, e.g. 2026-W47 (default: this week)')
    .option('--no-email', 'keep it in Belfry without emailing it')
    .option('--note <text>', 'for a correction: what it changes')
    .action(async (opts: { week?: string; email: boolean; note?: string }) => {
      const io = deps.io();
      const out = await deps.withCtx(async (ctx) => {
        const week = opts.week ?? currentWeek(ctx);
        mondayOf(week);
        const row = await selectBriefingOfWeek(ctx.db, week);
        if (!row) throw new NotFound(`There is no briefing for ${week} yet: run \`belfry briefing draft --week ${week}\``);
        const result = await publishBriefing(ctx, row.id, { email: opts.email, note: opts.note });
        return { ...result, title: row.title };
      });
      if (io.json) {
        io.out(JSON.stringify(out, null, 2));
        return;
      }
      io.out(
        [
          `Published revision ${out.revision}: ${out.title}`,
          out.sentTo.length ? `  emailed to ${out.sentTo.length}: ${out.sentTo.join(', ')}` : '',
          out.mailError ? `  not emailed: ${out.mailError}` : '',
          !opts.email ? '  not emailed (--no-email)' : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  briefing
    .command('search')
    .description('search every published briefing and the useful info (words, "a phrase", or, -word)')
    .argument('<words...>', 'what to look for')
    .option('--tag <tag>', 'useful info with this tag only')
    .action(async (words: string[], opts: { tag?: string }) => {
      const io = deps.io();
      const { results, base } = await deps.withCtx(async (ctx) => ({
        results: await searchArchive(ctx, { q: words.join(' '), tag: opts.tag }),
        base: ctx.config.baseUrl.replace(/\/$/, ''),
      }));
      if (io.json) {
        io.out(JSON.stringify(results, null, 2));
        return;
      }
      if (results.length === 0) {
        io.out(`Nothing found for "${words.join(' ')}".`);
        return;
      }
      io.out(
        results
          .map((r) =>
            [
              `${r.pinned ? '[pinned] ' : ''}${r.kind === 'useful' ? 'Useful info' : 'Briefing'}: ${r.title}${r.tags.length ? ` (${r.tags.join(', ')})` : ''}`,
              `  ${r.snippet.map((s) => (s.hit ? `«${s.text}»` : s.text)).join('')}`,
              `  ${base}${r.url}`,
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}
