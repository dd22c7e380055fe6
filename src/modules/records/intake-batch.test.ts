import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../platform/audit/chain.js';
import type { Actor } from '../../platform/db/tenant.js';
import { newId } from '../../platform/ids.js';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { registerIncoming } from './intake-service.js';
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
