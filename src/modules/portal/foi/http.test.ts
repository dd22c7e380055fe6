import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../platform/http/app.js';
import { fastHashing, type Signed, signIn } from '../../../platform/identity/testing.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../../seed.js';
import { createTestContext, type TestContext } from '../../../test-support/context.js';
import { foiTestModules } from './testing.js';

let ctx: TestContext;
let app: FastifyInstance;
let referent: Signed;
let vedouci: Signed;
let deska: Signed;
let village: Signed;
let gmina: Signed;

beforeAll(async () => {
  ctx = await createTestContext({ modules: foiTestModules(), now: new Date('2026-03-02T09:00:00Z') });
  fastHashing(ctx);
  await seedDemoIfEmpty(ctx);
  app = await buildApp(ctx);
  referent = await signIn(app, 'hlucin', 'referent', DEMO_PASSWORD);
  vedouci = await signIn(app, 'hlucin', 'vedouci', DEMO_PASSWORD);
  deska = await signIn(app, 'hlucin', 'deska', DEMO_PASSWORD);
  village = await signIn(app, 'bohuslavice', 'starosta', DEMO_PASSWORD);
  gmina = await signIn(app, 'przykladowo', 'admin', DEMO_PASSWORD);
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const html = { accept: 'text/html' };
const form = (s: Signed, body: Record<string, string>) => ({
  headers: { ...html, cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: s.csrf, ...body }).toString(),
});
const api = (s: Signed) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });
const text = (res: LightMyRequestResponse) => res.body.replace(/\s+/g, ' ');

