import type { FastifyInstance } from 'fastify';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { czechPdf, orgUnitId } from './test-fixtures.js';
import { as, demoApp, login, multipart, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handler: Session;
let head: Session;
let foreign: Session;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  clerk = await login(app, 'hlucin', 'podatelna');
  handler = await login(app, 'hlucin', 'referent');
  head = await login(app, 'hlucin', 'vedouci');
  foreign = await login(app, 'bohuslavice', 'starosta');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const post = (s: Session, url: string, payload?: object) =>
  as(app, s, { method: 'POST', url, ...(payload ? { payload } : {}) });
const get = (s: Session, url: string) => as(app, s, { method: 'GET', url });
const form = (s: Session, url: string, fields: Record<string, string>) =>
  as(app, s, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
  });
const upload = async (s: Session, url: string, fields: Record<string, string>, text: string) => {
  const body = multipart(fields, [
    { filename: 'dopis.pdf', content: await czechPdf(text), type: 'application/pdf' },
  ]);
  return as(app, s, { method: 'POST', url, payload: body.payload, headers: body.headers });
};

describe('own documents and dispatch over HTTP', () => {
  let id: string;
  let recipientId: string;
  let dispatchId: string;

  it('a handler creates a draft (201) registered with a číslo jednací; the registry may not (403)', async () => {
    const res = await post(handler, '/api/v1/records/own-documents', {
      subject: 'Sdělení o stavu řízení',
      recipients: [{ kind: 'natural', name: 'Karel Dvořák', address: 'Lesní 3, 748 01 Hlučín' }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    id = body.document.id;
    recipientId = body.recipients[0].id;
    expect(body).toMatchObject({ state: 'draft', document: { status: 'accepted' } });
    expect(body.document.refNumber).toMatch(/^MUHL\/\d+\/2026$/);
    expect((await post(clerk, '/api/v1/records/own-documents', { subject: 'x' })).statusCode).toBe(403);
    expect((await post(handler, '/api/v1/records/own-documents', { subject: '' })).statusCode).toBe(422);
    expect(
      (await post(handler, '/api/v1/records/own-documents', { subject: 'x', bogus: 1 })).statusCode,
    ).toBe(422);
  });

  it('uploads a component and a new version (multipart); versions are downloadable', async () => {
    let res = await upload(handler, `/api/v1/records/own-documents/${id}/components`, {}, 'Znění 1');
    expect(res.statusCode).toBe(200);
    const componentId = res.json().components[0].id;
    res = await upload(handler, `/api/v1/records/own-documents/${id}/components`, { componentId }, 'Znění 2');
    expect(res.json().components[0]).toMatchObject({ id: componentId, version: 2 });
    const v1 = await get(handler, `/api/v1/records/own-documents/${id}/components/${componentId}/versions/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(v1.rawPayload), { mergePages: true });
    expect(text).toContain('Znění 1');
  });

  it('submit, a handler cannot approve (403), the head approves', async () => {
    expect((await post(handler, `/api/v1/records/own-documents/${id}/submit`)).statusCode).toBe(200);
    expect((await post(handler, `/api/v1/records/own-documents/${id}/approve`)).statusCode).toBe(403);
    expect((await post(head, `/api/v1/records/own-documents/${id}/return`, { reason: '' })).statusCode).toBe(
      422,
    );
    const res = await post(head, `/api/v1/records/own-documents/${id}/approve`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'final', can: { approve: false, edit: false } });
    expect(
      (await upload(handler, `/api/v1/records/own-documents/${id}/components`, {}, 'x')).statusCode,
    ).toBe(409);
  });

  it('post dispatch: prepared (201), envelope PDF, handed over, sent and delivered by the registry', async () => {
    const res = await post(handler, `/api/v1/records/own-documents/${id}/dispatches`, {
      recipientId,
      method: 'post',
    });
    expect(res.statusCode).toBe(201);
    dispatchId = res.json().id;
    const pdf = await get(handler, `/api/v1/records/dispatches/${dispatchId}/envelope.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true });
    expect(text).toContain('Karel Dvořák');
    expect(text).toContain('Lesní 3');
    expect(text).toContain('Doručenka');
    expect((await post(handler, `/api/v1/records/dispatches/${dispatchId}/hand-over`)).json().state).toBe(
      'handed_over',
    );
    expect((await get(handler, '/api/v1/records/dispatches')).statusCode).toBe(403);
    const queue = (await get(clerk, '/api/v1/records/dispatches')).json().items;
    expect(queue.map((x: { id: string }) => x.id)).toContain(dispatchId);
    expect(
      (await post(clerk, `/api/v1/records/dispatches/${dispatchId}/send`, { date: '2026-03-11' })).statusCode,
    ).toBe(422);
    expect((await post(clerk, `/api/v1/records/dispatches/${dispatchId}/send`, {})).json()).toMatchObject({
      state: 'sent',
      sentOn: '2026-03-10',
    });
    expect(
      (
        await post(clerk, `/api/v1/records/dispatches/${dispatchId}/delivered`, { date: '2026-03-10' })
      ).json(),
    ).toMatchObject({ state: 'delivered', deliveredOn: '2026-03-10' });
    expect((await post(clerk, `/api/v1/records/dispatches/${dispatchId}/delivered`, {})).statusCode).toBe(
      409,
    );
  });

  it('e-mail is refused while SMTP_OUT is not configured (409), nothing changes', async () => {
    const own = (
      await post(handler, '/api/v1/records/own-documents', {
        subject: 'E-mailem',
        recipients: [{ kind: 'natural', name: 'Lída Malá', email: 'lida@example.cz' }],
      })
    ).json();
    await upload(handler, `/api/v1/records/own-documents/${own.document.id}/components`, {}, 'E-mail');
    await post(handler, `/api/v1/records/own-documents/${own.document.id}/submit`);
    await post(head, `/api/v1/records/own-documents/${own.document.id}/approve`);
    const x = (
      await post(handler, `/api/v1/records/own-documents/${own.document.id}/dispatches`, {
        recipientId: own.recipients[0].id,
        method: 'email',
      })
    ).json();
    await post(handler, `/api/v1/records/dispatches/${x.id}/hand-over`);
    const res = await post(clerk, `/api/v1/records/dispatches/${x.id}/send`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('SMTP_OUT_HOST');
    const still = (await get(clerk, '/api/v1/records/dispatches?method=email')).json().items;
    expect(still.find((d: { id: string }) => d.id === x.id)).toMatchObject({
      state: 'handed_over',
      sendRequestedAt: null,
    });
  });

  it('another tenant gets 404; without the CSRF token 403', async () => {
    expect((await get(foreign, `/api/v1/records/own-documents/${id}`)).statusCode).toBe(404);
    expect((await post(foreign, `/api/v1/records/dispatches/${dispatchId}/delivered`, {})).statusCode).toBe(
      404,
    );
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/api/v1/records/own-documents/${id}/submit`,
      headers: { cookie: handler.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('documents the routes in OpenAPI under the records tag', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/records/own-documents', 'get'],
      ['/api/v1/records/own-documents', 'post'],
      ['/api/v1/records/own-documents/{id}', 'get'],
      ['/api/v1/records/own-documents/{id}/components', 'post'],
      ['/api/v1/records/own-documents/{id}/components/{componentId}/versions/{version}', 'get'],
      ['/api/v1/records/own-documents/{id}/recipients', 'post'],
      ['/api/v1/records/own-documents/{id}/recipients/{personId}', 'delete'],
      ['/api/v1/records/own-documents/{id}/submit', 'post'],
      ['/api/v1/records/own-documents/{id}/approve', 'post'],
      ['/api/v1/records/own-documents/{id}/return', 'post'],
      ['/api/v1/records/own-documents/{id}/dispatches', 'post'],
      ['/api/v1/records/dispatches', 'get'],
      ['/api/v1/records/dispatches/{id}/hand-over', 'post'],
      ['/api/v1/records/dispatches/{id}/send', 'post'],
      ['/api/v1/records/dispatches/{id}/delivered', 'post'],
      ['/api/v1/records/dispatches/{id}/undeliverable', 'post'],
      ['/api/v1/records/dispatches/{id}/in-person', 'post'],
      ['/api/v1/records/dispatches/{id}/envelope.pdf', 'get'],
    ] as const) {
      expect(spec.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['records']);
    }
  });
});

describe('own document and dispatch pages', () => {
  it('a draft through the forms: create, return with a reason, approve, prepare and hand over', async () => {
    const list = await get(handler, '/app/records/own');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Založit koncept');
    const bad = await form(handler, '/app/records/own', { subject: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Uveďte věc dokumentu.');
    const created = await form(handler, '/app/records/own', {
      subject: 'Výzva k doplnění',
      accessLevel: 'internal',
      'recipient.kind': 'natural',
      'recipient.name': 'Marie Veselá',
      'recipient.address': 'Polní 8, 748 01 Hlučín',
    });
    expect(created.statusCode).toBe(303);
    const url = created.headers.location!.split('?')[0]!;
    const id = url.split('/').at(-1)!;
    let page = await get(handler, url);
    expect(page.body).toContain('Výzva k doplnění');
    expect(page.body).toContain('Marie Veselá');
    expect(page.body).toContain('Nahrát soubory');
    await upload(handler, `/api/v1/records/own-documents/${id}/components`, {}, 'Výzva');
    expect((await form(handler, `${url}/submit`, {})).statusCode).toBe(303);
    page = await get(head, url);
    expect(page.body).toContain('Schválit (finální verze)');
    const waiting = await get(head, '/app/records/own');
    expect(waiting.body).toContain('Ke schválení');
    expect((await form(head, `${url}/return`, { reason: '' })).statusCode).toBe(422);
    expect((await form(head, `${url}/return`, { reason: 'Chybí lhůta.' })).statusCode).toBe(303);
    page = await get(handler, url);
    expect(page.body).toContain('Chybí lhůta.');
    await form(handler, `${url}/submit`, {});
    expect((await form(head, `${url}/approve`, {})).statusCode).toBe(303);
    page = await get(handler, url);
    expect(page.body).toContain('Připravit vypravení');
    const recipientId = /name="recipientId"[^>]*>\s*<option value="([^"]+)"/.exec(page.body)?.[1];
    expect(recipientId).toBeTruthy();
    expect(
      (await form(handler, `${url}/dispatches`, { recipientId: recipientId!, method: 'post' })).statusCode,
    ).toBe(303);
    page = await get(handler, url);
    expect(page.body).toContain('Obálka a dodejka (PDF)');
    const dispatchId = /\/app\/records\/dispatches\/([0-9a-f-]+)\/hand-over/.exec(page.body)?.[1];
    const handed = await form(handler, `/app/records/dispatches/${dispatchId}/hand-over`, {});
    expect(handed.statusCode).toBe(303);
    expect(handed.headers.location).toBe(`${url}?done=handedOver`);
    // The dispatch office's queue.
    expect((await get(handler, '/app/records/dispatch')).statusCode).toBe(403);
    const queue = await get(clerk, '/app/records/dispatch');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Výzva k doplnění');
    expect(queue.body).toContain('Označit jako vypravené');
    const sent = await form(clerk, `/app/records/dispatches/${dispatchId}/send`, { date: '' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/app/records/dispatch?done=sent');
    const after = await get(clerk, '/app/records/dispatch');
    expect(after.body).toContain('Zapsat doručení');
    const noCsrf = await as(app, clerk, {
      method: 'POST',
      url: `/app/records/dispatches/${dispatchId}/delivered`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': '' },
      payload: '',
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('the incoming document’s page offers a reply; the reply goes to its sender; the own document links its page', async () => {
    const ovId = await orgUnitId(ctx, await tenantIdOf(ctx, 'hlucin'), 'OV');
    const doc = (
      await post(clerk, '/api/v1/records/documents', {
        subject: 'Žádost o informaci',
        sender: { kind: 'natural', name: 'Petr Malý', address: 'Krátká 1, Hlučín' },
      })
    ).json().document;
    // Not yet assigned: nobody is offered a reply.
    expect((await get(clerk, `/app/records/documents/${doc.id}`)).body).not.toContain(
      '/app/records/own?answers=',
    );
    await post(clerk, `/api/v1/records/documents/${doc.id}/assign`, {
      orgUnitId: ovId,
      handlerId: handler.userId,
    });
    await post(handler, `/api/v1/records/documents/${doc.id}/accept`);
    const page = await get(handler, `/app/records/documents/${doc.id}`);
    const href = `/app/records/own?answers=${encodeURIComponent(doc.refNumber)}`;
    expect(page.body).toContain(href.replace(/&/g, '&amp;'));
    const formPage = await get(handler, href);
    expect(formPage.body).toContain(`value="${doc.refNumber}"`);
    const created = await form(handler, '/app/records/own', {
      subject: 'Odpověď na žádost o informaci',
      accessLevel: 'public',
      answersRefNumber: doc.refNumber,
    });
    expect(created.statusCode).toBe(303);
    const ownUrl = created.headers.location!.split('?')[0]!;
    const ownId = ownUrl.split('/').at(-1)!;
    const own = (await get(handler, `/api/v1/records/own-documents/${ownId}`)).json();
    expect(own.answers.id).toBe(doc.id);
    expect(own.recipients.map((r: { name: string }) => r.name)).toEqual(['Petr Malý']);
    const docPage = await get(handler, `/app/records/documents/${ownId}`);
    expect(docPage.body).toContain(`href="${ownUrl}"`);
  });

  it('the menu shows own documents to handlers and the dispatch office to the registry', async () => {
    const h = await get(handler, '/app');
    expect(h.body).toContain('href="/app/records/own"');
    expect(h.body).not.toContain('href="/app/records/dispatch"');
    const c = await get(clerk, '/app');
    expect(c.body).toContain('href="/app/records/dispatch"');
  });
});
