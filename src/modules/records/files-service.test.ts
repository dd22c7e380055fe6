import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { createUser, useTestHashing } from '../../platform/identity/index.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import {
  closeFile,
  createFile,
  getDocumentFileInfo,
  getFile,
  insertDocument,
  listFiles,
  removeDocument,
  reopenFile,
  settleDocument,
} from './files-service.js';
import { acceptDocument, assignDocument, returnDocument } from './handling-service.js';
import { getDocument, registerIncoming } from './intake-service.js';
import { getFilePlan } from './plan-service.js';
import { demoActor, orgUnitId } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

type DemoActor = Awaited<ReturnType<typeof demoActor>>;
let ctx: TestContext;
let hlucin: string;
let ov: string;
let clerk: DemoActor;
let handler: DemoActor;
let head: DemoActor;
let manager: DemoActor;
let publisher: DemoActor;
let other: DemoActor;
let foreign: DemoActor;
let bohuslavice: string;
const group: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  bohuslavice = await tenantIdOf(ctx, 'bohuslavice');
  ov = await orgUnitId(ctx, hlucin, 'OV');
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
  handler = await demoActor(ctx, 'hlucin', 'referent');
  head = await demoActor(ctx, 'hlucin', 'vedouci');
  manager = await demoActor(ctx, 'hlucin', 'spisovna');
  publisher = await demoActor(ctx, 'hlucin', 'deska');
  foreign = await demoActor(ctx, 'bohuslavice', 'starosta');
  // A second handler of the same unit, assigned nothing.
  await createUser(ctx, SYSTEM_ACTOR, hlucin, {
    username: 'referent2',
    displayName: 'Olga Ondrušková',
    password: DEMO_PASSWORD,
    roles: ['handler'],
    orgUnitId: ov,
  });
  other = await demoActor(ctx, 'hlucin', 'referent2');
  const plan = await getFilePlan(ctx, clerk, hlucin);
  for (const g of plan!.groups) group[g.fullCode] = g.id;
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

/** A document registered, assigned to the OV handler (or another) and, unless told, accepted. */
async function handledDoc(
  subject: string,
  opts: { groupCode?: string; to?: DemoActor; accept?: boolean } = {},
): Promise<{ id: string; refNumber: string }> {
  const to = opts.to ?? handler;
  const r = await registerIncoming(ctx, clerk, hlucin, {
    subject,
    ...(opts.groupCode ? { groupId: group[opts.groupCode]! } : {}),
  });
  await assignDocument(ctx, clerk, hlucin, r.document.id, { orgUnitId: ov, handlerId: to.userId });
  if (opts.accept !== false) await acceptDocument(ctx, to, hlucin, r.document.id);
  return { id: r.document.id, refNumber: r.document.refNumber };
}

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

const settle = (who: DemoActor, id: string, date = '2026-03-10', method = 'document', note?: string) =>
  settleDocument(ctx, who, hlucin, id, { method, date, ...(note !== undefined ? { note } : {}) });

describe('the demo seed', () => {
  it('gives Hlučín registered documents, an open priorace file with a settled document and a closed file', async () => {
    const files = (await listFiles(ctx, manager, hlucin, { pageSize: 200 })).items;
    const permit = files.find((f) => f.subject.startsWith('Žádost o stavební povolení'))!;
    expect(permit).toMatchObject({ method: 'priorace', status: 'open', groupCode: '3.1', documents: 1 });
    const detail = await getFile(ctx, manager, hlucin, permit.id);
    expect(detail.file.documents[0]).toMatchObject({ status: 'settled', settlementMethod: 'document' });
    expect(files.find((f) => f.subject === 'Oznámení o konání veřejné sbírky')).toMatchObject({
      method: 'priorace',
      status: 'closed',
      groupCode: '5.1',
    });
    expect(files.find((f) => f.method === 'sberny_arch')).toMatchObject({
      subject: 'Faktury – veřejné osvětlení 2026',
      status: 'open',
      documents: 1,
    });
  });
});

