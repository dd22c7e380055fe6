import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/db/tenant.js';
import { buildApp } from '../../platform/http/app.js';
import {
  actorFor,
  addTenant,
  addUser,
  fastHashing,
  type Signed,
  signIn,
} from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import {
  addAgendaItem,
  addMembers,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  type MeetingView,
  markReady,
  recordAttendance,
  recordVote,
} from './service.js';

let ctx: TestContext;
let app: FastifyInstance;
let secretaryActor: Actor;
let secretary: Signed;
let member: Signed;
let foreign: Signed;
let zm: BodyView;

const call = (who: Signed | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const form = (who: Signed, url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
  });

async function meetingWith(
  date: string,
  titles: string[],
  clauses = (i: number) => [{ verb: 'schvaluje' as const, text: `bod ${i}` }],
) {
  let m: MeetingView = await createMeeting(ctx, secretaryActor, {
    bodyId: zm.id,
    date,
    place: 'Hlučín, radnice',
  });
  for (const [i, title] of titles.entries()) {
    const mat = await createMaterial(ctx, secretaryActor, {
      bodyId: zm.id,
      title,
      author: 'a',
      submitter: 'b',
      problem: '',
      proposal: '',
      clauses: clauses(i),
    });
    await markReady(ctx, secretaryActor, mat.id);
    m = await addAgendaItem(ctx, secretaryActor, m.id, { materialId: mat.id });
  }
  const voters = zm.members.filter((x) => x.role !== 'secretary').map((x) => x.id);
  return recordAttendance(ctx, secretaryActor, m.id, { memberIds: voters, kind: 'arrive', fromItem: 1 });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  const tenant = await addTenant(ctx, 'mesto', 'Město Hlučín');
  const t2 = await addTenant(ctx, 'jine');
  secretaryActor = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  await addUser(ctx, tenant, 'clen', ['council_member']);
  await addUser(ctx, t2, 'tajemnik2', ['council_secretary']);
  zm = await createBody(ctx, secretaryActor, {
    code: 'ZM',
    name: 'Zastupitelstvo města',
    kind: 'assembly',
    seats: 3,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretaryActor, zm.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Bohdan Beneš', role: 'member' },
    { name: 'Cyril Čech', role: 'member' },
  ]);
  zm = await getBody(ctx, secretaryActor, zm.id);
  app = await buildApp(ctx);
  secretary = await signIn(app, 'mesto', 'tajemnik');
  member = await signIn(app, 'mesto', 'clen');
  foreign = await signIn(app, 'jine', 'tajemnik2');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('announcing a meeting over HTTP', () => {
  it('the notice form refuses fewer than 7 days ahead (422 page), the API answers problem+json; 403 and 404', async () => {
    const m = await meetingWith('2026-04-05', ['Rozpočet']);
    const page = await form(secretary, `/app/council/meetings/${m.id}/notice`, { postingDate: '2026-04-01' });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('at least 7 days ahead');
    const api = await call(secretary, 'POST', `/api/v1/council/meetings/${m.id}/notice`, {
      startTime: '16:00',
    });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await call(member, 'POST', `/api/v1/council/meetings/${m.id}/notice`, {})).statusCode).toBe(403);
    expect((await call(foreign, 'GET', `/api/v1/council/meetings/${m.id}/announcement`)).statusCode).toBe(
      404,
    );
    // Without the CSRF token the form is refused.
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/app/council/meetings/${m.id}/notice`,
      headers: { cookie: secretary.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'postingDate=2026-04-01',
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('posting in time: the meeting page shows the notice with its link; the public board serves it', async () => {
    const m = await meetingWith('2026-04-20', ['Územní plán']);
    expect(
      (await form(secretary, `/app/council/meetings/${m.id}/start-time`, { startTime: '17:00' })).statusCode,
    ).toBe(303);
    const res = await form(secretary, `/app/council/meetings/${m.id}/notice`, { postingDate: '2026-04-01' });
    expect(res.statusCode).toBe(303);
    const a = (await call(member, 'GET', `/api/v1/council/meetings/${m.id}/announcement`)).json();
    expect(a).toMatchObject({ startTime: '17:00', notice: { state: 'posted', postingDate: '2026-04-01' } });
    const page = await call(member, 'GET', `/app/council/meetings/${m.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(a.notice.publicUrl);
    expect(page.body).toContain('vyvěšeno od');
    const pub = await call(null, 'GET', a.notice.publicUrl);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('Územní plán');
    const announce = await call(secretary, 'GET', `/app/council/meetings/${m.id}/announce`);
    expect(announce.statusCode).toBe(200);
    expect(announce.body).toContain('Odesílání e-mailů není nastaveno');
    expect(
      (await call(secretary, 'POST', `/api/v1/council/meetings/${m.id}/invitations`, {})).statusCode,
    ).toBe(409);
  });
});

