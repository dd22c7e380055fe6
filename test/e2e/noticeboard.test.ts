import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../../src/modules/portal/noticeboard/seed.js';
import { boardValidator, describeErrors } from '../../src/modules/portal/noticeboard/testing.js';
import { addDays, todayIn } from '../../src/platform/calendar/index.js';
import { JobWorker } from '../../src/platform/jobs/worker.js';
import { startOfDayUtc } from '../../src/platform/time-zone.js';
import { expectAccessible, type Journey, startJourney } from './support.js';

let j: Journey;
let page: Page;
const TITLE = 'Oznámení o uzavírce Ostravské ulice';
let today: string;
let lastDay: string;
let detailUrl: string;

beforeAll(async () => {
  j = await startJourney();
  page = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  today = todayIn('Europe/Prague', j.ctx.clock.now());
  lastDay = addDays(today as `${number}-${number}-${number}`, 3);
  // Seeding the whole demo world (every module, PDFs included) is slow on a busy machine.
}, 400_000);
afterAll(() => j?.close());

async function signInAsPublisher(next = '/app') {
  await page.goto(`${j.baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.selectOption('#tenant', 'hlucin');
  await page.fill('#username', 'deska');
  await page.fill('#password', j.demoPassword);
  await Promise.all([page.waitForURL(`${j.baseUrl}${next}`), page.click('main button[type=submit]')]);
}

describe('notice board journey in Chromium', () => {
  it('a publisher signs in and posts a notice with a PDF', async () => {
    await signInAsPublisher();

    await page.goto(`${j.baseUrl}/app/uredni-deska/new`);
    await expectAccessible(page);
    await page.fill('#nb-title', TITLE);
    await page.selectOption('#nb-category', 'announcement');
    await page.fill('#nb-postingDate', today);
    await page.fill('#nb-removalDate', lastDay);
    await page.fill('#nb-referenceNumber', 'MUHL/777/2026');
    await page.setInputFiles('#nb-file', {
      name: 'uzavirka.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await demoPdf('Uzavírka', ['Ostravská ulice bude uzavřena.'])),
    });
    await Promise.all([
      page.waitForURL(/\/app\/uredni-deska\/[0-9a-f-]{36}\?done=created/),
      page.click('main form button[type=submit]'),
    ]);
    detailUrl = page.url().split('?')[0]!;
    expect(await page.locator('main').textContent()).toContain('uzavirka.pdf');
    await expectAccessible(page);

    await Promise.all([page.waitForURL(/done=posted/), page.click('form[action$="/schedule"] button')]);
    expect(await page.locator('[role=status]').textContent()).toContain('Oznámení je vyvěšeno.');
  });

  it('the public board shows it, accessibly, and the document opens', async () => {
    await page.goto(`${j.baseUrl}/hlucin/uredni-deska`);
    expect(await page.locator('main').textContent()).toContain(TITLE);
    await expectAccessible(page);
    await page.fill('#nb-q', 'uzavirce ostravske');
    await Promise.all([page.waitForURL(/q=uzavirce/), page.click('main form button[type=submit]')]);
    expect(await page.locator('main .notice-list').textContent()).toContain(TITLE);
    await page.click(`main a:has-text("${TITLE}")`);
    expect(await page.locator('h1').textContent()).toBe(TITLE);
    await expectAccessible(page);
    const href = await page.locator('main a[type="application/pdf"]').first().getAttribute('href');
    const pdf = await page.request.get(`${j.baseUrl}${href}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('the JSON-LD lists it and validates against the OFN schema', async () => {
    const res = await page.request.get(`${j.baseUrl}/hlucin/uredni-deska.jsonld`);
    expect(res.headers()['content-type']).toContain('application/ld+json');
    const board = await res.json();
    const v = boardValidator();
    expect(v(board), describeErrors(v).join('\n')).toBe(true);
    const item = board.informace.find((i: { název: { cs: string } }) => i.název.cs === TITLE);
    expect(item).toMatchObject({ relevantní_do: { datum: lastDay }, číslo_jednací: 'MUHL/777/2026' });
  });

  it('after its last day the job takes it down and the certificate is generated', async () => {
    j.ctx.clock.set(
      new Date(
        startOfDayUtc(addDays(lastDay as `${number}-${number}-${number}`, 1), 'Europe/Prague').getTime() +
          60_000,
      ),
    );
    await new JobWorker(j.ctx).runDue();

    await page.goto(`${j.baseUrl}/hlucin/uredni-deska`);
    expect(await page.locator('main').textContent()).not.toContain(TITLE);
    await page.goto(`${j.baseUrl}/hlucin/uredni-deska/archiv`);
    expect(await page.locator('main').textContent()).toContain(TITLE);
    await expectAccessible(page);
    const jsonld = await (await page.request.get(`${j.baseUrl}/hlucin/uredni-deska.jsonld`)).json();
    expect(jsonld.informace.map((i: { název: { cs: string } }) => i.název.cs)).not.toContain(TITLE);

    // Days have passed: the session has expired, so the publisher signs in again.
    await signInAsPublisher(new URL(detailUrl).pathname);
    expect(await page.locator('main').textContent()).toContain('Sejmuto');
    const link = page.locator('main a[href$="/certificate"]');
    expect(await link.count()).toBe(1);
    const cert = await page.request.get(`${j.baseUrl}${await link.getAttribute('href')}`);
    expect(cert.status()).toBe(200);
    expect(cert.headers()['content-type']).toBe('application/pdf');
    expect((await cert.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page);
  });
});
