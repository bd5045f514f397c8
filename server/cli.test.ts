import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import argon2 from 'argon2';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliEnv, runCli } from './cli.ts';
import { openDatabase } from './db/connect.ts';
import { queryRows } from './db/rows.ts';
import { writeTestFile } from './lib/test-files.ts';
import { buildRegistry, MODULES } from './modules.ts';

/**
 * `belfry` driven in-process: argv in, exit code and the text written to stdout and stderr out.
 * Every call opens and closes the embedded database in a data directory under .tmp, as the
 * real command does, so the tests run one after another against the same directory.
 */

const ROOT = path.resolve('.tmp/cli-test', String(process.pid));
const MAIN = path.join(ROOT, 'main');
const GENERATED = /Password \(shown once\): ([a-zA-Z2-9]{5}(?:-[a-zA-Z2-9]{5}){3})\n/g;

type Run = { code: number; stdout: string; stderr: string };

async function belfry(argv: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const run = { stdout: '', stderr: '' };
  const cli: CliEnv = {
    env: opts.env ?? {},
    cwd: process.cwd(),
    stdout: (t) => {
      run.stdout += t;
    },
    stderr: (t) => {
      run.stderr += t;
    },
    readStdin: async () => opts.stdin ?? '',
    stderrIsTty: false,
    stdoutIsTty: false,
    untilStopped: () => Promise.reject(new Error('only `serve` waits to be stopped')),
  };
  const code = await runCli(argv, cli);
  return { code, ...run };
}

const inMain = (...argv: string[]) => ['--data-dir', MAIN, ...argv];

async function storedHash(dataDir: string, email: string): Promise<string> {
  const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
  try {
    const rows = await queryRows<{ h: string }>(
      database.db,
      sql`SELECT password_hash AS h FROM accounts_users WHERE email = ${email}`,
    );
    return rows[0]?.h ?? '';
  } finally {
    await database.close();
  }
}

