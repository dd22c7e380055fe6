import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Locator, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src/platform/calendar/index.js';
import { JobWorker } from '../../src/platform/jobs/worker.js';
import { renderPdf } from '../../src/platform/pdf/index.js';
import { expectAccessible, type Journey, startJourney } from './support.js';

/**
 * The records office's journey in Chromium (issue 3), through the staff pages only: the registry
 * clerk (`podatelna`) registers a paper letter with its scan and assigns it; the handler
 * (`referent`) finds it among "my documents", accepts it, forms a file from it, drafts a reply
 * with a component; the head (`vedouci`) approves it; the handler prepares the e-mail dispatch
 * and settles the letter; the dispatch office sends the reply, which a loopback SMTP server
 * receives with the component attached; the handler settles the reply and closes the file; the
 * records manager (`spisovna`) takes it over into the records office. axe-core on every page.
 */
let j: Journey;
let worker: JobWorker;
let smtp: SMTPServer;
const inbox: { to: string[]; raw: Buffer }[] = [];

const UNIT = 'Odbor výstavby a životního prostředí';
const SUBJECT = 'Ohlášení stavby pergoly na pozemku p. č. 412/3';
const SENDER = {
  name: 'Karel Sedláček',
  address: 'Zahradní 7, 748 01 Hlučín',
  email: 'karel.sedlacek@posta.example',
};
const REPLY = 'Souhlas s ohlášenou stavbou pergoly';
let scan: Buffer;
let replyPdf: Buffer;

