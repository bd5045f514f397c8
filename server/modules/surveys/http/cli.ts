import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { CliDeps } from '../../../lib/module.ts';
import { AUDIENCES, type Audience } from '../domain/audiences.ts';
import { createInstrument, listInstruments } from '../domain/instruments.ts';
import { saveManifest } from '../domain/manifest.ts';
import { getSltSummary } from '../domain/reports.ts';
import { getResults } from '../domain/results.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

/** `belfry surveys ...`: results per audience, the SLT summary, the surveys, and a mapping from a file. */
export function registerSurveysCli(program: Command, deps: CliDeps): void {
  const surveys = program.command('surveys').description('the IT perception survey');
  surveys
    .command('results')
    .description('% favourable per question and year, with changes (suppressed groups left out)')
    .addOption(new Option('--audience <audience>').choices([...AUDIENCES]))
    .action(async (opts: { audience?: Audience }) => {
      const io = deps.io();
      const results = await deps.withCtx((ctx) => getResults(ctx, { audience: opts.audience }));
      if (io.json) return io.out(JSON.stringify(results, null, 2));
      for (const q of results.questions) {
        io.out(`${q.question.code}  ${q.question.wording}`);
        for (const a of q.audiences) {
          for (const y of a.series.years) {
            const t = y.total;
            const change = y.change ? ` ${y.change.flag}${y.change.indicative ? ' (indicative)' : ''}` : '';
            io.out(
              `  ${a.label.padEnd(14)} ${y.year}${y.provisional ? '*' : ' '} ${t.suppressed ? `suppressed: ${t.suppressedReason}` : `n=${String(t.n).padStart(4)} favourable ${pct(t.favourable?.pct)}${change}`}`,
            );
          }
        }
      }
    });
  surveys
    .command('summary')
    .description('the changes that matter, for SLT')
    .action(async () => {
      const io = deps.io();
      const s = await deps.withCtx((ctx) => getSltSummary(ctx));
      if (io.json) return io.out(JSON.stringify(s, null, 2));
      if (s.changes.length === 0) io.out('No clear change in the latest year.');
      for (const c of s.changes)
        io.out(
          `${c.construct} (${c.audienceLabel}): ${c.flag}${c.indicative ? ' (indicative)' : ''}, ${pct(c.before.pct)} (n=${c.before.n}) in ${c.before.year} to ${pct(c.after.pct)} (n=${c.after.n}) in ${c.after.year}`,
        );
    });
  surveys
    .command('list')
    .description('the surveys, with responses and response rates')
    .action(async () => {
      const io = deps.io();
      const list = await deps.withCtx((ctx) => listInstruments(ctx));
      if (io.json) return io.out(JSON.stringify(list, null, 2));
      for (const i of list)
        io.out(
          `${i.code.padEnd(14)} ${i.state.padEnd(9)} ${String(i.responses).padStart(5)} responses ${pct(i.responseRate)}  ${i.title}`,
        );
    });
  surveys
    .command('create')
    .description('create a survey, e.g. an earlier year to import its export into')
    .addOption(new Option('--audience <audience>').choices([...AUDIENCES]).makeOptionMandatory())
    .requiredOption('--year <year>', 'the year it ran', (v) => Number(v))
    .addOption(new Option('--source <source>').choices(['belfry', 'msforms', 'google']).default('belfry'))
    .option('--eligible <n>', 'how many could answer (for the response rate)', (v) => Number(v))
    .action(async (opts: { audience: Audience; year: number; source: 'belfry' | 'msforms' | 'google'; eligible?: number }) => {
      const io = deps.io();
      const created = await deps.withCtx((ctx) =>
        createInstrument(ctx, {
          audience: opts.audience,
          year: opts.year,
          source: opts.source,
          eligible: opts.eligible === undefined ? undefined : { total: opts.eligible, segments: {} },
        }),
      );
      io.out(io.json ? JSON.stringify(created, null, 2) : `Created ${created.code}: ${created.title}.`);
    });
  surveys
    .command('mapping')
    .description('save a survey\'s import mapping from a JSON file ({"locale":"en-GB","columns":[{"header":..,"use":..}]})')
    .argument('<survey>', 'the survey code, e.g. staff-2023')
    .argument('<file>')
    .action(async (code: string, file: string) => {
      const io = deps.io();
      const manifest = JSON.parse(await readFile(file, 'utf8'));
      const saved = await deps.withCtx((ctx) => saveManifest(ctx, code, manifest));
      io.out(
        io.json
          ? JSON.stringify(saved, null, 2)
          : `Saved version ${saved.manifestVersion} of the mapping of ${saved.code} (${saved.items.length} questions).`,
      );
    });
}