async function newRequestId(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/foi-requests',
    headers: api(referent),
    payload: {
      channel: 'email',
      applicantName: 'Eva Malá',
      applicantContact: 'eva@example.cz',
      requestText: 'Kolik stál chodník?',
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('the public request form', () => {
  it('takes a request without sign-in and shows the tracking number and deadline', async () => {
    const page = await app.inject({ method: 'GET', url: '/hlucin/informace/zadost', headers: html });
    expect(page.statusCode).toBe(200);
    const cookie = page.cookies.find((c) => c.name === 'csrf_pre')!;
    expect(cookie.path).toBe('/hlucin/');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const body = new URLSearchParams({
      _csrf: token,
      applicantName: 'Karel Občan',
      applicantContact: 'karel@example.cz',
      requestText: 'Žádám o rozpočet na opravu školy.',
    }).toString();
    const headers = {
      ...html,
      cookie: `csrf_pre=${cookie.value}`,
      'content-type': 'application/x-www-form-urlencoded',
    };

    const noToken = await app.inject({
      method: 'POST',
      url: '/hlucin/informace/zadost',
      headers: { ...headers, cookie: '' },
      payload: body,
    });
    expect(noToken.statusCode).toBe(403);

    const sent = await app.inject({
      method: 'POST',
      url: '/hlucin/informace/zadost',
      headers,
      payload: body,
    });
    expect(sent.statusCode).toBe(201);
    // demo requests took 0001–0003 of 2026
    expect(text(sent)).toContain('INF/0004/2026');
    expect(text(sent)).toContain('17. 3. 2026');
    const ref = /data-testid="document-ref">([^<]+)</.exec(sent.body)![1]!;
    expect(ref).toMatch(/^MUHL\/\d+\/2026$/); // Hlučín’s template

    const list = await app.inject({
      method: 'GET',
      url: '/app/foi?filter=open',
      headers: { ...html, cookie: referent.cookie },
    });
    expect(text(list)).toContain('Karel Občan');
    // the registry sees the same request, by its reference number, in the registry journal
    const clerk = await signIn(app, 'hlucin', 'podatelna', DEMO_PASSWORD);
    const journal = await app.inject({
      method: 'GET',
      url: `/api/v1/records/documents?q=${encodeURIComponent(ref)}`,
      headers: api(clerk),
    });
    expect(journal.statusCode).toBe(200);
    expect(JSON.stringify(journal.json())).toContain('Žádost o poskytnutí informace');
    expect(JSON.stringify(journal.json())).toContain('Karel Občan');
  });

  it('tells the handler when a reference number to link is unknown, keeping what was typed', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/foi/new',
      ...form(referent, {
        channel: 'paper',
        documentRef: '9999/2026',
        applicantName: 'Petr Dlouhý',
        applicantContact: 'petr@example.cz',
        requestText: 'Kolik stál most?',
      }),
    });
    expect(res.statusCode).toBe(422);
    expect(text(res)).toContain('9999/2026');
    expect(text(res)).toContain('Petr Dlouhý');
    expect(res.body).toMatch(/id="documentRef-error"/);
  });

  it('shows field errors for bad input and keeps what was typed', async () => {
    const page = await app.inject({ method: 'GET', url: '/hlucin/zadost-o-informace', headers: html });
    expect(page.statusCode).toBe(200);
    const cookie = page.cookies.find((c) => c.name === 'csrf_pre')!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/hlucin/informace/zadost',
      headers: {
        ...html,
        cookie: `csrf_pre=${cookie.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        _csrf: token,
        applicantName: 'Karel',
        applicantContact: 'karel@',
        requestText: '',
      }).toString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('aria-describedby="applicantContact-hint applicantContact-error"');
    expect(res.body).toContain('id="requestText-error"');
    expect(res.body).toContain('value="Karel"');
  });

  it('is not offered to a Polish tenant (different law)', async () => {
    const res = await app.inject({ method: 'GET', url: '/przykladowo/informace/zadost', headers: html });
    expect(res.statusCode).toBe(404);
  });
});

describe('the handler’s pages and the rules', () => {
  it('extending twice is refused with a clear message and changes nothing', async () => {
    const id = await newRequestId();
    const once = await app.inject({
      method: 'POST',
      url: `/app/foi/${id}/action`,
      ...form(referent, { action: 'extend', days: '10', reason: 'Rozsáhlé' }),
    });
    expect(once.statusCode).toBe(303);
    const twice = await app.inject({
      method: 'POST',
      url: `/app/foi/${id}/action`,
      ...form(referent, { action: 'extend', days: '5', reason: 'Znovu' }),
    });
    expect(twice.statusCode).toBe(409);
    expect(text(twice)).toContain('prodloužit ji lze jen jednou');
    const detail = await app.inject({
      method: 'GET',
      url: `/api/v1/foi-requests/${id}`,
      headers: api(referent),
    });
    expect(detail.json()).toMatchObject({ extensionDays: 10, answerPeriodDays: 25, nextDueOn: '2026-03-27' });
    expect(detail.json().deadlines[0].explanationText).toContain('25 dní od 2026-03-02');

    const beyond = await app.inject({
      method: 'POST',
      url: `/api/v1/foi-requests/${await newRequestId()}/actions`,
      headers: api(referent),
      payload: { action: 'extend', days: 11, reason: 'x' },
    });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.headers['content-type']).toContain('application/problem+json');
  });

  it('an answer after the request is closed is refused (409), the first answer stays', async () => {
    const id = await newRequestId();
    const first = await app.inject({
      method: 'POST',
      url: `/app/foi/${id}/action`,
      ...form(referent, { action: 'provide', answer: 'Stál 2 mil. Kč.' }),
    });
    expect(first.statusCode).toBe(303);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/foi-requests/${id}/actions`,
      headers: api(referent),
      payload: { action: 'provide', answer: 'Jiná odpověď' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('closed');
    const page = await app.inject({
      method: 'GET',
      url: `/app/foi/${id}`,
      headers: { ...html, cookie: referent.cookie },
    });
    expect(text(page)).toContain('Stál 2 mil. Kč.');
    expect(text(page)).not.toContain('Jiná odpověď');
    expect(text(page)).toContain('Zveřejnění poskytnuté informace');
  });

  it('shows the detail with deadlines and their explanation, and the overdue list', async () => {
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/foi-requests?filter=all',
      headers: api(referent),
    });
    const unclear = list.json().find((r: { state: string }) => r.state === 'clarification_requested');
    const page = await app.inject({
      method: 'GET',
      url: `/app/foi/${unclear.id}`,
      headers: { ...html, cookie: referent.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(text(page)).toContain('Upřesnění od žadatele');
    expect(text(page)).toMatch(/30 dní od \d{4}-\d{2}-\d{2}/);
    // a paper request received a month ago and never answered
    const late = await app.inject({
      method: 'POST',
      url: '/api/v1/foi-requests',
      headers: api(referent),
      payload: {
        channel: 'paper',
        receivedOn: '2026-02-02',
        applicantName: 'Pozdní Žadatel',
        applicantContact: 'Nádražní 5, 748 01 Hlučín',
        requestText: 'Dotaz',
      },
    });
    expect(late.json()).toMatchObject({ nextDueOn: '2026-02-17', overdue: true });
    const overdue = await app.inject({
      method: 'GET',
      url: '/app/foi?filter=overdue',
      headers: { ...html, cookie: referent.cookie },
    });
    expect(text(overdue)).toContain('Pozdní Žadatel');
    expect(text(overdue)).toContain('po lhůtě');
    const soon = await app.inject({
      method: 'GET',
      url: '/app/foi?filter=due-soon',
      headers: { ...html, cookie: referent.cookie },
    });
    expect(text(soon)).not.toContain('Pozdní Žadatel');
  });

  it('hides other tenants’ requests (404) and refuses other roles (403)', async () => {
    const id = await newRequestId();
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/foi-requests/${id}`, headers: api(village) }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/app/foi/${id}`,
          headers: { ...html, cookie: village.cookie },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/foi-requests/${id}/actions`,
          headers: api(village),
          payload: { action: 'provide', answer: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: '/app/foi', headers: { ...html, cookie: deska.cookie } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/foi-requests', headers: api(deska) })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/foi-requests' })).statusCode).toBe(401);
  });
});

describe('published information and the annual report', () => {
  it('lists the published demo answer', async () => {
    const res = await app.inject({ method: 'GET', url: '/hlucin/informace/poskytnute', headers: html });
    expect(res.statusCode).toBe(200);
    expect(text(res)).toContain('Náklady na zimní údržbu místních komunikací 2024/2025');
  });

  it('publishes the annual report only when the head says so, as HTML and PDF', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/hlucin/informace/vyrocni-zprava/2026', headers: html }))
        .statusCode,
    ).toBe(404);
    const refused = await app.inject({
      method: 'POST',
      url: '/app/foi/report/publish?year=2026',
      ...form(referent, {}),
    });
    expect(refused.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/app/foi/report/publish?year=2026',
      ...form(vedouci, {}),
    });
    expect(ok.statusCode).toBe(303);
    const page = await app.inject({
      method: 'GET',
      url: '/hlucin/informace/vyrocni-zprava/2026',
      headers: html,
    });
    expect(page.statusCode).toBe(200);
    expect(text(page)).toMatch(/Počet podaných žádostí o informace<\/th><td>\d+/);
    const pdf = await app.inject({ method: 'GET', url: '/hlucin/informace/vyrocni-zprava/2026/pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('public information pages', () => {
  it('shows the 442/2006 tree and a page', async () => {
    const index = await app.inject({ method: 'GET', url: '/hlucin/informace', headers: html });
    expect(index.statusCode).toBe(200);
    expect(text(index)).toContain('1. Název');
    expect(text(index)).toContain('8.2 Rozpočet');
    const page = await app.inject({
      method: 'GET',
      url: '/hlucin/informace/bankovni-spojeni',
      headers: html,
    });
    expect(text(page)).toContain('19-1842031389/0800');
    expect(
      (await app.inject({ method: 'GET', url: '/hlucin/informace/neni', headers: html })).statusCode,
    ).toBe(404);
  });

  it('shows a Polish BIP page with its metryczka, change register and archived versions', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/przykladowo/informace/rachunek-bankowy',
      headers: html,
    });
    expect(page.statusCode).toBe(200);
    const t = text(page);
    for (const s of [
      'Metryczka',
      'Podmiot udostępniający',
      'Wytworzył',
      'Wprowadził',
      'Data wytworzenia',
      'Data udostępnienia',
      'Rejestr zmian',
      'Podano numer rachunku',
      'Zofia Kowalska',
    ]) {
      expect(t).toContain(s);
    }
    expect(page.body).toContain('href="/przykladowo/informace/rachunek-bankowy/wersje/1"');
    const old = await app.inject({
      method: 'GET',
      url: '/przykladowo/informace/rachunek-bankowy/wersje/1',
      headers: html,
    });
    expect(text(old)).toContain('[uzupełnij numer rachunku]');
    expect(text(old)).toContain('Wersja archiwalna 1');
  });

  it('lets a publisher publish a new version; others may not', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/informace/ico',
      ...form(deska, {
        title: '6. IČO',
        body: '00300063',
        producedBy: 'Kancelář tajemníka',
        changeNote: 'Kontrola',
      }),
    });
    expect(res.statusCode).toBe(200);
    expect(text(res)).toContain('Uložena nová verze 2');
    const bad = await app.inject({
      method: 'POST',
      url: '/app/informace/ico',
      ...form(deska, { title: '', body: 'x', producedBy: '' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="title-error"');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/app/informace/ico',
          ...form(referent, { title: 'x', body: 'x', producedBy: 'x' }),
        })
      ).statusCode,
    ).toBe(403);
    const viaApi = await app.inject({ method: 'GET', url: '/api/v1/info-pages/ico', headers: api(deska) });
    expect(viaApi.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const pl = await app.inject({
      method: 'PUT',
      url: '/api/v1/info-pages/nazwa',
      headers: api(gmina),
      payload: { title: 'Nazwa', body: 'Gmina Przykładowo', producedBy: 'Sekretarz', changeNote: 'x' },
    });
    expect(pl.json().version).toBe(2);
    // the Hlučín page of the same name is not the Polish tenant's
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/info-pages/bankovni-spojeni', headers: api(gmina) }))
        .statusCode,
    ).toBe(404);
  });
});
