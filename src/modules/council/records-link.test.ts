import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestHashing } from '../../platform/identity/index.js';
import { seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { demoActor } from '../records/test-fixtures.js';
import { getMinutes, listMinutes } from './minutes-service.js';
import { registerMaterialInRecords, registerMinutesInRecords } from './records-link.js';

let ctx: TestContext;
let secretary: Awaited<ReturnType<typeof demoActor>>;

/** The registered document with its components' file hashes, read past RLS. */
async function recordsDocument(id: string) {
  return ctx.asSuperuser(async (db) => {
    const doc = await db
      .selectFrom('records_document')
      .innerJoin('records_consignment', 'records_consignment.id', 'records_document.consignment_id')
      .select(['records_document.subject', 'records_document.ref_number', 'records_consignment.channel'])
      .where('records_document.id', '=', id)
      .executeTakeFirstOrThrow();
    const components = await db
      .selectFrom('records_component')
      .innerJoin('blob', 'blob.id', 'records_component.blob_id')
      .select(['records_component.filename', 'blob.sha256'])
      .where('records_component.document_id', '=', id)
      .execute();
    return { ...doc, components };
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  secretary = await demoActor(ctx, 'hlucin', 'tajemnik');
}, 180_000);
afterAll(async () => {
  await ctx?.close();
});

describe('council papers in records management', () => {
  it('registers the final minutes: the stored PDF (same hash) as an internal document, once', async () => {
    const final = (await listMinutes(ctx, secretary)).find(
      (m) => m.state === 'final' || m.state === 'final_late',
    )!;
    expect(final).toBeDefined();
    const link = await registerMinutesInRecords(ctx, secretary, final.meetingId);
    expect(link.refNumber).toMatch(/^MUHL\/\d+\/2026$/);
    const minutes = await getMinutes(ctx, secretary, final.meetingId);
    expect(minutes.recordsRef).toBe(link.refNumber);
    const doc = await recordsDocument(link.documentId);
    expect(doc).toMatchObject({ channel: 'internal', ref_number: link.refNumber });
    expect(doc.subject).toContain('Zápis ze zasedání');
    expect(doc.components.map((c) => c.sha256)).toEqual([minutes.pdfSha256]);

    await expect(registerMinutesInRecords(ctx, secretary, final.meetingId)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses minutes that are not final, and a member who is not the secretary', async () => {
    const open = (await listMinutes(ctx, secretary)).find(
      (m) => m.state !== 'final' && m.state !== 'final_late',
    );
    if (open) {
      await expect(registerMinutesInRecords(ctx, secretary, open.meetingId)).rejects.toMatchObject({
        code: 'conflict',
      });
    }
    const member = await demoActor(ctx, 'hlucin', 'radni');
    const any = (await listMinutes(ctx, secretary))[0]!;
    await expect(registerMinutesInRecords(ctx, member, any.meetingId)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('registers a material as a PDF of its texts with its attachments', async () => {
    const material = await ctx.asSuperuser((db) =>
      db
        .selectFrom('council_material')
        .innerJoin('tenant', 'tenant.id', 'council_material.tenant_id')
        .innerJoin('council_material_version', 'council_material_version.material_id', 'council_material.id')
        .select(['council_material.id', 'council_material_version.title'])
        .where('tenant.slug', '=', 'hlucin')
        // The demo registers one material already (seed.ts); take one that is not.
        .where('council_material.records_document_id', 'is', null)
        .orderBy('council_material_version.version', 'desc')
        .executeTakeFirstOrThrow(),
    );
    const link = await registerMaterialInRecords(ctx, secretary, material.id);
    const doc = await recordsDocument(link.documentId);
    expect(doc.subject).toContain(material.title.slice(0, 40));
    expect(doc.components[0]?.filename).toBe('material.pdf');
    const pdf = await ctx.blobs.read(doc.components[0]!.sha256);
    const text = (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text;
    expect(text).toContain('Návrh usnesení');
    await expect(registerMaterialInRecords(ctx, secretary, material.id)).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
