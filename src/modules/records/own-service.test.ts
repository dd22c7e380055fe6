import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { createUser, useTestHashing } from '../../platform/identity/index.js';
import { JobWorker } from '../../platform/jobs/worker.js';
import { currentNumber } from '../../platform/numbering/index.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import {
  deliverInPerson,
  EMAIL_DISPATCH_ACTOR,
  EMAIL_DISPATCH_JOB,
  handOverDispatch,
  listDispatchQueue,
  prepareDispatch,
  readEnvelope,
  recordDelivery,
  recordUndeliverable,
  runEmailDispatch,
  sendDispatch,
} from './dispatch-service.js';
import { closeFile, createFile, getFile, settleDocument } from './files-service.js';
import { acceptDocument, assignDocument, returnDocument } from './handling-service.js';
import { REF_SERIES, registerIncoming } from './intake-service.js';
import {
  addOwnComponents,
  addOwnRecipient,
  approveOwnDocument,
  createOwnDocument,
  getOwnDocument,
  listOwnDocuments,
  readComponentVersion,
  removeOwnRecipient,
  returnOwnDocument,
  submitOwnDocument,
} from './own-service.js';
import { getFilePlan } from './plan-service.js';
import { czechPdf, demoActor, orgUnitId } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

type DemoActor = Awaited<ReturnType<typeof demoActor>>;
let ctx: TestContext;
let hlucin: string;
let ov: string;
let clerk: DemoActor;
let handler: DemoActor;
let head: DemoActor;
let other: DemoActor;
let foreign: DemoActor;
const group: Record<string, string> = {};

/** A loopback SMTP server that keeps what it receives; `refuse` makes it answer 451 to DATA. */
const inbox: { from: string; to: string[]; raw: Buffer }[] = [];
let refuse = false;
let smtp: SMTPServer;
let smtpPort: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('try later'), { responseCode: 451 }));
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  ctx = await createTestContext({
    now: new Date('2026-03-10T09:00:00Z'),
    env: {
      SMTP_OUT_HOST: '127.0.0.1',
      SMTP_OUT_PORT: String(smtpPort),
      SMTP_OUT_FROM: 'podatelna@hlucin.cz',
    },
  });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  ov = await orgUnitId(ctx, hlucin, 'OV');
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
  handler = await demoActor(ctx, 'hlucin', 'referent');
  head = await demoActor(ctx, 'hlucin', 'vedouci');
  foreign = await demoActor(ctx, 'bohuslavice', 'starosta');
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
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

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

/** An incoming letter assigned to and accepted by the OV handler, in a priorace file of 3.1. */
async function incomingInFile(subject: string) {
  const r = await registerIncoming(ctx, clerk, hlucin, {
    subject,
    groupId: group['3.1']!,
    sender: { kind: 'natural', name: 'Jan Novák', address: 'Ostravská 1, 748 01 Hlučín' },
  });
  await assignDocument(ctx, clerk, hlucin, r.document.id, { orgUnitId: ov, handlerId: handler.userId });
  await acceptDocument(ctx, handler, hlucin, r.document.id);
  const f = await createFile(ctx, handler, hlucin, {
    groupId: group['3.1']!,
    initialDocumentId: r.document.id,
  });
  return { doc: r.document, file: f.file };
}

const reply = {
  recipients: [
    {
      kind: 'natural',
      name: 'Jan Novák',
      address: 'Ostravská 1, 748 01 Hlučín',
      email: 'jan.novak@example.cz',
    },
    {
      kind: 'legal',
      name: 'Stavby Kravaře s.r.o.',
      ico: '25596641',
      databoxId: 'ab12cd3',
      address: 'Náměstí 2, Kravaře',
    },
  ],
};

