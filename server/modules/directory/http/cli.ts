import type { Command } from 'commander';
import type { CliDeps } from '../../../lib/module.ts';
import { createSchool, listSchools, SCHOOL_PHASES } from '../domain/schools.ts';

/** `belfry school add|list`: a real school sets itself up before importing places, people and APs. */
export function registerDirectoryCli(program: Command, deps: CliDeps): void {
  const print = (data: unknown, human: () => string) => {
    const io = deps.io();
    io.out(io.json ? JSON.stringify(data, null, 2) : human());
  };
  const school = program
    .command('school')
    .description('the schools (sites) Belfry knows: add them before importing places, people and APs');
  school
    .command('add')
    .description('add a school')
    .requiredOption('--code <code>', 'short code used in import files (lower-case letters, digits, dashes), e.g. senior')
    .requiredOption('--name <name>', 'the name people know it by, e.g. "Oakfield Senior School"')
    .option('--phase <phase>', `one of ${SCHOOL_PHASES.join(', ')}`, 'other')
    .action(async (opts: { code: string; name: string; phase: string }) => {
      const created = await deps.withCtx((ctx) =>
        createSchool(ctx, { code: opts.code, name: opts.name, phase: opts.phase as (typeof SCHOOL_PHASES)[number] }),
      );
      print(
        created,
        () => `Added ${created.name} (code ${created.code}, ${created.phase}). Import files name it by its code or its name.`,
      );
    });
  school
    .command('list')
    .description('list the schools')
    .action(async () => {
      const schools = await deps.withCtx((ctx) => listSchools(ctx));
      print(schools, () =>
        schools.length
          ? schools.map((s) => `${s.code.padEnd(12)} ${s.name} (${s.phase})`).join('\n')
          : 'No schools yet: add one with `belfry school add --code senior --name "Oakfield Senior School" --phase senior`.',
      );
    });
}
