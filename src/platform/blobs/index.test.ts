import fs from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CZECH_TEXT, pdfMinimal, sha256 } from '../../test-support/blob-fixtures.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { readAudit } from '../audit/chain.js';
import type { AppContext } from '../context.js';
import { type Actor, SYSTEM_ACTOR, withOperator, withTenant } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { toAppError } from '../http/problem.js';
import { newId } from '../ids.js';
import { BlobIntegrityError, getFile, receiveUpload, recordFile, storeFile } from './index.js';
import { TEXT_MIME } from './store.js';

let ctx: TestContext;
let tenantA: string;
let tenantB: string;
let alice: Actor;
let bob: Actor;

async function addTenant(slug: string): Promise<string> {
  const id = newId();
  await withOperator(ctx.db, SYSTEM_ACTOR, (tx) =>
    tx.trx
      .insertInto('tenant')
      .values({
        id,
        slug,
        kind: 'municipality',
        name: `Obec ${slug}`,
        ico: null,
        databox_id: null,
        country: 'CZ',
        time_zone: 'Europe/Prague',
        locale: 'cs',
        parent_id: null,
      })
      .execute(),
  );
  return id;
}

const inA = <T>(fn: Parameters<typeof withTenant<T>>[3]) =>
  withTenant(ctx.db, tenantA, alice, fn, { now: ctx.clock.now() });
const inB = <T>(fn: Parameters<typeof withTenant<T>>[3]) =>
  withTenant(ctx.db, tenantB, bob, fn, { now: ctx.clock.now() });

/** Content files in the store (not temporary ones). */
function contentFiles(): string[] {
  if (!fs.existsSync(ctx.blobs.dir)) return [];
  return (fs.readdirSync(ctx.blobs.dir, { recursive: true }) as string[]).filter(
    (f) => !f.startsWith('tmp') && fs.statSync(path.join(ctx.blobs.dir, f)).isFile(),
  );
}

