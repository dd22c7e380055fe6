import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/db/tenant.js';
import { createUser } from '../../platform/identity/index.js';
import { DEMO_PASSWORD } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { orgUnitId } from './test-fixtures.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handler: Session;
let head: Session;
let colleague: Session;
let kt: Session;
let publisher: Session;
let foreign: Session;
let ov: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  const hlucin = await tenantIdOf(ctx, 'hlucin');
  ov = await orgUnitId(ctx, hlucin, 'OV');
  await createUser(ctx, SYSTEM_ACTOR, hlucin, {
    username: 'referent2',
    displayName: 'Olga Ondrušková',
    password: DEMO_PASSWORD,
    roles: ['handler'],
    orgUnitId: ov,
  });
  await createUser(ctx, SYSTEM_ACTOR, hlucin, {
    username: 'kancelar',
    displayName: 'Karel Kubíček',
    password: DEMO_PASSWORD,
    roles: ['handler'],
    orgUnitId: await orgUnitId(ctx, hlucin, 'KT'),
  });
  clerk = await login(app, 'hlucin', 'podatelna');
  handler = await login(app, 'hlucin', 'referent');
  head = await login(app, 'hlucin', 'vedouci');
  colleague = await login(app, 'hlucin', 'referent2');
  kt = await login(app, 'hlucin', 'kancelar');
  publisher = await login(app, 'hlucin', 'deska');
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

/** Registered, assigned to the OV handler and accepted. */
async function accepted(subject: string): Promise<string> {
  const id = (await post(clerk, '/api/v1/records/documents', { subject })).json().document.id as string;
  await post(clerk, `/api/v1/records/documents/${id}/assign`, { orgUnitId: ov, handlerId: handler.userId });
  expect((await post(handler, `/api/v1/records/documents/${id}/accept`)).statusCode).toBe(200);
  return id;
}

