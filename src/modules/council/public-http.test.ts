import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../platform/http/app.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { actorFor, addTenant, addUser, type Signed, signIn } from '../../platform/identity/testing.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { CSV_COLUMNS } from './domain/opendata.js';
import {
  addAgendaItem,
  addMembers,
  createBody,
  createMeeting,
  decideItem,
  recordAttendance,
  recordVote,
} from './service.js';
import { ofnValidator } from './testing.js';

let ctx: TestContext;
let app: FastifyInstance;
let secretary: Signed;
let radni: Signed;
let zmPast: { id: string };
let zmNext: { id: string };
let rmPast: { id: string };
let resolutions: { id: string; number: string; bodyCode: string; title: string }[];
const html = { accept: 'text/html' };

const get = (url: string) => app.inject({ url, headers: html });
const api = (who: Signed, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    ...(payload ? { payload } : {}),
  });

/** The ids of the resolutions listed on a page, in order. */
const listed = (body: string) =>
  [...body.matchAll(/href="\/[a-z-]+\/usneseni\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  app = await buildApp(ctx);
  secretary = await signIn(app, 'hlucin', 'tajemnik', DEMO_PASSWORD);
  radni = await signIn(app, 'hlucin', 'radni', DEMO_PASSWORD);
  const meetings = (await api(secretary, 'GET', '/api/v1/council/meetings')).json() as {
    id: string;
    bodyCode: string;
    date: string;
  }[];
  const zm = meetings.filter((m) => m.bodyCode === 'ZM').sort((a, b) => a.date.localeCompare(b.date));
  zmPast = zm[0]!;
  zmNext = zm[1]!;
  rmPast = meetings.find((m) => m.bodyCode === 'RM')!;
  resolutions = (await api(secretary, 'GET', '/api/v1/council/resolutions')).json();
  // Seeding the whole demo world (every module) takes a while on PGlite.
}, 300_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('demo: Hlučín has final minutes and adopted resolutions', () => {
  it('the staff list shows the past meetings final and the next one upcoming', async () => {
    const list = (await api(radni, 'GET', '/api/v1/council/minutes')).json() as {
      meetingId: string;
      state: string;
    }[];
    const state = Object.fromEntries(list.map((m) => [m.meetingId, m.state]));
    expect(state[zmPast.id]).toBe('final');
    expect(state[rmPast.id]).toBe('final');
    expect(state[zmNext.id]).toBe('upcoming');
    expect(resolutions.map((r) => r.bodyCode).sort()).toEqual(['RM', 'ZM']);
  });
});

describe('public meetings', () => {
  it('lists upcoming and past meetings without signing in', async () => {
    const res = await get('/hlucin/zasedani');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const [upcoming, past] = res.body.split('id="cp-past"');
    expect(upcoming).toContain(`/hlucin/zasedani/${zmNext.id}`);
    expect(past).toContain(`/hlucin/zasedani/${zmPast.id}`);
    expect(past).toContain(`/hlucin/zasedani/${rmPast.id}`);
    expect(upcoming).not.toContain(zmPast.id);
  });

  it('a past meeting shows its agenda, the final minutes and the stored PDF whose hash it names', async () => {
    const res = await get(`/hlucin/zasedani/${zmPast.id}`);
    expect(res.statusCode).toBe(200);
    for (const s of [
      'Rozpočtové opatření č. 1/2026',
      'Prodej pozemku p. č. 2417/3 v k. ú. Hlučín',
      'Rozprava',
      'Zastupitelé upozornili, že pozemek leží v záplavovém území.',
      'Renata Růžičková',
      'Zápis je konečný od',
      `/hlucin/zasedani/${zmPast.id}/zapis.pdf`,
    ])
      expect(res.body).toContain(s);
    const sha = /<code>([0-9a-f]{64})<\/code>/.exec(res.body)?.[1];
    expect(sha).toBeDefined();
    const pdf = await get(`/hlucin/zasedani/${zmPast.id}/zapis.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(sha);
    const doc = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
    const text = (await extractText(doc, { mergePages: true })).text;
    expect(text).toContain('Usnesení č. 0001/01/');
    expect(text).toContain('ověřovatelé zápisu');
    expect(text).toContain('Zastupitelstvo města Hlučína');
  });

  it('an upcoming meeting shows its agenda; its minutes are not published (PDF 404)', async () => {
    const res = await get(`/hlucin/zasedani/${zmNext.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Územní plán Hlučína – zpráva o uplatňování');
    expect(res.body).not.toContain('Zápis je konečný');
    expect((await get(`/hlucin/zasedani/${zmNext.id}/zapis.pdf`)).statusCode).toBe(404);
  });

  it("another tenant's meeting and a malformed id are 404", async () => {
    expect((await get(`/vysocina/zasedani/${zmPast.id}`)).statusCode).toBe(404);
    expect((await get('/hlucin/zasedani/nic')).statusCode).toBe(404);
    expect((await get(`/vysocina/zasedani/${zmPast.id}/zapis.pdf`)).statusCode).toBe(404);
  });

  it('the portal home links the meetings and the resolutions', async () => {
    const res = await get('/hlucin/');
    expect(res.body).toContain('href="/hlucin/zasedani"');
    expect(res.body).toContain('href="/hlucin/usneseni"');
  });
});

describe('public resolutions', () => {
  it('lists the adopted resolutions with links to their pages', async () => {
    const res = await get('/hlucin/usneseni');
    expect(res.statusCode).toBe(200);
    expect(listed(res.body).sort()).toEqual(resolutions.map((r) => r.id).sort());
  });

  it.each<[string, string, string[]]>([
    ['"usneseni" without diacritics finds "přílohy usnesení"', 'q=usneseni', ['ZM']],
    ['upper case, no diacritics', 'q=ROZPOCTOVE%20OPATRENI', ['ZM']],
    ['by number', 'q=%2F2026%2FRM', ['RM']],
    ['text of the council resolution', 'q=altan', ['RM']],
    ['no match', 'q=kanalizace', []],
    ['body filter', 'body=RM', ['RM']],
    ['adopted from far in the future', 'from=2099-01-01', []],
    ['adopted until long ago', 'to=2000-01-01', []],
    ['a malformed date is ignored', 'from=vcera', ['RM', 'ZM']],
    ['an unknown body finds nothing', 'body=XX', []],
  ])('%s (?%s)', async (_case, query, bodies) => {
    const res = await get(`/hlucin/usneseni?${query}`);
    expect(res.statusCode).toBe(200);
    const ids = listed(res.body);
    expect(ids.map((id) => resolutions.find((r) => r.id === id)!.bodyCode).sort()).toEqual(bodies);
    if (query.startsWith('from=vcera')) expect(res.body).toContain('RRRR-MM-DD');
  });

  it('a resolution page: text, vote tally, links to meeting and material; a Czech tenant shows no named list', async () => {
    const zmRes = resolutions.find((r) => r.bodyCode === 'ZM')!;
    const res = await get(`/hlucin/usneseni/${zmRes.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Usnesení č. ${zmRes.number}`);
    expect(res.body).toContain('schvaluje rozpočtové opatření č. 1/2026 podle přílohy usnesení');
    expect(res.body).toContain('pro 16, proti 1, zdržel se 2, nehlasoval 0');
    expect(res.body).toContain(`/hlucin/zasedani/${zmPast.id}`);
    expect(res.body).not.toContain('Jmenovité hlasování');
    const material = /href="\/hlucin\/materialy\/([0-9a-f-]{36})"/.exec(res.body)?.[1];
    expect(material).toBeDefined();
    const m = await get(`/hlucin/materialy/${material}`);
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('Město obdrželo dotaci na rekonstrukci Mírového náměstí');
    expect(m.body).toContain('Finanční výbor doporučuje schválit.');
  });

  it('a rejected or unfinished material is not published (404); nor is another tenant’s resolution', async () => {
    const meeting = (await api(secretary, 'GET', `/api/v1/council/meetings/${zmPast.id}`)).json() as {
      items: { materialId: string | null; outcome: string | null }[];
    };
    const rejected = meeting.items.find((i) => i.outcome === 'rejected')!.materialId;
    expect((await get(`/hlucin/materialy/${rejected}`)).statusCode).toBe(404);
    const next = (await api(secretary, 'GET', `/api/v1/council/meetings/${zmNext.id}`)).json() as {
      items: { materialId: string | null }[];
    };
    expect((await get(`/hlucin/materialy/${next.items[0]!.materialId}`)).statusCode).toBe(404);
    expect((await get(`/vysocina/usneseni/${resolutions[0]!.id}`)).statusCode).toBe(404);
  });

  it('a Polish tenant publishes the named vote with the resolution (BIP)', async () => {
    const list = await get('/przykladowo/usneseni');
    const [id] = listed(list.body);
    const res = await get(`/przykladowo/usneseni/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="pl"');
    expect(res.body).toContain('Uchwała nr XII/1/2024');
    expect(res.body).toContain('Imienny wykaz głosowania');
    expect(res.body).toMatch(/<th scope="row">Radny 1<\/th><td>Za<\/td>/);
    expect(res.body).toMatch(/Wstrzymał/);
  });
});

describe('open data', () => {
  it('JSON-LD: application/ld+json, every resolution an OFN Věc, final minutes as Digitální objekt', async () => {
    const res = await get('/hlucin/usneseni.jsonld');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const doc = res.json() as { usnesení: Record<string, unknown>[] };
    expect(doc.usnesení.map((r) => r.číslo).sort()).toEqual(resolutions.map((r) => r.number).sort());
    const vec = ofnValidator('https://ofn.gov.cz/věc/2020-07-01/schémata/věc.json');
    const obj = ofnValidator(
      'https://ofn.gov.cz/digitální-objekty/2020-07-01/schémata/digitální-objekt.json',
    );
    expect(vec(doc), JSON.stringify(vec.errors)).toBe(true);
    for (const r of doc.usnesení) {
      expect(vec(r), JSON.stringify(vec.errors)).toBe(true);
      const files = r.příloha as { url: string }[];
      expect(files).toHaveLength(1);
      expect(obj(files[0]), JSON.stringify(obj.errors)).toBe(true);
      expect(files[0]!.url).toMatch(/\/hlucin\/zasedani\/[0-9a-f-]{36}\/zapis\.pdf$/);
    }
    // Another tenant's data is not in it.
    expect(JSON.stringify(doc)).not.toContain('XII/1/2024');
  });

  it('CSV: a header and one row per resolution, UTF-8 with diacritics', async () => {
    const res = await get('/hlucin/usneseni.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parse(res.body) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(resolutions.map((r) => r.number).sort());
    expect(res.body).toContain('Zastupitelstvo města Hlučína');
  });
});

describe('staff: minutes over HTTP', () => {
  it('the minutes page and the meeting page show the due date and the state', async () => {
    const page = await app.inject({
      url: `/app/council/meetings/${zmPast.id}/minutes`,
      headers: { cookie: secretary.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Termín vyhotovení');
    expect(page.body).toContain('konečný');
    const meeting = await app.inject({
      url: `/app/council/meetings/${zmNext.id}`,
      headers: { cookie: secretary.cookie },
    });
    expect(meeting.body).toContain('zasedání se ještě nekonalo');
    const list = await app.inject({ url: '/app/council/minutes', headers: { cookie: radni.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/app/council/meetings/${zmPast.id}/minutes`);
  });

  it('final minutes: notes → 409, approval by the secretary → 403, by anonymous → 401 (problem+json)', async () => {
    const put = await api(secretary, 'PUT', `/api/v1/council/meetings/${zmPast.id}/minutes`, {
      closing: 'x',
    });
    expect(put.statusCode).toBe(409);
    expect(put.headers['content-type']).toContain('application/problem+json');
    expect(
      (await api(secretary, 'POST', `/api/v1/council/meetings/${zmPast.id}/minutes/approve`)).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/council/meetings/${zmPast.id}/minutes/approve` }))
        .statusCode,
    ).toBe(401);
    const late = await api(secretary, 'POST', `/api/v1/council/meetings/${zmPast.id}/items`, {
      title: 'Pozdě',
    });
    expect(late.statusCode).toBe(409);
  });
});

describe('staff: minutes forms', () => {
  const form = (who: Signed, url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });

  it('the secretary saves notes of a draft through the form; the page shows them as paragraphs', async () => {
    const minutes = (await api(secretary, 'GET', `/api/v1/council/meetings/${zmNext.id}/minutes`)).json() as {
      notes: Record<string, string>;
    };
    expect(minutes.notes).toEqual({});
    const meeting = (await api(secretary, 'GET', `/api/v1/council/meetings/${zmNext.id}`)).json() as {
      items: { id: string }[];
    };
    const itemId = meeting.items[0]!.id;
    const res = await form(secretary, `/app/council/meetings/${zmNext.id}/minutes`, {
      opening: 'Zahájení v 16:00.',
      [`note.${itemId}`]: 'První odstavec.\r\nDruhý odstavec.',
      closing: '',
    });
    expect(res.statusCode).toBe(303);
    const page = await app.inject({
      url: `/app/council/meetings/${zmNext.id}/minutes`,
      headers: { cookie: secretary.cookie },
    });
    expect(page.body).toContain('<p>První odstavec.</p><p>Druhý odstavec.</p>');
    // The due date comes with the calendar's explanation of how it was counted.
    expect(page.body).toMatch(/10 dní od \d{4}-\d{2}-\d{2}/);
  });

  it('a refused action is shown on the page: approving before the meeting (409), notes by a member (403)', async () => {
    const approve = await form(radni, `/app/council/meetings/${zmNext.id}/minutes/approve`, {});
    expect(approve.statusCode).toBe(409);
    expect(approve.body).toContain('The meeting has not taken place yet.');
    const notes = await form(radni, `/app/council/meetings/${zmNext.id}/minutes`, { opening: 'x' });
    expect(notes.statusCode).toBe(403);
    const after = (await api(secretary, 'GET', `/api/v1/council/meetings/${zmNext.id}/minutes`)).json() as {
      verifiers: { approvedAt: string | null }[];
      doc: { opening: string };
    };
    expect(after.verifiers.map((v) => v.approvedAt)).toEqual([null]);
    expect(after.doc.opening).toBe('Zahájení v 16:00.');
  });

  it('a form without the CSRF token is refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/app/council/meetings/${zmNext.id}/minutes`,
      headers: { cookie: secretary.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'opening=bez',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('paging', () => {
  it('20 resolutions a page, with links to the other pages', async () => {
    const tenant = await addTenant(ctx, 'strankovani', 'Obec Stránkování');
    const sec = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
    const body = await createBody(ctx, sec, {
      code: 'ZO',
      name: 'Zastupitelstvo obce',
      kind: 'assembly',
      seats: 3,
      termLabel: 't',
    });
    await addMembers(
      ctx,
      sec,
      body.id,
      [1, 2, 3].map((i) => ({ name: `Člen ${i}`, role: 'member' })),
    );
    let m = await createMeeting(ctx, sec, { bodyId: body.id, date: '2026-03-02', place: 'Obec' });
    for (let i = 1; i <= 22; i++) m = await addAgendaItem(ctx, sec, m.id, { title: `Bod ${i}` });
    m = await recordAttendance(ctx, sec, m.id, {
      memberIds: m.body.members.map((x) => x.id),
      kind: 'arrive',
      fromItem: 1,
    });
    for (const item of m.items) {
      await recordVote(ctx, sec, item.id, {
        kind: 'aggregate',
        for: 3,
        against: 0,
        abstain: 0,
        notVoting: 0,
      });
      await decideItem(ctx, sec, item.id, {
        outcome: 'adopted',
        clauses: [{ verb: 'bere_na_vedomi', text: `zprávu č. ${item.position}` }],
      });
    }
    const p1 = await get('/strankovani/usneseni');
    expect(listed(p1.body)).toHaveLength(20);
    expect(p1.body).toContain('page=2');
    const p2 = await get('/strankovani/usneseni?page=2');
    expect(listed(p2.body)).toHaveLength(2);
    expect(new Set([...listed(p1.body), ...listed(p2.body)]).size).toBe(22);
    expect(p2.body).toMatch(/aria-current="page"[^>]*>2</);
  }, 120_000);
});
