import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, type Journey, startJourney } from './support.js';

let j: Journey;
let citizen: Page;
let clerk: Page;
let number = '';
let documentRef = '';

beforeAll(async () => {
  j = await startJourney();
  citizen = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  clerk = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  // The whole demo world is seeded first; that takes a while on PGlite.
}, 180_000);
afterAll(() => j?.close());

/** Opens an action's disclosure on the request's detail page, fills it and submits it. */
async function act(label: string, fields: Record<string, string>) {
  await clerk.click(`summary:has-text("${label}")`);
  for (const [id, value] of Object.entries(fields)) await clerk.fill(`#${id}`, value);
  const form = clerk.locator(`details[open] form`);
  await Promise.all([clerk.waitForURL(/done=/), form.locator('button[type=submit]').click()]);
  expect(await clerk.locator('[role=status]').first().innerText()).toContain('Hotovo');
}

describe('FOI request journey in Chromium', () => {
  it('a citizen submits a request on the portal without signing in', async () => {
    await citizen.goto(`${j.baseUrl}/hlucin/`);
    await Promise.all([
      citizen.waitForURL(/informace\/zadost/),
      citizen.click('a:has-text("Žádost o informace")'),
    ]);
    await expectAccessible(citizen);
    await citizen.fill('#applicantName', 'Karla Zvídavá');
    await citizen.fill('#applicantContact', 'karla@example.cz');
    await citizen.fill('#requestText', 'Žádám o smlouvy na opravu kulturního domu.');
    await citizen.click('main button[type=submit]');
    await citizen.waitForSelector('[data-testid=tracking-number]');
    number = await citizen.locator('[data-testid=tracking-number]').innerText();
    expect(number).toMatch(/^INF\/\d{4}\/\d{4}$/);
    documentRef = await citizen.locator('[data-testid=document-ref]').innerText();
    expect(documentRef).toMatch(/^MUHL\/\d+\/\d{4}$/);
    await expectAccessible(citizen);
  });

  it('a handler asks for clarification, records it, extends the period and answers', async () => {
    await clerk.goto(`${j.baseUrl}/login`);
    await clerk.selectOption('#tenant', 'hlucin');
    await clerk.fill('#username', 'referent');
    await clerk.fill('#password', j.demoPassword);
    await Promise.all([clerk.waitForURL(`${j.baseUrl}/app`), clerk.click('main button[type=submit]')]);
    await clerk.goto(`${j.baseUrl}/app/foi`);
    await expectAccessible(clerk);
    await Promise.all([
      clerk.waitForURL(/\/app\/foi\/[0-9a-f-]{36}/),
      clerk.click(`a:has-text("${number}")`),
    ]);
    expect(await clerk.locator('main').innerText()).toContain('Karla Zvídavá');
    // the request is the registered document with the číslo jednací the citizen was given
    expect(await clerk.locator('main').innerText()).toContain(documentRef);
    expect(await clerk.locator('tr[data-deadline=answer]').innerText()).toMatch(/15 dní od/);
    await expectAccessible(clerk);

    await act('Vyzvat k upřesnění', {
      'ask-clarification-text': 'Upřesněte prosím, které smlouvy a za jaké období.',
    });
    expect(await clerk.locator('main').innerText()).toContain('Výzva k upřesnění');
    await act('Zaznamenat upřesnění', { 'clarification-received-text': 'Smlouvy o dílo z let 2024–2025.' });
    await act('Prodloužit lhůtu', { 'extend-days': '10', 'extend-reason': 'Vyhledání v archivu' });
    expect(await clerk.locator('tr[data-deadline=answer]').innerText()).toMatch(/25 dní od/);
    await act('Poskytnout informaci', {
      'provide-answer': 'Zasíláme smlouvu o dílo č. 12/2024 s firmou Stavby Hlučín s. r. o.',
    });
    expect(await clerk.locator('main').innerText()).toContain('Informace poskytnuta');
    await act('Zveřejnit / upravit zveřejněný text', {
      'publish-title': 'Smlouvy na opravu kulturního domu',
      'publish-text': 'Smlouva o dílo č. 12/2024 se zhotovitelem Stavby Hlučín s. r. o.',
    });
    await expectAccessible(clerk);
  });

  it('the answer appears in the public list of information provided', async () => {
    await citizen.goto(`${j.baseUrl}/hlucin/informace/poskytnute`);
    const main = await citizen.locator('main').innerText();
    expect(main).toContain('Smlouvy na opravu kulturního domu');
    expect(main).toContain(number);
    expect(main).not.toContain('Karla Zvídavá');
    await expectAccessible(citizen);
  });

  it('the public information pages and a Polish BIP page are accessible', async () => {
    await citizen.goto(`${j.baseUrl}/hlucin/informace`);
    await expectAccessible(citizen);
    await Promise.all([
      citizen.waitForURL(/organizacni-struktura/),
      citizen.click('a:has-text("3. Organizační struktura")'),
    ]);
    expect(await citizen.locator('main').innerText()).toContain('Odbor finanční');
    await expectAccessible(citizen);
    await citizen.goto(`${j.baseUrl}/przykladowo/informace/struktura-organizacyjna`);
    expect(await citizen.locator('main').innerText()).toContain('Rejestr zmian');
    await expectAccessible(citizen);
  });
});