async function readyReply(subject: string) {
  const inc = await incomingInFile(`Žádost – ${subject}`);
  const own = await createOwnDocument(ctx, handler, hlucin, {
    subject,
    answersDocumentId: inc.doc.id,
    ...reply,
  });
  await addOwnComponents(ctx, handler, hlucin, own.document.id, [
    { filename: 'odpoved.pdf', content: await czechPdf(`Odpověď: ${subject}`) },
  ]);
  await submitOwnDocument(ctx, handler, hlucin, own.document.id);
  const final = await approveOwnDocument(ctx, head, hlucin, own.document.id);
  return { inc, own: final };
}

describe('the demo seed', () => {
  it('gives Hlučín a delivered decision, a reply waiting for approval and a queue with e-mail and data box', async () => {
    const waiting = await listOwnDocuments(ctx, head, hlucin, { waiting: true });
    expect(waiting.map((w) => w.subject)).toContain('Výzva k doplnění žádosti o povolení kácení dřevin');
    const all = await listDispatchQueue(ctx, clerk, hlucin, { state: 'all' });
    expect(all.map((x) => [x.subject, x.method, x.state])).toEqual(
      expect.arrayContaining([
        ['Rozhodnutí o umístění stavby – rodinný dům, ul. Darkovická', 'post', 'delivered'],
        ['Oznámení o zahájení řízení – přístavba garáže', 'email', 'handed_over'],
        ['Oznámení o zahájení řízení – přístavba garáže', 'databox', 'handed_over'],
      ]),
    );
    expect(await listOwnDocuments(ctx, handler, hlucin)).toEqual([]);
  });
});

