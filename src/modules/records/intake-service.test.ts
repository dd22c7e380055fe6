import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../platform/db/tenant.js';
import { useTestHashing } from '../../platform/identity/index.js';
import { newId } from '../../platform/ids.js';
import { seedDemoIfEmpty } from '../../seed.js';
import { exeHeader, png1x1 } from '../../test-support/blob-fixtures.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { getDocument, readComponent, registerIncoming } from './intake-service.js';
import { rtx } from './schema.js';
import { czechPdf, demoActor } from './test-fixtures.js';
import { lastNumbers, tenantIdOf } from './test-helpers.js';

let ctx: TestContext;
let hlucin: string;
let clerk: Awaited<ReturnType<typeof demoActor>>;

const base = {
  subject: 'Žádost o stavební povolení – rodinný dům',
  deliveryMethod: 'post',
  sheets: 2,
  attachments: 1,
  accessLevel: 'internal',
};

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

describe('registerIncoming', () => {
  it('registers a paper letter with scans: PID, reference number, components, extracted text, sender', async () => {
    const pdf = await czechPdf('Žádost o stavební povolení');
    // the demo seed has registered documents already: expect the numbers right after its last
    const last = await lastNumbers(ctx, hlucin, 2026);
    // gap-free so far: as many documents of 2026 as numbers handed out
    const registered = await withTenant(
      ctx.db,
      hlucin,
      clerk,
      async (tx) =>
        (await rtx(tx).selectFrom('records_document').select('id').where('year', '=', 2026).execute()).length,
    );
    expect(registered).toBe(last.ref);
    const r = await registerIncoming(ctx, clerk, hlucin, {
      ...base,
      senderRef: 'ST-12/2026',
      sender: { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641', address: 'Hlučín' },
      files: [
        { filename: 'zadost.pdf', content: pdf },
        { filename: 'situace.png', content: png1x1() },
      ],
    });
    expect(r.problems).toEqual([]);
    expect(r.document.seq).toBe(last.ref + 1);
    expect(r.document.refNumber).toBe(`MUHL/${last.ref + 1}/2026`);
    expect(r.document.pid).toMatch(/^MUHL\d{8}$/);
    expect(r.document.pid).toBe(`MUHL${String(last.pid + 1).padStart(8, '0')}`);
    expect(r.document.consignment).toMatchObject({ channel: 'paper', state: 'registered' });
    expect(r.document.components.map((c) => [c.filename, c.mime, c.accepted])).toEqual([
      ['zadost.pdf', 'application/pdf', true],
      ['situace.png', 'image/png', true],
    ]);
    const text = await withTenant(
      ctx.db,
      hlucin,
      clerk,
      async (tx) =>
        (
          await rtx(tx)
            .selectFrom('records_component')
            .select('extracted_text')
            .where('filename', '=', 'zadost.pdf')
            .executeTakeFirstOrThrow()
        ).extracted_text,
    );
    expect(text).toContain('Žádost o stavební povolení');
    // the same IČO again: the register of persons is not duplicated
    const again = await registerIncoming(ctx, clerk, hlucin, {
      ...base,
      sender: { kind: 'legal', name: 'STAVBY HLUČÍN', ico: '25596641' },
    });
    expect(again.document.sender!.id).toBe(r.document.sender!.id);
    expect(again.document.refNumber).toBe(`MUHL/${last.ref + 2}/2026`);
    expect(again.document.pid).toBe(`MUHL${String(last.pid + 2).padStart(8, '0')}`);
  });

  it('keeps an unsupported and a damaged file, registers the document and marks the consignment', async () => {
    const r = await registerIncoming(ctx, clerk, hlucin, {
      ...base,
      files: [
        { filename: 'virus.exe', content: exeHeader() },
        { filename: 'broken.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj <<>> garbage, no xref') },
      ],
    });
    expect(r.document.consignment!.state).toBe('needs_attention');
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toContain('"virus.exe" is not a PDF, JPEG, PNG or TIFF');
    expect(r.problems[1]).toContain('"broken.pdf" is a damaged PDF');
    expect(r.document.components.map((c) => [c.filename, c.accepted])).toEqual([
      ['virus.exe', false],
      ['broken.pdf', false],
    ]);
    // nothing lost: the bytes are still there
    const kept = await readComponent(ctx, clerk, hlucin, r.document.id, r.document.components[0]!.id);
    expect(Buffer.compare(kept.content, exeHeader())).toBe(0);
  });

  it('gives a failed registration’s number back (no gap)', async () => {
    const before = await registerIncoming(ctx, clerk, hlucin, base);
    await expect(registerIncoming(ctx, clerk, hlucin, { ...base, groupId: newId() })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'groupId' }],
    });
    const after = await registerIncoming(ctx, clerk, hlucin, base);
    expect(after.document.seq).toBe(before.document.seq + 1);
  });

  it('64 parallel registrations get the next 64 reference numbers without gaps or duplicates', async () => {
    const darkovice = await tenantIdOf(ctx, 'darkovice');
    const mayor = await demoActor(ctx, 'darkovice', 'starosta');
    const last = await lastNumbers(ctx, darkovice, 2026);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        registerIncoming(ctx, mayor, darkovice, { ...base, subject: `Podání ${i}` }),
      ),
    );
    const seqs = results.map((r) => r.document.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 64 }, (_, i) => last.ref + i + 1));
    expect(results.map((r) => r.document.refNumber)).toContain(`OUDA/${last.ref + 64}/2026`);
    expect(new Set(results.map((r) => r.document.refNumber)).size).toBe(64);
    expect(new Set(results.map((r) => r.document.pid)).size).toBe(64);
  }, 120_000);

  it.each([
    [{ subject: '' }, 'subject'],
    [{ subject: 'x'.repeat(256) }, 'subject'],
    [{ deliveredAt: '2027-01-01T00:00:00Z' }, 'deliveredAt'],
    [{ deliveryMethod: 'pigeon' }, 'deliveryMethod'],
    [{ sheets: -1 }, 'sheets'],
    [{ accessLevel: 'secret' }, 'accessLevel'],
    [{ sender: { kind: 'legal', name: 'X', ico: '12345678' } }, 'sender.ico'],
    [{ sender: { kind: 'natural', name: 'Jan', databoxId: 'abc' } }, 'sender.databoxId'],
  ])('refuses %j (%s) and registers nothing', async (patch, field) => {
    const count = async () =>
      withTenant(
        ctx.db,
        hlucin,
        clerk,
        async (tx) => (await rtx(tx).selectFrom('records_document').select('id').execute()).length,
      );
    const n = await count();
    await expect(registerIncoming(ctx, clerk, hlucin, { ...base, ...patch })).rejects.toMatchObject({
      code: 'validation',
      fields: expect.arrayContaining([expect.objectContaining({ field })]),
    });
    expect(await count()).toBe(n);
  });
});

