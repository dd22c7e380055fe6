import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXml } from '../../platform/audit/xsd.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { as, demoApp, login, type Session } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let manager: Session;
let handler: Session;
let villageAdmin: Session;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T10:00:00Z') });
  app = await demoApp(ctx);
  manager = await login(app, 'hlucin', 'spisovna');
  handler = await login(app, 'hlucin', 'referent');
  villageAdmin = await login(app, 'bohuslavice', 'starosta');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('file plan over HTTP', () => {
  it('serves the seeded plan as JSON and as a page, and lists it in the manager’s menu', async () => {
    const res = await as(app, handler, { method: 'GET', url: '/api/v1/records/plan' });
    expect(res.statusCode).toBe(200);
    expect(res.json().groups.find((g: { fullCode: string }) => g.fullCode === '3.1').title).toBe(
      'Stavební povolení',
    );
    const page = await as(app, manager, { method: 'GET', url: '/app/records/plan' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stavební povolení');
    expect(page.body).toContain('href="/app/records/plan"');
    expect(page.body).toContain('Přidat věcnou skupinu');
  });

  it('exports valid XML that another tenant imports as its next version', async () => {
    const xml = await as(app, manager, { method: 'GET', url: '/api/v1/records/plan/export.xml' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toContain('application/xml');
    expect((await validateXml(xml.body, 'nsesss-plan')).valid).toBe(true);
    const imp = await as(app, villageAdmin, {
      method: 'POST',
      url: '/api/v1/records/plan/import',
      headers: { 'content-type': 'application/xml' },
      payload: xml.body,
    });
    expect(imp.statusCode).toBe(201);
    expect(imp.json().plan.version).toBe(2);
  });

  it.each([
    ['group with a dotted code', '/api/v1/records/plan/groups', { code: '1.2', title: 'X' }, 422, 'code'],
    [
      'group with an unknown field',
      '/api/v1/records/plan/groups',
      { code: '9', title: 'X', colour: 'red' },
      422,
      null,
    ],
    [
      'group with an unknown parent',
      '/api/v1/records/plan/groups',
      { code: '9', title: 'X', parentId: '0190a0a0-0000-7000-8000-000000000000' },
      422,
      'parentId',
    ],
    [
      'regime with mark V',
      '/api/v1/records/plan/regimes',
      { identifier: 'V1', name: 'x', justification: 'y', mark: 'V', period: 5, trigger: 'closing' },
      422,
      'mark',
    ],
    [
      'regime with period 1000',
      '/api/v1/records/plan/regimes',
      { identifier: 'S1000', name: 'x', justification: 'y', mark: 'S', period: 1000, trigger: 'closing' },
      422,
      null,
    ],
    [
      'regime with an unknown trigger',
      '/api/v1/records/plan/regimes',
      { identifier: 'S9', name: 'x', justification: 'y', mark: 'S', period: 9, trigger: 'never' },
      422,
      null,
    ],
  ])('refuses a %s', async (_name, url, payload, status, field) => {
    const res = await as(app, manager, { method: 'POST', url, payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses plan changes by a handler (403) and without the CSRF token (403)', async () => {
    const res = await as(app, handler, {
      method: 'POST',
      url: '/api/v1/records/plan/groups',
      payload: { code: '9', title: 'X' },
    });
    expect(res.statusCode).toBe(403);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/records/plan/groups',
      headers: { cookie: manager.cookie },
      payload: { code: '9', title: 'X' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('refuses a broken XML file and a non-XML body; nothing is imported', async () => {
    const before = (await as(app, manager, { method: 'GET', url: '/api/v1/records/plan/versions' })).json();
    const bad = await as(app, manager, {
      method: 'POST',
      url: '/api/v1/records/plan/import',
      headers: { 'content-type': 'application/xml' },
      payload: '<SpisovyPlan xmlns="http://www.mvcr.cz/nsesss/v4"><broken/></SpisovyPlan>',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('nothing was imported');
    const text = await as(app, manager, {
      method: 'POST',
      url: '/api/v1/records/plan/import',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(text.statusCode).toBe(415);
    expect((await as(app, manager, { method: 'GET', url: '/api/v1/records/plan/versions' })).json()).toEqual(
      before,
    );
  });

  it('adds a group through the page form and shows form errors accessibly', async () => {
    const plan = (await as(app, manager, { method: 'GET', url: '/api/v1/records/plan' })).json();
    const parent = plan.groups.find((g: { fullCode: string }) => g.fullCode === '3');
    const ok = await as(app, manager, {
      method: 'POST',
      url: '/app/records/plan/groups',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: manager.csrf,
        parentId: parent.id,
        code: '4',
        title: 'Kolaudace',
        numbering: 'priorace',
        retentionId: '',
      }).toString(),
    });
    expect(ok.statusCode).toBe(303);
    const after = (await as(app, manager, { method: 'GET', url: '/api/v1/records/plan' })).json();
    expect(after.groups.map((g: { fullCode: string }) => g.fullCode)).toContain('3.4');
    const bad = await as(app, manager, {
      method: 'POST',
      url: '/app/records/plan/groups',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({
        _csrf: manager.csrf,
        parentId: '',
        code: 'a b',
        title: '',
        numbering: 'priorace',
      }).toString(),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('aria-describedby="f-code-hint f-code-error"');
    expect(bad.body).toContain('role="alert"');
  });
});
