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
          globalSetup: ['src/test-support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