describe('motions, links and tasks over HTTP', () => {
  it('a counter-proposal over the API, voted first; the item ends adopted in its wording', async () => {
    const m = await meetingWith('2026-03-20', ['Prodej']);
    const item = m.items[0]!.id;
    const add = await call(secretary, 'POST', `/api/v1/council/items/${item}/motions`, {
      kind: 'counter',
      proposer: 'Cyril Čech',
      clauses: [{ verb: 'neschvaluje', text: 'prodej' }],
    });
    expect(add.statusCode).toBe(200);
    const motionId = add.json().motions[0].id;
    expect(
      (
        await call(secretary, 'POST', `/api/v1/council/items/${item}/vote`, {
          kind: 'aggregate',
          for: 3,
          against: 0,
          abstain: 0,
          notVoting: 0,
        })
      ).statusCode,
    ).toBe(409);
    const bad = await call(secretary, 'POST', `/api/v1/council/items/${item}/motions`, {
      kind: 'amendment',
      proposer: 'X',
    });
    expect(bad.statusCode).toBe(422);
    const vote = await form(secretary, `/app/council/motions/${motionId}/vote`, {
      itemId: item,
      for: '2',
      against: '1',
      abstain: '0',
      notVoting: '0',
    });
    expect(vote.statusCode).toBe(303);
    const page = await call(member, 'GET', `/app/council/items/${item}/motions`);
    expect(page.body).toContain('Přijatý protinávrh ukončil projednání bodu');
    const d = await call(secretary, 'POST', `/api/v1/council/items/${item}/decision`, { outcome: 'adopted' });
    expect(d.statusCode).toBe(200);
    expect(d.json().meeting.items[0].outcome).toBe('adopted_amended');
  });

  it('revoking: the public page of the earlier resolution shows "revoked by" with a link; bad reference 422', async () => {
    const m1 = await meetingWith('2026-02-10', ['Vyhláška']);
    await recordVote(ctx, secretaryActor, m1.items[0]!.id, {
      kind: 'aggregate',
      for: 3,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    const first = (await decideItem(ctx, secretaryActor, m1.items[0]!.id, { outcome: 'adopted' }))
      .resolution!;
    const badRef = await call(secretary, 'POST', '/api/v1/council/materials', {
      bodyId: zm.id,
      title: 'X',
      author: 'a',
      submitter: 'b',
      problem: '',
      proposal: '',
      clauses: [{ verb: 'revokuje', text: 'x', ref: '7777/01/2026/ZM' }],
    });
    expect(badRef.statusCode).toBe(422);
    expect(badRef.json().errors ?? badRef.json()).toBeTruthy();
    const m2 = await meetingWith('2026-03-01', ['Zrušení vyhlášky'], () => [
      { verb: 'revokuje', text: `usnesení č. ${first.number}`, ref: first.number } as never,
    ]);
    await recordVote(ctx, secretaryActor, m2.items[0]!.id, {
      kind: 'aggregate',
      for: 3,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    const later = (await decideItem(ctx, secretaryActor, m2.items[0]!.id, { outcome: 'adopted' }))
      .resolution!;
    const pub = await call(null, 'GET', `/mesto/usneseni/${first.id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain(`href="/mesto/usneseni/${later.id}"`);
    expect(pub.body).toContain('Revokováno usnesením');
    const links = (await call(member, 'GET', `/api/v1/council/resolutions/${later.id}/links`)).json();
    expect(links.revokes.map((l: { number: string }) => l.number)).toEqual([first.number]);
  });

  it('a task: report with a proof file (multipart), close; the kontrola plnění page and PDF', async () => {
    const m = await meetingWith('2026-03-25', ['Úkol'], () => [
      { verb: 'uklada', text: 'připravit smlouvu', responsible: 'starosta', due: '2026-04-10' } as never,
    ]);
    await recordVote(ctx, secretaryActor, m.items[0]!.id, {
      kind: 'aggregate',
      for: 3,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    const taskId = (await decideItem(ctx, secretaryActor, m.items[0]!.id, { outcome: 'adopted' })).tasks[0]!
      .id;
    expect(
      (await call(member, 'POST', `/api/v1/council/tasks/${taskId}/reports`, { text: 'x' })).statusCode,
    ).toBe(403);
    const rep = await form(secretary, `/app/council/tasks/${taskId}/reports`, {
      text: 'Smlouva připravena.',
      date: '2026-03-31',
    });
    expect(rep.statusCode).toBe(303);
    const task = (await call(member, 'GET', `/api/v1/council/tasks/${taskId}`)).json();
    const reportId = task.entries[0].id;
    const boundary = 'x-proof';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="smlouva.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\nnávrh smlouvy\r\n--${boundary}--\r\n`;
    const up = await app.inject({
      method: 'POST',
      url: `/app/council/tasks/${taskId}/reports/${reportId}/files?_csrf=${encodeURIComponent(secretary.csrf)}`,
      headers: { cookie: secretary.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(up.statusCode).toBe(303);
    const detail = await call(member, 'GET', `/app/council/tasks/${taskId}`);
    expect(detail.body).toContain('smlouva.txt');
    // The report for a later meeting, before the task is closed: it is overdue there.
    const next = await createMeeting(ctx, secretaryActor, {
      bodyId: zm.id,
      date: '2026-04-27',
      place: 'Hlučín',
    });
    const report = await call(member, 'GET', `/app/council/meetings/${next.id}/kontrola-plneni`);
    expect(report.statusCode).toBe(200);
    const overdue = report.body.slice(report.body.indexOf('tr-overdue'), report.body.indexOf('tr-open'));
    expect(overdue).toContain('připravit smlouvu');
    const pdf = await call(member, 'GET', `/app/council/meetings/${next.id}/kontrola-plneni.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const cancelled = await form(secretary, `/app/council/tasks/${taskId}/close`, {
      state: 'cancelled',
      reason: '',
    });
    expect(cancelled.statusCode).toBe(422);
    expect(
      (await form(secretary, `/app/council/tasks/${taskId}/close`, { state: 'done', reason: '' })).statusCode,
    ).toBe(303);
    const list = await call(member, 'GET', '/app/council/tasks');
    expect(list.body).toContain('splněno');
  });

  it('the routes are in the OpenAPI document', async () => {
    const paths = Object.keys((await call(null, 'GET', '/api/openapi.json')).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/council/meetings/{id}/invitations',
        '/api/v1/council/meetings/{id}/notice',
        '/api/v1/council/items/{id}/motions',
        '/api/v1/council/motions/{id}/vote',
        '/api/v1/council/tasks/{id}/close',
        '/api/v1/council/resolutions/{id}/links',
      ]),
    );
  });
});
