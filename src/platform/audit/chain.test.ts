import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { type Actor, OPERATOR_SCOPE, withOperator, withTenant } from '../db/tenant.js';
import { appendAudit, canonicalJson, deferAudit, GENESIS_HASH, readAudit, verifyChain } from './chain.js';

let ctx: TestContext;
let tenantA: string;
let tenantB: string;
const clerk: Actor = {
  userId: null,
  label: 'Jana Nováková',
  roles: ['registry_clerk'],
  tenantId: null,
  kind: 'user',
};

beforeAll(async () => {
  ctx = await createTestContext();
  tenantA = (await createTestTenant(ctx, 'audit-a')).id;
  tenantB = (await createTestTenant(ctx, 'audit-b')).id;
});
afterAll(() => ctx.close());

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ x: undefined, y: 'ž' }, '{"y":"ž"}'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});

describe('audit chain', () => {
  it('links each entry to the previous one, gap-free from 1', async () => {
    await withTenant(ctx.db, tenantB, clerk, async (tx) => {
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'Dokument',
        objectId: 'd1',
        params: { at: new Date('2026-11-20T10:00:00Z') },
      });
      await appendAudit(tx, { eventType: 'Zobrazeni', objectType: 'Dokument', objectId: 'd1' });
    });
    const rows = await withTenant(ctx.db, tenantB, clerk, (tx) => readAudit(tx, {}));
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[0]!.actorLabel).toBe('Jana Nováková');
    expect(await verifyChain(ctx.db, tenantB)).toEqual({ ok: true, count: 2 });
  });

  it('stays intact with 64 concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        withTenant(ctx.db, tenantA, clerk, (tx) =>
          appendAudit(tx, { eventType: 'Uprava', objectType: 'Spis', objectId: `s${i}`, params: { i } }),
        ),
      ),
    );
    const result = await verifyChain(ctx.db, tenantA);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(64);
  });

  it('takes the entry back when the change it records rolls back', async () => {
    const before = (await verifyChain(ctx.db, tenantB)).count;
    await expect(
      withTenant(ctx.db, tenantB, clerk, async (tx) => {
        await appendAudit(tx, { eventType: 'Zalozeni', objectType: 'Spis', objectId: 'never' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow();
    expect(await verifyChain(ctx.db, tenantB)).toEqual({ ok: true, count: before });
  });

  it('keeps tenants apart: B never sees A’s entries', async () => {
    const seen = await withTenant(ctx.db, tenantB, clerk, (tx) => readAudit(tx, { objectType: 'Spis' }));
    expect(seen.every((r) => r.tenantId === tenantB)).toBe(true);
    const outside = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(ctx.db);
    expect(outside.rows[0]!.n).toBe(0);
  });

  it('refuses UPDATE and DELETE to the app role', async () => {
    for (const statement of [sql`UPDATE audit_event SET actor_label = 'x'`, sql`DELETE FROM audit_event`]) {
      await expect(withTenant(ctx.db, tenantB, clerk, ({ trx }) => statement.execute(trx))).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('keeps an operator chain of its own', async () => {
    await withOperator(ctx.db, { ...clerk, kind: 'operator' }, (tx) =>
      appendAudit(tx, { eventType: 'Zalozeni', objectType: 'KonfiguraceSystemu', objectId: 'tenant' }),
    );
    expect((await verifyChain(ctx.db, OPERATOR_SCOPE)).ok).toBe(true);
  });

  it.each([
    ['actor_label', sql`UPDATE audit_event SET actor_label = 'someone else' WHERE seq = 5`, 5, /hash/],
    ['params', sql`UPDATE audit_event SET params = '{"i": 999}' WHERE seq = 9`, 9, /hash/],
    ['deleted entry', sql`DELETE FROM audit_event WHERE seq = 12`, 12, /missing/],
  ])('names the first tampered entry (%s)', async (_what, statement, seq, reason) => {
    const tenant = (await createTestTenant(ctx, `tamper-${seq}`)).id;
    for (let i = 1; i <= 20; i++) {
      await withTenant(ctx.db, tenant, clerk, (tx) =>
        appendAudit(tx, { eventType: 'Uprava', objectType: 'Dokument', params: { i } }),
      );
    }
    expect(await verifyChain(ctx.db, tenant)).toEqual({ ok: true, count: 20 });
    await ctx.asSuperuser(async (db) => {
      // A superuser can get past the append-only trigger; the hash chain still tells.
      await sql`SET session_replication_role = replica`.execute(db);
      try {
        await sql`${statement} AND tenant_id = ${tenant}`.execute(db);
      } finally {
        await sql`SET session_replication_role = origin`.execute(db);
      }
    });
    const result = await verifyChain(ctx.db, tenant);
    expect(result.ok).toBe(false);
    expect(result.brokenSeq).toBe(seq);
    expect(result.reason).toMatch(reason);
  });
});

describe('deferred entries (written just before COMMIT)', () => {
  it('keep the order of the calls, mixed with immediate ones, each under its own actor', async () => {
    const tenant = (await createTestTenant(ctx, 'audit-defer')).id;
    const other: Actor = { ...clerk, label: 'Petr Dvořák' };
    await withTenant(ctx.db, tenant, clerk, async (tx) => {
      deferAudit(tx, { eventType: 'Zalozeni', objectType: 'Zasilka', objectId: 'z1' });
      deferAudit({ ...tx, actor: other }, { eventType: 'Zalozeni', objectType: 'Dokument', objectId: 'd1' });
      // an immediate append writes what was deferred before it first
      const row = await appendAudit(tx, { eventType: 'Zobrazeni', objectType: 'Dokument', objectId: 'd1' });
      expect(row.seq).toBe(3);
      deferAudit(tx, { eventType: 'Uprava', objectType: 'Dokument', objectId: 'd1' });
      // reading the log in the same transaction sees the deferred entry too
      expect((await readAudit(tx, {})).map((r) => r.objectId)).toEqual(['z1', 'd1', 'd1', 'd1']);
      deferAudit(tx, { eventType: 'Vyrizeni', objectType: 'Dokument', objectId: 'd1' });
    });
    const rows = await withTenant(ctx.db, tenant, clerk, (tx) => readAudit(tx, {}));
    expect(rows.map((r) => `${r.seq} ${r.eventType} ${r.actorLabel}`)).toEqual([
      '1 Zalozeni Jana Nováková',
      '2 Zalozeni Petr Dvořák',
      '3 Zobrazeni Jana Nováková',
      '4 Uprava Jana Nováková',
      '5 Vyrizeni Jana Nováková',
    ]);
    expect(await verifyChain(ctx.db, tenant)).toEqual({ ok: true, count: 5 });
  });

  it('vanish with a transaction that fails', async () => {
    const tenant = (await createTestTenant(ctx, 'audit-defer-fail')).id;
    await expect(
      withTenant(ctx.db, tenant, clerk, async (tx) => {
        deferAudit(tx, { eventType: 'Zalozeni', objectType: 'Dokument', objectId: 'lost' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await withTenant(ctx.db, tenant, clerk, (tx) => readAudit(tx, {}))).toEqual([]);
    expect(await verifyChain(ctx.db, tenant)).toEqual({ ok: true, count: 0 });
  });
});
