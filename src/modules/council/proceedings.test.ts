import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import {
  getAnnouncement,
  INVITATION_JOB,
  postMeetingNotice,
  runInvitationJob,
  sendInvitations,
  setMemberEmail,
  setStartTime,
} from './announce-service.js';
import type { Clause } from './domain/material.js';
import { getPublicResolutionLinks, getResolutionLinks } from './links-service.js';
import { addMotion, getItemMotions, voteOnMotion } from './motions-service.js';
import {
  addAgendaItem,
  addMembers,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  getMeeting,
  listResolutions,
  listTasks,
  type MeetingView,
  markReady,
  recordAttendance,
  recordVote,
  updateMaterial,
} from './service.js';
import {
  addReportFile,
  addTaskReport,
  closeTask,
  getReportFile,
  getTask,
  getTaskReport,
  renderTaskReportPdf,
} from './tasks-service.js';

let ctx: TestContext;
let smtp: SMTPServer;
let tenant: string;
let secretary: Actor;
let member: Actor;
let foreign: Actor;
let zm: BodyView;
let rm: BodyView;
const inbox: ParsedMail[] = [];
/** Recipients the relay refuses (a mailbox that does not exist). */
const refused = new Set<string>(['neexistuje@hlucin.cz']);

async function problem(p: Promise<unknown>): Promise<{ status: number; message: string; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError)
      return { status: e.status, message: e.message, fields: e.fields.map((f) => f.field) };
    throw e;
  }
  throw new Error('expected an error');
}

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text;
}

async function readyMaterial(body: BodyView, title: string, clauses: Clause[]) {
  const m = await createMaterial(ctx, secretary, {
    bodyId: body.id,
    title,
    author: 'Ing. Žofie Řeháková',
    submitter: 'starosta',
    problem: 'Problém',
    proposal: 'Řešení',
    clauses,
  });
  return markReady(ctx, secretary, m.id);
}

/** A meeting of the body with everyone voting present from item 1 and these materials on the agenda. */
async function meetingWith(body: BodyView, date: string, materials: { title: string; clauses: Clause[] }[]) {
  let m = await createMeeting(ctx, secretary, { bodyId: body.id, date, place: 'Hlučín, radnice' });
  for (const x of materials) {
    const mat = await readyMaterial(body, x.title, x.clauses);
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: mat.id });
  }
  const voters = body.members.filter((x) => x.role !== 'secretary').map((x) => x.id);
  if (m.items.length)
    m = await recordAttendance(ctx, secretary, m.id, { memberIds: voters, kind: 'arrive', fromItem: 1 });
  return m;
}