beforeAll(async () => {
  // The office's outgoing mail relay, played by a loopback SMTP server that keeps what it gets.
  smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  j = await startJourney({
    env: {
      SMTP_OUT_HOST: '127.0.0.1',
      SMTP_OUT_PORT: String(smtpPort),
      SMTP_OUT_FROM: 'podatelna@hlucin.cz',
    },
  });
  // The job worker as `serve` runs it, polling often so the e-mail leaves while the test waits.
  worker = new JobWorker(j.ctx, { pollMs: 200 });
  worker.start();
  scan = Buffer.from(
    await renderPdf({
      title: SUBJECT,
      blocks: [
        { kind: 'title', text: SUBJECT },
        { kind: 'paragraph', text: `${SENDER.name}, ${SENDER.address}` },
        { kind: 'paragraph', text: 'Ohlašuji stavbu dřevěné pergoly 4 × 3 m na zahradě rodinného domu.' },
      ],
    }),
  );
  replyPdf = Buffer.from(
    await renderPdf({
      title: REPLY,
      blocks: [
        { kind: 'title', text: REPLY },
        { kind: 'paragraph', text: 'Stavební úřad nemá proti ohlášené stavbě námitek.' },
      ],
    }),
  );
  // Seeding the whole demo world (every module, PDFs included) is slow on a busy machine.
}, 400_000);
afterAll(async () => {
  await worker?.stop();
  await j?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
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

/** Submits a form the way a user does, waits for the page it leads to, fails on a refusal. */
async function submit(page: Page, form: Locator, url?: RegExp | string): Promise<void> {
  await Promise.all([
    page.waitForNavigation(url ? { url } : undefined),
    form.locator('button[type=submit]').click(),
  ]);
  const problem = page.locator('main [role=alert]');
  if (await problem.count()) throw new Error(`refused: ${await problem.first().textContent()}`);
}

/** The value of a fact (dt → dd, the label matched exactly) on a page. */
async function fact(page: Page, label: string): Promise<string> {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const dd = page
    .locator('main dl dt')
    .filter({ hasText: exact })
    .first()
    .locator('xpath=following-sibling::dd[1]');
  return ((await dd.textContent()) ?? '').trim();
}

const heading = async (page: Page) => ((await page.locator('h1').textContent()) ?? '').trim();
const notice = async (page: Page) =>
  ((await page.locator('main [role=status]').first().textContent()) ?? '').trim();
const DOC_URL = /\/app\/records\/documents\/[0-9a-f-]{36}\?done=/;
const OWN_URL = /\/app\/records\/own\/[0-9a-f-]{36}\?done=/;
const FILE_URL = /\/app\/records\/files\/[0-9a-f-]{36}\?done=/;

describe('records journey: from a paper letter to a file in the records office', () => {
  it('registry → handler → head → dispatch by e-mail → close → records office', async () => {
    const started = Date.now();
    const today = todayIn('Europe/Prague', j.ctx.clock.now());
    const year = Number(today.slice(0, 4));

    // 1. The registry clerk registers the paper letter with its scan.
    const clerk = await signIn('podatelna', '/app/records/intake');
    expect(await heading(clerk)).toBe('Podatelna – příjem zásilky');
    await expectAccessible(clerk);
    const intake = clerk.locator('form[action^="/app/records/intake"]');
    await intake.locator('#f-subject').fill(SUBJECT);
    await intake.locator('#f-sender-kind').selectOption('natural');
    await intake.locator('#f-sender-name').fill(SENDER.name);
    await intake.locator('#f-sender-address').fill(SENDER.address);
    await intake.locator('#f-sender-email').fill(SENDER.email);
    await intake.locator('#f-deliveryMethod').selectOption('post');
    await intake.locator('#f-sheets').fill('1');
    await intake.locator('#f-groupId').selectOption({ label: '3.3 Ohlášení drobných staveb' });
    await intake
      .locator('#f-files')
      .setInputFiles({ name: 'ohlaseni-pergola.pdf', mimeType: 'application/pdf', buffer: scan });
    await submit(clerk, intake, DOC_URL);
    const letterUrl = clerk.url().replace(/\?.*$/, '');
    const ref = await fact(clerk, 'Číslo jednací');
    expect(ref).toMatch(/^MUHL\/\d+\/\d{4}$/);
    expect(await heading(clerk)).toBe(`${ref} – ${SUBJECT}`);
    expect(await notice(clerk)).toBe('Dokument byl zaevidován.');
    expect(await fact(clerk, 'Stav')).toBe('Zaevidován');
    expect(await fact(clerk, 'Odesílatel')).toContain(SENDER.name);
    const scanRow = clerk.locator('main table tr', { hasText: 'ohlaseni-pergola.pdf' });
    expect(await scanRow.textContent()).toContain('Přijata');
    await expectAccessible(clerk);

    // 2. … and hands it to the building department's handler with a 30-day deadline.
    const assign = clerk.locator('form[action$="/assign"]');
    await assign.locator('#f-orgUnitId').selectOption({ label: UNIT });
    await assign.locator('#f-handlerId').selectOption({ label: `Radek Řehoř (${UNIT})` });
    await assign.locator('#f-deadlineDays').fill('30');
    await submit(clerk, assign, DOC_URL);
    expect(await notice(clerk)).toBe('Dokument byl předán k vyřízení.');
    expect(await fact(clerk, 'Stav')).toBe('Předán k vyřízení');
    expect(await fact(clerk, 'Zpracovatel')).toBe('Radek Řehoř');
    expect(await fact(clerk, 'Útvar')).toBe(UNIT);
    const due = /Lhůta:\s*(\d{4}-\d{2}-\d{2})/.exec((await clerk.locator('main').textContent()) ?? '')?.[1];
    expect(due, 'the deadline is shown').toBeTruthy();
    expect(due! > today).toBe(true);
    await expectAccessible(clerk);

    // 3. The handler finds it among "my documents" on the dashboard and accepts it.
    const handler = await signIn('referent', '/app');
    const mine = handler.locator('main section.dashboard-widget', { hasText: 'Moje dokumenty (1)' });
    expect(await mine.textContent()).toContain(SUBJECT);
    await expectAccessible(handler);
    await Promise.all([handler.waitForURL(letterUrl), mine.locator('a', { hasText: ref }).click()]);
    expect(await heading(handler)).toBe(`${ref} – ${SUBJECT}`);
    expect(await handler.locator('main').textContent()).toContain(`Lhůta: ${due}`);
    await expectAccessible(handler);
    await submit(handler, handler.locator('form[action$="/accept"]'), DOC_URL);
    expect(await notice(handler)).toBe('Dokument jste převzali.');
    expect(await fact(handler, 'Stav')).toBe('Převzat zpracovatelem');
    await expectAccessible(handler);

    // A file by priorace: its number is the letter's číslo jednací.
    const formFile = handler.locator('form:has(input[name=initialDocumentId])');
    expect(await formFile.locator('#f-groupId option:checked').textContent()).toContain(
      '3.3 Ohlášení drobných staveb',
    );
    await submit(handler, formFile, FILE_URL);
    const fileUrl = handler.url().replace(/\?.*$/, '');
    expect(await notice(handler)).toBe('Spis byl založen.');
    expect(await heading(handler)).toBe(`Spis ${ref} – ${SUBJECT}`);
    expect(await fact(handler, 'Spisová značka')).toBe(ref);
    expect(await fact(handler, 'Stav')).toBe('Otevřený');
    expect(await handler.locator('main table', { hasText: ref }).first().textContent()).toContain(
      'iniciační dokument',
    );
    await expectAccessible(handler);

    // The reply: drafted from the letter's page, it answers the letter and joins its file.
    await Promise.all([
      handler.waitForURL(letterUrl),
      handler.locator('main td a', { hasText: ref }).click(),
    ]);
    expect(await handler.locator('main').textContent()).toContain(`Spis: ${ref}`);
    await expectAccessible(handler);
    await Promise.all([
      handler.waitForURL(/\/app\/records\/own\?answers=/),
      handler.locator('main a', { hasText: 'Připravit odpověď (vlastní dokument)' }).click(),
    ]);
    expect(await heading(handler)).toBe('Vlastní dokumenty');
    await expectAccessible(handler);
    const draft = handler.locator('form[action="/app/records/own"]');
    expect(await draft.locator('#f-answersRefNumber').inputValue()).toBe(ref);
    await draft.locator('#f-subject').fill(REPLY);
    await submit(handler, draft, OWN_URL);
    const replyUrl = handler.url().replace(/\?.*$/, '');
    const replyRef = await fact(handler, 'Číslo jednací');
    expect(replyRef).toMatch(/^MUHL\/\d+\/\d{4}$/);
    expect(replyRef).not.toBe(ref);
    expect(await heading(handler)).toBe(`${replyRef} – ${REPLY}`);
    expect(await notice(handler)).toBe('Koncept je založen a zaevidován.');
    expect(await fact(handler, 'Stav schválení')).toBe('Koncept');
    expect(await fact(handler, 'Odpověď na')).toContain(ref);
    expect(await fact(handler, 'Spis')).toBe(ref);
    // Without named recipients the letter's sender is the recipient, with the e-mail address.
    expect(await handler.locator('main li', { hasText: SENDER.name }).textContent()).toContain(SENDER.email);
    await expectAccessible(handler);

    const upload = handler.locator('form[action*="/components"]');
    await upload
      .locator('#f-files')
      .setInputFiles({ name: 'souhlas-pergola.pdf', mimeType: 'application/pdf', buffer: replyPdf });
    await submit(handler, upload, OWN_URL);
    expect(await notice(handler)).toBe('Soubory jsou nahrány.');
    const componentRow = handler.locator('main table tr', { hasText: 'souhlas-pergola.pdf' }).first();
    expect(await componentRow.textContent()).toContain('1: souhlas-pergola.pdf');
    await expectAccessible(handler);
    await submit(handler, handler.locator('form[action$="/submit"]'), OWN_URL);
    expect(await notice(handler)).toBe('Dokument je předložen ke schválení.');
    expect(await fact(handler, 'Stav schválení')).toBe('Ke schválení');
    await expectAccessible(handler);

    // The head approves it from the approval desk: the version becomes final.
    const head = await signIn('vedouci', '/app/records/own');
    const desk = head.locator('section[aria-labelledby=h-waiting]');
    expect(await desk.textContent()).toContain(REPLY);
    await expectAccessible(head);
    await Promise.all([head.waitForURL(replyUrl), desk.locator('a', { hasText: replyRef }).click()]);
    await expectAccessible(head);
    await submit(head, head.locator('form[action$="/approve"]'), OWN_URL);
    expect(await notice(head)).toBe('Dokument je schválen; jeho verze je finální.');
    expect(await fact(head, 'Stav schválení')).toBe('Finální verze');
    expect(await fact(head, 'Rozhodl(a)')).toContain('Věra Vaňková');
    await expectAccessible(head);
    await head.context().close();

    // The handler prepares the e-mail dispatch and hands it to the dispatch office.
    await handler.goto(replyUrl);
    expect(await handler.locator('main').textContent()).toContain(
      'Dokument je schválen: komponenty a adresáti jsou zmrazeni.',
    );
    expect(await handler.locator('form[action*="/components"]').count()).toBe(0);
    const prepare = handler.locator('form[action$="/dispatches"]');
    await prepare.locator('#f-recipientId').selectOption({ label: SENDER.name });
    await prepare.locator('#f-method').selectOption('email');
    await submit(handler, prepare, OWN_URL);
    expect(await notice(handler)).toBe('Vypravení je připraveno.');
    const dispatchRow = handler.locator('main table tr', { hasText: SENDER.email });
    expect(await dispatchRow.textContent()).toContain('Připraveno');
    await submit(handler, dispatchRow.locator('form[action$="/hand-over"]'), OWN_URL);
    expect(await notice(handler)).toBe('Vypravení je předáno výpravně.');
    expect(await dispatchRow.textContent()).toContain('Předáno výpravně');
    await expectAccessible(handler);

    // … and settles the letter: it was answered by the reply.
    await Promise.all([
      handler.waitForURL(letterUrl),
      handler.locator('main dd a[href^="/app/records/documents/"]', { hasText: ref }).click(),
    ]);
    const settle = handler.locator('form[action$="/settle"]');
    await settle.locator('#f-method').selectOption('document');
    expect(await settle.locator('#f-date').inputValue()).toBe(today);
    await settle.locator('#f-note').fill(`Vyřízeno dopisem č. j. ${replyRef}.`);
    await submit(handler, settle, DOC_URL);
    expect(await notice(handler)).toBe('Dokument byl vyřízen.');
    expect(await fact(handler, 'Stav')).toBe('Vyřízen');
    expect(await fact(handler, 'Způsob vyřízení')).toBe('Vyřízení dokumentem');
    expect(await fact(handler, 'Datum vyřízení')).toBe(today);
    await expectAccessible(handler);

    // 4. The dispatch office sends the reply by e-mail; the relay receives it with the component.
    await clerk.goto(`${j.baseUrl}/app/records/dispatch`);
    expect(await heading(clerk)).toBe('Výpravna – fronta vypravení');
    const queued = clerk.locator('main table tr', { hasText: replyRef });
    expect(await queued.textContent()).toContain('Předáno výpravně');
    await expectAccessible(clerk);
    await submit(clerk, queued.locator('form[action$="/send"]'), /\/app\/records\/dispatch\?done=sent/);
    expect(await notice(clerk)).toBe('Hotovo.');
    const mail = await waitFor(() => inbox.find((m) => m.to.includes(SENDER.email)), 20_000);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe(`${replyRef} – ${REPLY}`);
    const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
    expect(to.flatMap((a) => a.value.map((v) => v.address))).toEqual([SENDER.email]);
    expect(parsed.from?.value[0]?.address).toBe('podatelna@hlucin.cz');
    expect(parsed.text).toContain(replyRef);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['souhlas-pergola.pdf']);
    expect(parsed.attachments[0]?.contentType).toBe('application/pdf');
    expect(Buffer.compare(parsed.attachments[0]!.content, replyPdf)).toBe(0);
    // The queue shows it sent once the job has recorded it.
    await waitFor(async () => {
      await clerk.goto(`${j.baseUrl}/app/records/dispatch`);
      return ((await queued.textContent()) ?? '').includes(`Vypraveno · Vypraveno ${today}`) || undefined;
    }, 10_000);
    await expectAccessible(clerk);
    await clerk.context().close();

    // 5. The handler settles the reply too and closes the file.
    await handler.goto(replyUrl);
    expect(await handler.locator('main table tr', { hasText: SENDER.email }).textContent()).toContain(
      'Vypraveno',
    );
    // The document's audit history names the sending job as the actor of "Vypraveno".
    expect(await handler.locator('main tr', { hasText: 'výpravna (SMTP)' }).textContent()).toContain(
      'Vypraveno',
    );
    await expectAccessible(handler);
    await Promise.all([
      handler.waitForURL(/\/app\/records\/documents\/[0-9a-f-]{36}$/),
      handler.locator('main a', { hasText: `Dokument ${replyRef}` }).click(),
    ]);
    expect(await heading(handler)).toBe(`${replyRef} – ${REPLY}`);
    await expectAccessible(handler);
    await submit(handler, handler.locator('form[action$="/settle"]'), DOC_URL);
    expect(await fact(handler, 'Stav')).toBe('Vyřízen');
    await Promise.all([handler.waitForURL(fileUrl), handler.locator('main p a', { hasText: ref }).click()]);
    const documents = handler.locator('main table').first();
    expect(await documents.locator('tr', { hasText: replyRef }).textContent()).toContain('Vyřízen');
    await expectAccessible(handler);
    await submit(handler, handler.locator('form[action$="/close"]'), FILE_URL);
    expect(await notice(handler)).toBe('Spis byl uzavřen.');
    expect(await fact(handler, 'Stav')).toBe('Uzavřený');
    expect(await fact(handler, 'Uzavřen')).toBe(today);
    // S5 counted from the year of settlement: disposal in that year + 5 + 1.
    expect(await fact(handler, 'Rok vyřazení')).toBe(String(year + 6));
    await expectAccessible(handler);

    // The records manager takes the closed file over into the records office.
    const manager = await signIn('spisovna', '/app/records/office');
    expect(await heading(manager)).toBe('Spisovna');
    await expectAccessible(manager);
    const handOver = manager.locator('form[method=post][action="/app/records/office"]');
    await handOver.locator('#f-fileId').selectOption({ label: `${ref} – ${SUBJECT} (${today})` });
    await handOver.locator('#f-location').fill('Regál 3, krabice 12');
    await submit(manager, handOver, /\/app\/records\/office\/[0-9a-f-]{36}\?done=handed/);
    expect(await notice(manager)).toBe('Spis byl předán do spisovny.');
    expect(await heading(manager)).toBe(`Položka spisovny ${ref}`);
    expect(await fact(manager, 'Stav')).toBe('uložen');
    expect(await fact(manager, 'Rok vyřazení')).toBe(`${year + 6} (${year} + 5 + 1)`);
    expect(await fact(manager, 'Umístění (ukládací jednotka)')).toBe('Regál 3, krabice 12');
    await expectAccessible(manager);
    await manager.goto(`${j.baseUrl}/app/records/office`);
    expect(await manager.locator('main table tr', { hasText: ref }).textContent()).toContain('uložen');
    expect(
      await manager
        .locator('form[method=post][action="/app/records/office"] option', { hasText: ref })
        .count(),
    ).toBe(0);
    await expectAccessible(manager);
    // From the list to the entry and on to the file, which links back to its entry.
    const entryLink = manager.locator('main table tr', { hasText: ref }).locator('a');
    await Promise.all([manager.waitForURL(/\/app\/records\/office\/[0-9a-f-]{36}$/), entryLink.click()]);
    const entryUrl = manager.url();
    await Promise.all([
      manager.waitForURL(fileUrl),
      manager.locator('main p a[href^="/app/records/files/"]').click(),
    ]);
    expect(await fact(manager, 'Stav')).toBe('Uzavřený');
    expect(await fact(manager, 'Spisovna')).toBe('uložen');
    expect(await manager.locator('main dd a', { hasText: 'uložen' }).getAttribute('href')).toBe(
      entryUrl.replace(j.baseUrl, ''),
    );
    await expectAccessible(manager);
    await manager.context().close();

    // The handler's file page shows it in the records office, and no longer offers reopening.
    await handler.goto(fileUrl);
    expect(await fact(handler, 'Spisovna')).toBe('uložen');
    expect(await handler.locator('form[action$="/reopen"]').count()).toBe(0);
    await expectAccessible(handler);
    await handler.context().close();

    console.log(`records journey: ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
  }, 120_000);
});

/** Polls `probe` until it gives a value (or the time is up). */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
