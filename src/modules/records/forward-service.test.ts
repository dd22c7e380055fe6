import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { createUser, useTestHashing } from '../../platform/identity/index.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createDelegation, endDelegation, listDelegations } from './delegation-service.js';
import { createFile, getFile, listFiles, settleDocument } from './files-service.js';
import { forwardDocument } from './forward-service.js';
import { acceptDocument, assignDocument, myWork, returnDocument } from './handling-service.js';
import { getDocument, registerIncoming } from './intake-service.js';
import { listDocuments } from './journal-service.js';
import {
  addOwnComponents,
  createOwnDocument,
  getOwnDocument,
  listOwnDocuments,
  submitOwnDocument,
} from './own-service.js';
import { getFilePlan } from './plan-service.js';
import { czechPdf, demoActor, orgUnitId } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

type DemoActor = Awaited<ReturnType<typeof demoActor>>;
let ctx: TestContext;
let hlucin: string;
let ov: string;
let kt: string;
let clerk: DemoActor;
let handler: DemoActor; // referent, OV
let head: DemoActor; // vedouci, head + handler of OV
let colleague: DemoActor; // a second OV handler
let ktHandler: DemoActor; // a handler of another unit
let publisher: DemoActor; // no handler role
let foreign: DemoActor; // a handler of another tenant
const group: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  ov = await orgUnitId(ctx, hlucin, 'OV');
  kt = await orgUnitId(ctx, hlucin, 'KT');
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
  handler = await demoActor(ctx, 'hlucin', 'referent');
  head = await demoActor(ctx, 'hlucin', 'vedouci');
  publisher = await demoActor(ctx, 'hlucin', 'deska');
  foreign = await demoActor(ctx, 'bohuslavice', 'starosta');
  await createUser(ctx, SYSTEM_ACTOR, hlucin, {
    username: 'referent2',
    displayName: 'Olga Ondrušková',
    password: DEMO_PASSWORD,
    roles: ['handler'],
    orgUnitId: ov,
  });
  await createUser(ctx, SYSTEM_ACTOR, hlucin, {
    username: 'kancelar',
    displayName: 'Karel Kubíček',
    password: DEMO_PASSWORD,
    roles: ['handler'],
    orgUnitId: kt,
  });
  colleague = await demoActor(ctx, 'hlucin', 'referent2');
  ktHandler = await demoActor(ctx, 'hlucin', 'kancelar');
  const plan = await getFilePlan(ctx, clerk, hlucin);
  for (const g of plan!.groups) group[g.fullCode] = g.id;
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

async function problem(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, fields: e.fields.map((f) => f.field) };
    throw e;
  }
  throw new Error('expected an error');
}

/** A letter registered, assigned to `to` (the OV handler unless told) and, unless told, accepted. */
async function handled(subject: string, opts: { to?: DemoActor; unit?: string; accept?: boolean } = {}) {
  const to = opts.to ?? handler;
  const r = await registerIncoming(ctx, clerk, hlucin, { subject, groupId: group['3.1']! });
  await assignDocument(ctx, clerk, hlucin, r.document.id, {
    orgUnitId: opts.unit ?? ov,
    handlerId: to.userId,
  });
  if (opts.accept !== false) await acceptDocument(ctx, to, hlucin, r.document.id);
  return r.document.id;
}

/** The document's row as it is stored (status, handler, unit) and its ZmenaZpracovatele entries. */
async function stored(id: string) {
  return withTenant(ctx.db, hlucin, SYSTEM_ACTOR, async ({ trx }) => {
    const d = await trx
      .selectFrom('records_document' as never)
      .select(['status', 'handler_id', 'org_unit_id'] as never[])
      .where('id' as never, '=', id as never)
      .executeTakeFirstOrThrow();
    const events = await trx
      .selectFrom('audit_event')
      .select(['event_type', 'params'])
      .where('object_id', '=', id)
      .orderBy('seq')
      .execute();
    return { doc: d as { status: string; handler_id: string | null; org_unit_id: string | null }, events };
  });
}