describe('a file by priorace', () => {
  let fileId: string;
  let initial: { id: string; refNumber: string };

  it('takes the initial document’s reference number, the group and its regime', async () => {
    initial = await handledDoc('Ohlášení stavby garáže');
    const d = await createFile(ctx, handler, hlucin, {
      groupId: group['3.3']!,
      initialDocumentId: initial.id,
    });
    fileId = d.file.id;
    expect(d.file).toMatchObject({
      fileNumber: initial.refNumber,
      method: 'priorace',
      subject: 'Ohlášení stavby garáže',
      status: 'open',
      group: { fullCode: '3.3' },
      regime: { identifier: 'S5', mark: 'S', period: 5 },
      handler: { id: handler.userId },
      orgUnit: { id: ov },
      initialDocumentId: initial.id,
      createdOn: '2026-03-10',
    });
    expect(d.file.pid).toMatch(/^MUHL\d{8}$/);
    expect(d.file.documents).toEqual([
      expect.objectContaining({ id: initial.id, position: 1, numberInFile: null, initial: true }),
    ]);
    expect(d.history.map((h) => [h.eventType, h.objectType])).toEqual([
      ['Zalozeni', 'Spis'],
      ['VlozeniDoSpisu', 'Dokument'],
    ]);
  });

  it('later documents keep their own reference numbers; the stricter regime wins and yields again', async () => {
    const strict = await handledDoc('Žádost o stavební povolení', { groupCode: '3.1' });
    const d = await insertDocument(ctx, handler, hlucin, fileId, { refNumber: strict.refNumber });
    expect(d.file.documents.map((m) => [m.refNumber, m.position, m.numberInFile])).toEqual([
      [initial.refNumber, 1, null],
      [strict.refNumber, 2, null],
    ]);
    expect(d.file.regime).toMatchObject({ identifier: 'A10', mark: 'A' });
    expect(d.history.at(-1)).toMatchObject({
      eventType: 'Uprava',
      objectType: 'Spis',
      params: { regime: 'A10' },
    });
    const out = await removeDocument(ctx, handler, hlucin, fileId, strict.id);
    expect(out.file.documents.map((m) => m.id)).toEqual([initial.id]);
    expect(out.file.regime.identifier).toBe('S5');
    expect(out.history.map((h) => h.eventType)).toContain('VyjmutiZeSpisu');
    // the removed document may join again, at a new position
    const back = await insertDocument(ctx, handler, hlucin, fileId, { documentId: strict.id });
    expect(back.file.documents.map((m) => m.position)).toEqual([1, 3]);
  });

  it('refuses to remove the initial document, or to file a document twice', async () => {
    expect(await problem(removeDocument(ctx, handler, hlucin, fileId, initial.id))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/initial document/),
    });
    expect(
      await problem(insertDocument(ctx, handler, hlucin, fileId, { documentId: initial.id })),
    ).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already lies in file/),
    });
    expect(
      await problem(
        createFile(ctx, handler, hlucin, { groupId: group['3.3']!, initialDocumentId: initial.id }),
      ),
    ).toMatchObject({ status: 409 });
  });

  it('refuses a document not in handling (409) or not visible (422), and the registry (403)', async () => {
    const r = await registerIncoming(ctx, clerk, hlucin, { subject: 'Nepřidělený dopis' });
    expect(
      await problem(insertDocument(ctx, clerk, hlucin, fileId, { documentId: r.document.id })),
    ).toMatchObject({
      status: 403,
    });
    // the head sees only what was assigned to the unit
    expect(
      await problem(insertDocument(ctx, head, hlucin, fileId, { refNumber: r.document.refNumber })),
    ).toMatchObject({ status: 422, fields: ['refNumber'] });
    const back = await handledDoc('Omylem k nám', { accept: false });
    await returnDocument(ctx, handler, hlucin, back.id, 'Nepatří nám.');
    expect(await problem(insertDocument(ctx, head, hlucin, fileId, { documentId: back.id }))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/status "returned"/),
    });
  });

  it('closes only when every document is settled, and records the trigger and disposal year', async () => {
    const before = await problem(closeFile(ctx, handler, hlucin, fileId));
    expect(before).toMatchObject({
      status: 409,
      message: expect.stringMatching(/not settled: MUHL\/\d+\/2026, /),
    });
    const d = await getFile(ctx, handler, hlucin, fileId);
    for (const m of d.file.documents) await settle(handler, m.id, '2026-03-10');
    const closed = await closeFile(ctx, handler, hlucin, fileId);
    // A10 counts from closing: 2026 + 10 + 1
    expect(closed.file).toMatchObject({
      status: 'closed',
      closedOn: '2026-03-10',
      triggerYear: 2026,
      disposalYear: 2037,
    });
    expect(closed.history.at(-1)).toMatchObject({
      eventType: 'Uzavreni',
      params: { triggerYear: 2026, disposalYear: 2037, regime: 'A10' },
    });
  });

  it('a closed file takes no documents and loses none; it reopens with a reason', async () => {
    const late = await handledDoc('Doplnění podání');
    expect(
      await problem(insertDocument(ctx, handler, hlucin, fileId, { documentId: late.id })),
    ).toMatchObject({
      status: 409,
      message: expect.stringMatching(/closed/),
    });
    const any = (await getFile(ctx, handler, hlucin, fileId)).file.documents[1]!;
    expect(await problem(removeDocument(ctx, handler, hlucin, fileId, any.id))).toMatchObject({
      status: 409,
    });
    expect(await problem(closeFile(ctx, handler, hlucin, fileId))).toMatchObject({ status: 409 });
    expect(await problem(reopenFile(ctx, handler, hlucin, fileId, '  '))).toMatchObject({
      status: 422,
      fields: ['reason'],
    });
    const open = await reopenFile(ctx, handler, hlucin, fileId, 'Stavebník doložil další podklady.');
    expect(open.file).toMatchObject({
      status: 'open',
      closedOn: null,
      triggerYear: null,
      reopenReason: 'Stavebník doložil další podklady.',
    });
    expect(open.history.at(-1)).toMatchObject({
      eventType: 'Otevreni',
      objectType: 'Spis',
      params: { reason: 'Stavebník doložil další podklady.' },
    });
    expect(await problem(reopenFile(ctx, handler, hlucin, fileId, 'Znovu'))).toMatchObject({ status: 409 });
    await insertDocument(ctx, handler, hlucin, fileId, { documentId: late.id });
    expect(await problem(closeFile(ctx, handler, hlucin, fileId))).toMatchObject({ status: 409 });
  });
});

