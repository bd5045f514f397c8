import { defineConfig } from 'vitest/config';

// Browser flows: a real Belfry server (demo school) and Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 420_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
