import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../platform/audit/chain.js';
import type { Actor } from '../../platform/db/tenant.js';
import { newId } from '../../platform/ids.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { addComponents, registerIncoming } from './intake-service.js';
import { czechPdf } from './test-fixtures.js';
import { createClerks } from './test-helpers.js';

// records_search_term is filled by triggers (search-schema.ts, records-search-0003): a statement
// trigger on INSERT (many documents per statement, intake-batch.ts), a row trigger on UPDATE OF
// search_text and a statement trigger on DELETE. It has no foreign keys any more, so these tests
// check that the word rows are always exactly records_search_terms(search_text), no more, no less.
let ctx: TestContext;
let tenantA: string;
let tenantB: string;
const clerks = new Map<string, Actor[]>();

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  tenantA = (await createTestTenant(ctx, 'slova-a')).id;
  tenantB = (await createTestTenant(ctx, 'slova-b')).id;
  for (const tenantId of [tenantA, tenantB]) clerks.set(tenantId, await createClerks(ctx, tenantId, 3));
});
afterAll(() => ctx.close());

const clerk = (tenantId: string, i: number) => clerks.get(tenantId)![i % 3]!;

const letter = (i: number) => ({
  subject: `Žádost č. ${i} o kácení dřevin – Hlučín, ulice Dlouhá ${i * 7}`,
  deliveryMethod: 'post',
  accessLevel: 'internal',
  senderRef: i % 4 === 0 ? `ZN-${i}/2026` : undefined,
  sender:
    i % 3 === 0
      ? { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' }
      : { kind: 'natural', name: `Jana Nováková-Dvořáková ${i}`, address: `Ostravská ${i}, Hlučín` },
});

/** Word rows that should not be there, and words that are missing (both empty when in step). */
const mismatches = () =>
  ctx.asSuperuser(async (db) => {
    const extra = await sql<{ tenant_id: string; term: string; document_id: string }>`
      SELECT tenant_id, term, document_id FROM records_search_term
      EXCEPT
      SELECT d.tenant_id, x COLLATE "C", d.id FROM records_document d, records_search_terms(d.search_text) x`.execute(
      db,
    );
    const missing = await sql<{ tenant_id: string; term: string; document_id: string }>`
      SELECT d.tenant_id, x COLLATE "C", d.id FROM records_document d, records_search_terms(d.search_text) x
      EXCEPT
      SELECT tenant_id, term, document_id FROM records_search_term`.execute(db);
    return { extra: extra.rows, missing: missing.rows };
  });

const termsOf = (documentId: string) =>
  ctx.asSuperuser(async (db) =>
    (
      await sql<{ term: string }>`
        SELECT term FROM records_search_term WHERE document_id = ${documentId} ORDER BY term COLLATE "C"`.execute(
        db,
      )
    ).rows.map((r) => r.term),
  );

const wordsOf = (documentId: string) =>
  ctx.asSuperuser(async (db) =>
    (
      await sql<{ term: string }>`
        SELECT x AS term FROM records_document d, records_search_terms(d.search_text) x
        WHERE d.id = ${documentId} ORDER BY x COLLATE "C"`.execute(db)
    ).rows.map((r) => r.term),
  );

describe('the word index of documents', () => {
  it('many concurrent registrations of two tenants (multi-row statements): every document’s words, exactly', async () => {
    const pdf = await czechPdf('Rozhodnutí o přípojce kanalizace');
    const jobs = [
      ...Array.from({ length: 28 }, (_, i) => ({ tenantId: tenantA, i })),
      ...Array.from({ length: 10 }, (_, i) => ({ tenantId: tenantB, i: 100 + i })),
    ];
    const results = await Promise.all(
      jobs.map(({ tenantId, i }) =>
        registerIncoming(ctx, clerk(tenantId, i), tenantId, {
          ...letter(i),
          // one letter with a scan: its text is part of the search text from the start
          ...(i === 7 ? { files: [{ filename: 'rozhodnuti.pdf', content: pdf }] } : {}),
        }),
      ),
    );
    expect(results).toHaveLength(38);
    // the point: documents went in many to a statement
    const txs = await ctx.asSuperuser((db) =>
      db
        .selectFrom('records_document')
        .select(sql<number>`count(DISTINCT xmin::text)::int`.as('n'))
        .where('tenant_id', '=', tenantA)
        .executeTakeFirstOrThrow(),
    );
    expect(txs.n).toBeLessThan(28);

    expect(await mismatches()).toEqual({ extra: [], missing: [] });
    // and the words are what a clerk searches for: unaccented, lower case, each word once
    const seventh = results[7]!.document;
    const terms = await termsOf(seventh.id);
    expect(terms).toEqual(await wordsOf(seventh.id));
    expect(terms).toEqual(
      expect.arrayContaining(['zadost', 'kaceni', 'drevin', 'hlucin', 'kanalizace', 'pripojce']),
    );
    expect(new Set(terms).size).toBe(terms.length);
    // each tenant's word rows are its own
    const wrongTenant = await ctx.asSuperuser((db) =>
      db
        .selectFrom('records_search_term as t')
        .innerJoin('records_document as d', 'd.id', 't.document_id')
        .select('t.document_id')
        .whereRef('t.tenant_id', '<>', 'd.tenant_id')
        .execute(),
    );
    expect(wrongTenant).toEqual([]);
  });

  it('adding a PDF component adds its words (row trigger on UPDATE), still exactly in step', async () => {
    const doc = (await registerIncoming(ctx, clerk(tenantA, 0), tenantA, letter(500))).document;
    const before = await termsOf(doc.id);
    expect(before).not.toContain('vodovodni');
    const r = await addComponents(ctx, clerk(tenantA, 1), tenantA, doc.id, [
      { filename: 'priloha.pdf', content: await czechPdf('Vodovodní přípojka – Šilheřovice') },
    ]);
    expect(r.problems).toEqual([]);
    const after = await termsOf(doc.id);
    expect(after).toEqual(expect.arrayContaining([...before, 'vodovodni', 'pripojka', 'silherovice']));
    expect(after).toEqual(await wordsOf(doc.id));
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
  });

  it('an UPDATE of many documents’ search text in one statement keeps every one in step', async () => {
    await ctx.asSuperuser((db) =>
      sql`UPDATE records_document SET search_text = search_text || ' Doplněk-' || seq WHERE tenant_id = ${tenantB}`.execute(
        db,
      ),
    );
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
    const some = await ctx.asSuperuser((db) =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM records_search_term WHERE tenant_id = ${tenantB} AND term = 'doplnek'`.execute(
        db,
      ),
    );
    expect(some.rows[0]!.n).toBe(10);
  });

  it('deleting documents (as superuser) takes their words with them', async () => {
    // Documents without dependants: registered without files, nothing else refers to them.
    const docs = await Promise.all(
      [600, 601, 602].map(
        async (i) => (await registerIncoming(ctx, clerk(tenantB, i), tenantB, letter(i))).document,
      ),
    );
    for (const d of docs) expect((await termsOf(d.id)).length).toBeGreaterThan(5);
    const kept = docs[2]!;
    const keptTerms = await termsOf(kept.id);
    // two in one statement (the statement trigger's transition table holds both)
    await ctx.asSuperuser((db) =>
      db.deleteFrom('records_document').where('id', 'in', [docs[0]!.id, docs[1]!.id]).execute(),
    );
    expect(await termsOf(docs[0]!.id)).toEqual([]);
    expect(await termsOf(docs[1]!.id)).toEqual([]);
    expect(await termsOf(kept.id)).toEqual(keptTerms);
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
  });
});

describe('senders new to the register, registered in a batch', () => {
  it('a natural person without IČO is added with its own audit entry; the chain verifies', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `Petr Svoboda ${i} (dávka)`);
    const results = await Promise.all(
      names.map((name, i) =>
        registerIncoming(ctx, clerk(tenantA, i), tenantA, {
          subject: `Stížnost ${i}`,
          deliveryMethod: 'post',
          accessLevel: 'internal',
          sender: { kind: 'natural', name, address: `Hlučín ${i}`, email: `petr${i}@example.cz` },
        }),
      ),
    );
    const persons = await ctx.asSuperuser((db) =>
      db
        .selectFrom('records_person')
        .select(['id', 'tenant_id', 'kind', 'name', 'ico', 'databox_id', 'address', 'email'])
        .where('name', 'in', names)
        .execute(),
    );
    expect(persons).toHaveLength(10);
    const byName = new Map(persons.map((p) => [p.name, p]));
    for (const [i, r] of results.entries()) {
      const p = byName.get(names[i]!)!;
      expect(p).toMatchObject({
        tenant_id: tenantA,
        kind: 'natural',
        ico: null,
        databox_id: null,
        address: `Hlučín ${i}`,
        email: `petr${i}@example.cz`,
      });
      const doc = await ctx.asSuperuser((db) =>
        db
          .selectFrom('records_document')
          .select('sender_id')
          .where('id', '=', r.document.id)
          .executeTakeFirstOrThrow(),
      );
      expect(doc.sender_id).toBe(p.id);
    }
    const audit = await ctx.asSuperuser((db) =>
      db
        .selectFrom('audit_event')
        .select(['object_id', 'actor_id', 'tenant_id', 'params'])
        .where('event_type', '=', 'Zalozeni')
        .where('object_type', '=', 'Osoba')
        .where(
          'object_id',
          'in',
          persons.map((p) => p.id),
        )
        .execute(),
    );
    expect(audit).toHaveLength(10);
    for (const e of audit) {
      const i = names.indexOf(persons.find((p) => p.id === e.object_id)!.name);
      expect(e.tenant_id).toBe(tenantA);
      // the clerk who registered the letter that named the person
      expect(e.actor_id).toBe(clerk(tenantA, i).userId);
      expect(e.params).toMatchObject({ name: names[i], ico: null });
    }
    // and each person's entry comes before the entry of the document that names it
    const order = await ctx.asSuperuser((db) =>
      db
        .selectFrom('audit_event')
        .select(['seq', 'object_type', 'object_id'])
        .where('tenant_id', '=', tenantA)
        .where('event_type', '=', 'Zalozeni')
        .execute(),
    );
    const seqOf = new Map(order.map((e) => [e.object_id, e.seq]));
    for (const [i, r] of results.entries())
      expect(seqOf.get(byName.get(names[i]!)!.id)!).toBeLessThan(seqOf.get(r.document.id)!);
    expect(await verifyChain(ctx.db, tenantA)).toMatchObject({ ok: true });
    expect(await verifyChain(ctx.db, tenantB)).toMatchObject({ ok: true });
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
  });

  it('a batch that rolls back for one bad letter: the others’ new senders exist once, with one entry each', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `Eva Malá ${i} (opakování)`);
    const settled = await Promise.allSettled(
      names.map((name, i) =>
        registerIncoming(ctx, clerk(tenantB, i), tenantB, {
          subject: `Podnět ${i}`,
          deliveryMethod: 'post',
          accessLevel: 'internal',
          ...(i === 3 ? { senderId: newId() } : { sender: { kind: 'natural', name } }),
        }),
      ),
    );
    expect(settled[3]).toMatchObject({ status: 'rejected', reason: { code: 'validation' } });
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(7);
    const persons = await ctx.asSuperuser((db) =>
      db.selectFrom('records_person').select(['id', 'name']).where('name', 'in', names).execute(),
    );
    expect(persons.map((p) => p.name).sort()).toEqual(names.filter((_, i) => i !== 3).sort());
    const audit = await ctx.asSuperuser((db) =>
      db
        .selectFrom('audit_event')
        .select('object_id')
        .where('object_type', '=', 'Osoba')
        .where(
          'object_id',
          'in',
          persons.map((p) => p.id),
        )
        .execute(),
    );
    expect(audit.map((a) => a.object_id).sort()).toEqual(persons.map((p) => p.id).sort());
    expect(await verifyChain(ctx.db, tenantB)).toMatchObject({ ok: true });
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
  });

  it('a tenant’s very first registrations (no audit head yet) write a chain that verifies', async () => {
    const fresh = (await createTestTenant(ctx, 'slova-c')).id;
    const [actor] = (await createClerks(ctx, fresh, 1)) as [Actor];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => registerIncoming(ctx, actor, fresh, letter(700 + i))),
    );
    expect(results.map((r) => r.document.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const v = await verifyChain(ctx.db, fresh);
    expect(v).toMatchObject({ ok: true });
    // 8 documents (and their consignments, if recorded), and the natural senders
    const counts = await ctx.asSuperuser((db) =>
      sql<{ object_type: string; n: number }>`
        SELECT object_type, count(*)::int AS n FROM audit_event
        WHERE tenant_id = ${fresh} AND event_type = 'Zalozeni' GROUP BY object_type ORDER BY object_type`.execute(
        db,
      ),
    );
    const byType = Object.fromEntries(counts.rows.map((r) => [r.object_type, r.n]));
    expect(byType.Dokument).toBe(8);
    // letters 700..707: i % 3 === 0 has an IČO (one person, via upsertPerson), the rest are natural
    const natural = Array.from({ length: 8 }, (_, k) => 700 + k).filter((i) => i % 3 !== 0).length;
    expect(byType.Osoba).toBe(natural + 1);
    expect(await mismatches()).toEqual({ extra: [], missing: [] });
  });
});
