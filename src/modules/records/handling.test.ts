import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { orgUnitId } from './test-fixtures.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handler: Session;
let head: Session;
let ov: string;
let kt: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  const hlucin = await tenantIdOf(ctx, 'hlucin');
  ov = await orgUnitId(ctx, hlucin, 'OV');
  kt = await orgUnitId(ctx, hlucin, 'KT');
  clerk = await login(app, 'hlucin', 'podatelna');
  handler = await login(app, 'hlucin', 'referent');
  head = await login(app, 'hlucin', 'vedouci');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const register = async (subject: string) =>
  (
    await as(app, clerk, {
      method: 'POST',
      url: '/api/v1/records/documents',
      payload: { subject, deliveredAt: '2026-03-10T08:00:00Z' },
    })
  ).json().document.id as string;
const post = (s: Session, url: string, payload?: object) =>
  as(app, s, { method: 'POST', url, ...(payload ? { payload } : {}) });

describe('handling', () => {
  let docId: string;

  it('the registry assigns to an org unit and handler with a deadline computed by the calendar', async () => {
    docId = await register('Žádost o územní rozhodnutí');
    const res = await post(clerk, `/api/v1/records/documents/${docId}/assign`, {
      orgUnitId: ov,
      handlerId: handler.userId,
      deadlineDays: 30,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'assigned',
      dueDate: '2026-04-09',
      handler: { id: handler.userId },
      orgUnit: { id: ov },
    });
    const page = await as(app, handler, { method: 'GET', url: `/app/records/documents/${docId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2026-04-09');
    expect(page.body).toContain('Převzít dokument');
    expect(page.body).toContain('Změna zpracovatele');
  });

  it('the handler and the unit’s head see it; the dashboard lists it', async () => {
    const mine = (await as(app, handler, { method: 'GET', url: '/api/v1/records/documents' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([docId]);
    expect(
      (await as(app, head, { method: 'GET', url: `/api/v1/records/documents/${docId}` })).statusCode,
    ).toBe(200);
    const dash = await as(app, handler, { method: 'GET', url: '/app' });
    expect(dash.body).toContain('Moje dokumenty (1)');
    expect(dash.body).toContain('Lhůta do týdne (0)');
  });

  it('the handler accepts it once; the head cannot accept for them', async () => {
    expect((await post(head, `/api/v1/records/documents/${docId}/accept`)).statusCode).toBe(403);
    const ok = await post(handler, `/api/v1/records/documents/${docId}/accept`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('accepted');
    expect((await post(handler, `/api/v1/records/documents/${docId}/accept`)).statusCode).toBe(409);
  });

  it('the handler returns a document with a reason; then it is the registry’s again', async () => {
    const id = await register('Omylem doručeno');
    await post(clerk, `/api/v1/records/documents/${id}/assign`, { orgUnitId: ov, handlerId: handler.userId });
    expect((await post(handler, `/api/v1/records/documents/${id}/return`, { reason: '' })).statusCode).toBe(
      422,
    );
    const back = await post(handler, `/api/v1/records/documents/${id}/return`, {
      reason: 'Nepatří odboru výstavby.',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'returned',
      handler: null,
      returnReason: 'Nepatří odboru výstavby.',
    });
    expect(
      (await as(app, handler, { method: 'GET', url: `/api/v1/records/documents/${id}` })).statusCode,
    ).toBe(404);
  });

  it.each([
    ['an unknown org unit', () => ({ orgUnitId: '0190a0a0-0000-7000-8000-000000000000' }), 422],
    ['a handler of another unit', () => ({ orgUnitId: kt, handlerId: handler.userId }), 422],
    ['a deadline of 0 days', () => ({ orgUnitId: ov, deadlineDays: 0 }), 422],
    ['a malformed org unit', () => ({ orgUnitId: 'x' }), 422],
  ])('refuses to assign to %s', async (_name, body, status) => {
    const id = await register('Test');
    expect((await post(clerk, `/api/v1/records/documents/${id}/assign`, body())).statusCode).toBe(status);
  });

  it('a head assigns only within their own unit; a handler not at all', async () => {
    const id = await register('Pro vedoucí');
    expect((await post(head, `/api/v1/records/documents/${id}/assign`, { orgUnitId: kt })).statusCode).toBe(
      403,
    );
    expect(
      (await post(handler, `/api/v1/records/documents/${id}/assign`, { orgUnitId: ov })).statusCode,
    ).toBe(403);
    expect(
      (
        await post(head, `/api/v1/records/documents/${id}/assign`, {
          orgUnitId: ov,
          handlerId: handler.userId,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('assigns through the page form', async () => {
    const id = await register('Formulář');
    const res = await as(app, clerk, {
      method: 'POST',
      url: `/app/records/documents/${id}/assign`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: clerk.csrf,
        orgUnitId: ov,
        handlerId: handler.userId,
        deadlineDays: '15',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const page = await as(app, clerk, { method: 'GET', url: res.headers.location as string });
    expect(page.body).toContain('Dokument byl předán k vyřízení.');
  });
  it('shows it as overdue after the deadline', async () => {
    // last in the file: a month later the earlier sessions have expired, so sign in again
    ctx.clock.set(new Date('2026-04-10T08:00:00Z'));
    const later = await login(app, 'hlucin', 'referent');
    const { refNumber } = (
      await as(app, later, { method: 'GET', url: `/api/v1/records/documents/${docId}` })
    ).json().document;
    expect(refNumber).toMatch(/^MUHL\/\d+\/2026$/);
    const dash = await as(app, later, { method: 'GET', url: '/app' });
    // due 2026-04-09 and the page-form document's 2026-03-25 (the demo seed leaves referent's desk empty)
    expect(dash.body).toContain('Po lhůtě (2)');
    expect(dash.body).toMatch(new RegExp(`Po lhůtě \\(2\\).*${refNumber}(?!\\d)`, 's'));
  });
});