describe('the belfry command line', () => {
  beforeAll(() => {
    rmSync(ROOT, { recursive: true, force: true });
    mkdirSync(ROOT, { recursive: true });
  });
  // Each PGlite data directory is tens of megabytes: leave none behind.
  afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

  it('migrates a new data directory, then says it is up to date', async () => {
    const first = await belfry(inMain('migrate'));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Applied: 0000_foundation(, \d{4}_[a-z0-9_-]+)*\n$/);
    const second = await belfry(inMain('migrate'));
    expect(second).toMatchObject({ code: 0, stdout: 'The database is up to date.\n', stderr: '' });
  });

  it('adds an account with a password from stdin, never echoing it, and lists it as JSON', async () => {
    const password = 'Bell-tower-rope-2026';
    const add = await belfry(
      inMain(
        'user',
        'add',
        '--email',
        'Director@Oakfield.example',
        '--name',
        'Sam Harding',
        '--role',
        'admin',
        '--password-stdin',
      ),
      { stdin: `${password}\n` },
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('Created admin account director@oakfield.example.\n');
    expect(add.stdout + add.stderr).not.toContain(password);
    // The trailing newline from `echo ... |` is not part of the password.
    expect(await argon2.verify(await storedHash(MAIN, 'director@oakfield.example'), password)).toBe(true);
    const list = await belfry(inMain('user', 'list', '--json'));
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        email: 'director@oakfield.example',
        name: 'Sam Harding',
        role: 'admin',
        isActive: true,
        hasPassword: true,
      }),
    ]);
  });

  it('generates a password when none is given and prints it exactly once', async () => {
    const add = await belfry(inMain('user', 'add', '--email', 'tech@oakfield.example', '--name', 'Jess Marsh', '--role', 'it'));
    expect(add.code).toBe(0);
    const shown = [...add.stdout.matchAll(GENERATED)].map((m) => m[1]);
    expect(shown).toHaveLength(1);
    expect(add.stdout).toBe(`Created it account tech@oakfield.example.\nPassword (shown once): ${shown[0]}\n`);
    expect(add.stderr).not.toContain(shown[0]);
    expect(await argon2.verify(await storedHash(MAIN, 'tech@oakfield.example'), shown[0] as string)).toBe(true);
  });

  it('refuses --password-stdin with nothing on stdin rather than inventing a password', async () => {
    const add = await belfry(
      inMain('user', 'add', '--email', 'empty@oakfield.example', '--name', 'Empty', '--role', 'staff', '--password-stdin'),
      { stdin: '' },
    );
    expect(add).toMatchObject({ code: 2, stdout: '' });
    expect(add.stderr).toMatch(/^--password-stdin: standard input was empty/);
  });

  it('refuses an unknown role, naming the allowed ones, and creates nothing', async () => {
    const add = await belfry(inMain('user', 'add', '--email', 'wiz@oakfield.example', '--name', 'Wiz', '--role', 'wizard'));
    expect(add.code).toBe(1);
    expect(add.stderr).toBe(
      "error: option '--role <role>' argument 'wizard' is invalid. Allowed choices are admin, it, slt, staff, pupil.\n",
    );
    const list = JSON.parse((await belfry(inMain('user', 'list', '--json'))).stdout) as { email: string }[];
    expect(list.map((u) => u.email).sort()).toEqual(['director@oakfield.example', 'tech@oakfield.example']);
  });

  it('resets a password to a generated one that then matches the stored hash', async () => {
    const before = await storedHash(MAIN, 'tech@oakfield.example');
    const reset = await belfry(inMain('user', 'reset-password', 'tech@oakfield.example'));
    expect(reset.code).toBe(0);
    const shown = [...reset.stdout.matchAll(GENERATED)].map((m) => m[1]);
    expect(shown).toHaveLength(1);
    expect(reset.stdout.startsWith('Reset the password of tech@oakfield.example.\n')).toBe(true);
    const after = await storedHash(MAIN, 'tech@oakfield.example');
    expect(after).not.toBe(before);
    expect(await argon2.verify(after, shown[0] as string)).toBe(true);
    const missing = await belfry(inMain('user', 'reset-password', 'nobody@oakfield.example'));
    expect(missing).toMatchObject({ code: 2, stderr: 'No account nobody@oakfield.example\n' });
  });

  it('sets a setting and reads it back as plain text', async () => {
    const set = await belfry(inMain('settings', 'set', 'school.name', 'Oakfield School'));
    expect(set).toMatchObject({ code: 0, stdout: 'school.name = "Oakfield School"\n' });
    const get = await belfry(inMain('settings', 'get', 'school.name'));
    expect(get).toMatchObject({ code: 0, stdout: 'Oakfield School\n' });
  });

  it('refuses a value of the wrong type with exit 2, naming the key', async () => {
    const r = await belfry(inMain('settings', 'set', 'auth.lockoutAttempts', 'banana'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^auth\.lockoutAttempts: .*expected number.*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const get = await belfry(inMain('settings', 'get', 'auth.lockoutAttempts'));
    expect(get.stdout).toBe('5\n');
  });

  it('refuses an unknown key with exit 2, listing the known keys', async () => {
    const r = await belfry(inMain('settings', 'set', 'no.such.key', 'x'));
    expect(r.code).toBe(2);
    // One line: the foundation's settings first, then each feature module's.
    expect(r.stderr).toMatch(
      /^There is no setting called "no\.such\.key"\. Known settings: school\.name, imports\.dateOrder, auth\.lockoutAttempts, auth\.lockoutMinutes, auth\.ipAttempts, auth\.trustedNetworks, calendar\.bankHolidayDivision(, [a-zA-Z0-9.]+)*\n$/,
    );
  });

  it('lists the import kinds when given none', async () => {
    const r = await belfry(inMain('import'));
    expect(r.code).toBe(0);
    const kinds = r.stdout
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(r.stdout.split('\n')[0]).toBe('belfry import <kind> <file>');
    expect(kinds.slice(0, 4)).toEqual(['people', 'places', 'term-dates', 'bank-holidays']);
    expect(kinds).toEqual(buildRegistry(MODULES).importers.map((i) => i.kind));
  });

  it('refuses a bad people file with exit 2, naming file, line and column', async () => {
    const file = writeTestFile(
      'bad.csv',
      'Admission No,Forename,Surname,Type\nP1,Ann,Lee,pupil\nP2,,Shaw,pupil\nP3,Bo,Lee,alien\n',
    );
    const r = await belfry(inMain('import', 'people', file));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'Import refused, nothing was saved:\n  bad.csv:3 [Forename]: is empty\n  bad.csv:4 [Type]: "alien" is not staff or pupil\n',
    );
  });

  it('previews an import with --dry-run and saves nothing', async () => {
    const file = writeTestFile('people.csv', 'Admission No,Forename,Surname,Type\nP1,Ann,Lee,pupil\nS1,Grace,Okafor,staff\n');
    const dry = await belfry(inMain('import', 'people', file, '--dry-run'));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('Dry run (nothing saved): people.csv: 2 rows; 2 new, 0 changed, 0 unchanged, 0 rejected.\n');
    // Had the dry run saved anything, these would be "unchanged" rather than "new".
    const real = await belfry(inMain('import', 'people', file, '--json'));
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, created: 2, updated: 0, unchanged: 0 });
  });

  it('backs up and restores into another data directory with the same accounts', async () => {
    const file = path.join(ROOT, 'school.tar.gz');
    const backup = await belfry(inMain('backup', file));
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up [\d,]+ rows from \d+ tables to .*school\.tar\.gz\.\n$/);
    const copy = path.join(ROOT, 'copy');
    const restore = await belfry(['--data-dir', copy, 'restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(
      /^Restored [\d,]+ rows into \d+ tables \(embedded PGlite in .*copy.pglite\); every table's count and checksum match the backup\.\n$/,
    );
    const original = await belfry(inMain('user', 'list', '--json'));
    const restored = await belfry(['--data-dir', copy, 'user', 'list', '--json']);
    expect(JSON.parse(restored.stdout)).toHaveLength(2);
    expect(restored.stdout).toBe(original.stdout);
    // The copy is no longer empty: a second restore is refused.
    const again = await belfry(['--data-dir', copy, 'restore', file]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/^Restore needs an empty database, but table \w+ has rows/);
  }, 180_000);

  it('refuses an invalid environment setting with exit 2 and one line naming it', async () => {
    const r = await belfry(inMain('user', 'list'), { env: { PORT: 'abc' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Invalid setting PORT: .*\(got "abc"\)\n$/);
  });
});