describe('a file as sběrný arch', () => {
  it('gets its own number from the yearly series and numbers its documents within it', async () => {
    // the demo world has sběrný arch files of its own; the series continues after them
    const n =
      (await listFiles(ctx, clerk, hlucin, { pageSize: 200 })).items.filter((f) => f.method === 'sberny_arch')
        .length + 1;
    const first = await createFile(ctx, head, hlucin, {
      groupId: group['2.2']!,
      subject: 'Účetní doklady 2026',
    });
    expect(first.file).toMatchObject({
      fileNumber: `SZ ${n}/2026`,
      method: 'sberny_arch',
      initialDocumentId: null,
      handler: { id: head.userId },
      regime: { identifier: 'S10' },
      documents: [],
    });
    const doc = await handledDoc('Faktura 1', { to: head });
    const seeded = await handledDoc('Faktura 2', { to: head });
    const second = await createFile(ctx, head, hlucin, {
      groupId: group['2.3']!,
      subject: 'Poplatky za odpad',
      initialDocumentId: seeded.id,
    });
    expect(second.file.fileNumber).toBe(`SZ ${n + 1}/2026`);
    expect(second.file.documents.map((m) => m.numberInFile)).toEqual([`${n + 1}/2026-1`]);
    const d = await insertDocument(ctx, head, hlucin, first.file.id, { documentId: doc.id });
    expect(d.file.documents.map((m) => [m.refNumber, m.numberInFile])).toEqual([
      [doc.refNumber, `${n}/2026-1`],
    ]);
    // any document of the sběrný arch may leave it
    expect((await removeDocument(ctx, head, hlucin, first.file.id, doc.id)).file.documents).toEqual([]);
    expect(await problem(closeFile(ctx, head, hlucin, first.file.id))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/no documents/),
    });
  });

  it('records the trigger year the way the winning regime counts it', async () => {
    const doc = await handledDoc('Pozvánka na akci', { to: head });
    const f = await createFile(ctx, head, hlucin, {
      groupId: group['2.2']!,
      subject: 'Pozvánky',
      initialDocumentId: doc.id,
    });
    const inform = await handledDoc('Informace', { groupCode: '5.1', to: head });
    await insertDocument(ctx, head, hlucin, f.file.id, { documentId: inform.id });
    await settle(head, doc.id, '2026-03-10', 'acknowledgement');
    await settle(head, inform.id, '2026-03-10', 'other', 'Vyřízeno telefonicky.');
    const closed = await closeFile(ctx, head, hlucin, f.file.id);
    // S10 (closing) is stricter than S1 (settlement): 2026 + 10 + 1
    expect(closed.file).toMatchObject({
      regime: { identifier: 'S10' },
      triggerYear: 2026,
      disposalYear: 2037,
    });
    // a file under S1 alone counts from the year of settlement: 2026 + 1 + 1
    const note = await handledDoc('Oznámení o akci', { to: head });
    const s1 = await createFile(ctx, head, hlucin, { groupId: group['5.1']!, initialDocumentId: note.id });
    await settle(head, note.id, '2026-03-10', 'acknowledgement');
    expect((await closeFile(ctx, head, hlucin, s1.file.id)).file).toMatchObject({
      regime: { identifier: 'S1', trigger: 'settlement' },
      triggerYear: 2026,
      disposalYear: 2028,
    });
  });
});

