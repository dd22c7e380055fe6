import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOperator } from '../../platform/db/tenant.js';
import { buildApp } from '../../platform/http/app.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { type Signed, signIn } from '../../platform/identity/testing.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { TEST_OPERATOR } from '../../test-support/tenants.js';
import { readDataMessage, registerDataMessage } from './databox-intake.js';
import { demoActor } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

/** Real data messages recorded from the ISDS test environment (see shared/fixtures/README.md). */
const fixture = (name: string) => fs.readFileSync(path.resolve('..', 'shared', 'fixtures', 'isds', name));
const RECEIVED = 'received_message-330141.zfo';

let ctx: TestContext;
let app: FastifyInstance;
let hlucin: string;
let clerk: Awaited<ReturnType<typeof demoActor>>;
let clerkHttp: Signed;

async function documentCount(): Promise<number> {
  return ctx.asSuperuser(async (db) =>
    Number(
      (await db.selectFrom('records_document').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    ),
  );
}

/** The fixture was sent to data box ga2dqwf: give Hlučín that box, so the message is its own. */
async function setDataBox(tenantId: string, box: string | null) {
  await withOperator(ctx.db, TEST_OPERATOR, ({ trx }) =>
    trx.updateTable('tenant').set({ databox_id: box }).where('id', '=', tenantId).execute(),
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
}, 180_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

describe('readDataMessage', () => {
  it('reads the envelope, the files and a valid signature of a real received message', async () => {
    const m = await readDataMessage(fixture(RECEIVED));
    expect(m).toMatchObject({
      dmId: '330141',
      senderBoxId: '9nqab6b',
      senderName: 'Místní úřad Krempachy',
      senderAddress: 'Vojenská 5, 42205 Krempachy, CZ',
      senderType: 10,
      recipientBoxId: 'ga2dqwf',
      annotation: 'Vaše datová zpráva byla přijata',
      senderRefNumber: 'AB-73792',
      signatureValid: true,
    });
    expect(m.files.map((f) => [f.filename, f.metaType])).toEqual([['odpoved_OVM.pdf', 'main']]);
    expect(m.files[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(m.deliveryTime).toBeInstanceOf(Date);
  });

  it.each([
    ['signed_sent_message-151874.zfo', 'copy of a sent message'],
    ['signed_delivered-DD_170272.zfo', 'delivery receipt'],
  ])('refuses %s (%s)', async (name, why) => {
    await expect(readDataMessage(fixture(name))).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ field: 'file', message: expect.stringContaining(why) })],
    });
  });

  it('refuses a file that is no CMS container, and reports a tampered signature', async () => {
    await expect(readDataMessage(Buffer.from('%PDF-1.4 not a zfo'))).rejects.toMatchObject({
      code: 'validation',
    });
    // flip one byte inside the signed XML (the sender's name): the container still parses
    const bytes = Buffer.from(fixture(RECEIVED));
    const at = bytes.indexOf(Buffer.from('Krempachy'));
    bytes[at] = 'X'.charCodeAt(0);
    const m = await readDataMessage(bytes);
    expect(m.senderName).toBe('Místní úřad Xrempachy');
    expect(m.signatureValid).toBe(false);
  });
});

describe('registerDataMessage', () => {
  it('refuses a message addressed to another data box than the office’s, changing nothing', async () => {
    await setDataBox(hlucin, 'hlu4b2x');
    const before = await documentCount();
    await expect(registerDataMessage(ctx, clerk, hlucin, fixture(RECEIVED))).rejects.toMatchObject({
      code: 'validation',
      fields: [expect.objectContaining({ message: expect.stringContaining('ga2dqwf') })],
    });
    expect(await documentCount()).toBe(before);
  });

  it('registers the message: sender with data-box ID, subject, sender’s number, files, original kept', async () => {
    await setDataBox(hlucin, 'ga2dqwf');
    const r = await registerDataMessage(ctx, clerk, hlucin, fixture(RECEIVED));
    expect(r).toMatchObject({ dmId: '330141', signatureValid: true, problems: [] });
    expect(r.document).toMatchObject({
      subject: 'Vaše datová zpráva byla přijata',
      senderRef: 'AB-73792',
      deliveryMethod: 'databox',
      sender: { kind: 'legal', name: 'Místní úřad Krempachy', databoxId: '9nqab6b' },
      consignment: { channel: 'databox', state: 'registered' },
    });
    expect(r.document.components.map((c) => [c.filename, c.mime, c.accepted])).toEqual([
      ['odpoved_OVM.pdf', 'application/pdf', true],
    ]);
    const kept = await ctx.asSuperuser((db) =>
      db
        .selectFrom('records_consignment')
        .innerJoin('blob', 'blob.id', 'records_consignment.original_blob_id')
        .select([
          'blob.filename',
          'blob.size',
          'records_consignment.dm_id',
          'records_consignment.signature_valid',
        ])
        .where('records_consignment.id', '=', r.document.consignment!.id)
        .executeTakeFirstOrThrow(),
    );
    expect(kept).toMatchObject({ filename: 'DZ_330141.zfo', dm_id: '330141', signature_valid: true });
    expect(Number(kept.size)).toBe(fixture(RECEIVED).length);
  });

  it('refuses the same message again (409 with its number) and a user who is not the registry', async () => {
    const before = await documentCount();
    await expect(registerDataMessage(ctx, clerk, hlucin, fixture(RECEIVED))).rejects.toMatchObject({
      code: 'conflict',
      extra: { dmId: '330141' },
    });
    const handler = await demoActor(ctx, 'hlucin', 'referent');
    await expect(registerDataMessage(ctx, handler, hlucin, fixture(RECEIVED))).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await documentCount()).toBe(before);
  });

  it('keeps a message whose signature fails, but the consignment needs attention', async () => {
    const bytes = Buffer.from(fixture(RECEIVED));
    const at = bytes.indexOf(Buffer.from('<p:dmID>330141'));
    bytes.write('<p:dmID>330149', at); // another ID, so it is not a repeat; the seal no longer fits
    const r = await registerDataMessage(ctx, clerk, hlucin, bytes);
    expect(r.signatureValid).toBe(false);
    expect(r.problems.join(' ')).toContain('does not verify');
    const state = await ctx.asSuperuser(
      async (db) =>
        (
          await db
            .selectFrom('records_consignment')
            .select('state')
            .where('id', '=', r.document.consignment!.id)
            .executeTakeFirstOrThrow()
        ).state,
    );
    expect(state).toBe('needs_attention');
  });
});

describe('HTTP', () => {
  it('takes a raw .zfo through the API (409 the second time) and offers the upload page', async () => {
    await setDataBox(hlucin, null);
    const bytes = Buffer.from(fixture(RECEIVED));
    bytes.write('<p:dmID>330150', bytes.indexOf(Buffer.from('<p:dmID>330141')));
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/records/documents/intake-zfo',
        headers: {
          cookie: clerkHttp.cookie,
          'x-csrf-token': clerkHttp.csrf,
          'content-type': 'application/octet-stream',
        },
        payload: bytes,
      });
    const res = await post();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ dmId: '330150', signatureValid: false });
    const again = await post();
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('330150');

    const page = await app.inject({ url: '/app/records/intake/zfo', headers: { cookie: clerkHttp.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('accept=".zfo"');
    const intake = await app.inject({ url: '/app/records/intake', headers: { cookie: clerkHttp.cookie } });
    expect(intake.body).toContain('href="/app/records/intake/zfo"');
  });
});
