import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../platform/audit/chain.js';
import { type Actor, withTenant } from '../../platform/db/tenant.js';
import { newId } from '../../platform/ids.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { registerIncoming } from './intake-service.js';
import { rtx } from './schema.js';
import { createClerks } from './test-helpers.js';

// Concurrent registrations of one tenant share transactions (intake-batch.ts). What a clerk must
// still get: their own number, their own name in the audit log, their own error.
let ctx: TestContext;
let tenantId: string;
const clerks: Actor[] = [];

const letter = (i: number) => ({
  subject: `Žádost o informace č. ${i}`,
  deliveryMethod: 'post',
  accessLevel: 'internal',
  sender:
    i % 2
      ? { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' }
      : { kind: 'natural', name: `Jana Nováková ${i}` },
});

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-10T09:00:00Z') });
  tenantId = (await createTestTenant(ctx, 'davkova')).id;
  clerks.push(...(await createClerks(ctx, tenantId, 4)));
});
afterAll(() => ctx.close());

const documents = () =>
  ctx.asSuperuser((db) =>
    db
      .selectFrom('records_document')
      .select(['id', 'seq', 'ref_number', 'registered_by', sql<string>`xmin::text`.as('tx')])
      .where('tenant_id', '=', tenantId)
      .orderBy('seq')
      .execute(),
  );

describe('registrations arriving together', () => {
  it('40 at once: consecutive numbers, each under its clerk, in fewer transactions, chain intact', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => registerIncoming(ctx, clerks[i % 4]!, tenantId, letter(i))),
    );
    const seqs = results.map((r) => r.document.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.document.pid)).size).toBe(40);
    // every clerk's answer is their own letter
    results.forEach((r, i) => {
      expect(r.document.subject).toBe(`Žádost o informace č. ${i}`);
      // the sender as answered, also one added to the register by the same statement
      expect(r.document.sender).toMatchObject(
        i % 2
          ? { kind: 'legal', name: 'Stavby Hlučín s.r.o.', ico: '25596641' }
          : { kind: 'natural', name: `Jana Nováková ${i}` },
      );
    });
    const rows = await documents();
    const bySubject = new Map(results.map((r, i) => [r.document.id, clerks[i % 4]!.userId]));
    for (const row of rows) expect(row.registered_by).toBe(bySubject.get(row.id));
    // the point of it: one transaction carried many letters
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(40);
    // one sender with an IČO, however many letters of the batch name it
    const persons = await ctx.asSuperuser((db) =>
      db.selectFrom('records_person').select('id').where('ico', '=', '25596641').execute(),
    );
    expect(persons).toHaveLength(1);
    // the audit chain names the clerk who registered each document
    const audit = await ctx.asSuperuser((db) =>
      db
        .selectFrom('audit_event')
        .select(['object_id', 'actor_id'])
        .where('tenant_id', '=', tenantId)
        .where('object_type', '=', 'Dokument')
        .where('event_type', '=', 'Zalozeni')
        .execute(),
    );
    expect(audit).toHaveLength(40);
    for (const e of audit) expect(e.actor_id).toBe(bySubject.get(e.object_id!));
    expect(await verifyChain(ctx.db, tenantId)).toMatchObject({ ok: true });
  });

  it('a bad letter in a batch gets its own error; the others are registered without a gap', async () => {
    const before = (await documents()).length;
    const unknownSender = { ...letter(0), sender: undefined, senderId: newId() };
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        registerIncoming(ctx, clerks[i % 4]!, tenantId, i === 5 ? unknownSender : letter(100 + i)),
      ),
    );
    expect(settled[5]).toMatchObject({
      status: 'rejected',
      reason: { code: 'validation', fields: [{ field: 'senderId' }] },
    });
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(11);
    const rows = await documents();
    expect(rows).toHaveLength(before + 11);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: before + 11 }, (_, i) => i + 1));
    expect(await verifyChain(ctx.db, tenantId)).toMatchObject({ ok: true });
  });
});

