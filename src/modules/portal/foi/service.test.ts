import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../platform/db/tenant.js';
import { translator } from '../../../platform/i18n/index.js';
import { actorFor, addTenant, addUser, fastHashing } from '../../../platform/identity/testing.js';
import { createTestContext, type TestContext } from '../../../test-support/context.js';
import { registerIncoming } from '../../records/index.js';
import {
  getAnnualReport,
  getPublishedReport,
  publishReport,
  reportPdf,
  saveReportFigures,
} from './report.js';
import {
  actOnRequest,
  createRequest,
  getRequest,
  listPublished,
  listRequests,
  submitPublicRequest,
} from './service.js';
import { foiTestModules } from './testing.js';
import './messages.js';

let ctx: TestContext;
let tenantId: string;
let otherTenantId: string;
let handler: Actor;
let head: Actor;
let publisher: Actor;
let otherHandler: Actor;

beforeAll(async () => {
  ctx = await createTestContext({ modules: foiTestModules(), now: new Date('2026-03-02T09:00:00Z') });
  fastHashing(ctx);
  tenantId = await addTenant(ctx, 'mesto');
  otherTenantId = await addTenant(ctx, 'jine');
  handler = actorFor(await addUser(ctx, tenantId, 'referent', ['handler']));
  head = actorFor(await addUser(ctx, tenantId, 'vedouci', ['head']));
  publisher = actorFor(await addUser(ctx, tenantId, 'deska', ['publisher']));
  otherHandler = actorFor(await addUser(ctx, otherTenantId, 'cizi', ['handler']));
});
afterAll(async () => {
  await ctx?.close();
});

const input = {
  applicantName: 'Jan Novák',
  applicantContact: 'jan@example.cz',
  requestText: 'Kolik stála oprava náměstí?',
};

