import type { Command } from 'commander';
import type { CliDeps, Registry } from './lib/module.ts';

/** The process-facing parts main.ts hands in: nothing in the CLI reads `process` itself. */
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

/** What each group of commands needs from runCli. */
export type CliKit = {
  program: Command;
  cli: CliEnv;
  registry: Registry;
  deps: CliDeps;
  /** Prints `data` as JSON with --json, else the human text. */
  print: (data: unknown, human: () => string) => void;
};

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
