import { existsSync } from 'node:fs';
import { BELFRY_VERSION } from './version.ts';

const argv = process.argv.slice(2);

// Every file Belfry creates (the database's, uploads, backups) is for its own account only,
// whatever umask it was started with: 0600 files in 0700 directories (lib/private-files.ts).
process.umask(0o077);

// `belfry --version` answers before anything else loads (the same line Commander prints).
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${BELFRY_VERSION}\n`);
} else {
  await main();
}

async function main(): Promise<void> {
  // Settings may live in a .env file beside where Belfry is started; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');

  // The only file that touches `process`: it hands the environment, streams and signals to the CLI.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

  const { runCli } = await import('./cli.ts');
  const code = await runCli(argv, {
    env: process.env,
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: !!process.stderr.isTTY,
    stdoutIsTty: !!process.stdout.isTTY,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    untilStopped: () => stopped,
  });
  process.exitCode = code;
  // Let open handles (the database thread) finish closing, then exit even if one lingers.
  setTimeout(() => process.exit(code), 2000).unref();
}
