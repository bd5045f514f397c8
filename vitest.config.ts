import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { DemoTemplateSequencer } from './server/lib/test-sequencer.ts';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['server/lib/test-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The demo-template builder first and its copiers last while it is being made (test-sequencer.ts).
    sequence: { sequencer: DemoTemplateSequencer },
    // Vitest's default (one file less than the cores) runs a two-core machine's suite one file at a
    // time; a database test spends much of its time waiting on its PGlite thread, so two files at
    // once keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