describe('forwarding over HTTP', () => {
  it('the handler forwards; the new handler accepts; the old one gets 404', async () => {
    const id = await accepted('Žádost o pronájem sálu');
    const res = await post(handler, `/api/v1/records/documents/${id}/forward`, {
      handlerId: colleague.userId,
      note: 'Sál má na starosti kolegyně.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'assigned', handler: { id: colleague.userId } });
    expect((await get(handler, `/api/v1/records/documents/${id}`)).statusCode).toBe(404);
    const page = await get(colleague, `/app/records/documents/${id}`);
    expect(page.body).toContain('Převzít dokument');
    expect(page.body).toContain('Sál má na starosti kolegyně.');
    expect((await post(colleague, `/api/v1/records/documents/${id}/accept`)).statusCode).toBe(200);
  });

  it('answers 403 / 404 / 409 / 422 per action, as problem+json, and changes nothing', async () => {
    const id = await accepted('Kdo smí předávat');
    const to = { handlerId: colleague.userId };
    expect((await post(clerk, `/api/v1/records/documents/${id}/forward`, to)).statusCode).toBe(403);
    expect((await post(publisher, `/api/v1/records/documents/${id}/forward`, to)).statusCode).toBe(403);
    expect((await post(colleague, `/api/v1/records/documents/${id}/forward`, to)).statusCode).toBe(404);
    expect((await post(foreign, `/api/v1/records/documents/${id}/forward`, to)).statusCode).toBe(404);
    const bad = await post(handler, `/api/v1/records/documents/${id}/forward`, {
      handlerId: publisher.userId,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'handlerId' })]);
    const foreignHandler = await post(handler, `/api/v1/records/documents/${id}/forward`, {
      handlerId: foreign.userId,
    });
    expect(foreignHandler.statusCode).toBe(422);
    expect((await get(handler, `/api/v1/records/documents/${id}`)).json().document).toMatchObject({
      status: 'accepted',
      handler: { id: handler.userId },
    });
    await post(handler, `/api/v1/records/documents/${id}/settle`, { method: 'record', date: '2026-03-10' });
    expect((await post(handler, `/api/v1/records/documents/${id}/forward`, to)).statusCode).toBe(409);
  });

  it('the page form forwards with the CSRF token; without it 403', async () => {
    const id = await accepted('Formulář předání');
    const page = await get(handler, `/app/records/documents/${id}`);
    expect(page.body).toContain('Předat jinému zpracovateli');
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/app/records/documents/${id}/forward`,
      headers: { cookie: handler.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ forwardHandlerId: colleague.userId }).toString(),
    });
    expect(noCsrf.statusCode).toBe(403);
    // Nobody named: the page again with the error.
    const empty = await form(handler, `/app/records/documents/${id}/forward`, { forwardNote: 'komu?' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Uveďte zpracovatele nebo útvar');
    // The head forwards it within the unit and still sees it.
    const ok = await form(head, `/app/records/documents/${id}/forward`, {
      forwardHandlerId: colleague.userId,
      forwardNote: 'Převezme Olga.',
    });
    expect(ok.statusCode).toBe(303);
    const after = await get(head, ok.headers.location as string);
    expect(after.body).toContain('Dokument byl předán jinému zpracovateli.');
    expect(after.body).toContain('Převezme Olga.');
  });
});

describe('stand-ins over HTTP', () => {
  let docId: string;
  let delegationId: string;

  it('a stand-in that begins tomorrow grants nothing today', async () => {
    docId = await accepted('Žádost o stavební povolení');
    const res = await post(handler, '/api/v1/records/delegations', {
      delegateId: kt.userId,
      from: '2026-03-11',
      to: '2026-03-12',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'planned', delegator: { name: 'Radek Řehoř' } });
    expect((await get(kt, `/api/v1/records/documents/${docId}`)).statusCode).toBe(404);
    expect((await post(kt, `/api/v1/records/documents/${docId}/forward`, { orgUnitId: ov })).statusCode).toBe(
      404,
    );
  });

  it('recorded through the page for today, the stand-in sees, accepts and finds it on the dashboard', async () => {
    const page = await get(handler, '/app/records/delegations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Zaznamenat zastupování');
    const res = await form(handler, '/app/records/delegations', {
      delegatorId: handler.userId,
      delegateId: kt.userId,
      from: '2026-03-10',
      to: '2026-03-10',
      note: 'Lékař',
    });
    expect(res.statusCode).toBe(303);
    const list = await get(handler, res.headers.location as string);
    expect(list.body).toContain('Zastupování bylo zaznamenáno.');
    const mine = (await get(kt, '/api/v1/records/delegations')).json().items;
    delegationId = mine.find((d: { state: string }) => d.state === 'active').id;

    expect((await get(kt, `/api/v1/records/documents/${docId}`)).statusCode).toBe(200);
    const search = (await get(kt, '/api/v1/records/documents')).json();
    expect(search.items.map((i: { id: string }) => i.id)).toContain(docId);
    const fresh = (await post(clerk, '/api/v1/records/documents', { subject: 'Během nepřítomnosti' })).json()
      .document.id;
    await post(clerk, `/api/v1/records/documents/${fresh}/assign`, {
      orgUnitId: ov,
      handlerId: handler.userId,
    });
    const docPage = await get(kt, `/app/records/documents/${fresh}`);
    expect(docPage.body).toContain('Jednáte v zastoupení za zpracovatele Radek Řehoř.');
    expect(docPage.body).toContain('Převzít dokument');
    expect(docPage.body).toContain('Připravit odpověď (vlastní dokument)');
    expect((await post(kt, `/api/v1/records/documents/${fresh}/accept`)).statusCode).toBe(200);
    const dash = await get(kt, '/app');
    expect(dash.body).toContain('zastupuji: Radek Řehoř');
    expect(dash.body).toContain('Zastupování');
  });

  it('only those involved end it: 404 for others, 403 for the stand-in; then access is gone', async () => {
    expect((await post(foreign, `/api/v1/records/delegations/${delegationId}/end`)).statusCode).toBe(404);
    expect((await post(colleague, `/api/v1/records/delegations/${delegationId}/end`)).statusCode).toBe(404);
    expect((await post(kt, `/api/v1/records/delegations/${delegationId}/end`)).statusCode).toBe(403);
    expect((await post(clerk, `/api/v1/records/delegations/${delegationId}/end`)).statusCode).toBe(403);
    const ended = await form(head, `/app/records/delegations/${delegationId}/end`, {});
    expect(ended.statusCode).toBe(303);
    expect((await get(kt, `/api/v1/records/documents/${docId}`)).statusCode).toBe(404);
    expect((await post(kt, `/api/v1/records/documents/${docId}/forward`, { orgUnitId: ov })).statusCode).toBe(
      404,
    );
    expect((await post(handler, `/api/v1/records/delegations/${delegationId}/end`)).statusCode).toBe(409);
  });

  it('refuses bad input with problem+json: a non-handler, oneself, dates over', async () => {
    for (const body of [
      { delegateId: publisher.userId, from: '2026-03-10', to: '2026-03-11' },
      { delegateId: handler.userId, from: '2026-03-10', to: '2026-03-11' },
      { delegateId: kt.userId, from: '2026-03-01', to: '2026-03-02' },
    ]) {
      const res = await post(handler, '/api/v1/records/delegations', body);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(clerk, '/api/v1/records/delegations')).statusCode).toBe(403);
    expect((await get(publisher, '/app/records/delegations')).statusCode).toBe(403);
  });

  it('documents the routes in OpenAPI under the records tag', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/records/documents/{id}/forward', 'post'],
      ['/api/v1/records/delegations', 'get'],
      ['/api/v1/records/delegations', 'post'],
      ['/api/v1/records/delegations/{id}/end', 'post'],
    ] as const)
      expect(spec.paths[path]?.[method]?.tags).toContain('records');
  });
});
