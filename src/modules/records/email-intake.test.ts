import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../platform/http/app.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { type Signed, signIn } from '../../platform/identity/testing.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { registerEmail } from './email-intake.js';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake.js';
import { czechPdf, demoActor } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let smtp: SmtpIntake;
let hlucin: string;
let clerk: Awaited<ReturnType<typeof demoActor>>;
let clerkHttp: Signed;
let pdf: Uint8Array;

const INTAKE = 'podatelna@hlucin.samosprava.test';

function message(opts: {
  messageId: string;
  subject?: string;
  attachments?: { filename: string; content: Buffer }[];
}) {
  return new MailComposer({
    from: { name: 'Jana Dvořáková', address: 'jana.dvorakova@example.cz' },
    to: INTAKE,
    subject: opts.subject ?? 'Žádost o vyjádření k přípojce – ulice Čs. armády',
    messageId: opts.messageId,
    date: new Date('2026-03-09T15:30:00Z'),
    text: 'Dobrý den,\n\nžádám o vyjádření k vodovodní přípojce pro rodinný dům č. p. 1234.\n\nS pozdravem Jana Dvořáková',
    attachments: opts.attachments ?? [],
  })
    .compile()
    .build();
}

async function counts(): Promise<{ documents: number; blobs: number }> {
  return ctx.asSuperuser(async (db) => ({
    documents: Number(
      (await db.selectFrom('records_document').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    ),
    blobs: Number((await db.selectFrom('blob').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  }));
}

async function consignmentOf(documentId: string) {
  return ctx.asSuperuser((db) =>
    db
      .selectFrom('records_consignment')
      .innerJoin('records_document', 'records_document.consignment_id', 'records_consignment.id')
      .leftJoin('blob', 'blob.id', 'records_consignment.original_blob_id')
      .select([
        'records_consignment.message_id',
        'records_consignment.state',
        'records_consignment.channel',
        'blob.sha256',
        'blob.filename',
      ])
      .where('records_document.id', '=', documentId)
      .executeTakeFirstOrThrow(),
  );
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
  app = await buildApp(ctx);
  clerkHttp = await signIn(app, 'hlucin', 'podatelna', DEMO_PASSWORD);
  smtp = await startSmtpIntake(ctx, { host: '127.0.0.1', port: 0, maxBytes: 5 * 1024 * 1024 });
  pdf = await czechPdf('Situační výkres přípojky');
}, 180_000);
afterAll(async () => {
  await smtp?.close();
  await app?.close();
  await ctx?.close();
});

describe('registerEmail (.eml)', () => {
  it('registers the body as a PDF, the attachments as components, and keeps the original message', async () => {
    const raw = await message({
      messageId: '<pripojka-1@example.cz>',
      attachments: [
        { filename: 'situace.pdf', content: Buffer.from(pdf) },
        { filename: 'poznámka.txt', content: Buffer.from('jen text') },
      ],
    });
    const r = await registerEmail(ctx, clerk, hlucin, raw);
    expect(r.document).toMatchObject({
      subject: 'Žádost o vyjádření k přípojce – ulice Čs. armády',
      deliveryMethod: 'email',
      sender: { kind: 'natural', name: 'Jana Dvořáková', email: 'jana.dvorakova@example.cz' },
    });
    expect(r.document.refNumber).toMatch(/^MUHL\/\d+\/2026$/);
    // an uploaded file has no moment of receipt: its Date header is used
    expect(r.document.deliveredAt?.toISOString()).toBe('2026-03-09T15:30:00.000Z');
    expect(r.document.components.map((c) => [c.filename, c.mime.split(';')[0], c.accepted])).toEqual([
      ['zprava.pdf', 'application/pdf', true],
      ['situace.pdf', 'application/pdf', true],
      ['poznámka.txt', 'text/plain', false], // kept, not accepted: the consignment needs attention
    ]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain('poznámka.txt');
    const consignment = await consignmentOf(r.document.id);
    expect(consignment).toMatchObject({
      message_id: '<pripojka-1@example.cz>',
      state: 'needs_attention',
      channel: 'email',
      filename: 'zprava.eml',
      sha256: createHash('sha256').update(raw).digest('hex'),
    });
    const body = r.document.components[0]!;
    const sha = await ctx.asSuperuser(
      async (db) =>
        (await db.selectFrom('blob').select('sha256').where('id', '=', body.blobId).executeTakeFirstOrThrow())
          .sha256,
    );
    const { text } = await extractText(new Uint8Array(await ctx.blobs.read(sha)), { mergePages: true });
    expect(text).toContain('vodovodní přípojce pro rodinný dům');
    expect(text).toContain('jana.dvorakova@example.cz');
  });

  it('refuses the same message a second time with its reference number, changing nothing', async () => {
    const raw = await message({ messageId: '<pripojka-2@example.cz>' });
    const first = await registerEmail(ctx, clerk, hlucin, raw);
    const before = await counts();
    await expect(registerEmail(ctx, clerk, hlucin, raw)).rejects.toMatchObject({
      code: 'conflict',
      extra: { refNumber: first.document.refNumber },
    });
    expect((await counts()).documents).toBe(before.documents);
  });

  it('refuses a file that is not an e-mail, and a user who is not the registry', async () => {
    const before = await counts();
    await expect(registerEmail(ctx, clerk, hlucin, Buffer.from(pdf))).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ field: 'file' })],
    });
    const handler = await demoActor(ctx, 'hlucin', 'referent');
    await expect(
      registerEmail(ctx, handler, hlucin, await message({ messageId: '<x@example.cz>' })),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await counts()).documents).toBe(before.documents);
  });
});

