import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../platform/http/app.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { type Signed, signIn } from '../../platform/identity/testing.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';

let ctx: TestContext;
let app: FastifyInstance;
let secretary: Signed;
let member: Signed;
let foreign: Signed;
let polish: Signed;
type Meeting = {
  id: string;
  bodyId: string;
  items: {
    id: string;
    title: string;
    reference: string | null;
    outcome: string | null;
    vote: unknown;
    materialId: string | null;
  }[];
};
let rkMeeting: Meeting;

const call = (who: Signed | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  app = await buildApp(ctx);
  secretary = await signIn(app, 'vysocina', 'tajemnik', DEMO_PASSWORD);
  member = await signIn(app, 'vysocina', 'radni', DEMO_PASSWORD);
  foreign = await signIn(app, 'hlucin', 'tajemnik', DEMO_PASSWORD);
  polish = await signIn(app, 'przykladowo', 'admin', DEMO_PASSWORD);
  const meetings = (await call(member, 'GET', '/api/v1/council/meetings')).json() as {
    id: string;
    bodyCode: string;
    number: number;
  }[];
  const rk18 = meetings.find((m) => m.bodyCode === 'RK' && m.number === 18)!;
  rkMeeting = (await call(member, 'GET', `/api/v1/council/meetings/${rk18.id}`)).json();
  // The whole demo world is seeded first (every module's part): that takes a while on PGlite.
}, 240_000);
afterAll(async () => {
  await app?.close();
  await ctx.close();
});

describe('demo data', () => {
  it('Vysočina: RK (9) and ZK (45), materials RK-18-2009-n, resolutions …/RK and 0001/03/2009/ZK, an open task', async () => {
    const bodies = (await call(member, 'GET', '/api/v1/council/bodies')).json() as {
      code: string;
      seats: number;
      members: unknown[];
    }[];
    expect(bodies.map((b) => [b.code, b.seats])).toEqual(
      expect.arrayContaining([
        ['RK', 9],
        ['ZK', 45],
      ]),
    );
    expect(rkMeeting.items.map((i) => i.reference)).toEqual([
      'RK-18-2009-1',
      'RK-18-2009-2',
      'RK-18-2009-3',
      null,
    ]);
    const numbers = (
      (await call(member, 'GET', '/api/v1/council/resolutions')).json() as { number: string }[]
    ).map((r) => r.number);
    expect(numbers).toEqual(expect.arrayContaining(['0001/18/2009/RK', '0001/03/2009/ZK']));
    const tasks = (await call(member, 'GET', '/api/v1/council/tasks')).json() as {
      state: string;
      responsible: string;
    }[];
    expect(tasks).toEqual([
      expect.objectContaining({ state: 'open', responsible: 'odbor kultury a památkové péče' }),
    ]);
  });

  it('proceedings: an amending resolution linked both ways, a task report, motions, invitations, a material in records', async () => {
    const resolutions = (await call(member, 'GET', '/api/v1/council/resolutions')).json() as {
      id: string;
      number: string;
    }[];
    const grant = resolutions.find((r) => r.number === '0001/18/2009/RK')!;
    const links = (await call(member, 'GET', `/api/v1/council/resolutions/${grant.id}/links`)).json();
    expect(links.amendedBy.map((l: { number: string }) => l.number)).toEqual(['0002/19/2009/RK']);
    const amending = resolutions.find((r) => r.number === '0002/19/2009/RK')!;
    const back = (await call(member, 'GET', `/api/v1/council/resolutions/${amending.id}/links`)).json();
    expect(back.amends.map((l: { number: string }) => l.number)).toEqual(['0001/18/2009/RK']);
    const [task] = (await call(member, 'GET', '/api/v1/council/tasks')).json() as { id: string }[];
    const detail = (await call(member, 'GET', `/api/v1/council/tasks/${task!.id}`)).json();
    expect(detail.state).toBe('open');
    expect(JSON.stringify(detail.entries)).toContain('Smlouva o poskytnutí dotace byla obci Telč zaslána');

    // Hlučín: the past assembly meeting's minutes list the motions; the next one has invitations sent.
    const meetings = (await call(foreign, 'GET', '/api/v1/council/meetings')).json() as {
      id: string;
      bodyCode: string;
      date: string;
    }[];
    const zm = meetings.filter((m) => m.bodyCode === 'ZM').sort((a, b) => a.date.localeCompare(b.date));
    const minutes = (await call(foreign, 'GET', `/api/v1/council/meetings/${zm[0]!.id}/minutes`)).json();
    const [b1, b2] = minutes.doc.items;
    expect(b1.motions.map((m: { kind: string; state: string }) => [m.kind, m.state])).toEqual([
      ['amendment', 'rejected'],
    ]);
    expect(b2.motions.map((m: { kind: string; state: string }) => [m.kind, m.state])).toEqual([
      ['counter', 'rejected'],
    ]);
    expect(b2.departures).toHaveLength(1);
    const announcement = (
      await call(foreign, 'GET', `/api/v1/council/meetings/${zm[1]!.id}/announcement`)
    ).json() as { startTime: string; recipients: { invitation: { state: string } | null }[] };
    expect(announcement.startTime).toBe('16:00');
    const states = announcement.recipients.map((r) => r.invitation?.state ?? 'none');
    expect([states.filter((x) => x === 'sent').length, states.filter((x) => x === 'none').length]).toEqual([
      19, 2,
    ]);
    const registered = await ctx.asSuperuser((db) =>
      db
        .selectFrom('council_material')
        .innerJoin('tenant', 'tenant.id', 'council_material.tenant_id')
        .select('council_material.records_ref')
        .where('tenant.slug', '=', 'hlucin')
        .where('council_material.records_ref', 'is not', null)
        .execute(),
    );
    expect(registered.map((r) => r.records_ref)).toEqual([expect.stringMatching(/^MUHL\/\d+\/\d{4}$/)]);
  });

  it('Przykładowo: a rada gminy resolution numbered XII/1/2024', async () => {
    const numbers = (
      (await call(polish, 'GET', '/api/v1/council/resolutions')).json() as { number: string }[]
    ).map((r) => r.number);
    expect(numbers).toEqual(['XII/1/2024']);
  });
});

