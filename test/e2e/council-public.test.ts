import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Journey, startJourney } from './support.js';

/**
 * The council's public pages in Chromium: axe-core finds no serious WCAG 2.1 AA violation, and
 * with JavaScript switched off they still work (search through the GET form, links). Also the
 * staff minutes page. (axe itself runs as a script, so the accessibility checks use a page with
 * JavaScript on.)
 */
let j: Journey;
let page: Page;
let noJs: Page;

beforeAll(async () => {
  j = await startJourney();
  page = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  noJs = await (await j.browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })).newPage();
  // Seeding the whole demo world (every module, PDFs included) is slow on a busy machine.
}, 400_000);
afterAll(() => j?.close());

describe('council public pages', () => {
  it('meetings, a meeting with final minutes, and the upcoming one', async () => {
    await page.goto(`${j.baseUrl}/hlucin/`);
    await page.click('a[href="/hlucin/zasedani"]');
    await expectAccessible(page);
    const past = page.locator('#cp-past ~ ul a, section:has(#cp-past) a').first();
    await past.click();
    expect(await page.locator('main').textContent()).toContain('Zápis je konečný od');
    await expectAccessible(page);
    await page.goto(`${j.baseUrl}/hlucin/zasedani`);
    await page.locator('section:has(#cp-upcoming) a').first().click();
    expect(await page.locator('main').textContent()).toContain('Územní plán Hlučína');
    await expectAccessible(page);
  });

  it('resolutions: search without diacritics through the form with JavaScript off, detail, material', async () => {
    await noJs.goto(`${j.baseUrl}/hlucin/usneseni`);
    await noJs.fill('#cp-q', 'rozpoctove');
    await Promise.all([noJs.waitForURL(/q=rozpoctove/), noJs.click('main form button[type=submit]')]);
    expect(await noJs.locator('[role=status]').textContent()).toContain('Nalezeno usnesení: 1');
    await noJs.locator('.resolution-list a').first().click();
    expect(await noJs.locator('main').textContent()).toContain('schvaluje rozpočtové opatření');

    await page.goto(`${j.baseUrl}/hlucin/usneseni`);
    await expectAccessible(page);
    await page.goto(`${j.baseUrl}/hlucin/usneseni?q=rozpoctove`);
    await expectAccessible(page);
    await page.locator('.resolution-list a').first().click();
    await expectAccessible(page);
    await page.locator('main a[href*="/materialy/"]').first().click();
    expect(await page.locator('main').textContent()).toContain('Finanční výbor doporučuje schválit.');
    await expectAccessible(page);
  });

  it('a Polish resolution with the named vote', async () => {
    await page.goto(`${j.baseUrl}/przykladowo/usneseni`);
    await page.locator('.resolution-list a').first().click();
    expect(await page.locator('main').textContent()).toContain('Imienny wykaz głosowania');
    await expectAccessible(page);
  });
});

describe('staff minutes page', () => {
  it('the verifier sees the minutes with due date and state', async () => {
    const staff = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
    await staff.goto(`${j.baseUrl}/login?next=${encodeURIComponent('/app/council/minutes')}`);
    await staff.selectOption('#tenant', 'hlucin');
    await staff.fill('#username', 'radni');
    await staff.fill('#password', j.demoPassword);
    await Promise.all([
      staff.waitForURL(`${j.baseUrl}/app/council/minutes`),
      staff.click('main button[type=submit]'),
    ]);
    await expectAccessible(staff);
    await staff.locator('main table a').last().click();
    expect(await staff.locator('main').textContent()).toContain('Termín vyhotovení');
    await expectAccessible(staff);
  });

  it('the secretary sees the notes form of a draft and the minutes box on the meeting page', async () => {
    const staff = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
    await staff.goto(`${j.baseUrl}/login?next=${encodeURIComponent('/app/council/minutes')}`);
    await staff.selectOption('#tenant', 'hlucin');
    await staff.fill('#username', 'tajemnik');
    await staff.fill('#password', j.demoPassword);
    await Promise.all([
      staff.waitForURL(`${j.baseUrl}/app/council/minutes`),
      staff.click('main button[type=submit]'),
    ]);
    // Newest first: the upcoming meeting, whose minutes are a draft.
    await staff.locator('main table a').first().click();
    expect(await staff.locator('main').textContent()).toContain('Rozprava a poznámky');
    await expectAccessible(staff);
    await staff.locator('main a', { hasText: 'Zpět na zasedání' }).click();
    expect(await staff.locator('main').textContent()).toContain('zasedání se ještě nekonalo');
    await expectAccessible(staff);
  });
});
