/**
 * Redaction of the minutes' own notes (target `minutes`, id = the meeting): the secretary marks a
 * name in a discussion note, previews and publishes; the public minutes page and PDF hide it, the
 * staff minutes keep it. A member may not mark (403); marks outside a note are refused (422); a
 * note edited after marking blocks publishing (409) and is withheld on the public minutes.
 */
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
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
import { REDACTION_LABELS } from './domain/redaction.js';
import { finaliseMinutes, getMinutesPdf, saveMinutesNotes } from './minutes-service.js';
import {
  getRedactedPublicMinutesPdf,
  getRedaction,
  listRedactions,
  markPhrase,
  publishRedaction,
  saveRedactionMarks,
} from './redaction-service.js';
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
let secretary: Actor;
let member: Actor;
let webSecretary: Signed;
let webMember: Signed;
let meetingId: string;
let tenant: string;
let itemId: string;

const NOTE = 'Pan Jan Novák, bytem Mírová 12, vznesl dotaz k ceně pozemku.';
const NAME = REDACTION_LABELS.cs.name;

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  return (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, ' ');
}
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
const form = (who: Signed, url: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
  });

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-04-01T10:00:00Z') });
  fastHashing(ctx);
  tenant = await addTenant(ctx, 'bruntal', 'Město Bruntál');
  secretary = actorFor(await addUser(ctx, tenant, 'tajemnik', ['council_secretary']));
  member = actorFor(await addUser(ctx, tenant, 'radni', ['council_member']));
  let body = await createBody(ctx, secretary, {
    code: 'RM',
    name: 'Rada města Bruntálu',
    kind: 'council',
    seats: 3,
    termLabel: '2022–2026',
  });
  await addMembers(ctx, secretary, body.id, [
    { name: 'Anna Adamová', role: 'chair' },
    { name: 'Řehoř Žák', role: 'member' },
    { name: 'Čeněk Šťastný', role: 'member' },
  ]);
  body = await getBody(ctx, secretary, body.id);
  let meeting = await createMeeting(ctx, secretary, {
    bodyId: body.id,
    date: '2026-03-20',
    place: 'Radnice',
  });
  const m = await createMaterial(ctx, secretary, {
    bodyId: body.id,
    title: 'Prodej pozemku p. č. 77',
    author: 'Ing. Žofie Řeháková',
    submitter: 'starosta',
    problem: 'Problém',
    proposal: 'Řešení',
    clauses: [{ verb: 'schvaluje', text: 'prodej pozemku p. č. 77' }],
  });
  await markReady(ctx, secretary, m.id);
  meeting = await addAgendaItem(ctx, secretary, meeting.id, { materialId: m.id });
  meeting = await recordAttendance(ctx, secretary, meeting.id, {
    memberIds: body.members.map((x) => x.id),
    kind: 'arrive',
    fromItem: 1,
  });
  itemId = meeting.items[0]!.id;
  await recordVote(ctx, secretary, itemId, {
    kind: 'aggregate',
    for: 3,
    against: 0,
    abstain: 0,
    notVoting: 0,
  });
  await decideItem(ctx, secretary, itemId, { outcome: 'adopted' });
  meetingId = meeting.id;
  await saveMinutesNotes(ctx, secretary, meetingId, {
    opening: 'Zasedání zahájila starostka.',
    notes: { [itemId]: NOTE },
  });
  app = await buildApp(ctx);
  webSecretary = await signIn(app, 'bruntal', 'tajemnik');
  webMember = await signIn(app, 'bruntal', 'radni');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('redaction of the minutes’ notes', () => {
  it('offers the notes as texts; a member may read but not mark (403); marks outside a note → 422', async () => {
    const v = await getRedaction(ctx, member, 'minutes', meetingId);
    expect(v.fields.map((f) => [f.field, f.part])).toEqual([
      ['opening', 'opening'],
      [`notes/${itemId}`, 'note'],
    ]);
    await expect(
      markPhrase(ctx, member, 'minutes', meetingId, { version: 1, phrase: 'Jan Novák', category: 'name' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(publishRedaction(ctx, member, 'minutes', meetingId, { version: 1 })).rejects.toMatchObject({
      status: 403,
    });
    const byMember = await form(webMember, `/app/council/redaction/minutes/${meetingId}/mark`, {
      version: '1',
      phrase: 'Jan Novák',
      category: 'name',
    });
    expect(byMember.statusCode).toBe(403);
    await expect(
      saveRedactionMarks(ctx, secretary, 'minutes', meetingId, {
        version: 1,
        marks: [{ field: `notes/${itemId}`, start: 4, end: 999, category: 'name' }],
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect((await getRedaction(ctx, secretary, 'minutes', meetingId)).draft).toBeNull();
  });

  it('a note edited after marking cannot be published (409) until marked again', async () => {
    await markPhrase(ctx, secretary, 'minutes', meetingId, {
      version: 1,
      phrase: 'Jan Novák',
      category: 'name',
    });
    await saveMinutesNotes(ctx, secretary, meetingId, { notes: { [itemId]: `${NOTE} Odpověděl starosta.` } });
    await expect(
      publishRedaction(ctx, secretary, 'minutes', meetingId, { version: 1 }),
    ).rejects.toMatchObject({
      status: 409,
    });
    await saveMinutesNotes(ctx, secretary, meetingId, { notes: { [itemId]: NOTE } });
  });

  it('published marks hide the name on the public minutes (HTML and PDF); staff keep the note', async () => {
    await finaliseMinutes(ctx, secretary, meetingId);
    // Final (frozen) minutes stay redactable: the marks change only the public renditions.
    const page = await form(webSecretary, `/app/council/redaction/minutes/${meetingId}/publish`, {
      version: '1',
    });
    expect(page.statusCode).toBe(303);
    const v = await getRedaction(ctx, secretary, 'minutes', meetingId);
    expect(v.fields.find((f) => f.part === 'note')!.published).toBe(
      `Pan ${NAME}, bytem Mírová 12, vznesl dotaz k ceně pozemku.`,
    );

    const pub = await app.inject({ url: `/bruntal/zasedani/${meetingId}`, headers: { accept: 'text/html' } });
    expect(pub.statusCode).toBe(200);
    expect(text(pub.body)).not.toContain('Jan Novák');
    expect(text(pub.body)).toContain(`Pan ${NAME}, bytem Mírová 12`);
    const pdf = await app.inject({ url: `/bruntal/zasedani/${meetingId}/zapis.pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfPublic = await pdfText(pdf.rawPayload);
    expect(pdfPublic).not.toContain('Jan Novák');
    expect(pdfPublic).toContain(`Pan ${NAME}, bytem Mírová 12`);
    expect(await pdfText((await getRedactedPublicMinutesPdf(ctx, tenant, meetingId)).content)).not.toContain(
      'Jan Novák',
    );

    const staff = await app.inject({
      url: `/app/council/meetings/${meetingId}/minutes`,
      headers: { cookie: webSecretary.cookie },
    });
    expect(staff.statusCode).toBe(200);
    expect(text(staff.body)).toContain(NOTE);
    expect(await pdfText((await getMinutesPdf(ctx, secretary, meetingId)).content)).toContain(
      'Pan Jan Novák',
    );
    const redactionPage = await app.inject({
      url: `/app/council/redaction/minutes/${meetingId}`,
      headers: { cookie: webSecretary.cookie },
    });
    expect(redactionPage.statusCode).toBe(200);
    expect(redactionPage.body).toContain('Zápis – rozprava k bodu 1');
    expect(await listRedactions(ctx, member)).toContainEqual(
      expect.objectContaining({ target: 'minutes', id: meetingId, state: 'published', marks: 1 }),
    );
  });
});
