import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../platform/http/app.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { type OParlObject, paginate, readListQuery } from './domain/oparl.js';
import { finaliseMinutes } from './minutes-service.js';
import { markPhrase, publishRedaction } from './redaction-service.js';
import {
  addAgendaItem,
  addMembers,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  markReady,
  recordAttendance,
  recordVote,
} from './service.js';

let ctx: TestContext;
let app: FastifyInstance;
const BASE = 'http://localhost:80/oparl-obec/oparl/v1';

/** Required members per object type (OParl 1.1: id, type, created and modified for every object). */
const REQUIRED: Record<string, string[]> = {
  System: ['oparlVersion', 'body'],
  Body: [
    'name',
    'organization',
    'person',
    'meeting',
    'paper',
    'legislativeTerm',
    'agendaItem',
    'consultation',
    'file',
    'membership',
    'locationList',
    'legislativeTermList',
  ],
  LegislativeTerm: [],
  Organization: ['body', 'name'],
  Person: ['body', 'name'],
  Membership: ['person', 'organization'],
  Meeting: ['name', 'organization', 'agendaItem'],
  AgendaItem: ['meeting', 'order', 'name'],
  Paper: ['body', 'name'],
  Consultation: ['paper', 'agendaItem', 'meeting', 'organization'],
  File: ['name', 'accessUrl'],
  Location: [],
};

const get = (url: string) => app.inject({ url: url.replace('http://localhost:80', '') });
const json = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type'], url).toMatch(/^application\/json/);
  expect(res.headers['access-control-allow-origin'], url).toBe('*');
  return res.json();
};