const all = (m: MeetingView, i: number, choice: 'for' | 'against') => ({
  kind: 'named' as const,
  ballots: m.items[i]!.presentIds.map((memberId) => ({ memberId, choice })),
});
const tally = (f: number, a: number) => ({
  kind: 'aggregate' as const,
  for: f,
  against: a,
  abstain: 0,
  notVoting: 0,
});

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address))
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  ctx = await createTestContext({
    now: new Date('2026-04-01T10:00:00Z'),
    env: {
      SMTP_OUT_HOST: '127.0.0.1',
      SMTP_OUT_PORT: String((smtp.server.address() as AddressInfo).port),
      SMTP_OUT_FROM: 'podatelna@hlucin.cz',
    },
  });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'mesto', 'Město Hlučín');
  const t2 = await addTenant(ctx, 'jine');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  member = actorFor(await addUser(ctx, tenant, 'clen', ['council_member']));
  foreign = actorFor(await addUser(ctx, t2, 'tajemnik2', ['council_secretary']));
  zm = await createBody(ctx, secretary, {
    code: 'ZM',
    name: 'Zastupitelstvo města Hlučína',
    kind: 'assembly',
    seats: 5,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretary, zm.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Řehoř Žák', role: 'member' },
    { name: 'Cyril Čech', role: 'verifier' },
    { name: 'Dana Dvořáková', role: 'member' },
    { name: 'Emil Eliáš', role: 'member' },
    { name: 'Sekretářka', role: 'secretary' },
  ]);
  zm = await getBody(ctx, secretary, zm.id);
  rm = await createBody(ctx, secretary, {
    code: 'RM',
    name: 'Rada města',
    kind: 'council',
    seats: 3,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretary, rm.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Boris Bureš', role: 'member' },
    { name: 'Cecílie Cibulková', role: 'member' },
  ]);
  rm = await getBody(ctx, secretary, rm.id);
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('invitations by e-mail', () => {
  let meeting: MeetingView;
  beforeAll(async () => {
    meeting = await createMeeting(ctx, secretary, {
      bodyId: zm.id,
      date: '2026-04-15',
      place: 'Hlučín, zasedací místnost radnice',
    });
    const mat = await readyMaterial(zm, 'Rozpočtové opatření č. 2', [
      { verb: 'schvaluje', text: 'rozpočtové opatření' },
    ]);
    meeting = await addAgendaItem(ctx, secretary, meeting.id, { materialId: mat.id });
    meeting = await addAgendaItem(ctx, secretary, meeting.id, { title: 'Různé', section: 'misc' });
    const byName = new Map(zm.members.map((m) => [m.name, m.id]));
    await setMemberEmail(ctx, secretary, byName.get('Anna Adamová')!, 'adamova@hlucin.cz');
    await setMemberEmail(ctx, secretary, byName.get('Řehoř Žák')!, 'zak@hlucin.cz');
    await setMemberEmail(ctx, secretary, byName.get('Cyril Čech')!, 'neexistuje@hlucin.cz');
    await setMemberEmail(ctx, secretary, byName.get('Dana Dvořáková')!, 'dvorakova@hlucin.cz');
    // Emil Eliáš has no address; the secretary is not invited.
  });

  it('refused without a start time (422), for a bad address (422), by a member (403), from another tenant (404)', async () => {
    expect(await problem(sendInvitations(ctx, secretary, meeting.id))).toMatchObject({
      status: 422,
      fields: ['startTime'],
    });
    expect(await problem(setMemberEmail(ctx, secretary, zm.members[0]!.id, 'not an address'))).toMatchObject({
      status: 422,
    });
    expect((await problem(sendInvitations(ctx, member, meeting.id, { startTime: '16:00' }))).status).toBe(
      403,
    );
    expect((await problem(sendInvitations(ctx, foreign, meeting.id, { startTime: '16:00' }))).status).toBe(
      404,
    );
    expect((await getAnnouncement(ctx, secretary, meeting.id)).recipients.every((r) => !r.invitation)).toBe(
      true,
    );
  });

  it('are queued per member with an address, sent over SMTP with the agenda, each result recorded', async () => {
    const queued = await sendInvitations(ctx, secretary, meeting.id, { startTime: '16:00' });
    expect(queued).toMatchObject({ queued: 4, round: 1, startTime: '16:00' });
    expect(queued.recipients.map((r) => [r.name, r.invitation?.state ?? null])).toEqual([
      ['Anna Adamová', 'queued'],
      ['Cyril Čech', 'queued'],
      ['Dana Dvořáková', 'queued'],
      ['Emil Eliáš', null],
      ['Řehoř Žák', 'queued'],
    ]);
    // A second request while the round waits is refused.
    expect((await problem(sendInvitations(ctx, secretary, meeting.id))).status).toBe(409);
    const job = await ctx.asSuperuser((db) =>
      db
        .selectFrom('job')
        .selectAll()
        .where('singleton_key', '=', `${INVITATION_JOB}:${meeting.id}:1`)
        .executeTakeFirst(),
    );
    expect(job).toMatchObject({ name: INVITATION_JOB, tenant_id: tenant, state: 'queued' });

    await runInvitationJob(ctx, { tenantId: tenant, payload: { meetingId: meeting.id } });
    expect(inbox.map((m) => (Array.isArray(m.to) ? '' : m.to?.value[0]?.address)).sort()).toEqual([
      'adamova@hlucin.cz',
      'dvorakova@hlucin.cz',
      'zak@hlucin.cz',
    ]);
    const zak = inbox.find((m) => !Array.isArray(m.to) && m.to?.value[0]?.address === 'zak@hlucin.cz')!;
    expect(zak.subject).toBe('Pozvánka na 1. zasedání – Zastupitelstvo města Hlučína, 15. 4. 2026 v 16:00');
    expect(zak.from?.value[0]).toEqual({ name: 'Město Hlučín', address: 'podatelna@hlucin.cz' });
    expect(zak.text).toContain('Vážená paní, vážený pane Řehoř Žák');
    expect(zak.text).toContain('místo konání: Hlučín, zasedací místnost radnice');
    expect(zak.text).toContain('1. Rozpočtové opatření č. 2 (ZM-1-2026-1)');
    expect(zak.text).toContain('2. Různé');
    const a = await getAnnouncement(ctx, member, meeting.id);
    const state = Object.fromEntries(a.recipients.map((r) => [r.name, r.invitation?.state ?? null]));
    expect(state).toEqual({
      'Anna Adamová': 'sent',
      'Cyril Čech': 'failed',
      'Dana Dvořáková': 'sent',
      'Emil Eliáš': null,
      'Řehoř Žák': 'sent',
    });
    const failed = a.recipients.find((r) => r.name === 'Cyril Čech')!.invitation!;
    expect(failed.lastError).toMatch(/550|mailbox unavailable/);
    expect(failed.attempts).toBe(1);
  });

  it('a next round sends only the failed ones and members given an address since; then nothing is left', async () => {
    const cyril = zm.members.find((m) => m.name === 'Cyril Čech')!.id;
    const emil = zm.members.find((m) => m.name === 'Emil Eliáš')!.id;
    await setMemberEmail(ctx, secretary, cyril, 'cech@hlucin.cz');
    await setMemberEmail(ctx, secretary, emil, 'elias@hlucin.cz');
    const before = inbox.length;
    const r = await sendInvitations(ctx, secretary, meeting.id);
    expect(r).toMatchObject({ queued: 2, round: 2 });
    await runInvitationJob(ctx, { tenantId: tenant, payload: { meetingId: meeting.id } });
    expect(
      inbox
        .slice(before)
        .map((m) => (Array.isArray(m.to) ? '' : m.to?.value[0]?.address))
        .sort(),
    ).toEqual(['cech@hlucin.cz', 'elias@hlucin.cz']);
    const a = await getAnnouncement(ctx, secretary, meeting.id);
    expect(a.recipients.every((x) => x.invitation?.state === 'sent')).toBe(true);
    expect(a.recipients.find((x) => x.name === 'Cyril Čech')!.invitation).toMatchObject({
      round: 2,
      attempts: 2,
      lastError: null,
    });
    expect(await problem(sendInvitations(ctx, secretary, meeting.id))).toMatchObject({
      status: 409,
      message: 'Every member has been invited already.',
    });
  });

  it('refused while outgoing mail is not configured (409), and for an empty agenda (409)', async () => {
    const empty = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-05-20', place: 'Hlučín' });
    expect(await problem(sendInvitations(ctx, secretary, empty.id, { startTime: '17:00' }))).toMatchObject({
      status: 409,
    });
    const host = ctx.config.smtpOutHost;
    ctx.config.smtpOutHost = null;
    try {
      expect(await problem(sendInvitations(ctx, secretary, empty.id, { startTime: '17:00' }))).toMatchObject({
        status: 409,
        message: expect.stringContaining('SMTP_OUT_HOST'),
      });
    } finally {
      ctx.config.smtpOutHost = host;
    }
  });
});

