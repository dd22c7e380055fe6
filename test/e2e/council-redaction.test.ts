import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Journey, startJourney } from './support.js';

/**
 * Redaction in Chromium: the secretary marks a phrase in an adopted resolution on the staff page
 * (the form works without JavaScript), publishes, and the public resolution page shows the label
 * instead of the phrase; axe-core finds no serious WCAG 2.1 AA violation on either page.
 */
let j: Journey;
let staff: Page;
let noJs: Page;

beforeAll(async () => {
  j = await startJourney();
  staff = await (await j.browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })).newPage();
  noJs = await (await j.browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })).newPage();
  // Seeding the whole demo world (every module, PDFs included) is slow on a busy machine.
}, 400_000);
afterAll(() => j?.close());

describe('redaction of a published resolution', () => {
  it('the secretary marks a phrase and publishes; the public page shows the redacted text', async () => {
    await staff.goto(`${j.baseUrl}/login?next=${encodeURIComponent('/app/council/redaction')}`);
    await staff.selectOption('#tenant', 'hlucin');
    await staff.fill('#username', 'tajemnik');
    await staff.fill('#password', j.demoPassword);
    await Promise.all([
      staff.waitForURL(`${j.baseUrl}/app/council/redaction`),
      staff.click('main button[type=submit]'),
    ]);
    await staff.locator('main table a', { hasText: 'Pronájem prostor v Městském parku' }).first().click();
    await staff.waitForURL(/\/app\/council\/redaction\/resolution\//);
    const staffUrl = staff.url();
    await staff.fill('#red-phrase', 'spolku zahrádkářů');
    await staff.selectOption('#red-category', 'other');
    await Promise.all([
      staff.waitForURL(/added=1/),
      staff.click('form[action$="/mark"] button[type=submit]'),
    ]);
    expect(await staff.locator('[role=status]').textContent()).toContain('Označeno výskytů: 1.');
    expect(await staff.locator('.redaction-preview').first().textContent()).toBeTruthy();
    await Promise.all([
      staff.waitForURL(staffUrl),
      staff.click('form[action$="/publish"] button[type=submit]'),
    ]);
    expect(await staff.locator('main').textContent()).toContain('Zveřejněno');
    const id = staffUrl.split('/').pop();

    await noJs.goto(`${j.baseUrl}/hlucin/usneseni/${id}`);
    const text = await noJs.locator('main').textContent();
    expect(text).toContain('[osobní údaj]');
    expect(text).not.toContain('zahrádkářů');

    const withJs = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
    await withJs.goto(`${j.baseUrl}/hlucin/usneseni/${id}`);
    await expectAccessible(withJs);
    const cookies = await staff.context().cookies();
    await withJs.context().addCookies(cookies);
    await withJs.goto(staffUrl);
    await expectAccessible(withJs);
    await withJs.goto(`${j.baseUrl}/app/council/redaction`);
    await expectAccessible(withJs);
  });
});
