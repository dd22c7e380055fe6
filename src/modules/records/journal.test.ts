import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { registerIncoming } from './intake-service.js';
import { listDocuments, MAX_PAGE_SIZE } from './journal-service.js';
import { rtx } from './schema.js';
import { czechPdf, demoActor } from './test-fixtures.js';
import { as, demoApp, login, type Session, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let clerk: Session;
let handlerS: Session;
let hlucin: string;
// The demo seed registers Hlučín documents too (on the same day), so the searches below look at
// which of this file's own documents a filter returns, in which order, and which it leaves out.
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  app = await demoApp(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  const c = await demoActor(ctx, 'hlucin', 'podatelna');
  const pdf = await czechPdf('Žádost o stavební povolení');
  const keep = (key: string, r: Awaited<ReturnType<typeof registerIncoming>>) => {
    ids[key] = r.document.id;
    refs[key] = r.document.refNumber;
  };
  keep(
    'a',
    await registerIncoming(ctx, c, hlucin, {
      subject: 'Podání občana',
      sender: { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' },
      files: [{ filename: 'scan.pdf', content: pdf }],
    }),
  );
  keep(
    'b',
    await registerIncoming(ctx, c, hlucin, {
      subject: 'Oznámení o kácení dřevin',
      sender: { name: 'Marie Svobodová' },
    }),
  );
  ctx.clock.set(new Date('2026-03-11T10:00:00Z'));
  keep('c', await registerIncoming(ctx, c, hlucin, { subject: 'Stížnost na hluk' }));
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
/** All results of a query on one page (checked to be all of them), newest first. */
const all = async (s: Session, query: string) => {
  const res = await list(s, `${query}&pageSize=${MAX_PAGE_SIZE}`);
  expect(res.statusCode).toBe(200);
  const page = res.json();
  expect(page.items).toHaveLength(page.total);
  return page.items as { id: string; year: number; seq: number; registeredAt: string }[];
};
const ownIds = () => new Set(Object.values(ids));
/** "{ref:b}" in a query stands for document b's reference number. */
const resolve = (query: string) =>
  query.replace(/\{ref:(\w)\}/g, (_m, k: string) => encodeURIComponent(refs[k]!));

describe('search and journal', () => {
  it.each([
    ['q=zadost', ['a']],
    ['q=STAVEBNI%20povoleni', ['a']],
    ['q=kaceni', ['b']],
    ['q={ref:b}', ['b']],
    ['q=nic%20takoveho', []],
    ['sender=hlucin', ['a']],
    ['sender=25596641', ['a']],
    ['status=registered&from=2026-03-11&to=2026-03-11', ['c']],
    ['status=assigned', []],
    ['from=2026-03-10&to=2026-03-10', ['b', 'a']],
    ['groupCode=3', []],
  ])('%s finds %j of its own documents (diacritics-insensitive, newest first)', async (query, expected) => {
    const items = await all(clerk, resolve(query));
    const own = ownIds();
    expect(items.map((i) => i.id).filter((id) => own.has(id))).toEqual(expected.map((k) => ids[k]));
    // all of them newest first, by number within the same moment
    const newestFirst = [...items].sort(
      (x, y) => Date.parse(y.registeredAt) - Date.parse(x.registeredAt) || y.year - x.year || y.seq - x.seq,
    );
    expect(items.map((i) => i.id)).toEqual(newestFirst.map((i) => i.id));
  });

  it('finds nothing for words no document holds', async () => {
    const res = await list(clerk, 'q=nic%20takoveho');
    expect(res.json()).toMatchObject({ total: 0, items: [] });
  });

  it('finds the PDF’s text "Žádost o stavební povolení" by "zadost" though the subject does not say it', async () => {
    const items = (await all(clerk, 'q=zadost')) as unknown as { id: string; subject: string }[];
    expect(items.find((i) => i.id === ids.a)?.subject).toBe('Podání občana');
  });

  it('pages the results', async () => {
    const p1 = (await list(clerk, 'pageSize=2')).json();
    expect(p1.items).toHaveLength(2);
    const pages = [p1.items];
    for (let page = 2; page <= Math.ceil(p1.total / 2); page++) {
      const p = (await list(clerk, `pageSize=2&page=${page}`)).json();
      expect(p).toMatchObject({ total: p1.total, page, pageSize: 2 });
      pages.push(p.items);
    }
    const paged = pages.flat().map((i: { id: string }) => i.id);
    // every page but the last is full, and the pages add up to one listing without repeats
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    expect(paged).toEqual((await all(clerk, '')).map((i) => i.id));
    expect(new Set(paged).size).toBe(p1.total);
    // the total counts every document of the register (the demo seed's and these three)
    const registered = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, async (tx) =>
      Number(
        (
          await rtx(tx)
            .selectFrom('records_document')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    expect(p1.total).toBe(registered);
    const own = ownIds();
    expect(paged.filter((id) => own.has(id))).toEqual([ids.c, ids.b, ids.a]);
    const past = (await list(clerk, `pageSize=2&page=${Math.ceil(p1.total / 2) + 1}`)).json();
    expect(past).toMatchObject({ total: p1.total, items: [] });
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
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parse(csv.body.slice(1)) as string[][];
    expect(header).toContain('Číslo jednací');
    const refCol = header!.indexOf('Číslo jednací');
    const senderCol = header!.indexOf('Odesílatel');
    const refsInCsv = rows.map((r) => r[refCol]);
    // the day's own documents in number order (the demo seed's of that day may be among them); not the next day's
    const a = refsInCsv.indexOf(refs.a);
    const b = refsInCsv.indexOf(refs.b);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    expect(rows[a]![senderCol]).toBe('Stavby Hlučín s.r.o.');
    expect(rows[b]![senderCol]).toBe('Marie Svobodová');
    expect(refsInCsv).not.toContain(refs.c);
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
    expect(page.body).toContain(refs.a);
    expect(page.body).not.toContain(refs.b);
    expect(page.body).not.toContain(refs.c);
    expect(page.body).toContain('/api/v1/records/journal.csv?');
    expect(page.body).toContain('<label class="gov-form-label" for="f-q">');
    const bad = await as(app, clerk, {
      method: 'GET',
      url: '/app/records/journal?from=2026-03-11&to=2026-03-01',
    });
    expect(bad.statusCode).toBe(422);
  });
});