function tempFiles(): string[] {
  const tmp = path.join(ctx.blobs.dir, 'tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

async function blobRowCount(): Promise<number> {
  return ctx.asSuperuser(async (db) => {
    const r = await db
      .selectFrom('blob')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-11-20T09:00:00Z') });
  tenantA = await addTenant('blob-a');
  tenantB = await addTenant('blob-b');
  alice = { userId: newId(), label: 'Alice Nováková', roles: [], tenantId: tenantA, kind: 'user' };
  bob = { userId: newId(), label: 'Bob Dvořák', roles: [], tenantId: tenantB, kind: 'user' };
});
afterAll(async () => {
  await ctx?.close();
});

describe('storeFile and getFile', () => {
  it('stores the same bytes of two tenants once on disk, as two rows each tenant sees alone', async () => {
    const data = pdfMinimal();
    const before = contentFiles().length;
    const a = await inA((tx) => storeFile(ctx, tx, { filename: 'usnesení.pdf', source: data }));
    const b = await inB((tx) => storeFile(ctx, tx, { filename: 'kopie.pdf', source: data }));

    expect(a.sha256).toBe(sha256(data));
    expect(b.sha256).toBe(a.sha256);
    expect(b.id).not.toBe(a.id);
    expect(contentFiles().length).toBe(before + 1);

    const seenByA = await inA((tx) => tx.trx.selectFrom('blob').select(['id', 'filename']).execute());
    const seenByB = await inB((tx) => tx.trx.selectFrom('blob').select(['id', 'filename']).execute());
    expect(seenByA).toContainEqual({ id: a.id, filename: 'usnesení.pdf' });
    expect(seenByA.map((r) => r.id)).not.toContain(b.id);
    expect(seenByB).toContainEqual({ id: b.id, filename: 'kopie.pdf' });
    expect(seenByB.map((r) => r.id)).not.toContain(a.id);
  });

  it("returns the tenant's own file with its content and answers 404 for another tenant's id", async () => {
    const data = Buffer.from(CZECH_TEXT);
    const b = await inB((tx) => storeFile(ctx, tx, { filename: 'interní.txt', source: data }));
    const own = await inB((tx) => getFile(ctx, tx, b.id));
    expect(own.record).toMatchObject({
      id: b.id,
      tenantId: tenantB,
      filename: 'interní.txt',
      size: data.length,
    });
    expect(await own.read()).toEqual(data);

    const err = await inA((tx) => getFile(ctx, tx, b.id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not-found');
    await expect(inA((tx) => getFile(ctx, tx, 'not-a-uuid'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('records who stored what, with the sniffed type, in the audit chain', async () => {
    const rec = await inA((tx) =>
      storeFile(ctx, tx, { filename: 'smlouva.pdf', source: Buffer.from('Toto není PDF, jen text.') }),
    );
    // The name says PDF; the content is text, and that is what counts.
    expect(rec.mime).toBe(TEXT_MIME);
    expect(rec.createdBy).toBe(alice.userId);
    const events = await inA((tx) => readAudit(tx, { objectType: 'Komponenta', objectId: rec.id }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'Zalozeni',
      actorId: alice.userId,
      actorLabel: 'Alice Nováková',
      params: { filename: 'smlouva.pdf', mime: TEXT_MIME, sha256: rec.sha256, size: rec.size },
    });
  });

  it('keeps no row when the transaction rolls back', async () => {
    const before = await blobRowCount();
    await expect(
      inA(async (tx) => {
        await storeFile(ctx, tx, { filename: 'x.txt', source: Buffer.from('rolled back') });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect(await blobRowCount()).toBe(before);
  });

  it('sanitises the stored filename', async () => {
    const rec = await inA((tx) =>
      storeFile(ctx, tx, { filename: '..\\..\\Windows\\zpráva\u202Etxt.exe', source: Buffer.from('x') }),
    );
    expect(rec.filename).toBe('zprávatxt.exe');
  });

  it('refuses content over the per-call limit without a row or a leftover file', async () => {
    const rows = await blobRowCount();
    const files = contentFiles().length;
    await expect(
      inA((tx) => storeFile(ctx, tx, { filename: 'big.bin', source: Buffer.alloc(101), maxBytes: 100 })),
    ).rejects.toMatchObject({ code: 'too-large' });
    expect(await blobRowCount()).toBe(rows);
    expect(contentFiles().length).toBe(files);
    expect(tempFiles()).toEqual([]);
  });

  it('reports content damaged on disk when the file is read', async () => {
    const rec = await inA((tx) =>
      storeFile(ctx, tx, { filename: 'křehký.txt', source: Buffer.from('křehký obsah') }),
    );
    fs.writeFileSync(ctx.blobs.pathOf(rec.sha256), 'křehký obsaH');
    const file = await inA((tx) => getFile(ctx, tx, rec.id));
    await expect(file.read()).rejects.toBeInstanceOf(BlobIntegrityError);
    await expect(
      (async () => {
        for await (const _ of file.stream());
      })(),
    ).rejects.toMatchObject({ name: 'BlobIntegrityError', sha256: rec.sha256 });
  });

  it('refuses to record content that is not in the store', async () => {
    await expect(
      inA((tx) =>
        recordFile(ctx, tx, {
          filename: 'ghost.txt',
          blob: { sha256: 'f'.repeat(64), size: 1, mime: TEXT_MIME },
        }),
      ),
    ).rejects.toThrow('not in the store');
  });
});

describe('receiveUpload', () => {
  const LIMIT = 1000;
  const BOUNDARY = '----samosprava-test';
  let app: FastifyInstance;
  let uploadCtx: AppContext;

  function form(parts: { name: string; value: Buffer | string; filename?: string; type?: string }[]): Buffer {
    const chunks: Buffer[] = [];
    for (const p of parts) {
      const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
      const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`;
      chunks.push(Buffer.from(head), Buffer.from(p.value), Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
    return Buffer.concat(chunks);
  }

  const upload = (parts: Parameters<typeof form>[0]) =>
    app.inject({
      method: 'POST',
      url: '/upload',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: form(parts),
    });

  beforeAll(async () => {
    uploadCtx = { ...ctx, config: { ...ctx.config, uploadLimitBytes: LIMIT } };
    app = Fastify();
    // As the real app registers it (src/platform/http/app.ts).
    await app.register(multipart, { limits: { fileSize: LIMIT, files: 20, fields: 100 } });
    app.post('/upload', async (request) => {
      const received = await receiveUpload(request, uploadCtx);
      const record = await inA((tx) =>
        recordFile(uploadCtx, tx, { filename: received.filename, blob: received }),
      );
      return { record, fields: received.fields };
    });
    app.setErrorHandler((err, _request, reply) => {
      const e = toAppError(err);
      return reply.status(e.status).send({ code: e.code, fields: e.fields });
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stores a file exactly at the limit, with the form fields, ignoring the claimed type', async () => {
    const data = Buffer.alloc(LIMIT, 'a');
    const res = await upload([
      { name: '_csrf', value: 'token-123' },
      { name: 'file', filename: 'C:\\fakepath\\příloha.pdf', type: 'application/pdf', value: data },
      { name: 'note', value: 'poznámka' },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.fields).toEqual({ _csrf: 'token-123', note: 'poznámka' });
    expect(body.record).toMatchObject({
      filename: 'příloha.pdf',
      size: LIMIT,
      mime: TEXT_MIME,
      sha256: sha256(data),
    });
    expect(await ctx.blobs.read(body.record.sha256)).toEqual(data);
  });

  it('refuses a file one byte over the limit as too-large, storing nothing', async () => {
    const rows = await blobRowCount();
    const files = contentFiles().length;
    const data = Buffer.alloc(LIMIT + 1, 'b');
    const res = await upload([{ name: 'file', filename: 'velký.txt', value: data }]);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('too-large');
    expect(await blobRowCount()).toBe(rows);
    expect(contentFiles().length).toBe(files);
    // Not even the first LIMIT bytes (busboy's truncated part) were kept.
    expect(await ctx.blobs.has(sha256(data.subarray(0, LIMIT)))).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it.each([
    ['no file part at all', [{ name: 'note', value: 'bez přílohy' }]],
    ['an empty file input', [{ name: 'file', filename: '', value: '' }]],
  ])('refuses %s with a field error', async (_what, parts) => {
    const res = await upload(parts);
    expect(res.statusCode).toBe(422);
    expect(res.json().fields).toEqual([{ field: 'file', message: 'no file was uploaded' }]);
  });

  it('refuses a second file', async () => {
    const res = await upload([
      { name: 'file', filename: 'a.txt', value: 'a' },
      { name: 'file', filename: 'b.txt', value: 'b' },
    ]);
    expect(res.statusCode).toBe(422);
  });

  it('refuses a request that is not multipart', async () => {
    const res = await app.inject({ method: 'POST', url: '/upload', payload: { file: 'x' } });
    expect(res.statusCode).toBe(415);
  });
});
