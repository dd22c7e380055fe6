import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXml } from '../../platform/audit/xsd.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { archiveListXml } from './domain/sip-xml.js';
import { unzipSync } from './office-test-unzip.js';
import { as, demoApp, login, type Session } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let manager: Session;
let clerk: Session;
let foreign: Session;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  manager = await login(app, 'hlucin', 'spisovna');
  clerk = await login(app, 'hlucin', 'podatelna');
  foreign = await login(app, 'bohuslavice', 'starosta');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('records office over HTTP', () => {
  it('shows the demo file in the records office whose year has come, builds a proposal, exports, decides, destroys', async () => {
    const list = await as(app, manager, { method: 'GET', url: '/api/v1/records/office?due=true' });
    expect(list.statusCode).toBe(200);
    const due = list.json().items as {
      id: string;
      file: { pid: string; id: string };
      disposalYear: number;
    }[];
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((i) => i.disposalYear <= 2026)).toBe(true);

    expect((await as(app, clerk, { method: 'GET', url: '/api/v1/records/office' })).statusCode).toBe(403);
    expect(
      (await as(app, foreign, { method: 'GET', url: `/api/v1/records/office/${due[0]!.id}` })).statusCode,
    ).toBe(403);
    expect((await as(app, manager, { method: 'GET', url: '/api/v1/records/office?mark=V' })).statusCode).toBe(
      400,
    );

    const created = await as(app, manager, {
      method: 'POST',
      url: '/api/v1/records/disposal-proposals',
      payload: { entryIds: [due[0]!.id] },
    });
    expect(created.statusCode).toBe(201);
    const proposal = created.json();
    expect(proposal.number).toBe('SN 1/2026');

    const sip = await as(app, manager, {
      method: 'GET',
      url: `/api/v1/records/disposal-proposals/${proposal.id}/sip.zip`,
    });
    expect(sip.statusCode).toBe(200);
    expect(sip.headers['content-type']).toBe('application/zip');
    const [xml] = [...unzipSync(sip.rawPayload).values()];
    expect(await validateXml(xml!.toString('utf8'), 'mets')).toEqual({ valid: true, errors: [] });

    const notXml = await as(app, manager, {
      method: 'POST',
      url: `/api/v1/records/disposal-proposals/${proposal.id}/decision`,
      headers: { 'content-type': 'application/json' },
      payload: { x: 1 },
    });
    expect(notXml.statusCode).toBe(415);
    const decision = archiveListXml({
      id: 'SR-9',
      archive: 'ZAO',
      originator: '00300063',
      procedure: 'SN 1/2026',
      createdAt: '2026-03-10T10:00:00+01:00',
      entries: [{ identifier: due[0]!.file.pid, operation: 'zničit' }],
    });
    const decided = await as(app, manager, {
      method: 'POST',
      url: `/api/v1/records/disposal-proposals/${proposal.id}/decision`,
      headers: { 'content-type': 'application/xml' },
      payload: decision,
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().items[0].decision).toBe('S');
    const transfer = await as(app, manager, {
      method: 'POST',
      url: `/api/v1/records/disposal-proposals/${proposal.id}/transfer`,
      payload: {},
    });
    expect(transfer.statusCode).toBe(409);
    expect(transfer.headers['content-type']).toMatch(/problem\+json/);
    const destroyed = await as(app, manager, {
      method: 'POST',
      url: `/api/v1/records/disposal-proposals/${proposal.id}/destroy`,
      payload: {},
    });
    expect(destroyed.statusCode).toBe(200);
    expect(destroyed.json()).toMatchObject({
      status: 'done',
      items: [{ decision: 'S', entry: { status: 'destroyed' } }],
    });
  });

  it('hands over, lends and returns through the pages (CSRF forms), and the pages render', async () => {
    const office = await as(app, manager, { method: 'GET', url: '/app/records/office' });
    expect(office.statusCode).toBe(200);
    expect(office.body).toContain('Spisovna');
    const ready = /<option value="([0-9a-f-]{36})"/.exec(
      office.body.slice(office.body.indexOf('name="fileId"')),
    );
    // The demo's closed notice file (5.1) waits outside the records office.
    expect(ready).not.toBeNull();
    if (ready) {
      const handed = await as(app, manager, {
        method: 'POST',
        url: '/app/records/office',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: manager.csrf,
          fileId: ready[1]!,
          location: 'Regál 2',
        }).toString(),
      });
      expect(handed.statusCode).toBe(303);
      const entryUrl = handed.headers.location!.split('?')[0]!;
      const page = await as(app, manager, { method: 'GET', url: entryUrl });
      expect(page.statusCode).toBe(200);
      const borrower = /name="borrowerId"[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
      const bad = await as(app, manager, {
        method: 'POST',
        url: `${entryUrl}/loan`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: manager.csrf,
          borrowerId: borrower,
          dueOn: '2020-01-01',
        }).toString(),
      });
      expect(bad.statusCode).toBe(422);
      const lent = await as(app, manager, {
        method: 'POST',
        url: `${entryUrl}/loan`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: manager.csrf,
          borrowerId: borrower,
          dueOn: '2026-04-01',
        }).toString(),
      });
      expect(lent.statusCode).toBe(303);
      const returned = await as(app, manager, {
        method: 'POST',
        url: `${entryUrl}/return`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: manager.csrf }).toString(),
      });
      expect(returned.statusCode).toBe(303);
    }
    expect((await as(app, manager, { method: 'GET', url: '/app/records/proposals' })).statusCode).toBe(200);
    expect((await as(app, clerk, { method: 'GET', url: '/app/records/office' })).statusCode).toBe(403);
  });

  it('is in the OpenAPI document under tag records', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/v1/records/office',
      '/api/v1/records/office/{id}/loan',
      '/api/v1/records/disposal-proposals',
      '/api/v1/records/disposal-proposals/{id}/sip.zip',
      '/api/v1/records/disposal-proposals/{id}/decision',
      '/api/v1/records/disposal-proposals/{id}/destroy',
      '/api/v1/records/disposal-proposals/{id}/transfer.zip',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/v1/records/office'].get.tags).toEqual(['records']);
  });
});
