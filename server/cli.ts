import { Command, CommanderError, Option } from 'commander';
import { registerAdminCommands } from './cli-admin.ts';
import { registerImportCommand } from './cli-import.ts';
import type { CliEnv, CliKit } from './cli-kit.ts';
import { type Config, ConfigError, parseConfig } from './config.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { systemActor } from './lib/context.ts';
import { DomainError, formatRowProblem, ImportRejected, Invalid } from './lib/errors.ts';
import { describeErrorSafely, type Logger, safeErrorForLog } from './lib/logger.ts';
import type { CliIo } from './lib/module.ts';
import { generatePassword } from './modules/accounts/index.ts';
import { loadDemoSchool } from './modules/demo/index.ts';
import { buildRegistry, MODULES } from './modules.ts';
import { openRuntime, pgliteDir, type Runtime, resolveSessionSecret } from './runtime.ts';
import { BELFRY_VERSION } from './version.ts';

export type { CliEnv } from './cli-kit.ts';

/**
 * The CLI's log on stderr: warnings and errors always; info lines for `serve` (what a running
 * server did) and, for one-shot commands, only with --verbose, since each prints its own outcome
 * ("security detections ran" in the middle of an import's report says nothing new); debug with
 * --verbose.
 */
export function consoleLogger(err: (t: string) => void, options: { verbose: boolean; info: boolean }): Logger {
  const line = (level: string) => (obj: unknown, msg?: string) => {
    if (level === 'debug' && !options.verbose) return;
    if (level === 'info' && !options.info && !options.verbose) return;
    let text = msg ?? (typeof obj === 'string' ? obj : '');
    // The reason goes with the line (safely: a failed query's parameters never do).
    const cause = (obj as { err?: unknown } | null)?.err;
    if (text && cause !== undefined) text += `: ${typeof cause === 'string' ? cause : describeErrorSafely(cause)}`;
    if (text) err(`${level === 'info' ? '' : `${level}: `}${text}`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') };
}

export async function runCli(argv: string[], cli: CliEnv): Promise<number> {
  const registry = buildRegistry(MODULES);
  const program = new Command('belfry')
    .description("Belfry: the school IT director's operations hub")
    .version(BELFRY_VERSION)
    .addOption(new Option('--data-dir <dir>', 'data directory (default ./data, or BELFRY_DATA_DIR)'))
    .option('--json', 'print data as JSON')
    .option('--verbose', 'say more')
    .exitOverride()
    .configureOutput({ writeOut: cli.stdout, writeErr: cli.stderr });

  const globals = () => program.opts<{ dataDir?: string; json?: boolean; verbose?: boolean }>();
  const io = (): CliIo => ({ out: (t) => cli.stdout(`${t}\n`), err: (t) => cli.stderr(`${t}\n`), json: !!globals().json });
  const log = (options: { serving?: boolean } = {}) =>
    consoleLogger((t) => cli.stderr(`${t}\n`), { verbose: !!globals().verbose, info: !!options.serving });
  const loadConfig = (): Config => {
    const partial = parseConfig(cli.env, cli.cwd, { dataDir: globals().dataDir });
    return { ...partial, sessionSecret: resolveSessionSecret(partial.dataDir, partial.sessionSecret) };
  };
  const withRuntime = async <T>(fn: (rt: Runtime) => Promise<T>): Promise<T> => {
    const rt = await openRuntime(loadConfig(), log());
    try {
      return await fn(rt);
    } finally {
      await rt.close();
    }
  };
  const print = (data: unknown, human: () => string) => io().out(globals().json ? JSON.stringify(data, null, 2) : human());
  const deps = {
    withCtx: <T>(fn: (ctx: ReturnType<Runtime['ctx']>) => Promise<T>) => withRuntime((rt) => fn(rt.ctx(systemActor('CLI')))),
    io,
  };
  const kit: CliKit = { program, cli, registry, deps, print };

  program
    .command('serve')
    .description('serve the web app and API')
    .option('--demo-if-empty', 'load the demo school when the database is empty')
    .action(async (opts: { demoIfEmpty?: boolean }) => {
      // The web server (Fastify and its plugins) loads only for `serve`.
      const { startServer } = await import('./serve.ts');
      const server = await startServer(loadConfig(), log({ serving: true }), {
        demoIfEmpty: !!opts.demoIfEmpty,
        onTerminal: cli.stdoutIsTty,
        say: (t) => cli.stdout(`${t}\n`),
      });
      await cli.untilStopped();
      cli.stdout('Stopping...\n');
      await server.close();
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDir(config) });
      try {
        const applied = await migrate(database.db);
        print({ applied }, () => (applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.'));
      } finally {
        await database.close();
      }
    });

  program
    .command('demo')
    .description('load the demo school (Oakfield School) into an empty database')
    .option('--seed <n>', 'generator seed', (v) => Number(v))
    .option(
      '--template',
      "make today's demo template instead, which a first `serve --demo-if-empty` copies (npm install makes it)",
    )
    .action(async (opts: { seed?: number; template?: boolean }) => {
      if (opts.template) {
        if (opts.seed !== undefined) throw new Invalid('--template loads the default seed only');
        const { makeDemoTemplate } = await import('./demo-template.ts');
        const started = Date.now();
        const { dir, made } = await makeDemoTemplate(loadConfig(), log(), (t) => cli.stderr(`${t}\n`));
        print({ dir, made }, () =>
          made
            ? `Made today's demo template in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`
            : `Today's demo template is there already: ${dir}`,
        );
        return;
      }
      return withRuntime(async (rt) => {
        const result = await loadDemoSchool(rt.ctx(systemActor('demo')), {
          seed: opts.seed,
          password: generatePassword(),
          progress: (step) => cli.stderr(`  ${step}\n`),
        });
        print(result, () =>
          [
            `Loaded Oakfield School: ${result.people} people.`,
            `Password for every demo account: ${result.signIns[0]?.password}`,
            ...result.signIns.map((s) => `  ${s.email} (${s.role})`),
          ].join('\n'),
        );
      });
    });

  program
    .command('backup')
    .description('write a consistent copy of the whole database to a .tar.gz file')
    .argument('<file>')
    .action(async (file: string) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDir(config) });
      try {
        const result = await backupDatabase(database.db, database.kind, file, (t) => globals().verbose && cli.stderr(`  ${t}\n`));
        print(result, () => `Backed up ${result.rows.toLocaleString('en-GB')} rows from ${result.tables} tables to ${file}.`);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .description('load a backup into an empty database (a new --data-dir, or an empty DATABASE_URL)')
    .argument('<file>')
    .action(async (file: string) => {
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDir(config) });
      try {
        const result = await restoreDatabase(database.db, file, (t) => globals().verbose && cli.stderr(`  ${t}\n`), {
          verify: true,
        });
        print(
          result,
          () =>
            `Restored ${result.rows.toLocaleString('en-GB')} rows into ${result.tables} tables (${database.description}); every table's count and checksum match the backup.`,
        );
      } finally {
        await database.close();
      }
    });

  registerAdminCommands(kit);
  registerImportCommand(kit);

  for (const m of MODULES) m.cli?.(program, deps, registry);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ImportRejected) {
      cli.stderr(`Import refused, nothing was saved:\n${err.problems.map((p) => `  ${formatRowProblem(p)}`).join('\n')}\n`);
      return 2;
    }
    if (err instanceof DomainError || err instanceof ConfigError) {
      cli.stderr(`${err.message}\n`);
      return 2;
    }
    cli.stderr(`${describeErrorSafely(err)}\n`);
    if (globals().verbose) cli.stderr(`${safeErrorForLog(err).stack ?? ''}\n`);
    return 1;
  }
}
