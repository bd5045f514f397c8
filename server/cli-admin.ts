import { Option } from 'commander';
import type { CliKit } from './cli-kit.ts';
import { ROLES } from './lib/context.ts';
import { DomainError } from './lib/errors.ts';
import { createUser, listUsers, resetPassword, unlockUser } from './modules/accounts/index.ts';
import { getSettingView, listSettings, resetSetting, setSetting } from './modules/settings/index.ts';

/** `belfry user ...` and `belfry settings ...`. */
export function registerAdminCommands({ program, cli, registry, deps, print }: CliKit): void {
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
    .command('unlock')
    .description('lift the sign-in lock-out on an account: every address may try again')
    .argument('<email>')
    .action(async (email: string) => {
      const u = await deps.withCtx((ctx) => unlockUser(ctx, email));
      print(u, () => `Lifted the sign-in lock-out on ${u.email}.`);
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
}
