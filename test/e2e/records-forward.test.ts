import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignDocument } from '../../src/modules/records/handling-service.js';
import { registerIncoming } from '../../src/modules/records/intake-service.js';
import { todayIn } from '../../src/platform/calendar/index.js';
import { SYSTEM_ACTOR, withTenant } from '../../src/platform/db/tenant.js';
import { createUser } from '../../src/platform/identity/index.js';
import { expectAccessible, type Journey, startJourney } from './support.js';

/**
 * Forwarding and stand-ins in Chromium (issue 3): the handler (`referent`) accepts a letter and
 * forwards it with a note to a colleague, who finds it on the dashboard and accepts it; the handler
 * records a stand-in for today for a colleague of another unit, who then sees the handler's next
 * letter marked as delegated, reads the stand-in notice and accepts it; the handler ends the
 * stand-in. axe-core on the document page with the forward form and on the stand-ins page.
 */
let j: Journey;
let docA: string;
let docB: string;

beforeAll(async () => {
  j = await startJourney();
  const hlucin = (
    await j.ctx.db.selectFrom('tenant').select('id').where('slug', '=', 'hlucin').executeTakeFirstOrThrow()
  ).id;
  const unit = (code: string) =>
    withTenant(
      j.ctx.db,
      hlucin,
      SYSTEM_ACTOR,
      async ({ trx }) =>
        (await trx.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id,
    );
  const ov = await unit('OV');
  await createUser(j.ctx, SYSTEM_ACTOR, hlucin, {
    username: 'referent2',
    displayName: 'Olga Ondrušková',
    password: j.demoPassword,
    roles: ['handler'],
    orgUnitId: ov,
  });
  await createUser(j.ctx, SYSTEM_ACTOR, hlucin, {
    username: 'kancelar',
    displayName: 'Karel Kubíček',
    password: j.demoPassword,
    roles: ['handler'],
    orgUnitId: await unit('KT'),
  });
  const referent = await withTenant(
    j.ctx.db,
    hlucin,
    SYSTEM_ACTOR,
    async ({ trx }) =>
      (
        await trx
          .selectFrom('app_user')
          .select('id')
          .where('username', '=', 'referent')
          .executeTakeFirstOrThrow()
      ).id,
  );
  // The registry's part is not under test here: register and assign through the use cases.
  const letter = async (subject: string) => {
    const r = await registerIncoming(j.ctx, SYSTEM_ACTOR, hlucin, { subject });
    await assignDocument(j.ctx, SYSTEM_ACTOR, hlucin, r.document.id, { orgUnitId: ov, handlerId: referent });
    return r.document.id;
  };
  docA = await letter('Žádost o pronájem obřadní síně');
  docB = await letter('Žádost o zábor veřejného prostranství');
}, 400_000);
afterAll(async () => {
  await j?.close();
});

async function signIn(username: string, next: string): Promise<Page> {
  const page = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  await page.goto(`${j.baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.selectOption('#tenant', 'hlucin');
  await page.fill('#username', username);
  await page.fill('#password', j.demoPassword);
  await Promise.all([page.waitForURL(`${j.baseUrl}${next}`), page.click('main button[type=submit]')]);
  return page;
}

/** Chooses the option of a select whose text names the person (the unit's name follows it). */
async function choose(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).getAttribute('value');
  await select.selectOption(value!);
}

async function submit(page: Page, form: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  const problem = page.locator('main [role=alert]');
  if (await problem.count()) throw new Error(`refused: ${await problem.first().textContent()}`);
}

describe('forwarding and stand-ins in the browser', () => {
  it('the handler accepts a letter and forwards it with a note; the colleague accepts it', async () => {
    const page = await signIn('referent', `/app/records/documents/${docA}`);
    await submit(page, page.locator(`form[action="/app/records/documents/${docA}/accept"]`));
    const forward = page.locator('section[aria-labelledby="h-forward"] form');
    await expect(forward.getByLabel('Nový zpracovatel').count()).resolves.toBe(1);
    await expectAccessible(page);
    await choose(forward.getByLabel('Nový zpracovatel'), 'Olga Ondrušková');
    await forward.getByLabel('Poznámka k předání').fill('Obřadní síň má na starosti kolegyně.');
    // The handler no longer sees it: the form leads to the search.
    await submit(page, forward);
    expect(page.url()).toContain('/app/records/journal');
    await page.context().close();

    const olga = await signIn('referent2', '/app');
    await expect(olga.locator('main').textContent()).resolves.toContain('Žádost o pronájem obřadní síně');
    await olga.goto(`${j.baseUrl}/app/records/documents/${docA}`);
    const main = (await olga.locator('main').textContent()) ?? '';
    expect(main).toContain('Obřadní síň má na starosti kolegyně.');
    expect(main).toContain('Radek Řehoř');
    await submit(olga, olga.locator(`form[action="/app/records/documents/${docA}/accept"]`));
    await expect(olga.locator('main').textContent()).resolves.toContain('Dokument jste převzali.');
    await olga.context().close();
  });

  it('a stand-in recorded for today lets the colleague handle the next letter, until it is ended', async () => {
    const today = todayIn('Europe/Prague', new Date());
    const page = await signIn('referent', '/app/records/delegations');
    await expectAccessible(page);
    const add = page.locator('section[aria-labelledby="h-delegation-add"] form');
    await choose(add.getByLabel('Zástupce'), 'Karel Kubíček');
    await add.getByLabel('Od').fill(today);
    await add.getByLabel('Do').fill(today);
    await add.getByLabel('Poznámka').fill('Školení');
    await submit(page, add);
    await expect(page.locator('main').textContent()).resolves.toContain('Zastupování bylo zaznamenáno.');
    await expect(page.locator('main table').textContent()).resolves.toContain('Platí dnes');

    const karel = await signIn('kancelar', '/app');
    await expect(karel.locator('main').textContent()).resolves.toContain('zastupuji: Radek Řehoř');
    await karel.goto(`${j.baseUrl}/app/records/documents/${docB}`);
    await expect(karel.locator('main').textContent()).resolves.toContain(
      'Jednáte v zastoupení za zpracovatele Radek Řehoř.',
    );
    await expectAccessible(karel);
    await submit(karel, karel.locator(`form[action="/app/records/documents/${docB}/accept"]`));
    await expect(karel.locator('main').textContent()).resolves.toContain('Dokument jste převzali.');

    // The handler ends it; the colleague's access is gone at once.
    await submit(page, page.locator('main table form').first());
    await expect(page.locator('main').textContent()).resolves.toContain('Zastupování bylo ukončeno.');
    const gone = await karel.goto(`${j.baseUrl}/app/records/documents/${docB}`);
    expect(gone?.status()).toBe(404);
    await karel.context().close();
    await page.context().close();
  });
});
