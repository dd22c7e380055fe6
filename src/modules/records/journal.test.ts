import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { registerIncoming } from './intake-service.js';
import { listDocuments } from './journal-service.js';
import { czechPdf, demoActor } from './test-fixtures.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handlerS: Session;
let hlucin: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  const c = await demoActor(ctx, 'hlucin', 'podatelna');
  const pdf = await czechPdf('Žádost o stavební povolení');
  ids.a = (
    await registerIncoming(ctx, c, hlucin, {
      subject: 'Podání občana',
      sender: { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' },
      files: [{ filename: 'scan.pdf', content: pdf }],
    })
  ).document.id;
  ids.b = (
    await registerIncoming(ctx, c, hlucin, {
      subject: 'Oznámení o kácení dřevin',
      sender: { name: 'Marie Svobodová' },
    })
  ).document.id;
  ctx.clock.set(new Date('2026-03-11T10:00:00Z'));
  ids.c = (await registerIncoming(ctx, c, hlucin, { subject: 'Stížnost na hluk' })).document.id;
  clerk = await login(app, 'hlucin', 'podatelna');
  handlerS = await login(app, 'hlucin', 'referent');
}, 180_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

const list = (s: Session, query: string) =>
  as(app, s, { method: 'GET', url: `/api/v1/records/documents?${query}` });
const found = async (s: Session, query: string) =>
  (await list(s, query)).json().items.map((i: { id: string }) => i.id);

describe('search and journal', () => {
  it.each([
    ['q=zadost', ['a']],
    ['q=STAVEBNI%20povoleni', ['a']],
    ['q=kaceni', ['b']],
    ['q=MUHL%2F2%2F2026', ['b']],
    ['q=nic%20takoveho', []],
    ['sender=hlucin', ['a']],
    ['sender=25596641', ['a']],
    ['status=registered&from=2026-03-11&to=2026-03-11', ['c']],
    ['from=2026-03-10&to=2026-03-10', ['b', 'a']],
    ['groupCode=3', []],
  ])('%s finds %j (diacritics-insensitive, newest first)', async (query, expected) => {
    expect(await found(clerk, query)).toEqual(expected.map((k) => ids[k]));
  });

  it('finds the PDF’s text "Žádost o stavební povolení" by "zadost" though the subject does not say it', async () => {
    const res = await list(clerk, 'q=zadost');
    expect(res.json().items[0].subject).toBe('Podání občana');
  });

  it('pages the results', async () => {
    const p1 = (await list(clerk, 'pageSize=2')).json();
    const p2 = (await list(clerk, 'pageSize=2&page=2')).json();
    expect(p1.total).toBe(3);
    expect([...p1.items, ...p2.items].map((i: { id: string }) => i.id)).toEqual([ids.c, ids.b, ids.a]);
  });

  it('shows a handler only their own documents, another tenant none of these', async () => {
    expect(await found(handlerS, 'q=zadost')).toEqual([]);
    const handler = await demoActor(ctx, 'hlucin', 'referent');
    expect((await listDocuments(ctx, handler, hlucin, {})).total).toBe(0);
    const foreign = await login(app, 'bohuslavice', 'starosta');
    expect((await list(foreign, 'q=zadost')).json().total).toBe(0);
    const publisher = await login(app, 'hlucin', 'deska');
    expect((await list(publisher, '')).statusCode).toBe(403);
  });

  it.each([
    ['status=lost', [400, 422]],
    ['from=2026-13-45', [422]],
    ['from=2026-03-11&to=2026-03-10', [422]],
    ['pageSize=1000', [400, 422]],
    ['handlerId=abc', [400, 422]],
    ['colour=red', [400, 422]],
  ])('refuses the filter %s', async (query, statuses) => {
    expect(statuses).toContain((await list(clerk, query)).statusCode);
  });

  it('exports the journal of a date range as CSV and PDF for the registry only', async () => {
    const csv = await as(app, clerk, {
      method: 'GET',
      url: '/api/v1/records/journal.csv?from=2026-03-10&to=2026-03-10',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('Číslo jednací');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('MUHL/1/2026');
    expect(lines[1]).toContain('Stavby Hlučín s.r.o.');
    expect(lines[2]).toContain('MUHL/2/2026');
    const pdf = await as(app, clerk, {
      method: 'GET',
      url: '/api/v1/records/journal.pdf?from=2026-03-10&to=2026-03-11',
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await as(app, clerk, { method: 'GET', url: '/api/v1/records/journal.csv' })).statusCode).toBe(
      422,
    );
    expect(
      (
        await as(app, clerk, {
          method: 'GET',
          url: '/api/v1/records/journal.csv?from=2025-01-01&to=2026-03-10',
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await as(app, handlerS, {
          method: 'GET',
          url: '/api/v1/records/journal.csv?from=2026-03-10&to=2026-03-10',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('renders the journal page with filters, results and export links', async () => {
    const page = await as(app, clerk, { method: 'GET', url: '/app/records/journal?q=zadost' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('MUHL/1/2026');
    expect(page.body).not.toContain('MUHL/2/2026');
    expect(page.body).toContain('/api/v1/records/journal.csv?');
    expect(page.body).toContain('<label class="gov-form-label" for="f-q">');
    const bad = await as(app, clerk, {
      method: 'GET',
      url: '/app/records/journal?from=2026-03-11&to=2026-03-01',
    });
    expect(bad.statusCode).toBe(422);
  });
});