describe('own document: draft, versions, approval', () => {
  let inc: Awaited<ReturnType<typeof incomingInFile>>;
  let id: string;
  let firstComponent: string;

  it('registers the draft at creation, answers the incoming document and joins its file', async () => {
    inc = await incomingInFile('Žádost o vyjádření k plotu');
    const before = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, (tx) =>
      currentNumber(tx, REF_SERIES, 2026),
    );
    const own = await createOwnDocument(ctx, handler, hlucin, {
      subject: 'Vyjádření k plotu',
      accessLevel: 'public',
      answersDocumentId: inc.doc.id,
      ...reply,
    });
    id = own.document.id;
    expect(own.document.refNumber).toBe(`MUHL/${before + 1}/2026`);
    expect(own.document.pid).toMatch(/^MUHL\d{8}$/);
    expect(own.document).toMatchObject({
      status: 'accepted',
      accessLevel: 'public',
      handler: { id: handler.userId },
      orgUnit: { id: ov },
      group: { fullCode: '3.1' },
      consignment: null,
    });
    expect(own.state).toBe('draft');
    expect(own.answers).toEqual({ id: inc.doc.id, refNumber: inc.doc.refNumber, subject: inc.doc.subject });
    expect(own.file).toMatchObject({ id: inc.file.id, fileNumber: inc.file.fileNumber });
    expect(own.recipients.map((r) => r.name)).toEqual(['Jan Novák', 'Stavby Kravaře s.r.o.']);
    expect(own.can).toMatchObject({ edit: true, submit: true, approve: false, dispatch: false });
    const file = await getFile(ctx, handler, hlucin, inc.file.id);
    expect(file.file.documents.map((d) => d.id)).toEqual([inc.doc.id, id]);
    const row = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, ({ trx }) =>
      trx
        .selectFrom('records_document' as never)
        .select(['direction' as never])
        .where('id' as never, '=', id as never)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ direction: 'own' });
    expect(own.history.map((h) => h.eventType)).toEqual(['Zalozeni', 'VlozeniDoSpisu']);
  });

  it('is not returned to the registry like an incoming document', async () => {
    expect(await problem(returnDocument(ctx, handler, hlucin, id, 'Nepatří nám.'))).toMatchObject({
      status: 409,
    });
  });

  it('the register of persons de-duplicates a recipient on IČO', async () => {
    const again = await createOwnDocument(ctx, handler, hlucin, {
      subject: 'Druhý dopis',
      recipients: [{ kind: 'legal', name: 'Stavby Kravaře (jinak psáno)', ico: '25596641' }],
    });
    const first = await getOwnDocument(ctx, handler, hlucin, id);
    expect(again.recipients[0]!.id).toBe(first.recipients[1]!.id);
    expect(again.file).toBeNull();
  });

  it('asking for approval needs a component', async () => {
    expect(await problem(submitOwnDocument(ctx, handler, hlucin, id))).toMatchObject({ status: 409 });
  });

  it('keeps every uploaded version', async () => {
    let own = await addOwnComponents(ctx, handler, hlucin, id, [
      { filename: 'vyjadreni.pdf', content: await czechPdf('Vyjádření – první znění') },
      { filename: 'situace.pdf', content: await czechPdf('Situace') },
    ]);
    expect(own.components.map((c) => [c.filename, c.version])).toEqual([
      ['vyjadreni.pdf', 1],
      ['situace.pdf', 1],
    ]);
    firstComponent = own.components[0]!.id;
    own = await addOwnComponents(
      ctx,
      handler,
      hlucin,
      id,
      [{ filename: 'vyjadreni-v2.pdf', content: await czechPdf('Vyjádření – druhé znění') }],
      { componentId: firstComponent },
    );
    const c = own.components.find((x) => x.id === firstComponent)!;
    expect(c).toMatchObject({ filename: 'vyjadreni-v2.pdf', version: 2 });
    expect(c.versions.map((v) => [v.version, v.filename, v.createdBy])).toEqual([
      [1, 'vyjadreni.pdf', handler.label],
      [2, 'vyjadreni-v2.pdf', handler.label],
    ]);
    const v1 = await readComponentVersion(ctx, handler, hlucin, id, firstComponent, 1);
    const { text } = await extractText(new Uint8Array(v1.content), { mergePages: true });
    expect(text).toContain('první znění');
    expect(own.history.map((h) => h.eventType)).toContain('NovaVerze');
  });

  it('a new version needs a component of this document', async () => {
    const r = await problem(
      addOwnComponents(ctx, handler, hlucin, id, [{ filename: 'x.pdf', content: await czechPdf('x') }], {
        componentId: '00000000-0000-7000-8000-000000000000',
      }),
    );
    expect(r).toMatchObject({ status: 422, fields: ['componentId'] });
  });

  it('recipients change while it is a draft', async () => {
    const own = await addOwnRecipient(ctx, handler, hlucin, id, {
      person: { kind: 'natural', name: 'Eva Svobodová', address: 'Zahradní 5, Hlučín' },
    });
    const eva = own.recipients.find((r) => r.name === 'Eva Svobodová')!;
    const after = await removeOwnRecipient(ctx, handler, hlucin, id, eva.id);
    expect(after.recipients.map((r) => r.name)).toEqual(['Jan Novák', 'Stavby Kravaře s.r.o.']);
  });

  it('who may do what: another handler 404, a handler cannot approve, another tenant 404', async () => {
    expect(await problem(getOwnDocument(ctx, other, hlucin, id))).toMatchObject({ status: 404 });
    expect(
      await problem(addOwnRecipient(ctx, other, hlucin, id, { personId: handler.userId })),
    ).toMatchObject({
      status: 404,
    });
    expect(await problem(approveOwnDocument(ctx, handler, hlucin, id))).toMatchObject({ status: 403 });
    expect(await problem(createOwnDocument(ctx, clerk, hlucin, { subject: 'x' }))).toMatchObject({
      status: 403,
    });
    expect(await problem(getOwnDocument(ctx, foreign, foreign.tenantId!, id))).toMatchObject({ status: 404 });
  });

  it('the head returns it with a reason; the handler reworks and asks again; the head approves', async () => {
    let own = await submitOwnDocument(ctx, handler, hlucin, id);
    expect(own.state).toBe('submitted');
    expect(
      await problem(
        addOwnComponents(ctx, handler, hlucin, id, [{ filename: 'y.pdf', content: await czechPdf('y') }]),
      ),
    ).toMatchObject({ status: 409 });
    expect((await listOwnDocuments(ctx, head, hlucin, { waiting: true })).map((r) => r.id)).toContain(id);
    expect(await listOwnDocuments(ctx, handler, hlucin, { waiting: true })).toEqual([]);
    expect(await problem(returnOwnDocument(ctx, head, hlucin, id, ' '))).toMatchObject({
      status: 422,
      fields: ['reason'],
    });
    own = await returnOwnDocument(ctx, head, hlucin, id, 'Doplňte odkaz na územní plán.');
    expect(own).toMatchObject({ state: 'returned', returnReason: 'Doplňte odkaz na územní plán.' });
    expect(await problem(approveOwnDocument(ctx, head, hlucin, id))).toMatchObject({ status: 409 });
    own = await addOwnComponents(
      ctx,
      handler,
      hlucin,
      id,
      [
        {
          filename: 'vyjadreni-v3.pdf',
          content: await czechPdf('Vyjádření – třetí znění, s odkazem na územní plán'),
        },
      ],
      { componentId: firstComponent },
    );
    await submitOwnDocument(ctx, handler, hlucin, id);
    own = await approveOwnDocument(ctx, head, hlucin, id);
    expect(own).toMatchObject({ state: 'final', returnReason: null, decidedBy: head.label });
    expect(own.can).toMatchObject({ edit: false, submit: false, approve: false, dispatch: true });
    const final = own.history.find((h) => h.eventType === 'FinalniVerze')!;
    expect(final.params).toMatchObject({
      components: [
        { id: firstComponent, filename: 'vyjadreni-v3.pdf', version: 3 },
        { filename: 'situace.pdf', version: 1 },
      ],
    });
    expect((final.params as { components: { sha256: string }[] }).components[0]!.sha256).toMatch(
      /^[0-9a-f]{64}$/,
    );
    expect(own.history.map((h) => h.eventType)).toContain('Schvaleni');
  });

  it('the final version is frozen', async () => {
    const r = await problem(
      addOwnComponents(ctx, handler, hlucin, id, [{ filename: 'z.pdf', content: await czechPdf('z') }]),
    );
    expect(r).toMatchObject({ status: 409 });
    expect(r.message).toMatch(/final/);
    expect(
      await problem(addOwnRecipient(ctx, handler, hlucin, id, { person: { kind: 'natural', name: 'X' } })),
    ).toMatchObject({ status: 409 });
  });

  it('a reply to a document in a closed file is refused until the file is reopened', async () => {
    const r = await registerIncoming(ctx, clerk, hlucin, { subject: 'Podnět', groupId: group['3.1']! });
    await assignDocument(ctx, clerk, hlucin, r.document.id, { orgUnitId: ov, handlerId: handler.userId });
    await acceptDocument(ctx, handler, hlucin, r.document.id);
    const f = await createFile(ctx, handler, hlucin, {
      groupId: group['3.1']!,
      initialDocumentId: r.document.id,
    });
    await settleDocument(ctx, handler, hlucin, r.document.id, {
      method: 'acknowledgement',
      date: '2026-03-10',
    });
    await closeFile(ctx, handler, hlucin, f.file.id);
    const p = await problem(
      createOwnDocument(ctx, handler, hlucin, { subject: 'Odpověď', answersDocumentId: r.document.id }),
    );
    expect(p).toMatchObject({ status: 409 });
  });
});