describe('access to a document', () => {
  let docId: string;
  beforeAll(async () => {
    docId = (await registerIncoming(ctx, clerk, hlucin, base)).document.id;
  });

  it('the clerk sees it, and the viewing is in its own audit history', async () => {
    const d = await getDocument(ctx, clerk, hlucin, docId);
    const again = await getDocument(ctx, clerk, hlucin, docId);
    expect(d.history.map((e) => `${e.eventType}/${e.objectType}`)).toContain('Zalozeni/Dokument');
    expect(again.history.filter((e) => e.eventType === 'Zobrazeni')).toHaveLength(2);
  });

  it('another tenant gets 404, a user without a records role 403, an unassigned handler 404', async () => {
    const bohuslavice = await tenantIdOf(ctx, 'bohuslavice');
    const foreign = await demoActor(ctx, 'bohuslavice', 'starosta');
    await expect(getDocument(ctx, foreign, bohuslavice, docId)).rejects.toMatchObject({ code: 'not-found' });
    await expect(getDocument(ctx, foreign, hlucin, docId)).rejects.toMatchObject({ code: 'forbidden' });
    const publisher = await demoActor(ctx, 'hlucin', 'deska');
    await expect(getDocument(ctx, publisher, hlucin, docId)).rejects.toMatchObject({ code: 'forbidden' });
    const handler = await demoActor(ctx, 'hlucin', 'referent');
    await expect(getDocument(ctx, handler, hlucin, docId)).rejects.toMatchObject({ code: 'not-found' });
    await expect(registerIncoming(ctx, handler, hlucin, base)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