describe('SMTP listener on loopback', () => {
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

  it('registers a message sent to the intake address, once even when the sender retries', async () => {
    const before = await counts();
    const mail = {
      from: 'Petr Malý <petr.maly@example.cz>',
      to: INTAKE,
      subject: 'Oznámení o konání akce na veřejném prostranství',
      text: 'Oznamuji konání sousedské slavnosti dne 1. 5. 2026.',
      messageId: '<slavnost@example.cz>',
    };
    const sent = await transport().sendMail(mail);
    expect(sent.accepted).toEqual([INTAKE]);
    expect(sent.response).toMatch(/^250 .*Registered as MUHL\/\d+\/2026/);
    const again = await transport().sendMail(mail);
    expect(again.response).toMatch(/^250 /);
    expect((await counts()).documents).toBe(before.documents + 1);

    const doc = await ctx.asSuperuser((db) =>
      db
        .selectFrom('records_document')
        .innerJoin('records_consignment', 'records_consignment.id', 'records_document.consignment_id')
        .select(['records_document.id', 'records_document.subject', 'records_document.delivered_at'])
        .where('records_consignment.message_id', '=', '<slavnost@example.cz>')
        .executeTakeFirstOrThrow(),
    );
    expect(doc.subject).toBe('Oznámení o konání akce na veřejném prostranství');
    // received by our server now (the test clock), not when the sender claims to have written it
    expect(new Date(doc.delivered_at as Date).toISOString()).toBe('2026-03-10T09:00:00.000Z');
    const actor = await ctx.asSuperuser(
      async (db) =>
        (
          await db
            .selectFrom('audit_event')
            .select('actor_label')
            .where('object_id', '=', doc.id)
            .executeTakeFirstOrThrow()
        ).actor_label,
    );
    expect(actor).toBe('e-podatelna (SMTP)');
  });

  it('refuses an unknown mailbox at RCPT (550) and registers nothing', async () => {
    const before = await counts();
    await expect(
      transport().sendMail({
        from: 'spam@example.com',
        to: 'nikdo@hlucin.samosprava.test',
        subject: 'x',
        text: 'x',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect((await counts()).documents).toBe(before.documents);
  });
});

describe('HTTP', () => {
  const headers = () => ({ cookie: clerkHttp.cookie, 'x-csrf-token': clerkHttp.csrf });

  it('takes a raw message/rfc822 upload, and answers 409 with the number for a repeat', async () => {
    const raw = await message({ messageId: '<http-1@example.cz>', subject: 'Stížnost na hluk' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/records/documents/intake-email',
      headers: { ...headers(), 'content-type': 'message/rfc822' },
      payload: raw,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      messageId: '<http-1@example.cz>',
      document: { subject: 'Stížnost na hluk' },
    });
    const repeat = await app.inject({
      method: 'POST',
      url: '/api/v1/records/documents/intake-email',
      headers: { ...headers(), 'content-type': 'message/rfc822' },
      payload: raw,
    });
    expect(repeat.statusCode).toBe(409);
    expect(repeat.headers['content-type']).toContain('application/problem+json');
    expect(repeat.json()).toMatchObject({ refNumber: res.json().document.refNumber });
  });

  it('the page uploads an .eml and shows a readable error for another file', async () => {
    const page = await app.inject({
      url: '/app/records/intake/email',
      headers: { cookie: clerkHttp.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(INTAKE);
    const boundary = '----emltest';
    const body = (name: string, content: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const post = (name: string, content: Buffer) =>
      app.inject({
        method: 'POST',
        url: `/app/records/intake/email?_csrf=${encodeURIComponent(clerkHttp.csrf)}`,
        headers: { cookie: clerkHttp.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body(name, content),
      });
    const ok = await post('zprava.eml', await message({ messageId: '<page-1@example.cz>' }));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toMatch(/^\/app\/records\/documents\/[0-9a-f-]{36}\?done=registered$/);
    const bad = await post('sken.pdf', Buffer.from(pdf));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('není e-mailová zpráva'); // the page speaks Czech (error-texts.ts)
  });
});