function checkObject(o: OParlObject, seen: Map<string, OParlObject>) {
  const type = String(o.type).replace('https://schema.oparl.org/1.1/', '');
  expect(Object.keys(REQUIRED), o.id).toContain(type);
  for (const k of ['id', 'type', 'created', 'modified', ...REQUIRED[type]!])
    expect(o[k], `${type}.${k}`).not.toBeUndefined();
  expect(o.id.startsWith(`${BASE}/`), o.id).toBe(true);
  expect(Number.isNaN(Date.parse(o.created)), o.id).toBe(false);
  seen.set(o.id, o);
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  const tenant = await addTenant(ctx, 'oparl-obec', 'Obec OParl');
  const secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  let zm = await createBody(ctx, secretary, {
    code: 'ZM',
    name: 'Zastupitelstvo obce',
    kind: 'assembly',
    seats: 3,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretary, zm.id, [
    { name: 'Alena Malá', role: 'chair' },
    { name: 'Boris Velký', role: 'member' },
    { name: 'Cecílie Střední', role: 'member' },
  ]);
  zm = await getBody(ctx, secretary, zm.id);
  const texts = {
    author: 'Ing. Ema Dlouhá',
    submitter: 'starostka',
    problem: 'Žadatel Petr Svoboda.',
    proposal: 'Vyhovět.',
  };
  const a = await createMaterial(ctx, secretary, {
    ...texts,
    bodyId: zm.id,
    title: 'Pronájem bytu – Petr Svoboda',
    clauses: [{ verb: 'schvaluje', text: 'pronájem bytu č. 5 panu Petru Svobodovi' }],
  });
  const b = await createMaterial(ctx, secretary, {
    ...texts,
    bodyId: zm.id,
    title: 'Rozpočet',
    clauses: [{ verb: 'schvaluje', text: 'rozpočet obce na rok 2026' }],
  });
  await markReady(ctx, secretary, a.id);
  await markReady(ctx, secretary, b.id);
  await markPhrase(ctx, secretary, 'material', a.id, {
    version: 1,
    phrase: 'Petr Svoboda',
    category: 'name',
  });
  await publishRedaction(ctx, secretary, 'material', a.id, { version: 1 });
  let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-03-25', place: 'Obecní úřad' });
  m = await addAgendaItem(ctx, secretary, m.id, { materialId: a.id });
  m = await addAgendaItem(ctx, secretary, m.id, { materialId: b.id });
  m = await recordAttendance(ctx, secretary, m.id, {
    memberIds: zm.members.map((x) => x.id),
    kind: 'arrive',
    fromItem: 1,
  });
  for (const item of m.items) {
    await recordVote(ctx, secretary, item.id, {
      kind: 'aggregate',
      for: 3,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    const d = await decideItem(ctx, secretary, item.id, { outcome: 'adopted' });
    if (item.materialId === a.id) {
      await markPhrase(ctx, secretary, 'resolution', d.resolution!.id, {
        version: 1,
        phrase: 'Petr Svoboda',
        category: 'name',
      });
      await markPhrase(ctx, secretary, 'resolution', d.resolution!.id, {
        version: 1,
        phrase: 'Petru Svobodovi',
        category: 'name',
      });
      await publishRedaction(ctx, secretary, 'resolution', d.resolution!.id, { version: 1 });
    }
  }
  await finaliseMinutes(ctx, secretary, m.id);
  await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-05-20', place: 'Obecní úřad' });
  app = await buildApp(ctx);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('OParl 1.1 over HTTP', () => {
  it('walks from the System to every list; each object has its required members and resolves at its id', async () => {
    const seen = new Map<string, OParlObject>();
    const system = await json('/oparl-obec/oparl/v1/system');
    checkObject(system, seen);
    expect(system).toMatchObject({
      id: `${BASE}/system`,
      type: 'https://schema.oparl.org/1.1/System',
      oparlVersion: 'https://schema.oparl.org/1.1/',
    });
    const bodies = await json(system.body);
    expect(bodies.pagination).toMatchObject({ totalElements: 1, currentPage: 1, totalPages: 1 });
    const body = bodies.data[0];
    checkObject(body, seen);
    expect(body.legislativeTerm).toEqual([
      expect.objectContaining({ name: '2022–2026', startDate: '2022-01-01' }),
    ]);
    const counts: Record<string, number> = {};
    for (const key of [
      'organization',
      'person',
      'membership',
      'meeting',
      'agendaItem',
      'paper',
      'consultation',
      'file',
      'locationList',
      'legislativeTermList',
    ]) {
      const list = await json(body[key]);
      expect(Object.keys(list).sort(), key).toEqual(['data', 'links', 'pagination']);
      counts[key] = list.pagination.totalElements;
      for (const o of list.data) checkObject(o, seen);
    }
    expect(counts).toEqual({
      organization: 1,
      person: 3,
      membership: 3,
      meeting: 2,
      agendaItem: 2,
      paper: 2,
      consultation: 2,
      file: 1,
      locationList: 2,
      legislativeTermList: 1,
    });
    for (const [id, o] of seen) {
      if (id.endsWith('/system')) continue;
      expect(await json(id), id).toEqual(o);
    }
  });

  it('meetings embed their agenda, place and final minutes; papers their consultation', async () => {
    const meetings = await json(`${BASE}/meetings`);
    const [held, next] = meetings.data;
    expect(held).toMatchObject({
      name: '1. zasedání – Zastupitelstvo obce',
      meetingState: 'durchgeführt',
      start: '2026-03-25T00:00:00+01:00',
      location: { description: 'Obecní úřad' },
      resultsProtocol: { mimeType: 'application/pdf', accessUrl: expect.stringMatching(/\/zapis\.pdf$/) },
    });
    expect(held.agendaItem.map((i: OParlObject) => i.order)).toEqual([1, 2]);
    expect(held.agendaItem[1]).toMatchObject({
      result: 'schváleno',
      resolutionText: expect.stringContaining('rozpočet obce'),
    });
    expect(next).toMatchObject({
      meetingState: 'terminiert',
      start: '2026-05-20T00:00:00+02:00',
      agendaItem: [],
    });
    const org = (await json(`${BASE}/organizations`)).data[0];
    expect((await json(org.meeting)).pagination.totalElements).toBe(2);
    const paper = (await json(`${BASE}/papers`)).data.find((p: OParlObject) => p.name !== 'Rozpočet');
    expect(paper.consultation[0]).toMatchObject({ authoritative: true, meeting: held.id });
    const pdf = await get(held.resultsProtocol.accessUrl);
    expect(pdf.statusCode).toBe(200);
  });

  it('publishes only redacted texts', async () => {
    for (const list of ['meetings', 'agenda-items', 'papers', 'consultations', 'files']) {
      const res = await get(`${BASE}/${list}`);
      expect(res.body, list).not.toMatch(/Svobod/);
    }
    const items = (await json(`${BASE}/agenda-items`)).data;
    expect(items[0].name).toBe('Pronájem bytu – [jméno a příjmení]');
    expect(items[0].resolutionText).toContain('panu [jméno a příjmení]');
    const papers = (await json(`${BASE}/papers`)).data.map((p: OParlObject) => p.name).sort();
    expect(papers).toEqual(['Pronájem bytu – [jméno a příjmení]', 'Rozpočet']);
  });

  it('pages with limit and page, filters by modified_since, refuses bad parameters (400), 404 for unknown', async () => {
    const first = await json(`${BASE}/persons?limit=2`);
    expect(first.data).toHaveLength(2);
    expect(first.pagination).toEqual({ totalElements: 3, elementsPerPage: 2, currentPage: 1, totalPages: 2 });
    expect(first.links.next).toBe(`${BASE}/persons?limit=2&page=2`);
    const second = await json(first.links.next);
    expect(second.data).toHaveLength(1);
    expect(second.links.prev).toBe(`${BASE}/persons?limit=2`);
    expect(second.links.next).toBeUndefined();
    const future = await json(`${BASE}/meetings?modified_since=2030-01-01T00:00:00Z`);
    expect(future.pagination.totalElements).toBe(0);
    expect((await get(`${BASE}/meetings?limit=0`)).statusCode).toBe(422);
    expect((await get(`${BASE}/meetings?created_since=yesterday`)).statusCode).toBe(422);
    expect((await get(`${BASE}/nothing`)).statusCode).toBe(404);
    expect((await get(`${BASE}/meeting/00000000-0000-0000-0000-000000000000`)).statusCode).toBe(404);
    expect((await get('/no-such-tenant/oparl/v1/system')).statusCode).toBe(404);
  });
});

describe('OParl lists paged in SQL', () => {
  it('a list spans two pages: page 1 and page 2 hold the two objects in order, each equal to the object at its id', async () => {
    for (const list of ['meetings', 'locations', 'agenda-items', 'papers', 'consultations']) {
      const one = await json(`${BASE}/${list}?limit=1`);
      expect(one.pagination, list).toEqual({
        totalElements: 2,
        elementsPerPage: 1,
        currentPage: 1,
        totalPages: 2,
      });
      expect(one.links.next, list).toBe(`${BASE}/${list}?limit=1&page=2`);
      const two = await json(one.links.next);
      expect(two.pagination.currentPage, list).toBe(2);
      expect(two.links.next, list).toBeUndefined();
      expect(two.links.prev, list).toBe(`${BASE}/${list}?limit=1`);
      const whole = await json(`${BASE}/${list}`);
      expect([...one.data, ...two.data], list).toEqual(whole.data);
      for (const o of whole.data) expect(await json(o.id), o.id).toEqual(o);
      // A page past the end is empty but still tells the total.
      const past = await json(`${BASE}/${list}?limit=1&page=3`);
      expect([past.data, past.pagination.totalElements], list).toEqual([[], 2]);
    }
    // Meetings by date: the held one (with its minutes) first, the next one on page 2.
    const [held] = (await json(`${BASE}/meetings?limit=1`)).data;
    const [next] = (await json(`${BASE}/meetings?limit=1&page=2`)).data;
    expect([held.meetingState, next.meetingState]).toEqual(['durchgeführt', 'terminiert']);
    // The organization's meetings page the same way.
    const org = (await json(`${BASE}/organizations`)).data[0];
    const orgPage = await json(`${org.meeting}?limit=1&page=2`);
    expect(orgPage.data.map((m: OParlObject) => m.id)).toEqual([next.id]);
    expect((await get(`${BASE}/organization/00000000-0000-0000-0000-000000000000/meetings`)).statusCode).toBe(
      404,
    );
  });

  it('filters by created/modified in SQL, at millisecond precision as the objects show the times', async () => {
    const [held] = (await json(`${BASE}/meetings`)).data;
    // The held meeting was last modified when its minutes became final; the next one later.
    const until = await json(`${BASE}/meetings?modified_until=${encodeURIComponent(held.modified)}`);
    expect(until.data.map((m: OParlObject) => m.id)).toEqual([held.id]);
    expect(until.links.self).toContain('modified_until=');
    const since = await json(`${BASE}/meetings?modified_since=${encodeURIComponent(held.modified)}`);
    expect(since.pagination.totalElements).toBe(2);
    const justAfter = new Date(Date.parse(held.modified) + 1).toISOString();
    const after = await json(`${BASE}/files?created_since=${encodeURIComponent(justAfter)}`);
    expect(after.pagination.totalElements).toBe(0);
    const at = await json(`${BASE}/files?created_since=${encodeURIComponent(held.modified)}`);
    expect(at.pagination.totalElements).toBe(1);
  });
});

describe('paginate', () => {
  const objs = Array.from({ length: 5 }, (_, i) => ({
    id: `x/${i}`,
    type: 't',
    created: `2026-01-0${i + 1}T00:00:00Z`,
    modified: `2026-01-0${i + 1}T00:00:00Z`,
  }));
  const cases: { q: Record<string, string>; ids: number[]; pages: number; links: string[] }[] = [
    { q: {}, ids: [0, 1, 2, 3, 4], pages: 1, links: ['first', 'last', 'self'] },
    { q: { limit: '2' }, ids: [0, 1], pages: 3, links: ['first', 'last', 'next', 'self'] },
    { q: { limit: '2', page: '3' }, ids: [4], pages: 3, links: ['first', 'last', 'prev', 'self'] },
    { q: { limit: '2', page: '9' }, ids: [], pages: 3, links: ['first', 'last', 'prev', 'self'] },
    {
      q: { created_since: '2026-01-03T00:00:00Z' },
      ids: [2, 3, 4],
      pages: 1,
      links: ['first', 'last', 'self'],
    },
    {
      q: { created_since: '2026-01-02T00:00:00Z', modified_until: '2026-01-03T00:00:00Z' },
      ids: [1, 2],
      pages: 1,
      links: ['first', 'last', 'self'],
    },
  ];
  it.each(cases)('$q', ({ q, ids, pages, links }) => {
    const query = readListQuery(q);
    expect(query.issues).toEqual([]);
    const r = paginate(objs, 'http://h/l', query);
    expect(r.data.map((o) => Number(o.id.slice(2)))).toEqual(ids);
    expect(r.pagination.totalPages).toBe(pages);
    expect(Object.keys(r.links).sort()).toEqual(links);
    // Every link keeps the filters and the page size.
    for (const l of Object.values(r.links))
      for (const k of Object.keys(q)) if (k !== 'page') expect(l).toContain(`${k}=`);
  });
  it('refuses bad values', () => {
    expect(
      readListQuery({ page: '0', limit: '5000', modified_until: '2026' }).issues.map((i) => i.field),
    ).toEqual(['page', 'limit', 'modified_until']);
  });
});
