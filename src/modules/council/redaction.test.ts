import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../platform/audit/chain.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
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
import { postMeetingNotice } from './announce-service.js';
import { REDACTION_LABELS } from './domain/redaction.js';
import { finaliseMinutes, getMinutesPdf } from './minutes-service.js';
import {
  getPublicMaterial,
  getPublicMeeting,
  getPublicResolution,
  searchPublicResolutions,
} from './public-service.js';
import {
  getRedactedPublicMinutesPdf,
  getRedaction,
  listRedactions,
  markPhrase,
  publishRedaction,
  removeMark,
  saveRedactionMarks,
} from './redaction-service.js';
import {
  addAgendaItem,
  addMembers,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  getMaterial,
  listResolutions,
  markReady,
  recordAttendance,
  recordOpinion,
  recordVote,
  requestOpinion,
  updateMaterial,
} from './service.js';

const NAME = REDACTION_LABELS.cs.name;
const ADDRESS = REDACTION_LABELS.cs.address;
const BIRTH = REDACTION_LABELS.cs.birthDate;

let ctx: TestContext;
let app: FastifyInstance;
let tenant: string;
let secretary: Actor;
let member: Actor;
let foreignSecretary: Actor;
let rm: BodyView;
let materialId: string;
let resolutionId: string;
let meetingId: string;
let webSecretary: Signed;
let webMember: Signed;
let webForeign: Signed;

const PROBLEM = 'Žádost pana Jana Nováka, nar. 1. 2. 1960, bytem Mírová 12, Hlučín, o koupi pozemku.';
const CLAUSE = 'prodej pozemku p. č. 123 panu Janu Novákovi za 150 000 Kč';
const TITLE = 'Prodej pozemku p. č. 123 – Jan Novák';

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text;
}

const call = (who: Signed | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const form = (who: Signed, url: string, fields: Record<string, string>, csrf = true) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, ...(csrf ? { _csrf: who.csrf } : {}) }).toString(),
  });

