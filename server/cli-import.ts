import { type CliKit, progressPrinter } from './cli-kit.ts';
import { parseMappingText } from './lib/csv.ts';
import { parseDateOrder } from './lib/date-order.ts';
import { DomainError, formatRowProblem } from './lib/errors.ts';
import { checkImportFile } from './modules/jobs/index.ts';

/** `belfry import <kind> <file>`: any module's importer, with progress on stderr. */
export function registerImportCommand({ program, cli, registry, deps, print }: CliKit): void {
  program
    .command('import')
    .description(`import a file: ${registry.importers.map((i) => i.kind).join(', ')}`)
    .argument('[kind]', 'what the file holds (omit to list the kinds)')
    .argument('[file]')
    .option('--map <mapping>', 'column mapping, e.g. "externalId=Admission No,email=School Email"')
    .option('--dry-run', 'check and count, then change nothing')
    .option('--skip-invalid', 'import the good rows and report the bad ones, instead of refusing the file')
    .option('--date-order <order>', 'dmy (day/month, UK) or mdy (month/day, US), for a file whose dates cannot settle the order')
    .option('--kind <kind>', 'people: staff or pupil, when the file has no kind column')
    .option('--deactivate-missing', 'people: mark active people of that kind who are not in the file as having left')
    .action(async (kind: string | undefined, file: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      if (!kind || !file) {
        const width = Math.max(...registry.importers.map((i) => i.kind.length));
        print(
          registry.importers.map((i) => ({ kind: i.kind, description: i.description })),
          () =>
            ['belfry import <kind> <file>', ...registry.importers.map((i) => `  ${i.kind.padEnd(width)}  ${i.description}`)].join(
              '\n',
            ),
        );
        return;
      }
      const importer = registry.importers.find((i) => i.kind === kind);
      if (!importer)
        throw new DomainError(`Unknown import kind "${kind}". Known: ${registry.importers.map((i) => i.kind).join(', ')}`);
      await checkImportFile(registry.importers, importer, file);
      const summary = await deps.withCtx((ctx) =>
        importer.run(
          ctx,
          file,
          {
            dryRun: !!opts.dryRun,
            skipInvalid: !!opts.skipInvalid,
            mapping: parseMappingText(opts.map as string | undefined),
            dateOrder: parseDateOrder(opts.dateOrder),
            extra: { kind: opts.kind, deactivateMissing: opts.deactivateMissing },
          },
          progressPrinter(cli, `Importing ${kind}`),
        ),
      );
      if (cli.stderrIsTty) cli.stderr('\n');
      print(summary, () =>
        [
          `${summary.dryRun ? 'Dry run (nothing saved): ' : ''}${summary.file}: ${summary.rowsIn} rows; ${summary.created} new, ${summary.updated} changed, ${summary.unchanged} unchanged, ${summary.rejected} rejected.`,
          ...summary.problems.map((p) => `  ${formatRowProblem(p)}`),
          ...(summary.notes ?? []).map((n) => `Note: ${n}`),
        ].join('\n'),
      );
    });
}
