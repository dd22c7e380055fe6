import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Journey, startJourney } from './support.js';

let j: Journey;
let page: Page;

beforeAll(async () => {
  j = await startJourney();
  page = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
});
afterAll(() => j?.close());

describe('platform journey in Chromium', () => {
  it('shows a citizen the town portal, accessibly', async () => {
    await page.goto(`${j.baseUrl}/hlucin/`);
    expect(await page.locator('h1').innerText()).toContain('Město Hlučín');
    const body = await page.locator('main').innerText();
    expect(body).toContain('00300063');
    expect(body).toContain('Mírové náměstí');
    await expectAccessible(page);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/portal.png`, fullPage: true });
  });

  it('the accessibility check fails a page with a violation (an image without text, a field without a label)', async () => {
    const other = await page.context().newPage();
    await other.goto(`${j.baseUrl}/hlucin/`);
    await other.evaluate(() => {
      document
        .querySelector('main')!
        .insertAdjacentHTML('beforeend', '<img src="/favicon.ico"><input type="text" name="x">');
    });
    const failed = await expectAccessible(other).then(
      () => '',
      // The assertion's actual value: the list of violations found.
      (e: { actual?: unknown }) => JSON.stringify(e.actual),
    );
    expect(failed).toContain('image-alt');
    expect(failed).toContain('label (critical)');
    await other.close();
  });

  it('signs a clerk in from the sign-in page to the dashboard', async () => {
    await page.goto(`${j.baseUrl}/login`);
    await expectAccessible(page);
    await page.selectOption('#tenant', 'hlucin');
    await page.fill('#username', 'podatelna');
    await page.fill('#password', j.demoPassword);
    await Promise.all([page.waitForURL(`${j.baseUrl}/app`), page.click('main button[type=submit]')]);
    expect(await page.locator('header').innerText()).toContain('Petra Podešvová');
    expect(await page.getAttribute('html', 'lang')).toBe('cs');
    await expectAccessible(page);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/dashboard.png`, fullPage: true });
  });

  it('switches the language to English and keeps it on the next page', async () => {
    await Promise.all([page.waitForURL(/lang=en/), page.click('nav[aria-label="Jazyk"] a[lang="en"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('header').innerText()).toContain('Sign out');
    await page.goto(`${j.baseUrl}/app/account`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page);
  });

  it('signs out, and the staff area asks for sign-in again', async () => {
    await Promise.all([page.waitForURL(/\/login/), page.click('header form[action="/logout"] button')]);
    await page.goto(`${j.baseUrl}/app`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('#password').count()).toBe(1);
  });

  it('refuses a wrong password with one generic message and no session', async () => {
    await page.goto(`${j.baseUrl}/login?lang=cs`);
    await page.selectOption('#tenant', 'hlucin');
    await page.fill('#username', 'podatelna');
    await page.fill('#password', 'not-the-password-at-all');
    await page.click('main button[type=submit]');
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('[role=alert]').first().innerText()).toMatch(/\S/);
    await expectAccessible(page);
  });
});
