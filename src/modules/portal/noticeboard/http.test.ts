import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../platform/http/app.js';
import { useTestHashing } from '../../../platform/identity/index.js';
import { addUser, type Signed, signIn } from '../../../platform/identity/testing.js';
import { png1x1 } from '../../../test-support/blob-fixtures.js';
import { createTestContext, type TestContext } from '../../../test-support/context.js';
import { createTestTenant } from '../../../test-support/tenants.js';
import { demoPdf } from './seed.js';
import { boardValidator, describeErrors } from './testing.js';

let ctx: TestContext;
let app: FastifyInstance;
let pubA: Signed;
let pubB: Signed;
let handlerA: Signed;
let pdf: Buffer;
let postedId: string;
let postedDocId: string;
let draftId: string;

const START = new Date('2026-03-02T08:00:00Z');

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }) {
  const boundary = '----nbtest7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function api(who: Signed, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload ? { payload } : {}),
  });
}

async function countNotices(): Promise<number> {
  return ctx.asSuperuser(async (db) => {
    const r = await db.selectFrom('notice').select(db.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: START });
  useTestHashing(ctx);
  const a = await createTestTenant(ctx, 'deska-a', { ico: '00300063', name: 'Město Áčko' });
  const b = await createTestTenant(ctx, 'deska-b', { name: 'Obec Béčko' });
  await addUser(ctx, a.id, 'deska', ['publisher']);
  await addUser(ctx, a.id, 'referent', ['handler']);
  await addUser(ctx, b.id, 'deska', ['publisher']);
  app = await buildApp(ctx);
  pubA = await signIn(app, 'deska-a', 'deska');
  pubB = await signIn(app, 'deska-b', 'deska');
  handlerA = await signIn(app, 'deska-a', 'referent');
  pdf = Buffer.from(await demoPdf('Veřejná vyhláška', ['Oznámení o zahájení řízení.']));

  // One posted public notice with a PDF, one draft.
  const created = await api(pubA, 'POST', '/api/v1/notices', {
    title: 'Veřejná vyhláška – územní řízení, most přes Opavu',
    description: 'Dnem doručení je 15. den po vyvěšení.',
    category: 'public-notice',
    referenceNumber: 'MUA/12/2026',
    fileNumber: 'OV/3/2026',
    originatorName: 'Kraj Vysočina',
    originatorIco: '70890749',
    postingDate: '2026-03-02',
    approvalDate: '2026-02-27',
  });
  expect(created.statusCode, created.body).toBe(201);
  postedId = created.json().id;
  const mp = multipart({ title: 'Vyhláška (PDF)' }, { name: 'vyhláška.pdf', content: pdf });
  const attached = await app.inject({
    method: 'POST',
    url: `/api/v1/notices/${postedId}/documents`,
    headers: { ...mp.headers, cookie: pubA.cookie, 'x-csrf-token': pubA.csrf },
    payload: mp.payload,
  });
  expect(attached.statusCode, attached.body).toBe(201);
  postedDocId = attached.json().documents[0].id;
  const scheduled = await api(pubA, 'POST', `/api/v1/notices/${postedId}/schedule`);
  expect(scheduled.statusCode, scheduled.body).toBe(200);
  expect(scheduled.json()).toMatchObject({ state: 'posted', removalDate: '2026-03-17' });

  const draft = await api(pubA, 'POST', '/api/v1/notices', {
    title: 'Tajný koncept',
    category: 'announcement',
    postingDate: '2026-03-10',
    removalDate: '2026-03-20',
  });
  draftId = draft.json().id;
  // Building the app and signing three people in is slow on a busy machine.
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('public board', () => {
  it('lists the posted notice, not the draft, with links to feeds and open data', async () => {
    const res = await app.inject({ url: '/deska-a/uredni-deska' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Veřejná vyhláška – územní řízení, most přes Opavu');
    expect(res.body).not.toContain('Tajný koncept');
    for (const href of [
      '/deska-a/uredni-deska.jsonld',
      '/deska-a/uredni-deska.rss',
      '/deska-a/uredni-deska.atom',
      '/deska-a/uredni-deska/archiv',
    ])
      expect(res.body).toContain(`href="${href}"`);
  });

  it.each([
    ['q=uzemni%20rizeni', true],
    ['q=MOST%20OPAVU', true],
    ['q=most&category=public-notice', true],
    ['q=most&category=budget', false],
    ['q=koncept', false],
  ])('search %s → found %s', async (query, found) => {
    const res = await app.inject({ url: `/deska-a/uredni-deska?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.body.includes(`/deska-a/uredni-deska/${postedId}`)).toBe(found);
  });

  it('shows the detail with the computed period explained, and serves the PDF', async () => {
    const res = await app.inject({ url: `/deska-a/uredni-deska/${postedId}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('MUA/12/2026');
    expect(res.body).toContain('Kraj Vysočina');
    expect(res.body).toContain('15 dní od 2026-03-02 → 2026-03-17');
    const doc = await app.inject({ url: `/deska-a/uredni-deska/${postedId}/dokumenty/${postedDocId}` });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers 404 for a draft, an unknown id and another tenant’s board', async () => {
    expect((await app.inject({ url: `/deska-a/uredni-deska/${draftId}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/deska-a/uredni-deska/not-a-uuid' })).statusCode).toBe(404);
    expect((await app.inject({ url: `/deska-b/uredni-deska/${postedId}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/no-such-town/uredni-deska' })).statusCode).toBe(404);
  });

  it('serves OFN JSON-LD that validates against the official schema', async () => {
    const res = await app.inject({ url: '/deska-a/uredni-deska.jsonld' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const board = res.json();
    const v = boardValidator();
    expect(v(board), describeErrors(v).join('\n')).toBe(true);
    expect(board.provozovatel).toEqual({ typ: 'Osoba', ičo: '00300063' });
    expect(board.informace).toHaveLength(1);
    expect(board.informace[0]).toMatchObject({
      název: { cs: 'Veřejná vyhláška – územní řízení, most přes Opavu' },
      vyvěšení: { datum: '2026-03-02' },
      relevantní_do: { datum: '2026-03-17' },
      číslo_jednací: 'MUA/12/2026',
    });
    // The board of a village without IČO validates too.
    const b = await app.inject({ url: '/deska-b/uredni-deska.jsonld' });
    expect(v(b.json()), describeErrors(v).join('\n')).toBe(true);
  });

  it('serves the NKOD catalogue record pointing at the JSON-LD', async () => {
    const res = await app.inject({ url: '/deska-a/uredni-deska.nkod.jsonld' });
    expect(res.headers['content-type']).toContain('application/ld+json');
    const rec = res.json();
    expect(rec.typ).toBe('Datová sada');
    expect(rec.distribuce[0].soubor_ke_stažení).toMatch(/\/deska-a\/uredni-deska\.jsonld$/);
  });

  it('publishes RSS and Atom feeds that parse', async () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    const rss = await app.inject({ url: '/deska-a/uredni-deska.rss' });
    expect(rss.headers['content-type']).toContain('application/rss+xml');
    const r = parser.parse(rss.body);
    const items = [r.rss.channel.item].flat();
    expect(items.map((i: { title: string }) => i.title)).toContain(
      'Veřejná vyhláška – územní řízení, most přes Opavu',
    );
    const atom = await app.inject({ url: '/deska-a/uredni-deska.atom' });
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    const a = parser.parse(atom.body);
    expect([a.feed.entry].flat()).toHaveLength(1);
  });

  it('links the board from the tenant portal', async () => {
    const res = await app.inject({ url: '/deska-a/' });
    expect(res.body).toContain('href="/deska-a/uredni-deska"');
  });
});

describe('API: bad input changes nothing', () => {
  const good = {
    title: 'Oznámení',
    category: 'announcement',
    postingDate: '2026-03-05',
    removalDate: '2026-03-20',
  };
  it.each([
    ['removal before posting', { ...good, removalDate: '2026-03-04' }, 422, 'removalDate'],
    ['no title', { ...good, title: '' }, 422, 'title'],
    [
      'public notice shorter than 15 days',
      { ...good, category: 'public-notice', removalDate: '2026-03-10' },
      422,
      'removalDate',
    ],
    ['unknown field', { ...good, colour: 'red' }, 422, 'body/colour'],
    ['unknown category', { ...good, category: 'gossip' }, 422, 'body/category'],
  ])('%s → 422 with the field', async (_name, body, status, field) => {
    const before = await countNotices();
    const res = await api(pubA, 'POST', '/api/v1/notices', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await countNotices()).toBe(before);
  });

  it('refuses a non-PDF "PDF" upload, a schedule without document and a posting in the past', async () => {
    const n = (await api(pubA, 'POST', '/api/v1/notices', { ...good, postingDate: '2026-03-01' })).json();
    for (const content of [png1x1(), Buffer.from('just text pretending to be a PDF')]) {
      const mp = multipart({}, { name: 'fake.pdf', content });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/notices/${n.id}/documents`,
        headers: { ...mp.headers, cookie: pubA.cookie, 'x-csrf-token': pubA.csrf },
        payload: mp.payload,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field: 'file', code: 'notPdf' });
    }
    const noDoc = await api(pubA, 'POST', `/api/v1/notices/${n.id}/schedule`);
    expect(noDoc.statusCode).toBe(422);
    expect(noDoc.json().errors.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining(['noDocument', 'postingInPast']),
    );
    expect((await api(pubA, 'GET', `/api/v1/notices/${n.id}`)).json()).toMatchObject({
      state: 'draft',
      documents: [],
    });
  });

  it('refuses a multipart upload without the CSRF token', async () => {
    const mp = multipart({}, { name: 'a.pdf', content: pdf });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/notices/${draftId}/documents`,
      headers: { ...mp.headers, cookie: pubA.cookie },
      payload: mp.payload,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('who may', () => {
  it('a publisher of tenant B gets 404 for A’s notices, in the API and the staff pages', async () => {
    expect((await api(pubB, 'GET', `/api/v1/notices/${postedId}`)).statusCode).toBe(404);
    expect((await api(pubB, 'POST', `/api/v1/notices/${draftId}/schedule`)).statusCode).toBe(404);
    expect((await api(pubB, 'GET', `/api/v1/notices/${postedId}/certificate`)).statusCode).toBe(404);
    const page = await app.inject({ url: `/app/uredni-deska/${postedId}`, headers: { cookie: pubB.cookie } });
    expect(page.statusCode).toBe(404);
    const list = (await api(pubB, 'GET', '/api/v1/notices')).json();
    expect(list.items).toEqual([]);
  });

  it('a handler without the publisher role gets 403', async () => {
    expect((await api(handlerA, 'GET', '/api/v1/notices')).statusCode).toBe(403);
    expect(
      (
        await api(handlerA, 'POST', '/api/v1/notices', {
          title: 'x',
          category: 'other',
          postingDate: '2026-03-05',
          removalDate: '2026-03-06',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: '/app/uredni-deska', headers: { cookie: handlerA.cookie } })).statusCode,
    ).toBe(403);
  });

  it('anonymous callers get 401 from the API', async () => {
    expect((await app.inject({ url: '/api/v1/notices' })).statusCode).toBe(401);
  });
});

describe('staff pages', () => {
  it('create with PDF upload, post, take down early with reason, download the certificate', async () => {
    const form = await app.inject({ url: '/app/uredni-deska/new', headers: { cookie: pubA.cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`action="/app/uredni-deska?_csrf=${encodeURIComponent(pubA.csrf)}"`);
    expect(form.body).toContain('enctype="multipart/form-data"');

    // A bad form comes back with the errors and the values typed.
    const badMp = multipart(
      {
        title: 'Oznámení o svozu odpadu',
        category: 'announcement',
        postingDate: '2026-03-02',
        removalDate: '2026-03-01',
      },
      { name: 'svoz.pdf', content: pdf },
    );
    const bad = await app.inject({
      method: 'POST',
      url: `/app/uredni-deska?_csrf=${encodeURIComponent(pubA.csrf)}`,
      headers: { ...badMp.headers, cookie: pubA.cookie },
      payload: badMp.payload,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Datum sejmutí je před datem vyvěšení.');
    expect(bad.body).toContain('value="Oznámení o svozu odpadu"');
    expect(bad.body).toContain('aria-describedby="nb-removalDate-hint nb-removalDate-error"');

    const mp = multipart(
      {
        title: 'Oznámení o svozu odpadu',
        category: 'announcement',
        postingDate: '2026-03-02',
        removalDate: '2026-03-12',
      },
      { name: 'svoz.pdf', content: pdf },
    );
    const created = await app.inject({
      method: 'POST',
      url: `/app/uredni-deska?_csrf=${encodeURIComponent(pubA.csrf)}`,
      headers: { ...mp.headers, cookie: pubA.cookie },
      payload: mp.payload,
    });
    expect(created.statusCode, created.body).toBe(303);
    const detailUrl = created.headers.location!.split('?')[0]!;
    const id = detailUrl.split('/').pop()!;

    const post = (url: string, body: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: pubA.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: pubA.csrf, ...body }).toString(),
      });
    const scheduled = await post(`${detailUrl}/schedule`);
    expect(scheduled.statusCode).toBe(303);
    const detail = await app.inject({ url: scheduled.headers.location!, headers: { cookie: pubA.cookie } });
    expect(detail.body).toContain('Oznámení je vyvěšeno.');

    const noReason = await post(`${detailUrl}/remove`, { reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Uveďte důvod sejmutí před koncem lhůty.');

    const removed = await post(`${detailUrl}/remove`, { reason: 'Svoz se nekoná.' });
    expect(removed.statusCode).toBe(303);
    const cert = await app.inject({ url: `${detailUrl}/certificate`, headers: { cookie: pubA.cookie } });
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toBe('application/pdf');
    expect(cert.headers['content-disposition']).toContain('attachment');

    const archive = await app.inject({ url: '/deska-a/uredni-deska/archiv' });
    expect(archive.body).toContain(`/deska-a/uredni-deska/${id}`);
    const board = await app.inject({ url: '/deska-a/uredni-deska' });
    expect(board.body).not.toContain(`/deska-a/uredni-deska/${id}`);
  });

  it('lists the tenant’s notices with their states', async () => {
    const res = await app.inject({ url: '/app/uredni-deska', headers: { cookie: pubA.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tajný koncept');
    expect(res.body).toContain('Koncept');
    expect(res.body).toContain('Vyvěšeno');
  });
});

describe('cached board on several app nodes', () => {
  it('a change made through another node shows at once; the JSON-LD answers conditional GETs', async () => {
    const node2 = await buildApp(ctx);
    try {
      const title = 'Oznámení o uzavírce ulice Zahradní';
      const before = await app.inject({ url: '/deska-a/uredni-deska' });
      expect(before.body).not.toContain(title);
      const ld = await app.inject({ url: '/deska-a/uredni-deska.jsonld' });
      const etag = ld.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const same = await app.inject({
        url: '/deska-a/uredni-deska.jsonld',
        headers: { 'if-none-match': etag },
      });
      expect(same.statusCode).toBe(304);
      expect(same.body).toBe('');

      // node 2 posts a notice (the session is server-side, so it is valid on every node)
      const call = (method: 'POST' | 'GET', url: string, payload?: object) =>
        node2.inject({
          method,
          url,
          headers: { cookie: pubA.cookie, 'x-csrf-token': pubA.csrf },
          ...(payload ? { payload } : {}),
        });
      const created = await call('POST', '/api/v1/notices', {
        title,
        category: 'announcement',
        postingDate: '2026-03-02',
        removalDate: '2026-03-20',
      });
      const id = created.json().id as string;
      const mp = multipart({ title: 'Uzavírka' }, { name: 'uzavirka.pdf', content: pdf });
      const attached = await node2.inject({
        method: 'POST',
        url: `/api/v1/notices/${id}/documents`,
        headers: { ...mp.headers, cookie: pubA.cookie, 'x-csrf-token': pubA.csrf },
        payload: mp.payload,
      });
      expect(attached.statusCode).toBe(201);
      expect((await call('POST', `/api/v1/notices/${id}/schedule`)).json().state).toBe('posted');

      const after = await app.inject({ url: '/deska-a/uredni-deska' });
      expect(after.body).toContain(title);
      const byCategory = await app.inject({ url: '/deska-a/uredni-deska?category=announcement' });
      expect(byCategory.body).toContain(title);
      const changed = await app.inject({
        url: '/deska-a/uredni-deska.jsonld',
        headers: { 'if-none-match': etag },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(changed.body).toContain(title);

      const removed = await call('POST', `/api/v1/notices/${id}/remove`, { reason: 'Uzavírka zrušena.' });
      expect(removed.statusCode, removed.body).toBe(200);
      expect((await app.inject({ url: '/deska-a/uredni-deska' })).body).not.toContain(title);
      expect((await app.inject({ url: '/deska-a/uredni-deska.jsonld' })).body).not.toContain(title);
      // the other tenant's board is a separate entry: B's board never shows A's notices
      expect((await app.inject({ url: '/deska-b/uredni-deska' })).body).not.toContain('most přes Opavu');
    } finally {
      await node2.close();
    }
  });
});