describe('API bad input: clear errors, nothing changed', { timeout: 60_000 }, () => {
  it.each([
    [
      'unknown property (schema)',
      'POST',
      '/api/v1/council/bodies',
      { code: 'X', name: 'x', kind: 'council', seats: 5, termLabel: 't', extra: 1 },
      422,
    ],
    [
      'zero seats',
      'POST',
      '/api/v1/council/bodies',
      { code: 'X', name: 'x', kind: 'council', seats: 0, termLabel: 't' },
      422,
    ],
    [
      'lower-case body code',
      'POST',
      '/api/v1/council/bodies',
      { code: 'rk', name: 'x', kind: 'council', seats: 5, termLabel: 't' },
      422,
    ],
    [
      'template without {seq}',
      'POST',
      '/api/v1/council/bodies',
      {
        code: 'KK',
        name: 'x',
        kind: 'commission',
        seats: 5,
        termLabel: 't',
        resolutionTemplate: '{year}/{body}',
      },
      422,
    ],
    [
      'duplicate body code',
      'POST',
      '/api/v1/council/bodies',
      { code: 'RK', name: 'x', kind: 'council', seats: 9, termLabel: 't' },
      422,
    ],
  ] as const)('%s → %s', async (_d, method, url, payload, status) => {
    const res = await call(secretary, method, url, payload);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('an "ukládá" clause without a responsible person → 422 naming the field', async () => {
    const res = await call(secretary, 'POST', '/api/v1/council/materials', {
      bodyId: rkMeeting.bodyId,
      title: 'x',
      author: 'a',
      submitter: 's',
      problem: '',
      proposal: '',
      clauses: [{ verb: 'uklada', text: 'zajistit', due: '2026-06-30' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'clauses/0/responsible' })]);
  });

  it('voting twice on an item → 409', async () => {
    const res = await call(secretary, 'POST', `/api/v1/council/items/${rkMeeting.items[0]!.id}/vote`, {
      kind: 'aggregate',
      for: 8,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    expect(res.statusCode).toBe(409);
  });

  it('a resolution number for an item without an adopted vote → 409, the item stays undecided', async () => {
    const misc = rkMeeting.items[3]!;
    const res = await call(secretary, 'POST', `/api/v1/council/items/${misc.id}/decision`, {
      outcome: 'adopted',
    });
    expect(res.statusCode).toBe(409);
    const after = (await call(member, 'GET', `/api/v1/council/meetings/${rkMeeting.id}`)).json() as Meeting;
    expect(after.items[3]).toMatchObject({ outcome: null });
  });

  it('editing the frozen decided version → 409', async () => {
    const res = await call(
      secretary,
      'PATCH',
      `/api/v1/council/materials/${rkMeeting.items[0]!.materialId}`,
      { title: 'Jinak' },
    );
    expect(res.statusCode).toBe(409);
  });

  it('voting without quorum, and counts that do not add up → 422, no vote recorded', async () => {
    const created = await call(secretary, 'POST', '/api/v1/council/meetings', {
      bodyId: rkMeeting.bodyId,
      date: '2026-04-20',
      place: 'Jihlava',
    });
    expect(created.statusCode).toBe(201);
    let m = (
      await call(secretary, 'POST', `/api/v1/council/meetings/${created.json().id}/items`, {
        title: 'Různé',
        section: 'misc',
      })
    ).json() as Meeting & {
      body: { members: { id: string; role: string }[] };
    };
    const item = m.items[0]!;
    const noQuorum = await call(secretary, 'POST', `/api/v1/council/items/${item.id}/vote`, {
      kind: 'aggregate',
      for: 0,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    expect(noQuorum.statusCode).toBe(422);
    expect(noQuorum.json().errors).toEqual([expect.objectContaining({ code: 'noQuorum' })]);
    const voters = m.body.members.filter((x) => x.role !== 'secretary').map((x) => x.id);
    await call(secretary, 'POST', `/api/v1/council/meetings/${m.id}/attendance`, {
      memberIds: voters.slice(0, 6),
      kind: 'arrive',
      fromItem: 1,
    });
    const mismatch = await call(secretary, 'POST', `/api/v1/council/items/${item.id}/vote`, {
      kind: 'aggregate',
      for: 5,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    expect(mismatch.statusCode).toBe(422);
    const twice = await call(secretary, 'POST', `/api/v1/council/items/${item.id}/vote`, {
      kind: 'named',
      ballots: [
        { memberId: voters[0], choice: 'for' },
        { memberId: voters[0], choice: 'against' },
      ],
    });
    expect(twice.statusCode).toBe(422);
    m = (await call(member, 'GET', `/api/v1/council/meetings/${m.id}`)).json();
    expect(m.items[0]!.vote).toBeNull();
  });

  it('a council member may read but not manage (403); another tenant gets 404; anonymous 401', async () => {
    expect(
      (
        await call(member, 'POST', '/api/v1/council/bodies', {
          code: 'KX',
          name: 'x',
          kind: 'commission',
          seats: 5,
          termLabel: 't',
        })
      ).statusCode,
    ).toBe(403);
    expect((await call(foreign, 'GET', `/api/v1/council/meetings/${rkMeeting.id}`)).statusCode).toBe(404);
    expect(
      (await call(foreign, 'GET', `/api/v1/council/materials/${rkMeeting.items[0]!.materialId}`)).statusCode,
    ).toBe(404);
    // Hlučín has resolutions of its own, none of Vysočina's.
    const foreignNumbers = (
      (await call(foreign, 'GET', '/api/v1/council/resolutions')).json() as { number: string }[]
    ).map((r) => r.number);
    expect(foreignNumbers.length).toBeGreaterThan(0);
    expect(foreignNumbers.every((n) => n.endsWith('/ZM') || n.endsWith('/RM'))).toBe(true);
    expect((await call(null, 'GET', '/api/v1/council/bodies')).statusCode).toBe(401);
  });
});

describe('staff pages', () => {
  it.each([
    ['/app/council/bodies', 'Rada Kraje Vysočina'],
    ['/app/council/materials', 'Dotace na obnovu kulturních památek'],
    ['/app/council/meetings', 'RK 18/2009'],
  ])('%s shows %s', async (url, text) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: member.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(text);
  });

  it('the meeting page shows references, outcomes and the resolution number', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/app/council/meetings/${rkMeeting.id}`,
      headers: { cookie: secretary.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('RK-18-2009-1');
    expect(res.body).toContain('Usnesení č. 0001/18/2009/RK');
    expect(res.body).toContain('neschváleno');
  });

  it('a form that breaks a rule shows the reason on the page (422)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/app/council/meetings/${rkMeeting.id}/items/${rkMeeting.items[3]!.id}/decision`,
      headers: { cookie: secretary.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(secretary.csrf)}&outcome=adopted`,
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('no resolution can be numbered');
  });

  it('the secretary creates a body through the form', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/app/council/bodies',
      headers: { cookie: secretary.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: secretary.csrf,
        code: 'FV',
        name: 'Finanční výbor',
        kind: 'committee',
        seats: '7',
        termLabel: '2024–2028',
      }).toString(),
    });
    expect(res.statusCode).toBe(303);
    const page = await app.inject({
      method: 'GET',
      url: res.headers.location as string,
      headers: { cookie: member.cookie },
    });
    expect(page.body).toContain('Finanční výbor');
    expect(page.body).toContain('4'); // majority of 7
  });
});
