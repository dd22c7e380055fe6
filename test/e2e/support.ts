import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { buildApp } from '../../src/platform/http/app.js';
import { useTestHashing } from '../../src/platform/identity/password.js';
import { createTestContext, type TestContext } from '../../src/test-support/context.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface Journey {
  ctx: TestContext;
  app: FastifyInstance;
  baseUrl: string;
  browser: Browser;
  demoPassword: string;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 with the demo world, and Debian's Chromium driving it. `env` sets
 * configuration the journey needs (e.g. SMTP_OUT_* pointing at a loopback test server).
 */
export async function startJourney(opts: { env?: Record<string, string> } = {}): Promise<Journey> {
  // A copy of the demo world the run seeded once (src/test-support/e2e-setup.ts), its files too.
  const demo = inject('demoTemplate');
  const ctx = await createTestContext({
    template: demo.db,
    blobs: demo.blobs,
    now: new Date(demo.now),
    ...(opts.env ? { env: opts.env } : {}),
  });
  useTestHashing(ctx);
  const app = await buildApp(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium's own background traffic would try the closed network; keep it to loopback.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    ctx,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    demoPassword: demo.password,
    async close() {
      await browser.close();
      await app.close();
      await ctx.close();
    },
  };
}

/** axe-core over the whole page: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  // Legacy mode runs axe in the page itself. The default opens a blank page per check to merge
  // the results of cross-origin frames (our pages have none) and took three times as long:
  // 1.4 s instead of 0.47 s a check, 40 of the records journey's 56 s.
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}
