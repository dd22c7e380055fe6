import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { orgUnitId } from './test-fixtures.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handler: Session;
let foreign: Session;
let ov: string;
const group: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  ov = await orgUnitId(ctx, await tenantIdOf(ctx, 'hlucin'), 'OV');
  clerk = await login(app, 'hlucin', 'podatelna');
  handler = await login(app, 'hlucin', 'referent');
  foreign = await login(app, 'bohuslavice', 'starosta');
  const plan = (await as(app, clerk, { method: 'GET', url: '/api/v1/records/plan' })).json();
  for (const g of plan.groups as { id: string; fullCode: string }[]) group[g.fullCode] = g.id;
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

/** Registered by the registry, assigned to the OV handler and accepted: ready to settle and file. */
async function acceptedDoc(subject: string): Promise<{ id: string; refNumber: string }> {
  const doc = (await post(clerk, '/api/v1/records/documents', { subject })).json().document;
  await post(clerk, `/api/v1/records/documents/${doc.id}/assign`, {
    orgUnitId: ov,
    handlerId: handler.userId,
  });
  expect((await post(handler, `/api/v1/records/documents/${doc.id}/accept`)).statusCode).toBe(200);
  return { id: doc.id, refNumber: doc.refNumber };
}

describe('files and settlement over HTTP', () => {
  let fileId: string;
  let doc: { id: string; refNumber: string };

  it('creates a priorace file from a document (201) and serves it with its audit history', async () => {
    doc = await acceptedDoc('Ohlášení stavby pergoly');
    const res = await post(handler, '/api/v1/records/files', {
      groupId: group['3.3'],
      initialDocumentId: doc.id,
    });
    expect(res.statusCode).toBe(201);
    fileId = res.json().file.id;
    expect(res.json().file).toMatchObject({
      fileNumber: doc.refNumber,
      method: 'priorace',
      status: 'open',
      regime: { identifier: 'S5' },
      documents: [{ id: doc.id, position: 1, initial: true }],
    });
    const read = await get(handler, `/api/v1/records/files/${fileId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().history.map((h: { eventType: string }) => h.eventType)).toEqual([
      'Zalozeni',
      'VlozeniDoSpisu',
      'Zobrazeni',
    ]);
    const list = (await get(handler, '/api/v1/records/files?status=open&mine=true')).json();
    expect(list.items.map((f: { id: string }) => f.id)).toEqual([fileId]);
  });

  it('closing with an unsettled document is a 409 problem', async () => {
    const res = await post(handler, `/api/v1/records/files/${fileId}/close`, {});
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain(`Documents not settled: ${doc.refNumber}.`);
  });

  it('settles: a date in the future is a 422 problem naming the field; then settled', async () => {
    const future = await post(handler, `/api/v1/records/documents/${doc.id}/settle`, {
      method: 'document',
      date: '2026-03-11',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'date' })]);
    const unknown = await post(handler, `/api/v1/records/documents/${doc.id}/settle`, {
      method: 'vyřízení dokumentem',
      date: '2026-03-10',
    });
    expect([400, 422]).toContain(unknown.statusCode);
    const ok = await post(handler, `/api/v1/records/documents/${doc.id}/settle`, {
      method: 'acknowledgement',
      date: '2026-03-10',
      note: 'Bereme na vědomí.',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      document: { id: doc.id, status: 'settled' },
      settlement: { method: 'acknowledgement', methodText: 'vzetí na vědomí', date: '2026-03-10' },
    });
    const info = (await get(handler, `/api/v1/records/documents/${doc.id}/settlement`)).json();
    expect(info).toMatchObject({
      settlement: { method: 'acknowledgement', settledBy: { id: handler.userId } },
      file: { id: fileId, fileNumber: doc.refNumber, position: 1 },
    });
    // the document itself carries its settlement too (it was null before)
    const read = (await get(handler, `/api/v1/records/documents/${doc.id}`)).json();
    expect(read.document ?? read).toMatchObject({
      status: 'settled',
      settlement: { method: 'acknowledgement', settledOn: '2026-03-10', note: 'Bereme na vědomí.' },
    });
  });

  it('closes, then refuses to insert into the closed file (409); reopens with a reason', async () => {
    const closed = await post(handler, `/api/v1/records/files/${fileId}/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(closed.json().file).toMatchObject({
      status: 'closed',
      closedOn: '2026-03-10',
      disposalYear: 2032,
    });
    const late = await acceptedDoc('Dodatek');
    const ins = await post(handler, `/api/v1/records/files/${fileId}/documents`, { documentId: late.id });
    expect(ins.statusCode).toBe(409);
    expect((await post(handler, `/api/v1/records/files/${fileId}/reopen`, { reason: '' })).statusCode).toBe(
      422,
    );
    const open = await post(handler, `/api/v1/records/files/${fileId}/reopen`, {
      reason: 'Dodatek stavebníka.',
    });
    expect(open.statusCode).toBe(200);
    expect(open.json().history.at(-1)).toMatchObject({
      eventType: 'Otevreni',
      params: { reason: 'Dodatek stavebníka.' },
    });
    const again = await post(handler, `/api/v1/records/files/${fileId}/documents`, {
      refNumber: late.refNumber,
    });
    expect(again.statusCode).toBe(200);
    const out = await as(app, handler, {
      method: 'DELETE',
      url: `/api/v1/records/files/${fileId}/documents/${late.id}`,
    });
    expect(out.statusCode).toBe(200);
    expect(out.json().file.documents).toHaveLength(1);
  });

  it('another tenant gets 404; without the CSRF token 403; a role without records 403', async () => {
    expect((await get(foreign, `/api/v1/records/files/${fileId}`)).statusCode).toBe(404);
    expect((await post(foreign, `/api/v1/records/files/${fileId}/close`, {})).statusCode).toBe(404);
    expect(
      (
        await post(foreign, `/api/v1/records/documents/${doc.id}/settle`, {
          method: 'document',
          date: '2026-03-10',
        })
      ).statusCode,
    ).toBe(404);
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/api/v1/records/files/${fileId}/reopen`,
      headers: { cookie: handler.cookie },
      payload: { reason: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const publisher = await login(app, 'hlucin', 'deska');
    expect((await get(publisher, '/api/v1/records/files')).statusCode).toBe(403);
  });

  it('documents every route in OpenAPI under the records tag', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/records/files', 'get'],
      ['/api/v1/records/files', 'post'],
      ['/api/v1/records/files/{id}', 'get'],
      ['/api/v1/records/files/{id}/documents', 'post'],
      ['/api/v1/records/files/{id}/documents/{documentId}', 'delete'],
      ['/api/v1/records/files/{id}/close', 'post'],
      ['/api/v1/records/files/{id}/reopen', 'post'],
      ['/api/v1/records/documents/{id}/settle', 'post'],
      ['/api/v1/records/documents/{id}/settlement', 'get'],
    ] as const) {
      expect(spec.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['records']);
    }
  });
});

describe('file pages', () => {
  it('settles through the form on the document page; a future date shows the error', async () => {
    const doc = await acceptedDoc('Žádost o kopii rozhodnutí');
    const page = await get(handler, `/app/records/documents/${doc.id}`);
    expect(page.body).toContain('Vyřídit dokument');
    expect(page.body).toContain('Založit spis z tohoto dokumentu');
    const bad = await form(handler, `/app/records/documents/${doc.id}/settle`, {
      method: 'document',
      date: '2026-04-01',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Datum vyřízení nemůže být v budoucnosti.');
    const ok = await form(handler, `/app/records/documents/${doc.id}/settle`, {
      method: 'other',
      date: '2026-03-10',
      note: 'Kopie předána osobně.',
    });
    expect(ok.statusCode).toBe(303);
    const after = await get(handler, ok.headers.location as string);
    expect(after.body).toContain('Dokument byl vyřízen.');
    expect(after.body).toContain('Jiný způsob');
    expect(after.body).toContain('Kopie předána osobně.');
    expect(after.body).not.toContain('Vyřídit dokument</button>');
  });

  it('forms a sběrný arch on the list page, inserts, closes and reopens through the file page', async () => {
    const head = await login(app, 'hlucin', 'vedouci');
    const list = await get(head, '/app/records/files');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/app/records/files"');
    const created = await form(head, '/app/records/files', {
      groupId: group['2.2']!,
      subject: 'Faktury 2026',
    });
    expect(created.statusCode).toBe(303);
    const fileUrl = (created.headers.location as string).replace(/\?.*$/, '');
    const page = await get(head, created.headers.location as string);
    expect(page.body).toContain('Spis byl založen.');
    expect(page.body).toMatch(/SZ \d+\/2026/);
    // closing an empty file fails with the reason on the page
    const empty = await form(head, `${fileUrl}/close`, {});
    expect(empty.statusCode).toBe(409);
    expect(empty.body).toContain('Spis nemá žádné dokumenty.');
    const doc = (await post(clerk, '/api/v1/records/documents', { subject: 'Faktura za opravu' })).json()
      .document;
    await post(clerk, `/api/v1/records/documents/${doc.id}/assign`, {
      orgUnitId: ov,
      handlerId: head.userId,
    });
    await post(head, `/api/v1/records/documents/${doc.id}/accept`);
    const ins = await form(head, `${fileUrl}/documents`, { refNumber: doc.refNumber });
    expect(ins.statusCode).toBe(303);
    const withDoc = await get(head, fileUrl);
    expect(withDoc.body).toMatch(/<td>\d+\/2026-1<\/td>/);
    expect(withDoc.body).toContain('Vložení do spisu');
    await post(head, `/api/v1/records/documents/${doc.id}/settle`, {
      method: 'document',
      date: '2026-03-10',
    });
    const closed = await form(head, `${fileUrl}/close`, {});
    expect(closed.statusCode).toBe(303);
    const closedPage = await get(head, closed.headers.location as string);
    expect(closedPage.body).toContain('Spis byl uzavřen.');
    expect(closedPage.body).toContain('Rok vyřazení');
    expect(closedPage.body).toContain('2037');
    const reopened = await form(head, `${fileUrl}/reopen`, { reason: 'Chybí příloha.' });
    expect(reopened.statusCode).toBe(303);
    const reopenedPage = await get(head, reopened.headers.location as string);
    expect(reopenedPage.body).toContain('Chybí příloha.');
    expect(reopenedPage.body).toContain('Znovuotevření');
    const dash = await get(head, '/app');
    expect(dash.body).toMatch(/Moje otevřené spisy \(\d+\)/);
    expect(dash.body).toContain('Faktury 2026');
  });
});
