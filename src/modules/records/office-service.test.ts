import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../platform/audit/chain.js';
import { validateXml } from '../../platform/audit/xsd.js';
import { SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { createUser, useTestHashing } from '../../platform/identity/index.js';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { archiveListXml } from './domain/sip-xml.js';
import { closeFile, createFile, reopenFile, settleDocument } from './files-service.js';
import { acceptDocument, assignDocument } from './handling-service.js';
import { getDocument, registerIncoming } from './intake-service.js';
import {
  createProposal,
  destroyItems,
  exportProposalSip,
  getOfficeEntry,
  getProposal,
  handOverFile,
  importDecision,
  lendEntry,
  listOffice,
  readTransferPackage,
  returnLoan,
  transferItems,
} from './office-service.js';
import { unzipSync } from './office-test-unzip.js';
import { getFilePlan } from './plan-service.js';
import { czechPdf, demoActor } from './test-fixtures.js';
import { tenantIdOf } from './test-helpers.js';

type DemoActor = Awaited<ReturnType<typeof demoActor>>;
let ctx: TestContext;
let hlucin: string;
let ov: string;
let clerk: DemoActor;
let head: DemoActor;
let manager: DemoActor;
let foreignManager: DemoActor;
const group: Record<string, string> = {};

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${e.message}`;
    throw e;
  }
  return 'ok';
}

/** A closed priorace file in a group, its one document settled; the PDF's bytes when given. */
async function closedFile(subject: string, groupCode: string, pdf?: Buffer) {
  const r = await registerIncoming(ctx, clerk, hlucin, {
    subject,
    groupId: group[groupCode]!,
    sender: {
      kind: 'legal',
      name: 'Stavitelství Kravařov s.r.o.',
      ico: '27635414',
      address: 'Opavská 5, Kravaře',
    },
    ...(pdf ? { files: [{ filename: 'žádost.pdf', content: pdf }] } : {}),
  });
  const id = r.document.id;
  await assignDocument(ctx, clerk, hlucin, id, { orgUnitId: ov, handlerId: head.userId });
  await acceptDocument(ctx, head, hlucin, id);
  const file = await createFile(ctx, head, hlucin, { groupId: group[groupCode]!, initialDocumentId: id });
  await settleDocument(ctx, head, hlucin, id, { method: 'document', date: '2026-03-10', note: 'Vyřízeno.' });
  await closeFile(ctx, head, hlucin, file.file.id);
  return { fileId: file.file.id, pid: file.file.pid, documentId: id, fileNumber: file.file.fileNumber };
}

async function snapshot() {
  return withTenant(ctx.db, hlucin, SYSTEM_ACTOR, async ({ trx }) => ({
    entries: await trx
      .selectFrom('records_office_entry' as never)
      .selectAll()
      .orderBy('id' as never)
      .execute(),
    items: await trx
      .selectFrom('records_disposal_item' as never)
      .selectAll()
      .execute(),
    proposals: await trx
      .selectFrom('records_disposal_proposal' as never)
      .selectAll()
      .execute(),
    loans: await trx
      .selectFrom('records_loan' as never)
      .selectAll()
      .execute(),
    components: await trx
      .selectFrom('records_component' as never)
      .selectAll()
      .execute(),
  }));
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  useTestHashing(ctx);
  await seedDemoIfEmpty(ctx);
  hlucin = await tenantIdOf(ctx, 'hlucin');
  const bohuslavice = await tenantIdOf(ctx, 'bohuslavice');
  ov = await withTenant(
    ctx.db,
    hlucin,
    SYSTEM_ACTOR,
    async ({ trx }) =>
      (await trx.selectFrom('org_unit').select('id').where('code', '=', 'OV').executeTakeFirstOrThrow()).id,
  );
  clerk = await demoActor(ctx, 'hlucin', 'podatelna');
  head = await demoActor(ctx, 'hlucin', 'vedouci');
  manager = await demoActor(ctx, 'hlucin', 'spisovna');
  await createUser(ctx, SYSTEM_ACTOR, bohuslavice, {
    username: 'spisovna2',
    displayName: 'Spisovna Bohuslavice',
    password: DEMO_PASSWORD,
    roles: ['records_manager'],
  });
  foreignManager = await demoActor(ctx, 'bohuslavice', 'spisovna2');
  const plan = await getFilePlan(ctx, clerk, hlucin);
  for (const g of plan!.groups) group[g.fullCode] = g.id;
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

describe('records office', () => {
  it('hands a closed file over with the year of disposal from the regime; refuses open, twice, other roles, other tenants', async () => {
    const f = await closedFile('Oznámení o sbírce', '5.1'); // S1, from settlement: 2026 + 1 + 1
    const before = await snapshot();
    expect(await code(handOverFile(ctx, head, hlucin, f.fileId))).toMatch(/^403/);
    expect(await code(handOverFile(ctx, foreignManager, hlucin, f.fileId))).toMatch(/^403/);
    expect(await code(handOverFile(ctx, manager, hlucin, 'nonsense'))).toMatch(/^404/);
    expect(await code(handOverFile(ctx, manager, hlucin, f.fileId, { location: 'x'.repeat(101) }))).toMatch(
      /^422/,
    );
    expect(await snapshot()).toEqual(before);

    const d = await handOverFile(ctx, manager, hlucin, f.fileId, { location: 'Regál 1' });
    expect(d.entry).toMatchObject({
      status: 'stored',
      regime: { identifier: 'S1', mark: 'S', period: 1 },
      triggerYear: 2026,
      disposalYear: 2028,
      location: 'Regál 1',
      takenOn: '2026-03-10',
      loan: null,
      proposal: null,
    });
    expect(await code(handOverFile(ctx, manager, hlucin, f.fileId))).toMatch(
      /^409 .*already in the records office/,
    );
    // A file in the records office stays closed.
    expect(await code(reopenFile(ctx, head, hlucin, f.fileId, 'Chyba'))).toMatch(/^409 .*records office/);

    // An open file does not go.
    const r = await registerIncoming(ctx, clerk, hlucin, { subject: 'Otevřený', groupId: group['5.1']! });
    await assignDocument(ctx, clerk, hlucin, r.document.id, { orgUnitId: ov, handlerId: head.userId });
    await acceptDocument(ctx, head, hlucin, r.document.id);
    const open = await createFile(ctx, head, hlucin, {
      groupId: group['5.1']!,
      initialDocumentId: r.document.id,
    });
    expect(await code(handOverFile(ctx, manager, hlucin, open.file.id))).toMatch(/^409 .*not closed/);

    // Another tenant's records manager does not see it.
    const bohuslavice = await tenantIdOf(ctx, 'bohuslavice');
    expect(await code(handOverFile(ctx, foreignManager, bohuslavice, f.fileId))).toMatch(/^404/);
    expect(await code(getOfficeEntry(ctx, foreignManager, bohuslavice, d.entry.id))).toMatch(/^404/);

    const history = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, ({ trx }) =>
      trx
        .selectFrom('audit_event')
        .select(['event_type', 'params'])
        .where('object_id', '=', f.fileId)
        .orderBy('seq')
        .execute(),
    );
    expect(history.map((h) => h.event_type)).toContain('PredaniNaSpisovnu');
  });

  it('lists with filters: year of disposal, due, mark', async () => {
    const a = await closedFile('Stavební povolení – archiv', '3.1'); // A10 from closing: 2037
    await handOverFile(ctx, manager, hlucin, a.fileId);
    const all = await listOffice(ctx, manager, hlucin);
    expect(all.currentYear).toBe(2026);
    expect(all.items.map((i) => i.disposalYear)).toEqual([...all.items.map((i) => i.disposalYear)].sort());
    const marksA = await listOffice(ctx, manager, hlucin, { mark: 'A' });
    expect(marksA.items.length).toBeGreaterThan(0);
    expect(marksA.items.every((i) => i.regime.mark === 'A')).toBe(true);
    expect(
      (await listOffice(ctx, manager, hlucin, { disposalYear: 2037 })).items.map((i) => i.file.id),
    ).toContain(a.fileId);
    expect(
      (await listOffice(ctx, manager, hlucin, { disposalYear: 2028 })).items.map((i) => i.file.id),
    ).not.toContain(a.fileId);
    expect(
      (await listOffice(ctx, manager, hlucin, { due: true })).items.every((i) => i.disposalYear <= 2026),
    ).toBe(true);
    expect(await code(listOffice(ctx, manager, hlucin, { mark: 'V' as never }))).toMatch(/^422/);
    expect(await code(listOffice(ctx, clerk, hlucin))).toMatch(/^403/);
  });

  it('lends to a member of staff and takes it back, audited; one loan at a time', async () => {
    const f = await closedFile('Výpůjčka', '1.3');
    const d = await handOverFile(ctx, manager, hlucin, f.fileId);
    expect(
      await code(
        lendEntry(ctx, manager, hlucin, d.entry.id, { borrowerId: head.userId!, dueOn: '2026-03-09' }),
      ),
    ).toMatch(/^422/);
    expect(
      await code(
        lendEntry(ctx, manager, hlucin, d.entry.id, {
          borrowerId: foreignManager.userId!,
          dueOn: '2026-04-01',
        }),
      ),
    ).toMatch(/^422 /);
    expect(
      await code(lendEntry(ctx, head, hlucin, d.entry.id, { borrowerId: head.userId!, dueOn: '2026-04-01' })),
    ).toMatch(/^403/);
    expect(await code(returnLoan(ctx, manager, hlucin, d.entry.id))).toMatch(/^409 .*not on loan/);
    const lent = await lendEntry(ctx, manager, hlucin, d.entry.id, {
      borrowerId: head.userId!,
      dueOn: '2026-04-01',
      note: 'Kontrola',
    });
    expect(lent.entry.loan).toMatchObject({
      borrower: { id: head.userId },
      dueOn: '2026-04-01',
      lentOn: '2026-03-10',
      overdue: false,
    });
    expect(
      await code(
        lendEntry(ctx, manager, hlucin, d.entry.id, { borrowerId: clerk.userId!, dueOn: '2026-04-01' }),
      ),
    ).toMatch(/^409 .*on loan/);
    ctx.clock.set(new Date('2026-04-02T09:00:00Z'));
    try {
      expect((await getOfficeEntry(ctx, manager, hlucin, d.entry.id)).entry.loan!.overdue).toBe(true);
      const back = await returnLoan(ctx, manager, hlucin, d.entry.id);
      expect(back.entry.loan).toBeNull();
      expect(back.loans[0]).toMatchObject({ returnedOn: '2026-04-02', overdue: false });
    } finally {
      ctx.clock.set(new Date('2026-03-10T09:00:00Z'));
    }
    const events = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, ({ trx }) =>
      trx
        .selectFrom('audit_event')
        .select('event_type')
        .where('object_id', '=', f.fileId)
        .orderBy('seq')
        .execute(),
    );
    expect(events.map((e) => e.event_type)).toEqual(
      expect.arrayContaining(['VraceniZeSpisovny', 'PrevzetiNaSpisovnu']),
    );
  });
});

describe('disposal: proposal, SIP, decision, destruction and transfer', () => {
  let destroyFile: Awaited<ReturnType<typeof closedFile>>;
  let keepFile: Awaited<ReturnType<typeof closedFile>>;
  let pdfSha: string;
  let proposalId: string;

  it('builds a proposal only of items whose year has come (all or nothing)', async () => {
    const pdf = await czechPdf('Žádost o povolení – jedinečný obsah ke skartaci');
    pdfSha = createHash('sha256').update(pdf).digest('hex');
    destroyFile = await closedFile('Žádost ke skartaci', '4.1', pdf); // S5 from settlement: 2032
    keepFile = await closedFile('Usnesení k archivaci', '1.1', await czechPdf('Usnesení rady k archivaci')); // A5 from closing: 2032
    const e1 = (await handOverFile(ctx, manager, hlucin, destroyFile.fileId)).entry;
    const e2 = (await handOverFile(ctx, manager, hlucin, keepFile.fileId)).entry;
    expect([e1.disposalYear, e2.disposalYear]).toEqual([2032, 2032]);
    const before = await snapshot();
    expect(await code(createProposal(ctx, manager, hlucin, { entryIds: [e1.id] }))).toMatch(
      /^409 .*has not come yet/,
    );
    expect(await code(createProposal(ctx, head, hlucin))).toMatch(/^403/);
    expect(await code(createProposal(ctx, manager, hlucin, { entryIds: ['x'] }))).toMatch(/^422/);
    expect(await snapshot()).toEqual(before);

    ctx.clock.set(new Date('2032-02-01T09:00:00Z'));
    const p = await createProposal(ctx, manager, hlucin, { entryIds: [e1.id, e2.id] });
    proposalId = p.id;
    expect(p).toMatchObject({ number: 'SN 1/2032', status: 'open' });
    expect(p.items.map((i) => [i.entry.file.id, i.entry.status, i.decision]).sort()).toEqual(
      [
        [destroyFile.fileId, 'proposed', null],
        [keepFile.fileId, 'proposed', null],
      ].sort(),
    );
    // Already proposed: not twice.
    expect(await code(createProposal(ctx, manager, hlucin, { entryIds: [e1.id] }))).toMatch(
      /^409 .*already in a disposal proposal/,
    );
  });

  it('exports the SIP packages: one mets.xml per file, valid against mets.xsd with NSESSS inside', async () => {
    const out = await exportProposalSip(ctx, manager, hlucin, proposalId);
    expect(out.filename).toBe('SN-1-2032-SIP.zip');
    const text = out.zip.toString('latin1');
    expect(text).toContain('HLUCIN-SN-1-2032-1/mets.xml');
    expect(text).toContain('HLUCIN-SN-1-2032-2/mets.xml');
    // The XML of each package, as built for the export, is valid (checked on the real data).
    const files = unzipSync(out.zip);
    expect([...files.keys()].sort()).toEqual(['HLUCIN-SN-1-2032-1/mets.xml', 'HLUCIN-SN-1-2032-2/mets.xml']);
    for (const xml of files.values()) {
      const s = xml.toString('utf8');
      expect(s).toContain('LABEL="Datový balíček pro provedení skartačního řízení"');
      expect(await validateXml(s, 'mets')).toEqual({ valid: true, errors: [] });
    }
    expect(
      await code(exportProposalSip(ctx, foreignManager, await tenantIdOf(ctx, 'bohuslavice'), proposalId)),
    ).toMatch(/^404/);
  });

  it("imports the archive's decision: XSD and fit checked, nothing changed on a bad one", async () => {
    const list = (entries: { identifier: string; operation: string }[]) =>
      archiveListXml({
        id: 'SR-1',
        archive: 'ZAO',
        originator: '00300063',
        procedure: 'SN 1/2032',
        createdAt: '2032-03-01T10:00:00+01:00',
        entries,
      });
    const before = await snapshot();
    expect(await code(importDecision(ctx, manager, hlucin, proposalId, '<Seznam/>'))).toMatch(
      /^422 .*nsesss-DA.xsd/,
    );
    expect(
      await code(
        importDecision(
          ctx,
          manager,
          hlucin,
          proposalId,
          list([{ identifier: destroyFile.pid, operation: 'zničit' }]),
        ),
      ),
    ).toMatch(/^422/);
    expect(
      await code(
        importDecision(
          ctx,
          manager,
          hlucin,
          proposalId,
          list([
            { identifier: destroyFile.pid, operation: 'zničit' },
            { identifier: keepFile.pid, operation: 'předložit k výběru' },
          ]),
        ),
      ),
    ).toMatch(/^422/);
    expect(
      await code(
        importDecision(
          ctx,
          manager,
          hlucin,
          proposalId,
          list([
            { identifier: destroyFile.pid, operation: 'zničit' },
            { identifier: keepFile.pid, operation: 'vybrat za archiválii' },
            { identifier: 'CIZI0001', operation: 'zničit' },
          ]),
        ),
      ),
    ).toMatch(/^422/);
    expect(await code(destroyItems(ctx, manager, hlucin, proposalId))).toMatch(/^409 .*not decided/);
    expect(await snapshot()).toEqual(before);

    const good = list([
      { identifier: destroyFile.pid, operation: 'zničit' },
      { identifier: keepFile.pid, operation: 'vybrat za archiválii' },
    ]);
    expect(await code(importDecision(ctx, clerk, hlucin, proposalId, good))).toMatch(/^403/);
    const p = await importDecision(ctx, manager, hlucin, proposalId, good);
    expect(p.status).toBe('decided');
    expect(Object.fromEntries(p.items.map((i) => [i.entry.file.pid, i.decision]))).toEqual({
      [destroyFile.pid]: 'S',
      [keepFile.pid]: 'A',
    });
    expect(await code(importDecision(ctx, manager, hlucin, proposalId, good))).toMatch(/^409/);
  });

  it('refuses destroying an item marked A, and transferring one marked S: clear error, nothing changed', async () => {
    const p = await getProposal(ctx, manager, hlucin, proposalId);
    const a = p.items.find((i) => i.decision === 'A')!;
    const s = p.items.find((i) => i.decision === 'S')!;
    const before = await snapshot();
    expect(
      await code(destroyItems(ctx, manager, hlucin, proposalId, { entryIds: [s.entry.id, a.entry.id] })),
    ).toMatch(/^409 Nothing was destroyed\. .*marked A .*never destroyed/);
    expect(await code(transferItems(ctx, manager, hlucin, proposalId, { entryIds: [s.entry.id] }))).toMatch(
      /^409 .*marked S/,
    );
    expect(await snapshot()).toEqual(before);
    expect(await ctx.blobs.has(pdfSha)).toBe(true);
  });

  it('destroys the S items: components and bytes gone, stub, metadata and audit kept (Zniceni)', async () => {
    const p = await destroyItems(ctx, manager, hlucin, proposalId);
    const s = p.items.find((i) => i.decision === 'S')!;
    expect(s.entry.status).toBe('destroyed');
    expect(s.executedAt).not.toBeNull();
    expect(p.status).toBe('decided');
    expect(await ctx.blobs.has(pdfSha)).toBe(false);
    const doc = await getDocument(ctx, manager, hlucin, destroyFile.documentId);
    expect(doc.document.subject).toBe('Žádost ke skartaci');
    expect(doc.document.components).toEqual([]);
    const detail = await getOfficeEntry(ctx, manager, hlucin, s.entry.id);
    expect(detail.destroyed).toEqual([
      expect.objectContaining({ filename: 'žádost.pdf', sha256: pdfSha, mime: 'application/pdf' }),
    ]);
    const events = await withTenant(ctx.db, hlucin, SYSTEM_ACTOR, ({ trx }) =>
      trx
        .selectFrom('audit_event')
        .select('event_type')
        .where('object_id', '=', destroyFile.fileId)
        .execute(),
    );
    expect(events.map((e) => e.event_type)).toEqual(
      expect.arrayContaining(['VlozeniDoSkartacnihoNavrhu', 'Zniceni']),
    );
    expect(await code(destroyItems(ctx, manager, hlucin, proposalId, { entryIds: [s.entry.id] }))).toMatch(
      /^409 .*already destroyed/,
    );
    expect((await verifyChain(ctx.db, hlucin)).ok).toBe(true);
  });

  it('keeps bytes another row still names (same content in two documents)', async () => {
    ctx.clock.set(new Date('2026-03-10T09:00:00Z'));
    const pdf = await czechPdf('Sdílený obsah');
    const sha = createHash('sha256').update(pdf).digest('hex');
    const one = await closedFile('Sdílený 1', '4.1', pdf);
    await closedFile('Sdílený 2', '4.1', pdf);
    const e = (await handOverFile(ctx, manager, hlucin, one.fileId)).entry;
    ctx.clock.set(new Date('2032-02-01T09:00:00Z'));
    const p = await createProposal(ctx, manager, hlucin, { entryIds: [e.id] });
    await importDecision(
      ctx,
      manager,
      hlucin,
      p.id,
      archiveListXml({
        id: 'SR-2',
        archive: 'ZAO',
        originator: '00300063',
        procedure: null,
        createdAt: '2032-03-01T10:00:00+01:00',
        entries: [{ identifier: one.pid, operation: 'vyřadit z výběru' }],
      }),
    );
    const done = await destroyItems(ctx, manager, hlucin, p.id);
    expect(done.status).toBe('done');
    expect(await ctx.blobs.has(sha)).toBe(true);
  });

  it('transfers the A items: SIP with the files, valid, marked archived, proposal done', async () => {
    const p = await transferItems(ctx, manager, hlucin, proposalId);
    expect(p.status).toBe('done');
    expect(p.hasTransfer).toBe(true);
    expect(p.items.find((i) => i.decision === 'A')!.entry.status).toBe('archived');
    const pkg = await readTransferPackage(ctx, manager, hlucin, proposalId);
    const files = unzipSync(pkg.zip);
    const mets = [...files].find(([name]) => name.endsWith('mets.xml'))!;
    const xml = mets[1].toString('utf8');
    expect(xml).toContain('LABEL="Datový balíček pro předávání dokumentů a jejich metadat do archivu"');
    expect(xml).toContain('<mets:fileSec>');
    const component = [...files].find(([name]) => name.includes('/komponenty/'))!;
    expect(component[0]).toMatch(/\/komponenty\/.+\/1-zadost\.pdf$/);
    const sha = createHash('sha256').update(component[1]).digest('hex');
    expect(xml).toContain(`CHECKSUM="${sha}"`);
    expect(await validateXml(xml, 'mets')).toEqual({ valid: true, errors: [] });
    expect(await code(transferItems(ctx, manager, hlucin, proposalId))).toMatch(/^409/);
    ctx.clock.set(new Date('2026-03-10T09:00:00Z'));
  });
});
