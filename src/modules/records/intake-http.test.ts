import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exeHeader } from '../../test-support/blob-fixtures.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { czechPdf } from './test-fixtures.js';
import { as, demoApp, lastNumbers, login, multipart, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handler: Session;
let foreignClerk: Session;
let pdf: Buffer;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  clerk = await login(app, 'hlucin', 'podatelna');
  handler = await login(app, 'hlucin', 'referent');
  foreignClerk = await login(app, 'bohuslavice', 'starosta');
  pdf = await czechPdf('Žádost o stavební povolení');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const fields = {
  subject: 'Žádost o stavební povolení',
  'sender.kind': 'natural',
  'sender.name': 'Jan Novák',
  'sender.address': 'Hlučín, Mírové nám. 1',
  deliveredAt: '2026-03-10T08:15',
  deliveryMethod: 'post',
  sheets: '3',
  attachments: '1',
  accessLevel: 'internal',
};

describe('intake over HTTP', () => {
  let docId: string;

  it('registers a paper letter with a scanned PDF (multipart) and serves it back', async () => {
    // the demo seed has registered documents already: the next number follows its last
    const last = await lastNumbers(ctx, await tenantIdOf(ctx, 'hlucin'), 2026);
    const body = multipart(fields, [{ filename: 'žádost.pdf', content: pdf, type: 'application/pdf' }]);
    const res = await as(app, clerk, { method: 'POST', url: '/api/v1/records/documents/intake', ...body });
    expect(res.statusCode).toBe(201);
    const doc = res.json().document;
    docId = doc.id;
    expect(doc.refNumber).toBe(`MUHL/${last.ref + 1}/2026`);
    expect(doc.deliveredAt).toBe('2026-03-10T07:15:00.000Z'); // 08:15 in Prague (CET)
    expect(doc.components).toEqual([
      expect.objectContaining({ filename: 'žádost.pdf', mime: 'application/pdf', accepted: true }),
    ]);
    const got = await as(app, clerk, { method: 'GET', url: `/api/v1/records/documents/${docId}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().history.map((h: { eventType: string }) => h.eventType)).toEqual(
      expect.arrayContaining(['Zalozeni', 'VlozeniKDokumentu', 'Zobrazeni']),
    );
    const file = await as(app, clerk, {
      method: 'GET',
      url: `/api/v1/records/documents/${docId}/components/${doc.components[0].id}/content`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
  });

  it('keeps an unsupported file and reports it; the consignment needs attention', async () => {
    const body = multipart(fields, [{ filename: 'setup.exe', content: exeHeader() }]);
    const res = await as(app, clerk, { method: 'POST', url: '/api/v1/records/documents/intake', ...body });
    expect(res.statusCode).toBe(201);
    expect(res.json().problems[0]).toContain('"setup.exe" is not a PDF, JPEG, PNG or TIFF');
    expect(res.json().document.consignment.state).toBe('needs_attention');
    const id = res.json().document.id;
    const resolved = await as(app, clerk, {
      method: 'POST',
      url: `/api/v1/records/documents/${id}/resolve`,
      payload: { note: 'Odesílatel zaslal PDF.' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().consignment.state).toBe('registered');
    const again = await as(app, clerk, {
      method: 'POST',
      url: `/api/v1/records/documents/${id}/resolve`,
      payload: { note: 'x' },
    });
    expect(again.statusCode).toBe(409);
  });

  it.each([
    ['no subject', { deliveryMethod: 'post' }, 422],
    ['an empty subject', { subject: '   ' }, 422],
    ['an unknown field', { subject: 'x', colour: 'red' }, 422],
    ['an unknown delivery method', { subject: 'x', deliveryMethod: 'pigeon' }, 422],
    ['negative sheets', { subject: 'x', sheets: -1 }, 422],
    [
      'a wrong IČO check digit',
      { subject: 'x', sender: { kind: 'legal', name: 'Firma', ico: '25596642' } },
      422,
    ],
    ['a malformed sender id', { subject: 'x', senderId: 'abc' }, 422],
    ['an unknown sender id', { subject: 'x', senderId: '0190a0a0-0000-7000-8000-000000000000' }, 422],
    ['a future delivery', { subject: 'x', deliveredAt: '2030-01-01T00:00:00Z' }, 422],
  ])('refuses a registration with %s', async (_name, payload, status) => {
    const res = await as(app, clerk, { method: 'POST', url: '/api/v1/records/documents', payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('403 for a handler registering, 404 for another tenant’s document, 404 for a malformed id', async () => {
    expect(
      (
        await as(app, handler, {
          method: 'POST',
          url: '/api/v1/records/documents',
          payload: { subject: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await as(app, foreignClerk, { method: 'GET', url: `/api/v1/records/documents/${docId}` })).statusCode,
    ).toBe(404);
    expect(
      (
        await as(app, foreignClerk, {
          method: 'GET',
          url: `/api/v1/records/documents/${docId}/components/${docId}/content`,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await as(app, clerk, { method: 'GET', url: '/api/v1/records/documents/not-a-uuid' })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/v1/records/documents/${docId}` })).statusCode).toBe(
      401,
    );
  });

  it('de-duplicates senders on IČO and finds them in the register', async () => {
    const sender = { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' };
    const a = await as(app, clerk, {
      method: 'POST',
      url: '/api/v1/records/documents',
      payload: { subject: 'A', sender },
    });
    const b = await as(app, clerk, {
      method: 'POST',
      url: '/api/v1/records/documents',
      payload: { subject: 'B', sender: { ...sender, name: 'Stavby' } },
    });
    const senderId = a.json().document.sender.id;
    expect(b.json().document.sender.id).toBe(senderId);
    // by IČO: exactly one person, the one both documents share
    const byIco = await as(app, clerk, { method: 'GET', url: '/api/v1/records/persons?q=25596641' });
    expect(byIco.json()).toEqual([expect.objectContaining({ id: senderId, ico: '25596641' })]);
    // by name without diacritics: the demo seed's persons may match too, but this IČO only once
    const found = await as(app, clerk, { method: 'GET', url: '/api/v1/records/persons?q=hlucin' });
    expect(found.json().filter((p: { ico: string | null }) => p.ico === '25596641')).toEqual([
      expect.objectContaining({ id: senderId, name: 'Stavby Hlučín s.r.o.' }),
    ]);
  });

  it('the clerk’s pages: the intake form, a registration through it, the document page with its history', async () => {
    const form = await as(app, clerk, { method: 'GET', url: '/app/records/intake' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('<label class="gov-form-label" for="f-subject">');
    const body = multipart({ ...fields, subject: 'Odvolání' }, [{ filename: 'scan.pdf', content: pdf }]);
    // a browser sends the token in the query string of a multipart form (csrfAction)
    const posted = await app.inject({
      method: 'POST',
      url: `/app/records/intake?_csrf=${encodeURIComponent(clerk.csrf)}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: clerk.cookie },
    });
    expect(posted.statusCode).toBe(303);
    const page = await as(app, clerk, { method: 'GET', url: posted.headers.location as string });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Odvolání');
    expect(page.body).toContain('Dokument byl zaevidován.');
    expect(page.body).toContain('Transakční protokol dokumentu');
    const empty = multipart({ subject: '' });
    const bad = await as(app, clerk, {
      method: 'POST',
      url: '/app/records/intake',
      payload: empty.payload,
      headers: { ...empty.headers, accept: 'text/html' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('aria-describedby="f-subject-error"');
  });
});