describe('forwarding (předání)', () => {
  it('the handler forwards an accepted document to a colleague with a note; the colleague accepts it', async () => {
    const id = await handled('Žádost o kácení stromu');
    const doc = await forwardDocument(ctx, handler, hlucin, id, {
      handlerId: colleague.userId,
      note: 'Předávám, řeší kolegyně (kácení).',
    });
    expect(doc).toMatchObject({ status: 'assigned', handler: { id: colleague.userId }, orgUnit: { id: ov } });
    const { events } = await stored(id);
    const last = events.at(-1)!;
    expect(last.event_type).toBe('ZmenaZpracovatele');
    expect(last.params).toMatchObject({
      forwarded: true,
      fromHandler: 'Radek Řehoř',
      handler: 'Olga Ondrušková',
      orgUnit: expect.any(String),
      note: 'Předávám, řeší kolegyně (kácení).',
    });
    // No longer the first handler's; the new one accepts it.
    expect((await problem(getDocument(ctx, handler, hlucin, id))).status).toBe(404);
    expect((await acceptDocument(ctx, colleague, hlucin, id)).status).toBe('accepted');
  });

  it('the head forwards a document of the unit to another org unit, whose head then assigns a handler', async () => {
    const id = await handled('Stížnost na hluk', { accept: false });
    const doc = await forwardDocument(ctx, head, hlucin, id, { orgUnitId: kt, note: 'Věc kanceláře.' });
    expect(doc).toMatchObject({ status: 'assigned', handler: null, orgUnit: { id: kt } });
    // OV's head does not see it any more; the registry does.
    expect((await problem(getDocument(ctx, head, hlucin, id))).status).toBe(404);
    expect((await getDocument(ctx, clerk, hlucin, id)).document.orgUnit?.id).toBe(kt);
  });

  it('takes the handler’s org unit when only a handler is named', async () => {
    const id = await handled('Žádost o informace');
    const doc = await forwardDocument(ctx, handler, hlucin, id, { handlerId: ktHandler.userId });
    expect(doc).toMatchObject({ handler: { id: ktHandler.userId }, orgUnit: { id: kt } });
  });

  it('the new handler may return a forwarded document to the registry with a reason', async () => {
    const id = await handled('Omylem předáno');
    await forwardDocument(ctx, handler, hlucin, id, { handlerId: colleague.userId });
    const back = await returnDocument(ctx, colleague, hlucin, id, 'Nepatří mi.');
    expect(back).toMatchObject({ status: 'returned', handler: null, returnReason: 'Nepatří mi.' });
  });

  it.each<[string, () => object, string]>([
    ['an unknown handler', () => ({ handlerId: '0190a0a0-0000-7000-8000-000000000000' }), 'handlerId'],
    ['a handler of another tenant', () => ({ handlerId: foreign.userId }), 'handlerId'],
    ['a user without the handler role', () => ({ handlerId: publisher.userId }), 'handlerId'],
    ['a handler outside the named unit', () => ({ handlerId: ktHandler.userId, orgUnitId: ov }), 'handlerId'],
    ['an unknown org unit', () => ({ orgUnitId: '0190a0a0-0000-7000-8000-000000000000' }), 'orgUnitId'],
    ['nobody at all', () => ({ note: 'komu?' }), 'handlerId'],
    ['the same handler again', () => ({ handlerId: handler.userId }), 'handlerId'],
    ['a note over 1000 characters', () => ({ handlerId: colleague.userId, note: 'x'.repeat(1001) }), 'note'],
  ])('refuses to forward to %s (422); nothing changes', async (_name, body, field) => {
    const id = await handled('Chybné předání');
    const before = await stored(id);
    expect(await problem(forwardDocument(ctx, handler, hlucin, id, body()))).toEqual({
      status: 422,
      fields: [field],
    });
    expect(await stored(id)).toEqual(before);
  });

  it('who and when: 403 for those who see but do not handle it, 404 for others, 409 once settled', async () => {
    const id = await handled('Kdo smí předat');
    const to = { handlerId: colleague.userId };
    expect((await problem(forwardDocument(ctx, clerk, hlucin, id, to))).status).toBe(403);
    expect((await problem(forwardDocument(ctx, colleague, hlucin, id, to))).status).toBe(404);
    expect((await problem(forwardDocument(ctx, foreign, hlucin, id, to))).status).toBe(403);
    await settleDocument(ctx, handler, hlucin, id, { method: 'record', date: '2026-03-10' });
    const before = await stored(id);
    expect((await problem(forwardDocument(ctx, handler, hlucin, id, to))).status).toBe(409);
    expect((await problem(forwardDocument(ctx, head, hlucin, id, to))).status).toBe(409);
    expect(await stored(id)).toEqual(before);
    // Returned to the registry it is assigned again there, not forwarded by the unit's head.
    const back = await handled('Vráceno na podatelnu');
    await returnDocument(ctx, handler, hlucin, back, 'Nepatří nám.');
    expect((await problem(forwardDocument(ctx, head, hlucin, back, to))).status).toBe(409);
  });

  it('an own document is handed to another handler; returned, it goes back to its author', async () => {
    const own = await createOwnDocument(ctx, handler, hlucin, { subject: 'Vyjádření k projektu' });
    const id = own.document.id;
    expect((await problem(forwardDocument(ctx, handler, hlucin, id, { orgUnitId: kt }))).fields).toEqual([
      'handlerId',
    ]);
    await forwardDocument(ctx, handler, hlucin, id, { handlerId: colleague.userId, note: 'Dokončíš?' });
    expect((await getOwnDocument(ctx, colleague, hlucin, id)).document).toMatchObject({
      status: 'assigned',
      handler: { id: colleague.userId },
    });
    const back = await returnDocument(ctx, colleague, hlucin, id, 'Nemám podklady.');
    expect(back).toMatchObject({ status: 'accepted', handler: { id: handler.userId } });
    expect((await stored(id)).events.at(-1)!.params).toMatchObject({
      returned: true,
      reason: 'Nemám podklady.',
      handler: 'Radek Řehoř',
    });
    // Forwarded again and accepted: the colleague writes it on and asks the head for approval.
    await forwardDocument(ctx, handler, hlucin, id, { handlerId: colleague.userId });
    await acceptDocument(ctx, colleague, hlucin, id);
    await addOwnComponents(ctx, colleague, hlucin, id, [
      { filename: 'vyjadreni.pdf', content: await czechPdf('Vyjádření') },
    ]);
    await submitOwnDocument(ctx, colleague, hlucin, id);
    // Waiting for approval it stays where it is.
    expect(
      (await problem(forwardDocument(ctx, colleague, hlucin, id, { handlerId: handler.userId }))).status,
    ).toBe(409);
    // Accepted (not forwarded) it is still not returned to the registry.
    expect((await problem(returnDocument(ctx, colleague, hlucin, id, 'x'))).status).toBe(409);
  });
});