describe('dispatch', () => {
  let doc: Awaited<ReturnType<typeof readyReply>>;
  let jan: string;
  let firm: string;

  beforeAll(async () => {
    doc = await readyReply('Rozhodnutí o povolení stavby');
    jan = doc.own.recipients[0]!.id;
    firm = doc.own.recipients[1]!.id;
  });

  it('only a final document is dispatched, and only to its recipients', async () => {
    const draft = await createOwnDocument(ctx, handler, hlucin, { subject: 'Koncept', ...reply });
    expect(
      await problem(
        prepareDispatch(ctx, handler, hlucin, draft.document.id, {
          recipientId: draft.recipients[0]!.id,
          method: 'post',
        }),
      ),
    ).toMatchObject({ status: 409 });
    expect(
      await problem(
        prepareDispatch(ctx, handler, hlucin, doc.own.document.id, {
          recipientId: handler.userId,
          method: 'post',
        }),
      ),
    ).toMatchObject({ status: 422, fields: ['recipientId'] });
    expect(
      await problem(
        prepareDispatch(ctx, handler, hlucin, doc.own.document.id, { recipientId: jan, method: 'fax' }),
      ),
    ).toMatchObject({ status: 422, fields: ['method'] });
    expect(
      await problem(
        prepareDispatch(ctx, handler, hlucin, doc.own.document.id, { recipientId: jan, method: 'databox' }),
      ),
    ).toMatchObject({ status: 422, fields: ['method'] });
    expect(
      await problem(
        prepareDispatch(ctx, clerk, hlucin, doc.own.document.id, { recipientId: jan, method: 'post' }),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('post: the envelope and delivery note PDF, handed over, sent, delivered', async () => {
    const x = await prepareDispatch(ctx, handler, hlucin, doc.own.document.id, {
      recipientId: firm,
      method: 'post',
    });
    expect(x).toMatchObject({
      method: 'post',
      state: 'prepared',
      address: 'Náměstí 2, Kravaře',
      hasEnvelope: true,
    });
    const env = await readEnvelope(ctx, clerk, hlucin, x.id);
    const { text } = await extractText(new Uint8Array(env.content), { mergePages: true });
    for (const s of [
      'Adresát',
      'Stavby Kravaře s.r.o.',
      'Náměstí 2',
      'Doručenka (dodejka)',
      doc.own.document.refNumber,
      'Město Hlučín',
    ])
      expect(text).toContain(s);
    expect(
      await problem(
        prepareDispatch(ctx, handler, hlucin, doc.own.document.id, { recipientId: firm, method: 'databox' }),
      ),
    ).toMatchObject({ status: 409 });
    // The file waits for the dispatch.
    await settleDocument(ctx, handler, hlucin, doc.inc.doc.id, { method: 'document', date: '2026-03-10' });
    await settleDocument(ctx, handler, hlucin, doc.own.document.id, {
      method: 'document',
      date: '2026-03-10',
    });
    const blocked = await problem(closeFile(ctx, handler, hlucin, doc.inc.file.id));
    expect(blocked).toMatchObject({ status: 409 });
    expect(blocked.message).toContain(`${doc.own.document.refNumber} → Stavby Kravaře s.r.o. (post)`);
    expect(await problem(sendDispatch(ctx, clerk, hlucin, x.id))).toMatchObject({ status: 409 });
    expect(await problem(handOverDispatch(ctx, clerk, hlucin, x.id))).toMatchObject({ status: 403 });
    const handed = await handOverDispatch(ctx, handler, hlucin, x.id);
    expect(handed.state).toBe('handed_over');
    expect((await listDispatchQueue(ctx, clerk, hlucin)).map((q) => q.id)).toContain(x.id);
    expect(await problem(listDispatchQueue(ctx, handler, hlucin))).toMatchObject({ status: 403 });
    expect(await problem(sendDispatch(ctx, handler, hlucin, x.id))).toMatchObject({ status: 403 });
    expect(await problem(sendDispatch(ctx, clerk, hlucin, x.id, { date: '2026-03-11' }))).toMatchObject({
      status: 422,
    });
    const sent = await sendDispatch(ctx, clerk, hlucin, x.id);
    expect(sent).toMatchObject({ state: 'sent', sentOn: '2026-03-10' });
    const delivered = await recordDelivery(ctx, clerk, hlucin, x.id, { date: '2026-03-10' });
    expect(delivered).toMatchObject({ state: 'delivered', deliveredOn: '2026-03-10' });
    expect(await problem(recordUndeliverable(ctx, clerk, hlucin, x.id, { reason: 'x' }))).toMatchObject({
      status: 409,
    });
    // Sent: the file closes.
    const closed = await closeFile(ctx, handler, hlucin, doc.inc.file.id);
    expect(closed.file.status).toBe('closed');
    const own = await getOwnDocument(ctx, handler, hlucin, doc.own.document.id);
    expect(own.history.map((h) => h.eventType)).toEqual(
      expect.arrayContaining(['VlozeniKVypraveni', 'PredaniVypravne', 'Vypraveno', 'Doruceno']),
    );
  });

  it('e-mail: sent over SMTP by the job with the final components; a failure stays retriable', async () => {
    const d = await readyReply('Sdělení e-mailem');
    const janId = d.own.recipients[0]!.id;
    const x = await prepareDispatch(ctx, handler, hlucin, d.own.document.id, {
      recipientId: janId,
      method: 'email',
    });
    expect(x.address).toBe('jan.novak@example.cz');
    await handOverDispatch(ctx, handler, hlucin, x.id);
    const queued = await sendDispatch(ctx, clerk, hlucin, x.id);
    expect(queued).toMatchObject({ state: 'handed_over', sendPending: true });
    expect(queued.sendRequestedAt).not.toBeNull();
    expect(await problem(sendDispatch(ctx, clerk, hlucin, x.id))).toMatchObject({ status: 409 });
    const job = await ctx.db
      .selectFrom('job')
      .select(['name', 'tenant_id', 'payload', 'state'])
      .where('singleton_key', '=', `${EMAIL_DISPATCH_JOB}:${x.id}:1`)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ name: EMAIL_DISPATCH_JOB, tenant_id: hlucin, state: 'queued' });
    const payload = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;

    // The server refuses: the worker keeps the job for a retry, the dispatch keeps the error, nothing is sent.
    const worker = new JobWorker(ctx);
    refuse = true;
    await worker.runDue();
    refuse = false;
    const retry = await ctx.db
      .selectFrom('job')
      .select(['state', 'attempts', 'last_error'])
      .where('singleton_key', '=', `${EMAIL_DISPATCH_JOB}:${x.id}:1`)
      .executeTakeFirstOrThrow();
    expect(retry).toMatchObject({ state: 'queued', attempts: 1 });
    expect(retry.last_error).toMatch(/try later/);
    let [now] = await listDispatchQueue(ctx, clerk, hlucin, { state: 'handed_over', method: 'email' }).then(
      (l) => l.filter((q) => q.id === x.id),
    );
    expect(now).toMatchObject({ state: 'handed_over', sendAttempts: 1, sendPending: true });
    expect(now!.lastError).toMatch(/try later/);
    expect(inbox).toHaveLength(0);

    // The retry after the backoff goes through.
    ctx.clock.advance(60_000);
    await worker.runDue();
    [now] = (await listDispatchQueue(ctx, clerk, hlucin, { state: 'all' })).filter((q) => q.id === x.id);
    expect(now).toMatchObject({ state: 'sent', sentOn: '2026-03-10', sendAttempts: 2, lastError: null });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.from).toBe('podatelna@hlucin.cz');
    expect(inbox[0]!.to).toEqual(['jan.novak@example.cz']);
    const mail = await simpleParser(inbox[0]!.raw);
    expect(mail.subject).toBe(`${d.own.document.refNumber} – Sdělení e-mailem`);
    expect(mail.messageId).toBe(`<dispatch-${x.id}@samosprava>`);
    expect(mail.text).toContain(d.own.document.refNumber);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['odpoved.pdf', 'application/pdf'],
    ]);
    const { text } = await extractText(new Uint8Array(mail.attachments[0]!.content), { mergePages: true });
    expect(text).toContain('Odpověď: Sdělení e-mailem');

    // Run again (e.g. a duplicate job): nothing is sent twice.
    await runEmailDispatch(ctx, { tenantId: hlucin, payload });
    expect(inbox).toHaveLength(1);
    const own = await getOwnDocument(ctx, handler, hlucin, d.own.document.id);
    const sentEvent = own.history.find((h) => h.eventType === 'Vypraveno')!;
    expect(sentEvent.actorLabel).toBe(EMAIL_DISPATCH_ACTOR);
    // A bounce is recorded as undeliverable.
    const back = await recordUndeliverable(ctx, clerk, hlucin, x.id, { reason: 'Schránka neexistuje.' });
    expect(back).toMatchObject({ state: 'undeliverable', undeliverableReason: 'Schránka neexistuje.' });
    // …after which the recipient may get another dispatch.
    const again = await prepareDispatch(ctx, handler, hlucin, d.own.document.id, {
      recipientId: janId,
      method: 'post',
    });
    expect(again.state).toBe('prepared');
  });

  it('e-mail after the last failed attempt: the dispatch office sends again (a new round)', async () => {
    const d = await readyReply('Opakované odeslání');
    const x = await prepareDispatch(ctx, handler, hlucin, d.own.document.id, {
      recipientId: d.own.recipients[0]!.id,
      method: 'email',
    });
    await handOverDispatch(ctx, handler, hlucin, x.id);
    await sendDispatch(ctx, clerk, hlucin, x.id);
    // The worker gave up on round 1.
    await ctx.db
      .updateTable('job')
      .set({ state: 'failed' })
      .where('singleton_key', '=', `${EMAIL_DISPATCH_JOB}:${x.id}:1`)
      .execute();
    const [stalled] = (await listDispatchQueue(ctx, clerk, hlucin)).filter((q) => q.id === x.id);
    expect(stalled).toMatchObject({ state: 'handed_over', sendPending: false });
    expect((await sendDispatch(ctx, clerk, hlucin, x.id)).sendPending).toBe(true);
    const round2 = await ctx.db
      .selectFrom('job')
      .select('state')
      .where('singleton_key', '=', `${EMAIL_DISPATCH_JOB}:${x.id}:2`)
      .executeTakeFirst();
    expect(round2).toEqual({ state: 'queued' });
  });

  it('data box: waits in the queue for the connector; in person: handed over with a date', async () => {
    const d = await readyReply('Do datové schránky');
    const x = await prepareDispatch(ctx, handler, hlucin, d.own.document.id, {
      recipientId: d.own.recipients[1]!.id,
      method: 'databox',
    });
    expect(x.address).toBe('ab12cd3');
    await handOverDispatch(ctx, handler, hlucin, x.id);
    expect(await problem(sendDispatch(ctx, clerk, hlucin, x.id))).toMatchObject({ status: 409 });
    const queue = await listDispatchQueue(ctx, clerk, hlucin, { method: 'databox' });
    expect(queue.find((q) => q.id === x.id)).toMatchObject({ state: 'handed_over', address: 'ab12cd3' });
    const p = await prepareDispatch(ctx, handler, hlucin, d.own.document.id, {
      recipientId: d.own.recipients[0]!.id,
      method: 'in_person',
    });
    expect(await problem(handOverDispatch(ctx, handler, hlucin, p.id))).toMatchObject({ status: 409 });
    const done = await deliverInPerson(ctx, handler, hlucin, p.id, { date: '2026-03-10' });
    expect(done).toMatchObject({ state: 'delivered', sentOn: '2026-03-10', deliveredOn: '2026-03-10' });
  });

  it('another tenant sees no dispatch', async () => {
    const [any] = await listDispatchQueue(ctx, clerk, hlucin, { state: 'all' });
    expect(await problem(recordDelivery(ctx, foreign, foreign.tenantId!, any!.id, {}))).toMatchObject({
      status: 404,
    });
  });
});
