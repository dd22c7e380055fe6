import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src/platform/calendar/index.js';
import { expectAccessible, type Journey, startJourney } from './support.js';

/**
 * The council's whole journey in Chromium (issue 4): the secretary of Hlučín creates an assembly
 * meeting, prepares three materials with opinions, puts them on the agenda, records attendance,
 * votes and outcomes (rejected; adopted with an "ukládá" clause that becomes a task; postponed),
 * writes the minutes and opens their PDF; the assembly's verifier (`radni`) approves; the
 * secretary finalises, marks a personal name in the adopted resolution and publishes; the public
 * resolution page shows the label instead of the name. Every page on the way is checked with
 * axe-core. All steps go through the staff pages' forms, as a user would.
 */
let j: Journey;
let staff: Page;

const PLACE = 'Hlučín, Mírové náměstí 24/23, zasedací síň';
const NAME = 'Janu Kolaříkovi';
const MATERIALS = [
  {
    title: 'Prodej pozemku p. č. 1520/4 v k. ú. Darkovičky',
    opinionFrom: 'Odbor výstavby',
    opinion: 'Odbor výstavby nedoporučuje prodej, pozemek je určen pro chodník.',
    clauses: [{ verb: 'schvaluje', text: 'prodej pozemku p. č. 1520/4 v k. ú. Darkovičky' }],
  },
  {
    title: 'Pronájem nebytových prostor v Domě kultury',
    opinionFrom: 'Finanční výbor',
    opinion: 'Finanční výbor doporučuje pronájem schválit.',
    clauses: [
      { verb: 'schvaluje', text: `pronájem nebytových prostor v Domě kultury ${NAME} na dobu pěti let` },
      {
        verb: 'uklada',
        text: 'uzavřít nájemní smlouvu na prostory v Domě kultury',
        responsible: 'odbor správy majetku',
        due: '2030-06-28',
      },
    ],
  },
  {
    title: 'Koncepce rozvoje cyklostezek do roku 2030',
    opinionFrom: 'Komise dopravy',
    opinion: 'Komise doporučuje koncepci doplnit o napojení na Ludgeřovice.',
    clauses: [{ verb: 'schvaluje', text: 'koncepci rozvoje cyklostezek do roku 2030' }],
  },
] as const;
const [SALE, LEASE, CYCLE] = MATERIALS;

beforeAll(async () => {
  j = await startJourney();
  staff = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
  // Seeding the whole demo world (every module, PDFs included) is slow on a busy machine.
}, 400_000);
afterAll(() => j?.close());