// Letters of several tenants arriving together share one transaction (registerAcrossTenants):
// each tenant's numbers must still be its own and gap-free, its documents under its own tenant,
// its chain intact, and one tenant's bad letter or new sender must not fail the others.
describe('registrations of several tenants arriving together', () => {
  const tenants: string[] = [];
  const clerksOf = new Map<string, Actor[]>();
  const ofTenant = (t: string, i: number) => ({
    subject: `Oznámení ${t.slice(0, 4)} ${i}`,
    deliveryMethod: 'post',
    accessLevel: 'internal',
    sender:
      i % 3 ? { kind: 'natural', name: `Petr Dvořák ${i}` } : { kind: 'legal', name: 'ČEZ', ico: '27232433' },
  });
  const rowsOf = (tenantIds: string[]) =>
    ctx.asSuperuser((db) =>
      db
        .selectFrom('records_document')
        .select(['tenant_id', 'seq', 'subject', sql<string>`xmin::text`.as('tx')])
        .where('tenant_id', 'in', tenantIds)
        .orderBy('tenant_id')
        .orderBy('seq')
        .execute(),
    );

  // A shared transaction that fails for a reason not of a letter's own falls back to a transaction
  // per tenant: the results stay right, so only this log line would tell.
  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    errors = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  beforeAll(async () => {
    for (const slug of ['sdilena-a', 'sdilena-b', 'sdilena-c']) {
      const t = (await createTestTenant(ctx, slug)).id;
      tenants.push(t);
      clerksOf.set(t, await createClerks(ctx, t, 2));
      // the IČO sender is in each register already, and each chain has its head
      await registerIncoming(ctx, clerksOf.get(t)![0]!, t, ofTenant(t, 0));
    }
  });

  it('30 at once over three tenants: one transaction carries several tenants, each series its own and gap-free', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const t = tenants[i % 3]!;
        return registerIncoming(ctx, clerksOf.get(t)![i % 2]!, t, ofTenant(t, i + 3));
      }),
    );
    results.forEach((r, i) => {
      expect(r.document.subject).toBe(ofTenant(tenants[i % 3]!, i + 3).subject);
    });
    const rows = await rowsOf(tenants);
    for (const t of tenants) {
      const own = rows.filter((r) => r.tenant_id === t);
      expect(own.map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, k) => k + 1));
      // each tenant's documents are the ones its clerks registered in it
      expect(own.every((r) => r.subject.startsWith(`Oznámení ${t.slice(0, 4)}`))).toBe(true);
      expect(await verifyChain(ctx.db, t)).toMatchObject({ ok: true });
    }
    // the point of it: some transaction carried letters of more than one tenant
    const tenantsPerTx = new Map<string, Set<string>>();
    for (const r of rows) tenantsPerTx.set(r.tx, (tenantsPerTx.get(r.tx) ?? new Set()).add(r.tenant_id));
    expect(Math.max(...[...tenantsPerTx.values()].map((s) => s.size))).toBeGreaterThan(1);
    // and a clerk sees only their own tenant's documents
    const seen = await withTenant(ctx.db, tenants[1]!, clerksOf.get(tenants[1]!)![0]!, (tx) =>
      rtx(tx).selectFrom('records_document').select('tenant_id').execute(),
    );
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([tenants[1]]));
  });

  it('a bad letter of one tenant gets its own error; the other tenants’ letters are registered', async () => {
    const before = await rowsOf(tenants);
    const [a, b, c] = tenants as [string, string, string];
    const settled = await Promise.allSettled([
      registerIncoming(ctx, clerksOf.get(a)![0]!, a, ofTenant(a, 50)),
      registerIncoming(ctx, clerksOf.get(b)![0]!, b, {
        ...ofTenant(b, 51),
        sender: undefined,
        senderId: newId(),
      }),
      registerIncoming(ctx, clerksOf.get(c)![0]!, c, ofTenant(c, 52)),
      registerIncoming(ctx, clerksOf.get(b)![1]!, b, ofTenant(b, 53)),
      registerIncoming(ctx, clerksOf.get(a)![1]!, a, ofTenant(a, 54)),
    ]);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(settled[1]).toMatchObject({ reason: { code: 'validation', fields: [{ field: 'senderId' }] } });
    const rows = await rowsOf(tenants);
    expect(rows).toHaveLength(before.length + 4);
    for (const t of tenants) {
      const seqs = rows.filter((r) => r.tenant_id === t).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, k) => k + 1));
      expect(await verifyChain(ctx.db, t)).toMatchObject({ ok: true });
    }
  });

  it('a sender with an IČO new to a register: that tenant goes alone, once per IČO, the others share', async () => {
    const [a, b, c] = tenants as [string, string, string];
    const newFirm = { kind: 'legal', name: 'Nová firma s.r.o.', ico: '45678901' };
    const results = await Promise.all([
      registerIncoming(ctx, clerksOf.get(a)![0]!, a, ofTenant(a, 60)),
      registerIncoming(ctx, clerksOf.get(b)![0]!, b, { ...ofTenant(b, 61), sender: newFirm }),
      registerIncoming(ctx, clerksOf.get(b)![1]!, b, { ...ofTenant(b, 62), sender: newFirm }),
      registerIncoming(ctx, clerksOf.get(c)![0]!, c, ofTenant(c, 63)),
    ]);
    expect(results[1]!.document.sender).toMatchObject({ name: 'Nová firma s.r.o.', ico: '45678901' });
    expect(results[2]!.document.sender?.id).toBe(results[1]!.document.sender?.id);
    const firms = await ctx.asSuperuser((db) =>
      db.selectFrom('records_person').select('tenant_id').where('ico', '=', '45678901').execute(),
    );
    expect(firms).toEqual([{ tenant_id: b }]);
    for (const t of tenants) expect(await verifyChain(ctx.db, t)).toMatchObject({ ok: true });
  });

  it('a tenant’s very first letters, beside other tenants’: its chain begins, nothing is logged', async () => {
    const fresh = (await createTestTenant(ctx, 'sdilena-nova')).id;
    const [clerk] = await createClerks(ctx, fresh, 1);
    const [a] = tenants as [string];
    const results = await Promise.all([
      registerIncoming(ctx, clerksOf.get(a)![0]!, a, ofTenant(a, 70)),
      registerIncoming(ctx, clerk!, fresh, ofTenant(fresh, 71)),
      registerIncoming(ctx, clerk!, fresh, ofTenant(fresh, 72)),
    ]);
    expect(
      results
        .slice(1)
        .map((r) => r.document.seq)
        .sort(),
    ).toEqual([1, 2]);
    expect(await verifyChain(ctx.db, fresh)).toMatchObject({ ok: true, count: 6 });
  });
});
