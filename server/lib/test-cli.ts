import { type CliEnv, runCli } from '../cli.ts';

export type CliRun = { code: number; stdout: string; stderr: string };

/**
 * Runs `belfry <argv>` in-process over a data directory, as a test would from a terminal that is
 * not a TTY, with no stdin and no `serve`: what it printed and its exit code.
 */
export async function runBelfry(dataDir: string, argv: readonly string[], env: CliEnv['env'] = {}): Promise<CliRun> {
  const run = { stdout: '', stderr: '' };
  const cli: CliEnv = {
    env,
    cwd: process.cwd(),
    stdout: (t) => {
      run.stdout += t;
    },
    stderr: (t) => {
      run.stderr += t;
    },
    readStdin: async () => '',
    stderrIsTty: false,
    stdoutIsTty: false,
    untilStopped: () => Promise.reject(new Error('only `serve` waits')),
  };
  const code = await runCli(['--data-dir', dataDir, ...argv], cli);
  return { code, ...run };
}
