import { defineConfig } from 'vitest/config';

// Two projects: everything beside the code (unit, service and HTTP tests against a real database),
// and real-browser journeys under test/e2e. scripts/test.mjs decides which run (chromium present?).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          isolate: false,
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts'],
          globalSetup: ['src/test-support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['src/test-support/e2e-setup.ts'],
          // Like `app`, a worker loads the code once for several journeys. Each journey starts its
          // own server and Chromium on a copy of the demo world seeded once per run
          // (src/test-support/e2e-setup.ts), so two may run at once, or beside the other tests.
          isolate: false,
          // The longest journey takes about a minute on an idle machine, much more on a busy one.
          testTimeout: 180_000,
        },
      },
    ],
  },
});
