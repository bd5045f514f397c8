import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['server/lib/test-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (one file less than the cores) runs a two-core machine's suite one file at a
    // time; a database test spends much of its time waiting on its PGlite thread, so two files at
    // once keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