describe('public notice of an assembly meeting', () => {
  const notices = () =>
    ctx.asSuperuser((db) =>
      db.selectFrom('notice').select(['id', 'state', 'title']).where('tenant_id', '=', tenant).execute(),
    );

  it('fewer than 7 days ahead is refused (422) and nothing is posted', async () => {
    let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-04-07', place: 'Hlučín' });
    m = await addAgendaItem(ctx, secretary, m.id, { title: 'Zahájení', section: 'opening' });
    const p = await problem(postMeetingNotice(ctx, secretary, m.id, { startTime: '16:00' }));
    expect(p).toMatchObject({ status: 422, fields: ['postingDate'] });
    expect(p.message).toContain('posted by 2026-03-31; 6 days remain');
    expect(await notices()).toEqual([]);
    expect((await getAnnouncement(ctx, secretary, m.id)).notice).toBeNull();
  });

  it('a council (rada) meeting is not announced on the board (409)', async () => {
    let m = await createMeeting(ctx, secretary, { bodyId: rm.id, date: '2026-05-10', place: 'Hlučín' });
    m = await addAgendaItem(ctx, secretary, m.id, { title: 'Různé', section: 'misc' });
    expect((await problem(postMeetingNotice(ctx, secretary, m.id, { startTime: '09:00' }))).status).toBe(409);
  });

  it('posts a PDF with place, time and agenda through the portal; the meeting shows the notice', async () => {
    let m = await createMeeting(ctx, secretary, {
      bodyId: zm.id,
      date: '2026-04-22',
      place: 'Kulturní dům Hlučín, sál',
    });
    const mat = await readyMaterial(zm, 'Prodej pozemku p. č. 1234 v k. ú. Hlučín', [
      { verb: 'schvaluje', text: 'prodej' },
    ]);
    m = await addAgendaItem(ctx, secretary, m.id, { materialId: mat.id });
    await setStartTime(ctx, secretary, m.id, '17:30');
    expect((await problem(postMeetingNotice(ctx, member, m.id))).status).toBe(403);
    const a = await postMeetingNotice(ctx, secretary, m.id);
    expect(a.notice).toMatchObject({ postingDate: '2026-04-01', removalDate: '2026-04-22', state: 'posted' });
    expect(a.notice!.publicUrl).toBe(`/mesto/uredni-deska/${a.notice!.noticeId}`);
    const [n] = (await notices()).filter((x) => x.id === a.notice!.noticeId);
    expect(n).toMatchObject({ state: 'posted', title: expect.stringContaining('22. 4. 2026') });
    const blob = await ctx.asSuperuser((db) =>
      db
        .selectFrom('notice_document as d')
        .innerJoin('blob as b', 'b.id', 'd.blob_id')
        .select(['b.sha256'])
        .where('d.notice_id', '=', n!.id)
        .executeTakeFirstOrThrow(),
    );
    const text = await pdfText(await ctx.blobs.read(blob.sha256));
    expect(text).toContain('Kulturní dům Hlučín, sál');
    expect(text).toContain('22. 4. 2026 v 17:30');
    expect(text).toContain('Prodej pozemku p. č. 1234 v k. ú. Hlučín');
    expect(text).toContain('Zastupitelstvo města Hlučína');
    expect((await problem(postMeetingNotice(ctx, secretary, m.id))).status).toBe(409);
  });

  it('a notice scheduled for a later day shows as scheduled', async () => {
    let m = await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-06-10', place: 'Hlučín' });
    m = await addAgendaItem(ctx, secretary, m.id, { title: 'Zahájení', section: 'opening' });
    const a = await postMeetingNotice(ctx, secretary, m.id, {
      startTime: '16:00',
      postingDate: '2026-05-25',
    });
    expect(a.notice).toMatchObject({ postingDate: '2026-05-25', state: 'scheduled' });
    expect(
      (
        await problem(
          postMeetingNotice(
            ctx,
            secretary,
            (
              await createMeeting(ctx, secretary, { bodyId: zm.id, date: '2026-06-11', place: 'X' })
            ).id,
            { startTime: '16:00', postingDate: '2026-06-01' },
          ),
        )
      ).status,
    ).toBe(409); // in time, but the agenda is empty
  });
});