async function auditCount(id: string): Promise<number> {
  return ctx.asSuperuser(async (db) =>
    Number(
      (
        await db
          .selectFrom('audit_event')
          .select(db.fn.countAll().as('n'))
          .where('object_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );
}

describe('intake', () => {
  it('numbers public and staff requests per tenant and year without gaps, with the answer deadline', async () => {
    const a = await submitPublicRequest(ctx, tenantId, input);
    expect(a).toMatchObject({ number: 'INF/0001/2026', receivedOn: '2026-03-02', answerDue: '2026-03-17' });
    const b = await createRequest(ctx, handler, { ...input, channel: 'paper', receivedOn: '2026-02-27' });
    expect(b.number).toBe('INF/0002/2026');
    expect(b.nextDueOn).toBe('2026-03-16');
    const c = await submitPublicRequest(ctx, otherTenantId, input);
    expect(c.number).toBe('INF/0001/2026');
    expect(await auditCount(a.id)).toBe(1);
  });

  it('refuses a request without text or contact, and a date of receipt in the future', async () => {
    await expect(
      submitPublicRequest(ctx, tenantId, { ...input, requestText: ' ', applicantContact: 'x@' }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [
        expect.objectContaining({ field: 'applicantContact' }),
        expect.objectContaining({ field: 'requestText' }),
      ],
    });
    await expect(
      createRequest(ctx, handler, { ...input, channel: 'email', receivedOn: '2026-03-03' }),
    ).rejects.toMatchObject({
      code: 'validation',
      extra: { rule: 'future' },
    });
  });

  it('lets only handlers and heads of the tenant take in and read requests', async () => {
    await expect(createRequest(ctx, publisher, { ...input, channel: 'email' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(listRequests(ctx, publisher)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await listRequests(ctx, head, { filter: 'all' })).length).toBeGreaterThan(0);
  });
});

describe('a request through clarification, extension and answer', () => {
  it('moves through the states, one audit entry each, and publishes the answer', async () => {
    const r = await createRequest(ctx, handler, { ...input, channel: 'email' });
    await actOnRequest(ctx, handler, r.id, { action: 'ask-clarification', text: 'Které náměstí?' });
    ctx.clock.set(new Date('2026-03-20T09:00:00Z'));
    const clarified = await actOnRequest(ctx, handler, r.id, {
      action: 'clarification-received',
      text: 'Mírové náměstí',
    });
    expect(clarified.state).toBe('received');
    expect(clarified.nextDueOn).toBe('2026-04-07'); // from 20 March, past Easter Monday
    const extended = await actOnRequest(ctx, handler, r.id, {
      action: 'extend',
      days: 10,
      reason: 'Rozsáhlé podklady',
    });
    expect(extended.nextDueOn).toBe('2026-04-14');
    expect(extended.deadlines[0]).toMatchObject({ kind: 'answer' });

    // extending twice: refused, nothing changed
    const before = await auditCount(r.id);
    await expect(
      actOnRequest(ctx, handler, r.id, { action: 'extend', days: 2, reason: 'znovu' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      extra: { rule: 'alreadyExtended' },
    });
    expect((await getRequest(ctx, handler, r.id)).answerPeriodDays).toBe(25);
    expect(await auditCount(r.id)).toBe(before);

    const provided = await actOnRequest(ctx, handler, r.id, {
      action: 'provide',
      answer: 'Oprava stála 12 mil. Kč. Jan Novák',
    });
    expect(provided).toMatchObject({
      state: 'provided',
      nextDueKind: 'publish',
      publishedText: 'Oprava stála 12 mil. Kč. Jan Novák',
    });

    // answering after close: refused, nothing changed
    await expect(
      actOnRequest(ctx, handler, r.id, { action: 'provide', answer: 'znovu' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      extra: { rule: 'closed' },
    });
    expect((await getRequest(ctx, handler, r.id)).answerText).toBe('Oprava stála 12 mil. Kč. Jan Novák');

    expect(await listPublished(ctx, tenantId)).toEqual([]);
    await actOnRequest(ctx, handler, r.id, {
      action: 'publish',
      title: 'Oprava náměstí',
      text: 'Oprava stála 12 mil. Kč.',
    });
    const published = await listPublished(ctx, tenantId);
    expect(published).toEqual([
      expect.objectContaining({
        title: 'Oprava náměstí',
        text: 'Oprava stála 12 mil. Kč.',
        publishedOn: '2026-03-20',
      }),
    ]);
    expect(await listPublished(ctx, otherTenantId)).toEqual([]);

    const detail = await getRequest(ctx, handler, r.id);
    expect(detail.history.map((h) => h.action)).toEqual([
      'create',
      'ask-clarification',
      'clarification-received',
      'extend',
      'provide',
      'publish',
    ]);
  });

  it('hides one tenant’s requests from another tenant’s handler (404)', async () => {
    const r = await createRequest(ctx, handler, { ...input, channel: 'email' });
    await expect(getRequest(ctx, otherHandler, r.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      actOnRequest(ctx, otherHandler, r.id, { action: 'provide', answer: 'x' }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('lists overdue and due-soon requests for the handler', async () => {
    ctx.clock.set(new Date('2026-03-20T09:00:00Z'));
    const overdue = await listRequests(ctx, handler, { filter: 'overdue' });
    // received on 27 Feb and 2 March, due 16 and 17 March, unanswered
    expect(overdue.map((r) => r.number)).toEqual(['INF/0002/2026', 'INF/0001/2026']);
    expect(overdue.every((r) => r.overdue)).toBe(true);
    const soon = await listRequests(ctx, handler, { filter: 'due-soon' });
    expect(soon.every((r) => r.dueSoon && !r.overdue)).toBe(true);
  });
});

describe('annual report (§18)', () => {
  it('counts the year’s requests, refusals, set-asides, appeals and complaints; entered figures; publishing', async () => {
    ctx.clock.set(new Date('2026-03-25T09:00:00Z'));
    const refused = await createRequest(ctx, handler, { ...input, channel: 'email' });
    await actOnRequest(ctx, handler, refused.id, { action: 'refuse', decision: 'Obchodní tajemství (§9)' });
    await actOnRequest(ctx, handler, refused.id, { action: 'appeal', text: 'Nesouhlasím' });
    const partial = await createRequest(ctx, handler, { ...input, channel: 'email' });
    await actOnRequest(ctx, handler, partial.id, {
      action: 'partially-refuse',
      answer: 'Část',
      decision: '§11',
    });
    await actOnRequest(ctx, handler, partial.id, { action: 'complaint', text: 'Neúplné' });
    await actOnRequest(ctx, head, partial.id, {
      action: 'decide-remedy',
      outcome: 'dismissed',
      text: 'Postup potvrzen',
    });
    const aside = await createRequest(ctx, handler, { ...input, channel: 'email' });
    await actOnRequest(ctx, handler, aside.id, {
      action: 'set-aside',
      reason: 'competence',
      text: 'Věc kraje',
    });

    await expect(
      saveReportFigures(ctx, handler, 2026, {
        courtJudgments: 1,
        courtCosts: 0,
        courtNotes: '',
        exclusiveLicences: 0,
        licenceNotes: '',
        otherNotes: '',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      saveReportFigures(ctx, head, 2026, {
        courtJudgments: -1,
        courtCosts: 0,
        courtNotes: '',
        exclusiveLicences: 0,
        licenceNotes: '',
        otherNotes: '',
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    await saveReportFigures(ctx, head, 2026, {
      courtJudgments: 1,
      courtCosts: 12000.5,
      courtNotes: 'KS Ostrava 22 A 1/2026',
      exclusiveLicences: 0,
      licenceNotes: '',
      otherNotes: '',
    });
    const r = await getAnnualReport(ctx, handler, 2026);
    expect(r).toMatchObject({
      requests: 7,
      refusedFull: 1,
      refusedPartial: 1,
      setAside: 1,
      appeals: 1,
      courtJudgments: 1,
      courtCosts: 12000.5,
      complaints: [
        expect.objectContaining({ reason: 'Neúplné', outcome: 'dismissed', decision: 'Postup potvrzen' }),
      ],
    });
    await expect(getPublishedReport(ctx, tenantId, 2026)).rejects.toMatchObject({ code: 'not-found' });
    await publishReport(ctx, head, 2026);
    expect((await getPublishedReport(ctx, tenantId, 2026)).requests).toBe(7);
    const pdf = await reportPdf(r, translator('cs'), 'cs', new Date('2026-03-25T09:00:00Z'));
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
    const { extractText } = await import('unpdf');
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Počet odložených žádostí 1');
    expect(text).toContain('KS Ostrava 22 A 1/2026');
    expect(text).toContain('Neúplné');
  });
});

describe('registration in records management', () => {
  async function recordsDocument(id: string) {
    return ctx.asSuperuser((db) =>
      db
        .selectFrom('records_document')
        .innerJoin('records_consignment', 'records_consignment.id', 'records_document.consignment_id')
        .leftJoin('records_person', 'records_person.id', 'records_document.sender_id')
        .select([
          'records_document.ref_number',
          'records_document.subject',
          'records_document.delivered_at',
          'records_document.delivery_method',
          'records_consignment.channel',
          'records_person.name as sender',
          'records_person.email',
          'records_person.address',
        ])
        .where('records_document.id', '=', id)
        .executeTakeFirstOrThrow(),
    );
  }
  async function counts() {
    return ctx.asSuperuser(async (db) => ({
      requests: Number(
        (await db.selectFrom('foi_request').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
      ),
      documents: Number(
        (await db.selectFrom('records_document').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow())
          .n,
      ),
    }));
  }

  it('registers a portal request as an incoming document with the applicant and a PDF of the text', async () => {
    const r = await submitPublicRequest(ctx, tenantId, {
      ...input,
      requestText: 'Žádám o smlouvu o dílo na opravu kašny.',
    });
    expect(r.documentRef).toMatch(/^\d+\/2026$/);
    const view = await getRequest(ctx, handler, r.id);
    expect(view.documentRef).toBe(r.documentRef);
    const doc = await recordsDocument(view.documentId!);
    expect(doc).toMatchObject({
      ref_number: r.documentRef,
      subject: 'Žádost o poskytnutí informace (zákon č. 106/1999 Sb.)',
      channel: 'portal',
      delivery_method: 'portal',
      sender: 'Jan Novák',
      email: 'jan@example.cz',
    });
    const pdf = await ctx.asSuperuser(async (trx) => {
      const c = await trx
        .selectFrom('records_component')
        .innerJoin('blob', 'blob.id', 'records_component.blob_id')
        .select(['records_component.mime', 'records_component.accepted', 'blob.sha256'])
        .where('records_component.document_id', '=', view.documentId!)
        .executeTakeFirstOrThrow();
      return c;
    });
    expect(pdf).toMatchObject({ mime: 'application/pdf', accepted: true });
    const { text } = await extractText(new Uint8Array(await ctx.blobs.read(pdf.sha256)), {
      mergePages: true,
    });
    expect(text).toContain('smlouvu o dílo na opravu kašny');
    expect(text).toContain('Jan Novák');
  });

  it('registers a staff intake on its day of receipt, or links the document the registry registered', async () => {
    const paper = await createRequest(ctx, handler, {
      ...input,
      applicantContact: 'Jan Novák, Mírové náměstí 1, 748 01 Hlučín',
      channel: 'paper',
      receivedOn: '2026-02-26',
    });
    const doc = await recordsDocument(paper.documentId!);
    expect(doc).toMatchObject({
      channel: 'paper',
      delivery_method: 'post',
      address: expect.stringContaining('Hlučín'),
    });
    expect(new Date(doc.delivered_at as Date).toISOString()).toBe('2026-02-25T23:00:00.000Z');

    const clerk = actorFor(await addUser(ctx, tenantId, 'podatelna', ['registry_clerk']));
    const registered = await registerIncoming(ctx, clerk, tenantId, {
      subject: 'Žádost o informace – rozpočet',
      sender: { kind: 'natural', name: 'Eva Malá' },
      deliveryMethod: 'post',
    });
    const before = await counts();
    const linked = await createRequest(ctx, handler, {
      ...input,
      channel: 'paper',
      documentRef: registered.document.refNumber,
    });
    expect(linked).toMatchObject({
      documentId: registered.document.id,
      documentRef: registered.document.refNumber,
    });
    expect(await counts()).toEqual({ requests: before.requests + 1, documents: before.documents });
  });

  it('refuses an unknown or already used reference number and changes nothing', async () => {
    const before = await counts();
    await expect(
      createRequest(ctx, handler, { ...input, channel: 'email', documentRef: '999/2026' }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ field: 'documentRef' })],
    });
    const used = (await listRequests(ctx, handler, { filter: 'all' })).find((r) => r.documentRef)!;
    await expect(
      createRequest(ctx, handler, { ...input, channel: 'email', documentRef: used.documentRef! }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [
        expect.objectContaining({ field: 'documentRef', message: expect.stringContaining(used.number) }),
      ],
    });
    expect(await counts()).toEqual(before);
  });
});