describe('creating a file: bad input', () => {
  it.each([
    [
      'an unknown group',
      () => ({ groupId: '0190a0a0-0000-7000-8000-000000000000', subject: 'X' }),
      422,
      'groupId',
    ],
    ['a malformed group', () => ({ groupId: 'x', subject: 'X' }), 422, 'groupId'],
    ['a group without a regime', () => ({ groupId: group['3']!, subject: 'X' }), 422, 'groupId'],
    [
      'priorace with no initial document',
      () => ({ groupId: group['3.1']!, subject: 'X' }),
      422,
      'initialDocumentId',
    ],
    ['a sběrný arch with no subject', () => ({ groupId: group['2.2']! }), 422, 'subject'],
  ])('refuses %s', async (_name, input, status, field) => {
    expect(await problem(createFile(ctx, handler, hlucin, input()))).toMatchObject({
      status,
      fields: [field],
    });
  });
});

describe('settlement', () => {
  it('the handler settles an accepted document with an NSESSS method and date; audited', async () => {
    const doc = await handledDoc('Žádost o vyjádření');
    const r = await settle(handler, doc.id, '2026-03-10', 'forwarding', 'Postoupeno KÚ MSK.');
    expect(r.document.status).toBe('settled');
    expect(r.settlement).toMatchObject({
      method: 'forwarding',
      methodText: 'postoupení',
      date: '2026-03-10',
      note: 'Postoupeno KÚ MSK.',
      settledBy: { id: handler.userId },
    });
    const info = await getDocumentFileInfo(ctx, handler, hlucin, doc.id);
    expect(info).toMatchObject({ settlement: { method: 'forwarding' }, file: null, canSettle: false });
    const page = await getDocument(ctx, handler, hlucin, doc.id);
    expect(page.history.find((h) => h.eventType === 'Vyrizeni')).toMatchObject({
      objectType: 'Dokument',
      params: { method: 'postoupení', date: '2026-03-10' },
    });
    expect(await problem(settle(handler, doc.id))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already settled/),
    });
  });

  it('the head of the unit may settle for the handler', async () => {
    const doc = await handledDoc('Podnět občana');
    expect((await settle(head, doc.id, '2026-03-10', 'acknowledgement')).settlement.settledBy?.id).toBe(
      head.userId,
    );
  });

  it.each([
    ['a date in the future', '2026-03-11', 'document', undefined, 'date'],
    ['a date before registration', '2026-03-09', 'document', undefined, 'date'],
    ['"other" without a note', '2026-03-10', 'other', '', 'note'],
    ['an unknown method', '2026-03-10', 'lost', undefined, 'method'],
  ])('refuses %s with 422, and nothing changes', async (_name, date, method, note, field) => {
    const doc = await handledDoc('Test');
    expect(await problem(settle(handler, doc.id, date, method, note))).toMatchObject({
      status: 422,
      fields: [field],
    });
    expect((await getDocument(ctx, handler, hlucin, doc.id)).document.status).toBe('accepted');
  });

  it('is refused before acceptance (409), to the registry (403), another handler (404) and another tenant (404)', async () => {
    const assigned = await handledDoc('Nepřevzatý', { accept: false });
    expect(await problem(settle(handler, assigned.id))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/accepts it before/),
    });
    const doc = await handledDoc('Cizí');
    expect(await problem(settle(clerk, doc.id))).toMatchObject({ status: 403 });
    expect(await problem(settle(manager, doc.id))).toMatchObject({ status: 403 });
    expect(await problem(settle(other, doc.id))).toMatchObject({ status: 404 });
    expect(
      await problem(
        settleDocument(ctx, foreign, bohuslavice, doc.id, { method: 'document', date: '2026-03-10' }),
      ),
    ).toMatchObject({ status: 404 });
    expect(await problem(settle(publisher, doc.id))).toMatchObject({ status: 403 });
  });
});