async function draftMarks(target: 'material' | 'resolution', id: string) {
  return (await getRedaction(ctx, secretary, target, id)).draft?.marks ?? null;
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'anonymni', 'Město Anonymní');
  const other = await addTenant(ctx, 'cizi', 'Obec Cizí');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  member = actorFor(await addUser(ctx, tenant, 'radni', ['council_member']));
  foreignSecretary = actorFor(await addUser(ctx, other, 'tajemnik', ['council_secretary']));
  rm = await createBody(ctx, secretary, {
    code: 'RM',
    name: 'Rada města',
    kind: 'council',
    seats: 5,
    termLabel: '2022–2026',
  });
  await addMembers(
    ctx,
    secretary,
    rm.id,
    ['Anna Adamová', 'Bedřich Beneš', 'Cyril Čech', 'Dana Dvořáková', 'Emil Eliáš'].map((name, i) => ({
      name,
      role: i === 0 ? 'chair' : 'member',
    })),
  );
  rm = await getBody(ctx, secretary, rm.id);
  const m = await createMaterial(ctx, secretary, {
    bodyId: rm.id,
    title: TITLE,
    author: 'Ing. Žofie Řeháková',
    submitter: 'starosta',
    problem: PROBLEM,
    proposal: 'Schválit prodej za cenu podle znaleckého posudku.',
    clauses: [
      { verb: 'schvaluje', text: CLAUSE },
      { verb: 'uklada', text: 'uzavřít kupní smlouvu', responsible: 'odbor majetku', due: '2026-06-30' },
    ],
  });
  materialId = m.id;
  const asked = await requestOpinion(ctx, secretary, m.id, 'Finanční výbor');
  await recordOpinion(ctx, secretary, m.id, asked.opinions[0]!.id, 'Výbor doporučuje prodej panu Novákovi.');
  app = await buildApp(ctx);
  webSecretary = await signIn(app, 'anonymni', 'tajemnik');
  webMember = await signIn(app, 'anonymni', 'radni');
  webForeign = await signIn(app, 'cizi', 'tajemnik');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('marking a material while it is prepared', () => {
  it('saves draft marks against the current version, previews the redaction and audits', async () => {
    const v = await saveRedactionMarks(ctx, secretary, 'material', materialId, {
      version: 1,
      marks: [
        { field: 'problem', start: 12, end: 23, category: 'name' },
        { field: 'problem', start: 30, end: 40, category: 'birthDate' },
        { field: 'problem', start: 48, end: 65, category: 'address' },
      ],
    });
    expect(v.version).toBe(1);
    expect(v.draft?.marks.map((m) => m.text)).toEqual(['Jana Nováka', '1. 2. 1960', 'Mírová 12, Hlučín']);
    expect(v.fields.find((f) => f.field === 'problem')).toMatchObject({
      text: PROBLEM,
      preview: `Žádost pana ${NAME}, nar. ${BIRTH}, bytem ${ADDRESS}, o koupi pozemku.`,
      published: PROBLEM,
    });
    expect(v.published).toBeNull();
    expect(v.isPublic).toBe(false);
    const audit = await withTenant(ctx.db, tenant, SYSTEM_ACTOR, (tx) =>
      readAudit(tx, { objectId: materialId }),
    );
    expect(audit.at(-1)).toMatchObject({
      eventType: 'Uprava',
      params: { council: 'redactionDraft', target: 'material', version: 1, marks: 3 },
    });
  });

  it('refuses marks outside the text, overlapping or cutting a character (422), and changes nothing', async () => {
    const before = await draftMarks('material', materialId);
    const bad = [
      { field: 'problem', start: 80, end: 200, category: 'name' as const },
      { field: 'title', start: 0, end: 6, category: 'name' as const },
      { field: 'title', start: 3, end: 9, category: 'other' as const },
      { field: 'opinions/00000000-0000-0000-0000-000000000000', start: 0, end: 1, category: 'name' as const },
    ];
    const err = await saveRedactionMarks(ctx, secretary, 'material', materialId, {
      version: 1,
      marks: bad,
    }).catch((e) => e);
    expect(err.status).toBe(422);
    expect(err.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
      ['marks/0/end', 'outside'],
      ['marks/3/field', 'unknownField'],
      ['marks/2/start', 'overlap'],
    ]);
    expect(await draftMarks('material', materialId)).toEqual(before);
  });

  it('only the secretary marks (403 for a member); another tenant sees nothing (404)', async () => {
    const input = { version: 1, marks: [] };
    await expect(saveRedactionMarks(ctx, member, 'material', materialId, input)).rejects.toMatchObject({
      status: 403,
    });
    await expect(publishRedaction(ctx, member, 'material', materialId, { version: 1 })).rejects.toMatchObject(
      {
        status: 403,
      },
    );
    await expect(getRedaction(ctx, member, 'material', materialId)).resolves.toMatchObject({ version: 1 });
    await expect(
      saveRedactionMarks(ctx, foreignSecretary, 'material', materialId, input),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(getRedaction(ctx, foreignSecretary, 'material', materialId)).rejects.toMatchObject({
      status: 404,
    });
    await expect(getRedaction(ctx, secretary, 'meeting', materialId)).rejects.toMatchObject({ status: 404 });
  });

  it('after an edit the draft is for an old version: saving and publishing it is refused (409)', async () => {
    await updateMaterial(ctx, secretary, materialId, { proposal: 'Schválit prodej za 150 000 Kč.' });
    const v = await getRedaction(ctx, secretary, 'material', materialId);
    expect(v.version).toBe(2);
    expect(v.blockers.join(' ')).toMatch(/version 1.*version 2/);
    await expect(
      saveRedactionMarks(ctx, secretary, 'material', materialId, { version: 1, marks: [] }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(
      publishRedaction(ctx, secretary, 'material', materialId, { version: 2 }),
    ).rejects.toMatchObject({
      status: 409,
    });
    expect((await getRedaction(ctx, secretary, 'material', materialId)).published).toBeNull();
  });

  it('marks a phrase everywhere (the problem text stayed the same, so its marks carry over)', async () => {
    const { view, added } = await markPhrase(ctx, secretary, 'material', materialId, {
      version: 2,
      phrase: 'Novákovi',
      category: 'name',
    });
    // "panu Janu Novákovi" in the clause, "panu Novákovi" in the opinion; the title has "Jan Novák".
    expect(added).toBe(2);
    const again = await markPhrase(ctx, secretary, 'material', materialId, {
      version: 2,
      phrase: 'Jan Novák',
      category: 'name',
      field: 'title',
    });
    expect(again.added).toBe(1);
    expect(view.draft?.version).toBe(2);
    await expect(
      markPhrase(ctx, secretary, 'material', materialId, {
        version: 2,
        phrase: 'Pavel Nový',
        category: 'name',
      }),
    ).rejects.toMatchObject({ status: 422 });
    const fields = Object.fromEntries(again.view.fields.map((f) => [f.field, f.preview]));
    expect(fields.title).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    expect(fields['clauses/0/text']).toBe(`prodej pozemku p. č. 123 panu Janu ${NAME} za 150 000 Kč`);
    expect(fields.problem).toContain(BIRTH);
    expect(again.view.blockers).toEqual([]);
  });

  it('removes a mark and publishes; the audit names the fields', async () => {
    let v = await markPhrase(ctx, secretary, 'material', materialId, {
      version: 2,
      phrase: 'Janu',
      category: 'name',
      field: 'clauses/0/text',
    });
    const i = v.view.draft!.marks.findIndex((m) => m.text === 'Janu');
    const removed = await removeMark(ctx, secretary, 'material', materialId, { version: 2, index: i });
    expect(removed.draft!.marks.some((m) => m.text === 'Janu')).toBe(false);
    // Extend the clause mark to the whole "Janu Novákovi" instead.
    const marks = removed.draft!.marks.filter((m) => !(m.field === 'clauses/0/text'));
    v = {
      view: await saveRedactionMarks(ctx, secretary, 'material', materialId, {
        version: 2,
        marks: [
          ...marks.map(({ field, start, end, category }) => ({ field, start, end, category })),
          { field: 'clauses/0/text', start: 30, end: 43, category: 'name' },
        ],
      }),
      added: 1,
    };
    expect(v.view.fields.find((f) => f.field === 'clauses/0/text')!.preview).toBe(
      `prodej pozemku p. č. 123 panu ${NAME} za 150 000 Kč`,
    );
    const pub = await publishRedaction(ctx, secretary, 'material', materialId, { version: 2 });
    expect(pub.draft).toBeNull();
    expect(pub.published?.marks).toHaveLength(6);
    expect(pub.fields.find((f) => f.field === 'problem')!.published).not.toContain('Novák');
    const audit = await withTenant(ctx.db, tenant, SYSTEM_ACTOR, (tx) =>
      readAudit(tx, { objectId: materialId }),
    );
    expect(audit.at(-1)!.params).toMatchObject({
      council: 'redactionPublished',
      marks: 6,
      fields: expect.arrayContaining(['title', 'problem', 'clauses/0/text']),
    });
  });
});

describe('after the meeting adopts the material', () => {
  beforeAll(async () => {
    await markReady(ctx, secretary, materialId);
    let m = await createMeeting(ctx, secretary, { bodyId: rm.id, date: '2026-03-25', place: 'Radnice' });
    m = await addAgendaItem(ctx, secretary, m.id, { materialId });
    const voters = rm.members.map((x) => x.id);
    m = await recordAttendance(ctx, secretary, m.id, { memberIds: voters, kind: 'arrive', fromItem: 1 });
    await recordVote(ctx, secretary, m.items[0]!.id, {
      kind: 'aggregate',
      for: 5,
      against: 0,
      abstain: 0,
      notVoting: 0,
    });
    const d = await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' });
    resolutionId = d.resolution!.id;
    meetingId = m.id;
    await finaliseMinutes(ctx, secretary, m.id);
  }, 120_000);

  it('the public material is redacted; staff still see the original', async () => {
    const pub = await getPublicMaterial(ctx, tenant, materialId);
    expect(pub.title).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    expect(pub.problem).toBe(`Žádost pana ${NAME}, nar. ${BIRTH}, bytem ${ADDRESS}, o koupi pozemku.`);
    expect(pub.opinions[0]!.text).toBe(`Výbor doporučuje prodej panu ${NAME}.`);
    expect(JSON.stringify(pub)).not.toMatch(/Novák|1960|Mírová/);
    const staff = await getMaterial(ctx, secretary, materialId);
    expect(staff.problem).toBe(PROBLEM);
  });

  it('the resolution took over the published marks of its material where the text is the same', async () => {
    const v = await getRedaction(ctx, secretary, 'resolution', resolutionId);
    expect(v).toMatchObject({ version: 1, isPublic: true, draft: null });
    expect(v.fields.map((f) => f.field)).toEqual([
      'title',
      'clauses/0/text',
      'clauses/1/text',
      'clauses/1/responsible',
    ]);
    expect(v.published!.marks.map((m) => [m.field, m.text])).toEqual([
      ['clauses/0/text', 'Janu Novákovi'],
      ['title', 'Jan Novák'],
    ]);
    const r = await getPublicResolution(ctx, tenant, resolutionId);
    expect(r.title).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    expect(r.clauses[0]!.text).toBe(`prodej pozemku p. č. 123 panu ${NAME} za 150 000 Kč`);
    expect((await searchPublicResolutions(ctx, tenant, { q: 'Novákovi' })).total).toBe(0);
    expect((await searchPublicResolutions(ctx, tenant, { q: 'novak' })).total).toBe(0);
    expect((await searchPublicResolutions(ctx, tenant, { q: 'pozemku 123' })).total).toBe(1);
    const audit = await withTenant(ctx.db, tenant, SYSTEM_ACTOR, (tx) =>
      readAudit(tx, { objectId: resolutionId }),
    );
    expect(audit[0]).toMatchObject({
      eventType: 'Schvaleni',
      params: { council: 'resolution', redactionMarks: 2 },
    });
  });

  it('publishing the resolution redaction changes every public rendition and the public search', async () => {
    const { added } = await markPhrase(ctx, secretary, 'resolution', resolutionId, {
      version: 1,
      phrase: 'odbor majetku',
      category: 'other',
    });
    expect(added).toBe(1);
    // A draft is only a preview: the public still sees the original.
    expect((await searchPublicResolutions(ctx, tenant, { q: 'majetku' })).total).toBe(1);
    await publishRedaction(ctx, secretary, 'resolution', resolutionId, { version: 1 });

    const r = await getPublicResolution(ctx, tenant, resolutionId);
    expect(r.title).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    expect(r.clauses[1]).toMatchObject({
      verb: 'uklada',
      responsible: REDACTION_LABELS.cs.other,
      due: '2026-06-30',
    });
    expect((await searchPublicResolutions(ctx, tenant, { q: 'majetku' })).total).toBe(0);

    const meeting = await getPublicMeeting(ctx, tenant, meetingId);
    expect(meeting.items[0]!.title).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    expect(meeting.minutes.redacted).toBe(true);
    expect(JSON.stringify(meeting)).not.toMatch(/Novák|majetku/);

    // Staff: the original everywhere.
    const staff = (await listResolutions(ctx, secretary)).find((x) => x.id === resolutionId)!;
    expect(staff.title).toBe(TITLE);
    expect(staff.clauses[0]!.text).toBe(CLAUSE);
    expect(staff.clauses[1]!.responsible).toBe('odbor majetku');
    const list = await listRedactions(ctx, secretary);
    expect(list.map((x) => [x.target, x.state])).toEqual([
      ['resolution', 'published'],
      ['material', 'published'],
      // The meeting's minutes (their own notes are a redaction target too), nothing marked.
      ['minutes', 'none'],
    ]);
  });

  it('the public minutes PDF is rendered redacted; the stored final PDF stays internal', async () => {
    const pub = await pdfText((await getRedactedPublicMinutesPdf(ctx, tenant, meetingId)).content);
    expect(pub).toContain('[jméno a příjmení]');
    expect(pub).not.toContain('Novák');
    const staff = await pdfText((await getMinutesPdf(ctx, secretary, meetingId)).content);
    expect(staff).toContain('Janu Novákovi');
  });

  it('the decided (frozen) material version cannot be re-marked against an older version', async () => {
    const v = await getRedaction(ctx, secretary, 'material', materialId);
    await expect(
      saveRedactionMarks(ctx, secretary, 'material', materialId, { version: v.version - 1, marks: [] }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

describe('the public notice of an assembly meeting', () => {
  it('lists the agenda with the material titles as redacted', async () => {
    const zm = await createBody(ctx, secretary, {
      code: 'ZM',
      name: 'Zastupitelstvo města',
      kind: 'assembly',
      seats: 3,
      termLabel: '2022–2026',
    });
    const mat = await createMaterial(ctx, secretary, {
      bodyId: zm.id,
      title: 'Směna pozemků – Marie Horáková',
      author: 'odbor majetku',
      submitter: 'starosta',
      problem: 'Žádost.',
      proposal: 'Vyhovět.',
      clauses: [{ verb: 'schvaluje', text: 'směnu pozemků' }],
    });
    await markReady(ctx, secretary, mat.id);
    await markPhrase(ctx, secretary, 'material', mat.id, {
      version: 1,
      phrase: 'Marie Horáková',
      category: 'name',
    });
    await publishRedaction(ctx, secretary, 'material', mat.id, { version: 1 });
    let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-04-22', place: 'Radnice' });
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: mat.id });
    const a = await postMeetingNotice(ctx, secretary, m.id, { startTime: '17:00' });
    const notice = await ctx.asSuperuser((db) =>
      db
        .selectFrom('notice as n')
        .innerJoin('notice_document as d', 'd.notice_id', 'n.id')
        .innerJoin('blob as b', 'b.id', 'd.blob_id')
        .select(['n.description', 'b.sha256'])
        .where('n.id', '=', a.notice!.noticeId)
        .executeTakeFirstOrThrow(),
    );
    expect(notice.description).toContain(`Směna pozemků – ${NAME}`);
    expect(notice.description).not.toContain('Horáková');
    const pdf = await pdfText(await ctx.blobs.read(notice.sha256));
    expect(pdf).toContain('Směna pozemků');
    expect(pdf).not.toContain('Horáková');
  });
});

describe('over HTTP', () => {
  it('public pages, open data and the minutes PDF show only the redacted text', async () => {
    for (const url of [
      `/anonymni/usneseni/${resolutionId}`,
      `/anonymni/usneseni?q=pozemku`,
      `/anonymni/materialy/${materialId}`,
      `/anonymni/zasedani/${meetingId}`,
      '/anonymni/usneseni.jsonld',
      '/anonymni/usneseni.csv',
    ]) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/Novák|1960|Mírová/);
    }
    const page = await app.inject({ url: `/anonymni/usneseni/${resolutionId}` });
    expect(page.body).toContain('[jméno a příjmení]');
    const meeting = await app.inject({ url: `/anonymni/zasedani/${meetingId}` });
    expect(meeting.body).toContain('Osobní údaje jsou ve zveřejněném znění anonymizovány.');
    const csv = parse((await app.inject({ url: '/anonymni/usneseni.csv' })).body, { columns: true }) as {
      nazev: string;
    }[];
    expect(csv[0]!.nazev).toBe(`Prodej pozemku p. č. 123 – ${NAME}`);
    const search = await app.inject({ url: '/anonymni/usneseni?q=Nov%C3%A1kovi' });
    expect(search.body).not.toContain(`/anonymni/usneseni/${resolutionId}`);
    const pdf = await app.inject({ url: `/anonymni/zasedani/${meetingId}/zapis.pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.rawPayload)).not.toContain('Novák');
  });

  it('the staff page shows the original and the preview; the forms mark, refuse and publish', async () => {
    const url = `/app/council/redaction/resolution/${resolutionId}`;
    const page = await call(webSecretary, 'GET', url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Janu Novákovi');
    expect(page.body).toContain('[jméno a příjmení]');

    const noCsrf = await form(
      webSecretary,
      `${url}/mark`,
      { version: '1', phrase: 'p. č. 123', category: 'other' },
      false,
    );
    expect(noCsrf.statusCode).toBe(403);
    const byMember = await form(webMember, `${url}/mark`, {
      version: '1',
      phrase: 'p. č. 123',
      category: 'other',
    });
    expect(byMember.statusCode).toBe(403);
    const missing = await form(webSecretary, `${url}/mark`, {
      version: '1',
      phrase: 'Pavel Nový',
      category: 'name',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('The phrase does not occur');

    const ok = await form(webSecretary, `${url}/mark`, {
      version: '1',
      phrase: 'p. č. 123',
      category: 'other',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${url}?added=2`);
    const after = await call(webSecretary, 'GET', ok.headers.location as string);
    expect(after.body).toContain('Označeno výskytů: 2.');
    // Not yet published: the public page still shows the parcel number.
    expect((await app.inject({ url: `/anonymni/usneseni/${resolutionId}` })).body).toContain('p. č. 123');
    const pub = await form(webSecretary, `${url}/publish`, { version: '1' });
    expect(pub.statusCode).toBe(303);
    expect((await app.inject({ url: `/anonymni/usneseni/${resolutionId}` })).body).not.toContain('p. č. 123');
    const list = await call(webMember, 'GET', '/app/council/redaction');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('zveřejněná');
  });

  it('the API refuses bad marks (422), an old version (409), a member (403) and another tenant (404)', async () => {
    const url = `/api/v1/council/redactions/resolution/${resolutionId}`;
    const before = (await call(webSecretary, 'GET', url)).json();
    const outside = await call(webSecretary, 'PUT', url, {
      version: 1,
      marks: [{ field: 'title', start: 0, end: 999, category: 'name' }],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.json().errors).toEqual([
      expect.objectContaining({ field: 'marks/0/end', code: 'outside' }),
    ]);
    const old = await call(webSecretary, 'PUT', url, { version: 2, marks: [] });
    expect(old.statusCode).toBe(409);
    expect((await call(webMember, 'PUT', url, { version: 1, marks: [] })).statusCode).toBe(403);
    expect((await call(webForeign, 'GET', url)).statusCode).toBe(404);
    expect((await call(webSecretary, 'GET', url)).json()).toEqual(before);
    const publishNothing = await call(webSecretary, 'POST', `${url}/publish`, { version: 1 });
    expect(publishNothing.statusCode).toBe(409);
    const openapi = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toContain('/api/v1/council/redactions/{target}/{id}');
  });
});