describe('stand-ins (zastupování)', () => {
  let docId: string;
  let fileId: string;
  let delegationId: string;

  it('without a stand-in the colleague of another unit sees nothing of the handler’s', async () => {
    docId = await handled('Žádost o povolení zvláštního užívání');
    fileId = (await createFile(ctx, handler, hlucin, { groupId: group['3.1']!, initialDocumentId: docId }))
      .file.id;
    expect((await problem(getDocument(ctx, ktHandler, hlucin, docId))).status).toBe(404);
    expect((await problem(getFile(ctx, ktHandler, hlucin, fileId))).status).toBe(404);
  });

  it('the handler records a stand-in for the days of the absence', async () => {
    const d = await createDelegation(ctx, handler, hlucin, {
      delegateId: ktHandler.userId!,
      from: '2026-03-11',
      to: '2026-03-13',
      note: 'Dovolená',
    });
    delegationId = d.id;
    expect(d).toMatchObject({
      delegator: { id: handler.userId, name: 'Radek Řehoř' },
      delegate: { id: ktHandler.userId },
      state: 'planned',
      active: false,
    });
    // Not yet begun: still nothing.
    expect((await problem(getDocument(ctx, ktHandler, hlucin, docId))).status).toBe(404);
    expect((await myWork(ctx, ktHandler, hlucin)).mine.filter((i) => i.delegatedFrom)).toEqual([]);
  });

  it('during the absence the stand-in sees and handles the documents and files, marked as delegated', async () => {
    ctx.clock.set(new Date('2026-03-11T07:00:00Z'));
    expect((await getDocument(ctx, ktHandler, hlucin, docId)).document.id).toBe(docId);
    const journal = await listDocuments(ctx, ktHandler, hlucin, {});
    expect(journal.items.map((i) => i.id)).toContain(docId);
    const work = await myWork(ctx, ktHandler, hlucin);
    expect(work.mine.find((i) => i.id === docId)).toMatchObject({ delegatedFrom: 'Radek Řehoř' });
    expect((await getFile(ctx, ktHandler, hlucin, fileId)).canManage).toBe(true);
    expect((await listFiles(ctx, ktHandler, hlucin, {})).items.map((f) => f.id)).toContain(fileId);
    // A new letter assigned to the absent handler is accepted by the stand-in, on the handler's behalf.
    const fresh = await handled('Došlo během dovolené', { accept: false });
    expect((await acceptDocument(ctx, ktHandler, hlucin, fresh)).status).toBe('accepted');
    const accepted = (await stored(fresh)).events.at(-1)!;
    expect(accepted.params).toMatchObject({ accepted: true, onBehalfOf: 'Radek Řehoř' });
    // Settles it and forwards the other one (its handler stays the absent one until forwarded).
    const settled = await settleDocument(ctx, ktHandler, hlucin, fresh, {
      method: 'record',
      date: '2026-03-11',
    });
    expect(settled.document.status).toBe('settled');
    const other = await handled('Předat během dovolené');
    const fwd = await forwardDocument(ctx, ktHandler, hlucin, other, { handlerId: colleague.userId });
    expect(fwd.handler?.id).toBe(colleague.userId);
    expect((await stored(other)).events.at(-1)!.params).toMatchObject({ onBehalfOf: 'Radek Řehoř' });
    // Not the documents of the unit or of other handlers.
    const colleagues = await handled('Kolegyně', { to: colleague });
    expect((await problem(getDocument(ctx, ktHandler, hlucin, colleagues))).status).toBe(404);
    // The absent handler's own documents too.
    const own = await createOwnDocument(ctx, handler, hlucin, { subject: 'Rozpracovaná odpověď' });
    expect((await listOwnDocuments(ctx, ktHandler, hlucin)).map((o) => o.id)).toContain(own.document.id);
  });

  it('after the last day the stand-in has no access any more', async () => {
    ctx.clock.set(new Date('2026-03-13T23:30:00Z')); // already 14 March in Prague
    expect((await problem(getDocument(ctx, ktHandler, hlucin, docId))).status).toBe(404);
    expect((await problem(getFile(ctx, ktHandler, hlucin, fileId))).status).toBe(404);
    expect((await listDocuments(ctx, ktHandler, hlucin, {})).items.map((i) => i.id)).not.toContain(docId);
    expect((await myWork(ctx, ktHandler, hlucin)).mine.filter((i) => i.delegatedFrom)).toEqual([]);
    expect((await listDelegations(ctx, handler, hlucin)).find((d) => d.id === delegationId)?.state).toBe(
      'over',
    );
  });

  it('ended early, it stops at once', async () => {
    const d = await createDelegation(ctx, handler, hlucin, {
      delegateId: colleague.userId!,
      from: '2026-03-14',
      to: '2026-03-20',
    });
    expect((await getDocument(ctx, colleague, hlucin, docId)).document.id).toBe(docId);
    // The delegate cannot end it; the absent handler can, once.
    expect((await problem(endDelegation(ctx, colleague, hlucin, d.id))).status).toBe(403);
    expect((await endDelegation(ctx, handler, hlucin, d.id)).state).toBe('ended');
    expect((await problem(endDelegation(ctx, handler, hlucin, d.id))).status).toBe(409);
    expect((await problem(getDocument(ctx, colleague, hlucin, docId))).status).toBe(404);
    // Someone not part of it does not see it.
    expect((await problem(endDelegation(ctx, ktHandler, hlucin, d.id))).status).toBe(404);
  });

  it('the head records one for a handler of the unit, not for another unit’s', async () => {
    const d = await createDelegation(ctx, head, hlucin, {
      delegatorId: colleague.userId,
      delegateId: handler.userId!,
      from: '2026-03-14',
      to: '2026-03-14',
    });
    expect(d).toMatchObject({ delegator: { id: colleague.userId }, state: 'active', canEnd: true });
    expect(
      (
        await problem(
          createDelegation(ctx, head, hlucin, {
            delegatorId: ktHandler.userId,
            delegateId: handler.userId!,
            from: '2026-03-14',
            to: '2026-03-14',
          }),
        )
      ).status,
    ).toBe(403);
  });

  it.each<[string, () => Promise<unknown>, number, string[]]>([
    [
      'a handler for someone else',
      () =>
        createDelegation(ctx, handler, hlucin, {
          delegatorId: colleague.userId,
          delegateId: ktHandler.userId!,
          from: '2026-03-14',
          to: '2026-03-15',
        }),
      403,
      [],
    ],
    [
      'a delegate without the handler role',
      () =>
        createDelegation(ctx, handler, hlucin, {
          delegateId: publisher.userId!,
          from: '2026-03-14',
          to: '2026-03-15',
        }),
      422,
      ['delegateId'],
    ],
    [
      'a delegate of another tenant',
      () =>
        createDelegation(ctx, handler, hlucin, {
          delegateId: foreign.userId!,
          from: '2026-03-14',
          to: '2026-03-15',
        }),
      422,
      ['delegateId'],
    ],
    [
      'oneself',
      () =>
        createDelegation(ctx, handler, hlucin, {
          delegateId: handler.userId!,
          from: '2026-03-14',
          to: '2026-03-15',
        }),
      422,
      ['delegateId'],
    ],
    [
      'a range already over',
      () =>
        createDelegation(ctx, handler, hlucin, {
          delegateId: colleague.userId!,
          from: '2026-03-01',
          to: '2026-03-05',
        }),
      422,
      ['to'],
    ],
    [
      'the registry clerk',
      () =>
        createDelegation(ctx, clerk, hlucin, {
          delegateId: colleague.userId!,
          from: '2026-03-14',
          to: '2026-03-15',
        }),
      403,
      [],
    ],
  ])('refuses %s', async (_name, run, status, fields) => {
    const before = (await listDelegations(ctx, head, hlucin)).length;
    expect(await problem(run())).toEqual({ status, fields });
    expect((await listDelegations(ctx, head, hlucin)).length).toBe(before);
  });
});