describe('who sees and handles a file', () => {
  let fileId: string;
  let otherDoc: { id: string; refNumber: string };

  beforeAll(async () => {
    const mine = await handledDoc('Spis vedoucí', { to: head });
    fileId = (await createFile(ctx, head, hlucin, { groupId: group['3.2']!, initialDocumentId: mine.id }))
      .file.id;
    otherDoc = await handledDoc('Dokument referentky', { to: other });
    await insertDocument(ctx, head, hlucin, fileId, { documentId: otherDoc.id });
  });

  it('a handler whose document lies in it sees it but may not close or change it (403)', async () => {
    expect((await getFile(ctx, other, hlucin, fileId)).canManage).toBe(false);
    expect(await problem(closeFile(ctx, other, hlucin, fileId))).toMatchObject({ status: 403 });
    expect(await problem(removeDocument(ctx, other, hlucin, fileId, otherDoc.id))).toMatchObject({
      status: 403,
    });
    expect(await problem(reopenFile(ctx, other, hlucin, fileId, 'Proč ne'))).toMatchObject({ status: 403 });
    expect((await listFiles(ctx, other, hlucin, {})).items.map((f) => f.id)).toEqual([fileId]);
  });

  it('a handler with nothing in it gets 404; the registry and records manager see but do not handle', async () => {
    expect(await problem(getFile(ctx, handler, hlucin, fileId))).toMatchObject({ status: 404 });
    expect(await problem(closeFile(ctx, handler, hlucin, fileId))).toMatchObject({ status: 404 });
    expect((await getFile(ctx, clerk, hlucin, fileId)).canManage).toBe(false);
    expect(await problem(closeFile(ctx, clerk, hlucin, fileId))).toMatchObject({ status: 403 });
    expect((await getFile(ctx, manager, hlucin, fileId)).file.id).toBe(fileId);
    expect((await listFiles(ctx, clerk, hlucin, {})).items.map((f) => f.id)).toContain(fileId);
    expect((await listFiles(ctx, handler, hlucin, {})).items.map((f) => f.id)).not.toContain(fileId);
  });

  it('another tenant gets 404 for the file; a role without records gets 403', async () => {
    expect(await problem(getFile(ctx, foreign, bohuslavice, fileId))).toMatchObject({ status: 404 });
    expect(await problem(closeFile(ctx, foreign, bohuslavice, fileId))).toMatchObject({ status: 404 });
    expect(
      await problem(insertDocument(ctx, foreign, bohuslavice, fileId, { documentId: otherDoc.id })),
    ).toMatchObject({ status: 404 });
    expect((await listFiles(ctx, foreign, bohuslavice, {})).total).toBe(0);
    expect(await problem(listFiles(ctx, publisher, hlucin, {}))).toMatchObject({ status: 403 });
    expect(
      await problem(createFile(ctx, publisher, hlucin, { groupId: group['2.2']!, subject: 'X' })),
    ).toMatchObject({
      status: 403,
    });
  });

  it('lists by status and text', async () => {
    const found = await listFiles(ctx, clerk, hlucin, { q: 'vedouci', status: 'open' });
    expect(found.items.map((f) => f.id)).toEqual([fileId]);
    expect(found.items[0]).toMatchObject({ documents: 2, groupCode: '3.2', method: 'priorace' });
    expect((await listFiles(ctx, clerk, hlucin, { q: 'vedouci', status: 'closed' })).total).toBe(0);
    expect(await problem(listFiles(ctx, clerk, hlucin, { status: 'lost' }))).toMatchObject({ status: 422 });
  });
});
