import { Command, CommanderError, Option } from 'commander';
import { type Config, ConfigError, parseConfig } from './config.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { ROLES, systemActor } from './lib/context.ts';
import { parseMappingText } from './lib/csv.ts';
import { DomainError, formatRowProblem, ImportRejected } from './lib/errors.ts';
import type { Logger } from './lib/logger.ts';
import type { CliIo } from './lib/module.ts';
import { createUser, generatePassword, listUsers, resetPassword } from './modules/accounts/index.ts';
import { loadDemoSchool } from './modules/demo/index.ts';
import { getSettingView, listSettings, resetSetting, setSetting } from './modules/settings/index.ts';
import { buildRegistry, MODULES } from './modules.ts';
import { openRuntime, pgliteDir, type Runtime, resolveSessionSecret } from './runtime.ts';
import { startServer } from './serve.ts';
import { BELFRY_VERSION } from './version.ts';

/** The process-facing parts main.ts hands in: nothing here reads `process` itself. */
export type CliEnv = {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stderrIsTty: boolean;
  stdoutIsTty: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped: () => Promise<void>;
};

function consoleLogger(err: (t: string) => void, verbose: boolean): Logger {
  const line = (level: string) => (obj: unknown, msg?: string) => {
    if (level === 'debug' && !verbose) return;
    const text = msg ?? (typeof obj === 'string' ? obj : '');
    if (text) err(`${level === 'info' ? '' : `${level}: `}${text}`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') };
}

/** A progress bar on a terminal; a line per 10% when piped (CI logs, cron mail). */
export function progressPrinter(cli: CliEnv, label: string) {
  let lastPct = -1;
  return (done: number, total: number | undefined, message?: string) => {
    if (cli.stderrIsTty) {
      const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : undefined;
      const bar = pct === undefined ? '' : `[${'#'.repeat(Math.floor(pct / 4)).padEnd(25, '.')}] ${String(pct).padStart(3)}% `;
      cli.stderr(
        `\r${label} ${bar}${done.toLocaleString('en-GB')}${total ? ` of ${total.toLocaleString('en-GB')}` : ''} ${message ?? ''}`.padEnd(
          100,
        ),
      );
      return;
    }
    const pct = total ? Math.floor((done / total) * 10) * 10 : -1;
    if (pct !== lastPct) {
      lastPct = pct;
      cli.stderr(`${label}: ${done.toLocaleString('en-GB')}${total ? ` of ${total.toLocaleString('en-GB')} (${pct}%)` : ''}\n`);
    }
  };
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
  const log = () => consoleLogger((t) => cli.stderr(`${t}\n`), !!globals().verbose);
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

  program
    .command('serve')
    .description('serve the web app and API')
    .option('--demo-if-empty', 'load the demo school when the database is empty')
    .action(async (opts: { demoIfEmpty?: boolean }) => {
      const server = await startServer(loadConfig(), log(), {
        demoIfEmpty: !!opts.demoIfEmpty,
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
    .action(async (opts: { seed?: number }) =>
      withRuntime(async (rt) => {
        const result = await loadDemoSchool(rt.ctx(systemActor('demo')), { seed: opts.seed, password: generatePassword() });
        print(result, () =>
          [
            `Loaded Oakfield School: ${result.people} people.`,
            `Password for every demo account: ${result.signIns[0]?.password}`,
            ...result.signIns.map((s) => `  ${s.email} (${s.role})`),
          ].join('\n'),
        );
      }),
    );

  const user = program.command('user').description('manage accounts');
  const readPassword = async (fromStdin?: boolean) => {
    if (!fromStdin) return undefined;
    const password = (await cli.readStdin()).replace(/\r?\n$/, '');
    // An empty pipe (an unset variable in a script) must not quietly become a generated password.
    if (!password)
      throw new DomainError(
        '--password-stdin: standard input was empty; pipe the password in, or leave the option out to generate one',
      );
    return password;
  };
  user
    .command('add')
    .description('create an account; the password comes from stdin, or is generated and printed once')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input')
    .option('--sso', 'single sign-on only (no password)')
    .action(
      async (opts: { email: string; name: string; role: (typeof ROLES)[number]; passwordStdin?: boolean; sso?: boolean }) => {
        const password = await readPassword(opts.passwordStdin);
        const result = await deps.withCtx((ctx) =>
          createUser(ctx, { email: opts.email, name: opts.name, role: opts.role, password, sso: !!opts.sso }),
        );
        print(result, () =>
          [
            `Created ${result.user.role} account ${result.user.email}.`,
            result.generatedPassword ? `Password (shown once): ${result.generatedPassword}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      },
    );
  user
    .command('reset-password')
    .description('set a new password (from stdin, or generated and printed once); signs the account out everywhere')
    .argument('<email>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (email: string, opts: { passwordStdin?: boolean }) => {
      const password = await readPassword(opts.passwordStdin);
      const result = await deps.withCtx((ctx) => resetPassword(ctx, email, password));
      print(result, () =>
        [
          `Reset the password of ${result.user.email}.`,
          result.generatedPassword ? `Password (shown once): ${result.generatedPassword}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  user
    .command('list')
    .description('list accounts')
    .action(async () => {
      const users = await deps.withCtx((ctx) => listUsers(ctx));
      print(users, () =>
        users.map((u) => `${u.email.padEnd(40)} ${u.role.padEnd(6)} ${u.isActive ? '' : '(disabled) '}${u.name}`).join('\n'),
      );
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
        const result = await restoreDatabase(database.db, file, (t) => globals().verbose && cli.stderr(`  ${t}\n`));
        print(
          result,
          () => `Restored ${result.rows.toLocaleString('en-GB')} rows into ${result.tables} tables (${database.description}).`,
        );
      } finally {
        await database.close();
      }
    });

  const settings = program.command('settings').description('read and change settings');
  settings.command('list').action(async () => {
    const all = await deps.withCtx((ctx) => listSettings(ctx, registry.settings));
    print(all, () =>
      all.map((s) => `${s.key} = ${JSON.stringify(s.value)}${s.isDefault ? ' (default)' : ''}\n    ${s.description}`).join('\n'),
    );
  });
  settings
    .command('get')
    .argument('<key>')
    .action(async (key: string) => {
      const s = await deps.withCtx((ctx) => getSettingView(ctx, registry.settings, key));
      print(s, () => (typeof s.value === 'string' ? s.value : JSON.stringify(s.value)));
    });
  settings
    .command('set')
    .argument('<key>')
    .argument('<value>', 'JSON, or plain text; lists may be comma-separated')
    .action(async (key: string, value: string) => {
      const s = await deps.withCtx((ctx) => setSetting(ctx, registry.settings, key, { text: value }));
      print(s, () => `${s.key} = ${JSON.stringify(s.value)}`);
    });
  settings
    .command('reset')
    .argument('<key>')
    .action(async (key: string) => {
      const s = await deps.withCtx((ctx) => resetSetting(ctx, registry.settings, key));
      print(s, () => `${s.key} = ${JSON.stringify(s.value)} (default)`);
    });

  program
    .command('import')
    .description(`import a file: ${registry.importers.map((i) => i.kind).join(', ')}`)
    .argument('[kind]', 'what the file holds (omit to list the kinds)')
    .argument('[file]')
    .option('--map <mapping>', 'column mapping, e.g. "externalId=Admission No,email=School Email"')
    .option('--dry-run', 'check and count, then change nothing')
    .option('--skip-invalid', 'import the good rows and report the bad ones, instead of refusing the file')
    .option('--kind <kind>', 'people: staff or pupil, when the file has no kind column')
    .option('--deactivate-missing', 'people: mark active people of that kind who are not in the file as having left')
    .action(async (kind: string | undefined, file: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      if (!kind || !file) {
        print(
          registry.importers.map((i) => ({ kind: i.kind, description: i.description })),
          () =>
            ['belfry import <kind> <file>', ...registry.importers.map((i) => `  ${i.kind.padEnd(24)} ${i.description}`)].join(
              '\n',
            ),
        );
        return;
      }
      const importer = registry.importers.find((i) => i.kind === kind);
      if (!importer)
        throw new DomainError(`Unknown import kind "${kind}". Known: ${registry.importers.map((i) => i.kind).join(', ')}`);
      const summary = await deps.withCtx((ctx) =>
        importer.run(
          ctx,
          file,
          {
            dryRun: !!opts.dryRun,
            skipInvalid: !!opts.skipInvalid,
            mapping: parseMappingText(opts.map as string | undefined),
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
    cli.stderr(`${(err as Error).message}\n`);
    if (globals().verbose) cli.stderr(`${(err as Error).stack}\n`);
    return 1;
  }
}
