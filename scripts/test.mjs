// `npm test`: the whole suite. Browser journeys need Debian's chromium; without it they are
// skipped with a clear notice (npm run test:e2e runs only them and fails without it).
// Ends with one summary line "tests: N passed, N failed, N skipped" for CI logs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');
const passthrough = args.filter((a) => a !== '--e2e-only');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromium);

const projects = [];
if (e2eOnly) {
  if (!hasChromium) {
    console.error(
      `Browser tests need Chromium at ${chromium}. Install it with: apt-get update && apt-get install -y chromium`,
    );
    process.exit(1);
  }
  projects.push('--project', 'e2e');
} else if (!hasChromium) {
  projects.push('--project', 'app');
}

const db = process.env.DATABASE_URL
  ? `PostgreSQL (${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`
  : 'embedded PGlite';
console.log(`Running tests against ${db}${e2eOnly ? ', browser journeys only' : ''}.`);

fs.mkdirSync('.test-tmp', { recursive: true });
const report = path.resolve('.test-tmp', `vitest-report-${process.pid}.json`);
const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const r = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    ...projects,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...passthrough,
  ],
  { stdio: 'inherit' },
);

if (!hasChromium && !e2eOnly) {
  console.log(
    `\nNOTE: the browser tests (test/e2e) did NOT run: no Chromium at ${chromium}.\n` +
      '      Install it with `apt-get update && apt-get install -y chromium`, then run `npm test` or `npm run test:e2e`.',
  );
}
if (fs.existsSync(report)) {
  const j = JSON.parse(fs.readFileSync(report, 'utf8'));
  fs.rmSync(report);
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(`tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`);
  if (j.numTotalTests === 0) {
    console.error('No test ran.');
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