describe('revoking and amending earlier resolutions', () => {
  let first: { id: string; number: string };
  let second: { id: string; number: string };

  beforeAll(async () => {
    const m = await meetingWith(zm, '2026-02-10', [
      { title: 'Dotační program', clauses: [{ verb: 'schvaluje', text: 'dotační program 2026' }] },
      { title: 'Jednací řád', clauses: [{ verb: 'vydava', text: 'jednací řád' }] },
    ]);
    await recordVote(ctx, secretary, m.items[0]!.id, all(m, 0, 'for'));
    first = (await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' })).resolution!;
    await recordVote(ctx, secretary, m.items[1]!.id, all(m, 1, 'for'));
    second = (await decideItem(ctx, secretary, m.items[1]!.id, { outcome: 'adopted' })).resolution!;
  });

  it('a bad reference is refused when the material is saved (422) and nothing is stored', async () => {
    const bad = (ref: string) =>
      problem(
        createMaterial(ctx, secretary, {
          bodyId: zm.id,
          title: 'Revokace',
          author: 'a',
          submitter: 'b',
          problem: '',
          proposal: '',
          clauses: [{ verb: 'revokuje', text: 'usnesení o dotacích', ref }],
        }),
      );
    expect(await bad('9999/99/2026/ZM')).toMatchObject({ status: 422, fields: ['clauses/0/ref'] });
    expect((await bad('9999/99/2026/ZM')).message).toContain('no adopted resolution number 9999/99/2026/ZM');
    const rmMeeting = await meetingWith(rm, '2026-02-12', [
      { title: 'RM', clauses: [{ verb: 'schvaluje', text: 'x' }] },
    ]);
    await recordVote(ctx, secretary, rmMeeting.items[0]!.id, all(rmMeeting, 0, 'for'));
    const rmRes = (await decideItem(ctx, secretary, rmMeeting.items[0]!.id, { outcome: 'adopted' }))
      .resolution!;
    expect((await bad(rmRes.number)).message).toContain('another body');
    expect(
      await problem(
        createMaterial(ctx, secretary, {
          bodyId: zm.id,
          title: 'Bez čísla',
          author: 'a',
          submitter: 'b',
          problem: '',
          proposal: '',
          clauses: [{ verb: 'meni', text: 'usnesení' }],
        }),
      ),
    ).toMatchObject({ status: 422, fields: ['clauses/0/ref'] });
  });

  it('an adopted "revokuje" and "mění" link both ways; a revoked one cannot be revoked again', async () => {
    const m = await meetingWith(zm, '2026-03-03', [
      {
        title: 'Revokace a změna',
        clauses: [
          { verb: 'revokuje', text: `usnesení č. ${first.number}`, ref: first.number },
          { verb: 'meni', text: `usnesení č. ${second.number} v bodě 2`, ref: second.number },
        ],
      },
    ]);
    await recordVote(ctx, secretary, m.items[0]!.id, all(m, 0, 'for'));
    const later = (await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' })).resolution!;
    const out = await getResolutionLinks(ctx, member, later.id);
    expect(out.revokes.map((l) => l.number)).toEqual([first.number]);
    expect(out.amends.map((l) => l.number)).toEqual([second.number]);
    expect((await getResolutionLinks(ctx, member, first.id)).revokedBy).toMatchObject({
      number: later.number,
      id: later.id,
    });
    expect((await getResolutionLinks(ctx, member, second.id)).amendedBy.map((l) => l.number)).toEqual([
      later.number,
    ]);
    expect((await getPublicResolutionLinks(ctx, tenant, first.id)).revokedBy?.number).toBe(later.number);
    expect((await problem(getResolutionLinks(ctx, foreign, first.id))).status).toBe(404);

    // Revoking the revoked one again: refused when saving the material …
    const again = await problem(
      createMaterial(ctx, secretary, {
        bodyId: zm.id,
        title: 'Znovu',
        author: 'a',
        submitter: 'b',
        problem: '',
        proposal: '',
        clauses: [{ verb: 'revokuje', text: 'x', ref: first.number }],
      }),
    );
    expect(again.message).toContain(`already been revoked by ${later.number}`);
  });

  it('… and at adoption, when the earlier one was revoked after the material was saved; nothing is adopted', async () => {
    const m = await meetingWith(zm, '2026-03-04', [
      { title: 'Zrušení A', clauses: [{ verb: 'revokuje', text: 'x', ref: second.number }] },
      { title: 'Zrušení B', clauses: [{ verb: 'revokuje', text: 'y', ref: second.number }] },
    ]);
    await recordVote(ctx, secretary, m.items[0]!.id, all(m, 0, 'for'));
    await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' });
    await recordVote(ctx, secretary, m.items[1]!.id, all(m, 1, 'for'));
    const count = (await listResolutions(ctx, secretary)).length;
    expect(await problem(decideItem(ctx, secretary, m.items[1]!.id, { outcome: 'adopted' }))).toMatchObject({
      status: 422,
      fields: ['clauses/0/ref'],
    });
    expect((await listResolutions(ctx, secretary)).length).toBe(count);
    expect((await getMeeting(ctx, secretary, m.id)).items[1]!.outcome).toBeNull();
  });
});

describe('counter-proposals and amendments', () => {
  const main: Clause[] = [
    { verb: 'schvaluje', text: 'prodej pozemku za 500 Kč/m²' },
    { verb: 'uklada', text: 'uzavřít smlouvu', responsible: 'starosta', due: '2026-06-30' },
  ];

  it('are voted before the main proposal: counter first (last first), then amendments; the wording is amended', async () => {
    const m = await meetingWith(zm, '2026-03-10', [{ title: 'Prodej pozemku', clauses: main }]);
    const itemId = m.items[0]!.id;
    let v = await addMotion(ctx, secretary, itemId, {
      kind: 'amendment',
      proposer: 'Řehoř Žák',
      change: { clauseIndex: 0, clause: { verb: 'schvaluje', text: 'prodej pozemku za 650 Kč/m²' } },
    });
    v = await addMotion(ctx, secretary, itemId, {
      kind: 'counter',
      proposer: 'Dana Dvořáková',
      clauses: [{ verb: 'neschvaluje', text: 'prodej pozemku' }],
    });
    expect(v.motions.map((x) => [x.kind, x.seq, x.order])).toEqual([
      ['amendment', 1, 2],
      ['counter', 2, 1],
    ]);
    const [amendment, counter] = v.motions;
    // Not in order: the main vote and the amendment wait for the counter-proposal.
    expect((await problem(recordVote(ctx, secretary, itemId, tally(5, 0)))).status).toBe(409);
    expect(await problem(voteOnMotion(ctx, secretary, amendment!.id, tally(5, 0)))).toMatchObject({
      status: 409,
      message: expect.stringContaining('counter-proposal no. 2 is voted first'),
    });
    // Bad vote (counts do not add up) changes nothing.
    expect((await problem(voteOnMotion(ctx, secretary, counter!.id, tally(1, 1)))).status).toBe(422);
    v = await voteOnMotion(ctx, secretary, counter!.id, tally(2, 3));
    expect(v.motions.find((x) => x.id === counter!.id)).toMatchObject({
      state: 'rejected',
      vote: { tally: { for: 2 } },
    });
    expect((await problem(voteOnMotion(ctx, secretary, counter!.id, tally(5, 0)))).status).toBe(409);
    expect((await problem(decideItem(ctx, secretary, itemId, { outcome: 'adopted' }))).status).toBe(409);
    v = await voteOnMotion(ctx, secretary, amendment!.id, tally(3, 2));
    expect(v.next).toEqual({ kind: 'main' });
    expect(v.settlement).toMatchObject({ kind: 'main', amended: true });
    // Submissions close once voting has started.
    expect(
      (
        await problem(
          addMotion(ctx, secretary, itemId, {
            kind: 'counter',
            proposer: 'X',
            clauses: [{ verb: 'schvaluje', text: 'y' }],
          }),
        )
      ).status,
    ).toBe(409);
    await recordVote(ctx, secretary, itemId, tally(4, 1));
    const d = await decideItem(ctx, secretary, itemId, { outcome: 'adopted' });
    expect(d.meeting.items[0]!.outcome).toBe('adopted_amended');
    const res = (await listResolutions(ctx, secretary)).find((r) => r.id === d.resolution!.id)!;
    expect(res.clauses.map((c) => c.text)).toEqual(['prodej pozemku za 650 Kč/m²', 'uzavřít smlouvu']);
    expect(d.tasks).toHaveLength(1);
  });

  it('an adopted counter-proposal ends the item: the rest is void, no main vote, adopted in its wording', async () => {
    const m = await meetingWith(zm, '2026-03-11', [
      { title: 'Název ulice', clauses: [{ verb: 'schvaluje', text: 'název ulice Polní' }] },
    ]);
    const itemId = m.items[0]!.id;
    await addMotion(ctx, secretary, itemId, {
      kind: 'counter',
      proposer: 'Anna Adamová',
      clauses: [{ verb: 'schvaluje', text: 'název ulice Luční' }],
    });
    await addMotion(ctx, secretary, itemId, {
      kind: 'amendment',
      proposer: 'Emil Eliáš',
      change: { clauseIndex: null, clause: { verb: 'bere_na_vedomi', text: 'stanovisko osadního výboru' } },
    });
    expect(
      (
        await problem(
          addMotion(ctx, secretary, itemId, {
            kind: 'amendment',
            proposer: 'X',
            change: { clauseIndex: 5, clause: null },
          }),
        )
      ).fields,
    ).toEqual(['change/clauseIndex']);
    const counter = (await getItemMotions(ctx, member, itemId)).motions.find((x) => x.kind === 'counter')!;
    const v = await voteOnMotion(ctx, secretary, counter.id, {
      kind: 'named',
      ballots: m.items[0]!.presentIds.map((memberId, i) => ({ memberId, choice: i < 3 ? 'for' : 'against' })),
    });
    expect(v.motions.map((x) => x.state)).toEqual(['adopted', 'void']);
    expect(v.next).toEqual({ kind: 'settled', motionId: counter.id });
    expect(await problem(recordVote(ctx, secretary, itemId, tally(5, 0)))).toMatchObject({
      status: 409,
      message: expect.stringContaining('ends the item'),
    });
    expect((await problem(decideItem(ctx, secretary, itemId, { outcome: 'rejected' }))).status).toBe(409);
    const d = await decideItem(ctx, secretary, itemId, { outcome: 'adopted' });
    expect(d.meeting.items[0]).toMatchObject({ outcome: 'adopted_amended', vote: null });
    const res = (await listResolutions(ctx, secretary)).find((r) => r.id === d.resolution!.id)!;
    expect(res.clauses).toEqual([{ verb: 'schvaluje', text: 'název ulice Luční' }]);
  });

  it('a member may not record motions (403); another tenant gets 404', async () => {
    const m = await meetingWith(zm, '2026-03-12', [
      { title: 'X', clauses: [{ verb: 'schvaluje', text: 'x' }] },
    ]);
    const input = {
      kind: 'counter' as const,
      proposer: 'X',
      clauses: [{ verb: 'schvaluje' as const, text: 'y' }],
    };
    expect((await problem(addMotion(ctx, member, m.items[0]!.id, input))).status).toBe(403);
    expect((await problem(addMotion(ctx, foreign, m.items[0]!.id, input))).status).toBe(404);
  });
});

describe('task fulfilment and "kontrola plnění usnesení"', () => {
  let taskIds: string[];
  let next: MeetingView;

  beforeAll(async () => {
    // The council (RM): its meetings elsewhere in this file are on 12 Feb and 10 May.
    const m = await meetingWith(rm, '2026-03-18', [
      {
        title: 'Úkoly',
        clauses: [
          { verb: 'uklada', text: 'zpracovat studii', responsible: 'odbor výstavby', due: '2026-04-10' },
          { verb: 'uklada', text: 'vypsat výběrové řízení', responsible: 'tajemník', due: '2026-04-30' },
          { verb: 'uklada', text: 'podat žádost o dotaci', responsible: 'starosta', due: '2026-05-30' },
        ],
      },
    ]);
    await recordVote(ctx, secretary, m.items[0]!.id, all(m, 0, 'for'));
    taskIds = (await decideItem(ctx, secretary, m.items[0]!.id, { outcome: 'adopted' })).tasks.map(
      (t) => t.id,
    );
    next = await createMeeting(ctx, secretary, { bodyId: rm.id, date: '2026-04-20', place: 'Hlučín' });
  });

  it('a report with a proof document; done needs a report, cancelled needs a reason', async () => {
    const [study, tender, grant] = taskIds as [string, string, string];
    expect(await problem(closeTask(ctx, secretary, study, { state: 'done' }))).toMatchObject({
      status: 422,
      fields: ['state'],
    });
    expect(
      await problem(addTaskReport(ctx, secretary, study, { text: '', date: '2026-03-30' })),
    ).toMatchObject({
      status: 422,
      fields: ['text'],
    });
    expect(
      await problem(addTaskReport(ctx, secretary, study, { text: 'x', date: '2026-04-02' })),
    ).toMatchObject({
      status: 422,
      fields: ['date'],
    });
    expect((await problem(addTaskReport(ctx, member, study, { text: 'x' }))).status).toBe(403);
    expect((await problem(addTaskReport(ctx, foreign, study, { text: 'x' }))).status).toBe(404);
    const proof = await ctx.blobs.put(Buffer.from('%PDF-1.4 studie proveditelnosti'));
    let t = await addTaskReport(ctx, secretary, study, {
      text: 'Studie zpracována a předána radě.',
      date: '2026-03-30',
      files: [{ filename: 'studie.pdf', blob: proof }],
    });
    expect(t.entries).toMatchObject([
      { date: '2026-03-30', text: 'Studie zpracována a předána radě.', files: [{ filename: 'studie.pdf' }] },
    ]);
    const more = await ctx.blobs.put(Buffer.from('příloha č. 2'));
    t = await addReportFile(ctx, secretary, study, t.entries[0]!.id, { filename: 'priloha.txt', blob: more });
    const file = await getReportFile(ctx, member, study, t.entries[0]!.files[1]!.id);
    expect((await file.read()).toString()).toBe('příloha č. 2');
    t = await closeTask(ctx, secretary, study, { state: 'done' });
    expect(t).toMatchObject({ state: 'done', closedOn: '2026-04-01', urgency: 'closed' });
    expect(
      (await problem(closeTask(ctx, secretary, study, { state: 'cancelled', reason: 'x' }))).status,
    ).toBe(409);
    expect((await problem(addTaskReport(ctx, secretary, study, { text: 'pozdě' }))).status).toBe(409);
    expect(
      await problem(closeTask(ctx, secretary, tender, { state: 'cancelled', reason: ' ' })),
    ).toMatchObject({
      status: 422,
      fields: ['reason'],
    });
    t = await closeTask(ctx, secretary, tender, {
      state: 'cancelled',
      reason: 'Zrušeno pro nedostatek prostředků.',
    });
    expect(t).toMatchObject({ state: 'cancelled', reason: 'Zrušeno pro nedostatek prostředků.' });
    expect((await getTask(ctx, member, grant)).state).toBe('open');
    expect((await listTasks(ctx, member)).find((x) => x.id === tender)!.state).toBe('cancelled');
  });

  it('the report for the next meeting lists overdue, open and closed tasks (HTML data and PDF)', async () => {
    const r = await getTaskReport(ctx, member, next.id);
    expect(r.since).toBe('2026-03-18');
    const texts = (xs: { text: string }[]) => xs.map((x) => x.text);
    expect(texts(r.sections.overdue)).toEqual([]);
    expect(texts(r.sections.open)).toEqual(['podat žádost o dotaci']);
    expect(texts(r.sections.closed)).toEqual(['zpracovat studii', 'vypsat výběrové řízení']);
    // Later: the grant's deadline passes without a report → overdue at a meeting after it.
    const late = await createMeeting(ctx, secretary, { bodyId: rm.id, date: '2026-06-15', place: 'Hlučín' });
    const r2 = await getTaskReport(ctx, member, late.id);
    expect(texts(r2.sections.overdue)).toContain('podat žádost o dotaci');
    expect(r2.sections.closed).toEqual([]);
    const pdf = await renderTaskReportPdf(
      r,
      {
        title: 'Kontrola plnění usnesení – Zastupitelstvo města Hlučína',
        overdue: 'Úkoly po termínu',
        open: 'Úkoly v plnění',
        closed: 'Splněné a zrušené úkoly',
        none: 'Žádné.',
        columns: ['Usnesení', 'Úkol', 'Odpovídá', 'Termín', 'Stav'],
        state: (t) =>
          t.state === 'open' ? 'v plnění' : t.state === 'done' ? 'splněno' : `zrušeno: ${t.reason}`,
        footer: 'Město Hlučín',
      },
      ctx.clock.now(),
    );
    const text = await pdfText(pdf);
    expect(text).toContain('Kontrola plnění usnesení');
    // Table cells wrap, so check words rather than whole cell texts.
    expect(text).toContain('zrušeno:');
    expect(text).toContain('splněno');
    expect(text).toContain('Splněné a zrušené úkoly (2)');
    expect(text).toContain('podat žádost o dotaci');
  });
});

describe('material with a reference can be edited to a good one', () => {
  it('updateMaterial checks the reference too', async () => {
    const m = await readyMaterial(zm, 'Změna', [{ verb: 'schvaluje', text: 'x' }]);
    expect(
      await problem(
        updateMaterial(ctx, secretary, m.id, {
          clauses: [{ verb: 'meni', text: 'y', ref: '0000/00/2026/ZM' }],
        }),
      ),
    ).toMatchObject({ status: 422, fields: ['clauses/0/ref'] });
  });
});
