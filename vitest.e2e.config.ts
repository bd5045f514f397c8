import { defineConfig } from 'vitest/config';

// Browser flows: a real Belfry server (demo school) and Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // The walk of every route as every role (issue 11) does not pass yet: `npm run test:routes`.
    // biome-ignore lint/style/noProcessEnv: the one switch that adds the route walk
    exclude: process.env.BELFRY_E2E_ROUTES === '1' ? [] : ['e2e/routes.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 420_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
