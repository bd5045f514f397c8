import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Invalid } from '../../../lib/errors.ts';
import type { CliDeps } from '../../../lib/module.ts';
import { localDate } from '../../../lib/zoned-time.ts';
import { loadSchoolCalendar } from '../../calendar/index.ts';
import { exportReport, listReports, openTermReport, refreshReport } from '../domain/reports.ts';

/**
 * `belfry report term [--term ID] --docx FILE --pdf FILE`: the term's report (this term by
 * default; ID is the term's first day, e.g. 2026-09-03, or its name, "Summer 2026"), with
 * progress, written as Word and PDF. A draft's figures are refreshed first; a published report's
 * stored files are written as they were published.
 */
export function registerReportCli(program: Command, deps: CliDeps): void {
  const report = program.command('report').description('the termly IT report to SLT');
  report
    .command('term')
    .description('write the term’s report as Word and/or PDF')
    .option('--term <id>', 'the term: its first day (2026-09-03) or its name ("Summer 2026"); default this term')
    .option('--docx <file>', 'write the Word document here')
    .option('--pdf <file>', 'write the PDF here')
    .action(async (opts: { term?: string; docx?: string; pdf?: string }) => {
      const io = deps.io();
      if (!opts.docx && !opts.pdf) throw new Invalid('Say where to write the report: --docx FILE and/or --pdf FILE');
      const out = await deps.withCtx(async (ctx) => {
        const { terms } = await listReports(ctx);
        const today = localDate(ctx.clock.now(), ctx.config.timeZone);
        const wanted = opts.term?.trim().toLowerCase();
        const term = wanted
          ? terms.find((t) => t.startsOn === wanted || t.name.toLowerCase() === wanted)
          : (terms.find((t) => t.startsOn <= today && t.endsOn >= today) ?? terms[0]);
        if (!term) {
          const all = (await loadSchoolCalendar(ctx)).terms.map((t) => `${t.startsOn} (${t.name} ${t.startsOn.slice(0, 4)})`);
          throw new Invalid(
            `--term: no term ${opts.term ?? 'today'}; the terms that have started: ${all.filter((t) => t.slice(0, 10) <= today).join(', ') || 'none'}`,
          );
        }
        const progress = (done: number, total: number | undefined, message?: string) =>
          io.err(`[${done + 1}/${total ?? '?'}] ${message ?? ''}`);
        io.err(`${term.name}: ${term.report?.status === 'published' ? 'the published report' : 'drafting the figures'}`);
        let view = await openTermReport(ctx, term.startsOn, progress);
        if (view.status === 'draft' && term.report) view = await refreshReport(ctx, view.id, progress);
        const written: { kind: string; file: string; bytes: number }[] = [];
        for (const [kind, file] of [
          ['docx', opts.docx],
          ['pdf', opts.pdf],
        ] as const) {
          if (!file) continue;
          io.err(`Writing the ${kind === 'docx' ? 'Word document' : 'PDF'}...`);
          const { bytes } = await exportReport(ctx, view.id, kind);
          await writeFile(file, bytes);
          written.push({ kind, file, bytes: bytes.length });
        }
        return { view, written };
      });
      const f = out.view.figures;
      if (io.json)
        return io.out(
          JSON.stringify(
            {
              term: f.term.label,
              status: out.view.status,
              files: out.written,
              kpis: f.kpis.map((k) => ({ id: k.id, value: k.value, rag: k.rag, change: k.change })),
            },
            null,
            2,
          ),
        );
      const count = (rag: string) => f.kpis.filter((k) => k.rag === rag).length;
      io.out(
        `${f.schoolName}: ${f.term.label} (${out.view.status}), ${f.kpis.length} measures: ${count('green')} green, ${count('amber')} amber, ${count('red')} red`,
      );
      for (const w of out.written)
        io.out(`  ${w.kind === 'docx' ? 'Word' : 'PDF '} ${w.file} (${Math.round(w.bytes / 1024)} KB)`);
    });
}
