import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/platform/http/app.js';
import { useTestHashing } from '../../src/platform/identity/password.js';
import { seedDemoIfEmpty } from '../../src/seed.js';
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
  const ctx = await createTestContext(opts.env ? { env: opts.env } : {});
  useTestHashing(ctx);
  const seeded = await seedDemoIfEmpty(ctx);
  if (!seeded) throw new Error('the demo seed did not run on an empty database');
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
    demoPassword: seeded.password,
    async close() {
      await browser.close();
      await app.close();
      await ctx.close();
    },
  };
}

/** axe-core over the whole page: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}