async function signIn(page: Page, username: string, next: string): Promise<void> {
  await page.goto(`${j.baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.selectOption('#tenant', 'hlucin');
  await page.fill('#username', username);
  await page.fill('#password', j.demoPassword);
  await Promise.all([page.waitForURL(`${j.baseUrl}${next}`), page.click('main button[type=submit]')]);
}

/** Submits a form the way a user does and waits for the page it redirects to. */
async function submit(page: Page, form: Locator, url?: RegExp | string): Promise<void> {
  await Promise.all([
    page.waitForNavigation(url ? { url } : undefined),
    form.locator('button[type=submit]').click(),
  ]);
  const problem = page.locator('main [role=alert]');
  if (await problem.count()) throw new Error(`refused: ${await problem.first().textContent()}`);
}

const agendaItem = (page: Page, title: string) =>
  page.locator('main ol > li').filter({ has: page.locator('h3', { hasText: title }) });

describe('council journey: from materials to a published, redacted resolution', () => {
  it('secretary → verifier → secretary → public page', async () => {
    const today = todayIn('Europe/Prague', j.ctx.clock.now());

    // 1. The secretary creates an assembly meeting for today.
    await signIn(staff, 'tajemnik', '/app/council/meetings');
    await expectAccessible(staff);
    const newMeeting = staff.locator('form[action="/app/council/meetings"]');
    await newMeeting.locator('#f-body').selectOption({ label: 'ZM – Zastupitelstvo města Hlučína' });
    await newMeeting.locator('#f-date').fill(today);
    await newMeeting.locator('#f-place').fill(PLACE);
    await submit(staff, newMeeting, /\/app\/council\/meetings\/[^/]+$/);
    const meetingUrl = staff.url();
    const meetingId = meetingUrl.split('/').pop() ?? '';

    // 2. Three materials, each with a requested and recorded opinion, then ready.
    for (const m of MATERIALS) {
      await staff.goto(`${j.baseUrl}/app/council/materials`);
      if (m === SALE) await expectAccessible(staff);
      const form = staff.locator('form[action="/app/council/materials"]');
      await form.locator('#f-body').selectOption({ label: 'ZM – Zastupitelstvo města Hlučína' });
      await form.locator('#f-title').fill(m.title);
      await form.locator('#f-author').fill('Ing. Věra Vaňková, odbor správy majetku');
      await form.locator('#f-submitter').fill('Pavel Paschek, starosta');
      await form.locator('#f-problem').fill(`Popis problému: ${m.title}.`);
      await form.locator('#f-proposal').fill('Návrh řešení podle důvodové zprávy.');
      for (const [i, c] of m.clauses.entries()) {
        await form.locator(`#f-clause-${i}-verb`).selectOption(c.verb);
        await form.locator(`#f-clause-${i}-text`).fill(c.text);
        if ('responsible' in c) {
          await form.locator(`#f-clause-${i}-responsible`).fill(c.responsible);
          await form.locator(`#f-clause-${i}-due`).fill(c.due);
        }
      }
      await submit(staff, form, /\/app\/council\/materials\/[^/]+$/);
      const requestForm = staff.locator('form[action$="/opinions"]');
      await requestForm.locator('#f-from').fill(m.opinionFrom);
      await submit(staff, requestForm);
      const opinionForm = staff.locator('form[action*="/opinions/"]');
      await opinionForm.locator('textarea[name=text]').fill(m.opinion);
      await submit(staff, opinionForm);
      if (m === SALE) await expectAccessible(staff);
      await submit(staff, staff.locator('form[action$="/ready"]'));
      const facts = await staff.locator('main').textContent();
      expect(facts).toContain('připravený');
      expect(facts).toContain(`${m.opinionFrom}: ${m.opinion}`);
    }

    // 3. The three materials on the agenda.
    for (const m of MATERIALS) {
      await staff.goto(meetingUrl);
      const form = staff.locator('form[action$="/items"]');
      await form.locator('#f-material').selectOption({ label: m.title });
      await submit(staff, form, meetingUrl);
    }
    for (const m of MATERIALS) expect(await agendaItem(staff, m.title).count()).toBe(1);
    await expectAccessible(staff);

    // 4. Attendance: 15 of the 21 members arrive before item 1 (quorum and majority are 11).
    const attendance = staff.locator('form[action$="/attendance"]');
    const boxes = attendance.locator('input[name=memberIds]');
    expect(await boxes.count()).toBe(21);
    for (let i = 0; i < 15; i++) await boxes.nth(i).check();
    await attendance.locator('#f-att-kind').selectOption('arrive');
    await attendance.locator('#f-att-from').fill('1');
    await submit(staff, attendance, meetingUrl);
    expect(await agendaItem(staff, SALE.title).textContent()).toContain('15');

    // 5. Votes and outcomes.
    const vote = async (title: string, tally: [number, number, number, number]) => {
      const form = agendaItem(staff, title).locator('form:has(input[name=kind][value=aggregate])');
      const [yes, no, abstain, notVoting] = tally;
      await form.locator('input[name=for]').fill(String(yes));
      await form.locator('input[name=against]').fill(String(no));
      await form.locator('input[name=abstain]').fill(String(abstain));
      await form.locator('input[name=notVoting]').fill(String(notVoting));
      await submit(staff, form, meetingUrl);
    };
    const decide = async (title: string, outcome: string) => {
      const form = agendaItem(staff, title).locator('form[action$="/decision"]');
      await form.locator('select[name=outcome]').selectOption(outcome);
      await submit(staff, form, meetingUrl);
    };
    await vote(SALE.title, [4, 9, 2, 0]);
    await decide(SALE.title, 'rejected');
    await vote(LEASE.title, [13, 1, 1, 0]);
    await decide(LEASE.title, 'adopted');
    await decide(CYCLE.title, 'postponed');
    expect(await agendaItem(staff, SALE.title).textContent()).toContain('neschváleno');
    const leaseText = (await agendaItem(staff, LEASE.title).textContent()) ?? '';
    expect(leaseText).toContain('schváleno');
    const resolutionNumber = /(\d{4}\/\d{2}\/\d{4}\/ZM)/.exec(leaseText)?.[1];
    expect(resolutionNumber, leaseText).toBeTruthy();
    expect(await agendaItem(staff, CYCLE.title).textContent()).toContain('odloženo');
    await expectAccessible(staff);

    // The "ukládá" clause became a task.
    await staff.goto(`${j.baseUrl}/app/council/tasks`);
    const taskRow = staff.locator('main tr', {
      hasText: 'uzavřít nájemní smlouvu na prostory v Domě kultury',
    });
    expect(await taskRow.count()).toBe(1);
    expect(await taskRow.textContent()).toContain('odbor správy majetku');
    await expectAccessible(staff);

    // 6. Minutes: notes, then the PDF (a draft preview).
    const minutesUrl = `${meetingUrl}/minutes`;
    await staff.goto(minutesUrl);
    const notes = staff.locator('form[aria-labelledby=min-notes]');
    await notes.locator('#min-opening').fill('Zasedání zahájil starosta v 16:00, přítomno 15 zastupitelů.');
    const noteAreas = notes.locator('textarea[name^="note."]');
    expect(await noteAreas.count()).toBe(3);
    await noteAreas.nth(0).fill('Zastupitelé upozornili na plánovaný chodník.');
    await noteAreas.nth(1).fill('Starosta představil podmínky pronájmu.');
    await noteAreas.nth(2).fill('Materiál bude doplněn o napojení na Ludgeřovice.');
    await notes.locator('#min-closing').fill('Starosta ukončil zasedání v 17:45.');
    await submit(staff, notes, minutesUrl);
    expect(await staff.locator('main').textContent()).toContain('Starosta představil podmínky pronájmu.');
    // Not yet approved by the assembly's verifier, so it cannot be made final.
    expect(await staff.locator('main').textContent()).toContain('Renata Růžičková');
    await expectAccessible(staff);
    const pdf = await staff.request.get(`${minutesUrl}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // 7. The verifier approves the current text.
    const verifier = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
    await signIn(verifier, 'radni', `/app/council/meetings/${meetingId}/minutes`);
    await expectAccessible(verifier);
    await submit(verifier, verifier.locator('form[action$="/approve"]'), minutesUrl);
    await expectAccessible(verifier);
    await verifier.context().close();

    // 8. The secretary makes the minutes final; the meeting is frozen.
    await staff.goto(minutesUrl);
    await submit(staff, staff.locator('form[action$="/final"]'), minutesUrl);
    const finalText = (await staff.locator('main').textContent()) ?? '';
    expect(finalText).toMatch(/[0-9a-f]{64}/);
    expect(await staff.locator('form[aria-labelledby=min-notes]').count()).toBe(0);
    await expectAccessible(staff);
    await staff.goto(meetingUrl);
    expect(await staff.locator('form[action$="/attendance"]').count()).toBe(0);
    await expectAccessible(staff);

    // 9. The secretary marks the name in the adopted resolution and publishes.
    await staff.goto(`${j.baseUrl}/app/council/redaction`);
    await expectAccessible(staff);
    await Promise.all([
      staff.waitForURL(/\/app\/council\/redaction\/resolution\//),
      staff.locator('main a[href*="/redaction/resolution/"]', { hasText: LEASE.title }).click(),
    ]);
    const redactionUrl = staff.url();
    const resolutionId = redactionUrl.split('/').pop() ?? '';
    await staff.fill('#red-phrase', NAME);
    await staff.selectOption('#red-category', 'name');
    await submit(staff, staff.locator('form[action$="/mark"]'), /added=1/);
    expect(await staff.locator('[role=status]').textContent()).toContain('Označeno výskytů: 1.');
    await expectAccessible(staff);
    await submit(staff, staff.locator('form[action$="/publish"]'), redactionUrl);
    expect(await staff.locator('main').textContent()).toContain('Zveřejněno');
    await expectAccessible(staff);

    // 10. The public: the resolution is listed and shows the label instead of the name.
    const visitor = await (await j.browser.newContext({ locale: 'cs-CZ' })).newPage();
    await visitor.goto(`${j.baseUrl}/hlucin/usneseni`);
    const listed = visitor
      .locator('.resolution-list li', { hasText: LEASE.title })
      .locator('a', { hasText: resolutionNumber ?? '' });
    expect(await listed.count()).toBe(1);
    expect(await visitor.locator('main').textContent()).not.toContain('Kolaří');
    await expectAccessible(visitor);
    await Promise.all([visitor.waitForURL(`${j.baseUrl}/hlucin/usneseni/${resolutionId}`), listed.click()]);
    const publicText = (await visitor.locator('main').textContent()) ?? '';
    expect(publicText).toContain(resolutionNumber);
    expect(publicText).toContain('[jméno a příjmení]');
    expect(publicText).toContain('uzavřít nájemní smlouvu na prostory v Domě kultury');
    expect(publicText).not.toContain('Kolaří');
    await expectAccessible(visitor);
    // The meeting's public page with its final minutes does not reveal the name either.
    await visitor.goto(`${j.baseUrl}/hlucin/zasedani/${meetingId}`);
    const meetingText = (await visitor.locator('main').textContent()) ?? '';
    expect(meetingText).toContain('Starosta představil podmínky pronájmu.');
    expect(meetingText).toContain('[jméno a příjmení]');
    expect(meetingText).not.toContain('Kolaří');
    await expectAccessible(visitor);
    // Nor does the adopted material's public page: what was redacted on the resolution is hidden there too.
    const materialLinks = visitor.locator('a[href*="/hlucin/materialy/"]');
    expect(await materialLinks.count()).toBeGreaterThan(0);
    const hrefs = await materialLinks.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    let sawLease = false;
    for (const href of hrefs) {
      await visitor.goto(href);
      const materialText = (await visitor.locator('main').textContent()) ?? '';
      expect(materialText).not.toContain('Kolaří');
      if (materialText.includes(LEASE.title)) {
        sawLease = true;
        expect(materialText).toContain('[jméno a příjmení]');
        await expectAccessible(visitor);
      }
    }
    expect(sawLease).toBe(true);
    // The search does not find the redacted name.
    await visitor.goto(`${j.baseUrl}/hlucin/usneseni?q=${encodeURIComponent('Kolaříkovi')}`);
    expect(await visitor.locator('.resolution-list a').count()).toBe(0);
    await expectAccessible(visitor);
    await visitor.context().close();
  }, 300_000);
});
