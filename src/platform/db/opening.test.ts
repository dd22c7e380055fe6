import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { newId } from '../ids.js';
import { type Actor, literalSql, withTenant } from './tenant.js';

// TxOptions.opening: a first statement sent in one message with BEGIN and the settings; its rows
// come to the transaction as tx.opened. Runs on PGlite, and on PostgreSQL with DATABASE_URL
// (there through LastResultClient, connect.ts).
let ctx: TestContext;
let tenantA: string;
let tenantB: string;
const clerk: Actor = {
  userId: null,
  label: 'Podatelna',
  roles: ['registry_clerk'],
  tenantId: null,
  kind: 'user',
};

beforeAll(async () => {
  ctx = await createTestContext();
  tenantA = (await createTestTenant(ctx, 'opening-a')).id;
  tenantB = (await createTestTenant(ctx, 'opening-b')).id;
  await ctx.asSuperuser((db) =>
    db
      .insertInto('org_unit')
      .values([
        { id: newId(), tenant_id: tenantA, code: 'POD', name: 'Podatelna A' },
        { id: newId(), tenant_id: tenantA, code: 'FIN', name: 'Finanční odbor A' },
        { id: newId(), tenant_id: tenantB, code: 'POD', name: 'Podatelna B' },
        { id: newId(), tenant_id: tenantB, code: 'FIN', name: 'Finanční odbor B' },
      ])
      .execute(),
  );
});
afterAll(() => ctx.close());

/** The opening of a compiled query: it must be writable as literals here. */
const opening = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
  const text = literalSql(q.compile());
  expect(text).not.toBeNull();
  return text!;
};

const unitsByCode = (code: string) =>
  opening(
    ctx.db
      .selectFrom('org_unit')
      .select(['name', 'tenant_id', sql<string>`current_setting('app.tenant_id', true)`.as('setting')])
      .where('code', '=', code)
      .orderBy('name'),
  );

describe('withTenant opening', () => {
  it('gives the tenant row as tx.opened', async () => {
    const opened = await withTenant(ctx.db, tenantA, clerk, async (tx) => tx.opened, {
      opening: opening(ctx.db.selectFrom('tenant').select(['id', 'slug']).where('id', '=', tenantA)),
    });
    expect(opened).toEqual([{ id: tenantA, slug: 'opening-a' }]);
  });

  it('runs after the settings: sees its own tenant’s rows under RLS, never another tenant’s', async () => {
    for (const [tenant, name] of [
      [tenantA, 'Podatelna A'],
      [tenantB, 'Podatelna B'],
    ] as const) {
      const opened = await withTenant(ctx.db, tenant, clerk, async (tx) => tx.opened, {
        opening: unitsByCode('POD'),
      });
      expect(opened).toEqual([{ name, tenant_id: tenant, setting: tenant }]);
    }
    // A filter naming the other tenant finds nothing: RLS, not the WHERE, keeps them apart.
    const other = await withTenant(ctx.db, tenantA, clerk, async (tx) => tx.opened, {
      opening: opening(ctx.db.selectFrom('org_unit').select('name').where('tenant_id', '=', tenantB)),
    });
    expect(other).toEqual([]);
  });

  it('the opening runs inside the transaction fn continues, and its rows are the same as a later read', async () => {
    const r = await withTenant(
      ctx.db,
      tenantB,
      clerk,
      async (tx) => {
        const later = await sql<{ txid: string }>`SELECT txid_current()::text AS txid`.execute(tx.trx);
        return { opened: tx.opened as { txid: string }[], later: later.rows };
      },
      { opening: 'SELECT txid_current()::text AS txid' },
    );
    expect(r.opened).toHaveLength(1);
    expect(r.opened).toEqual(r.later);
  });

  it('no opening: tx.opened is undefined', async () => {
    const opened = await withTenant(ctx.db, tenantA, clerk, async (tx) => tx.opened);
    expect(opened).toBeUndefined();
  });

  it('an opening with no rows gives []', async () => {
    const opened = await withTenant(ctx.db, tenantA, clerk, async (tx) => tx.opened, {
      opening: unitsByCode('NONE'),
    });
    expect(opened).toEqual([]);
  });

  it('the parameterised way (a setting that is not a UUID) gives the same rows', async () => {
    const odd: Actor = { ...clerk, userId: 'not-a-uuid' };
    const opened = await withTenant(ctx.db, tenantA, odd, async (tx) => tx.opened, {
      opening: unitsByCode('FIN'),
    });
    expect(opened).toEqual([{ name: 'Finanční odbor A', tenant_id: tenantA, setting: tenantA }]);
  });

  it('an opening that fails rejects, runs no fn, and leaves the pooled connection usable', async () => {
    const pid = () =>
      withTenant(ctx.db, tenantA, clerk, async (tx) => tx.opened?.[0], {
        opening: "SELECT pg_backend_pid() AS pid, current_setting('app.tenant_id', true) AS tenant",
      });
    const before = await pid();
    let ran = false;
    for (let i = 0; i < 3; i++) {
      await expect(
        withTenant(
          ctx.db,
          tenantA,
          clerk,
          async () => {
            ran = true;
          },
          { opening: 'SELECT 1/0 AS boom' },
        ),
      ).rejects.toThrow(/division by zero/);
    }
    expect(ran).toBe(false);
    // The next transactions (sequential, so the pool lends the same connection) work; nothing of
    // the failed one is left: not in a transaction, no tenant setting.
    const after = await pid();
    expect(after).toEqual({ ...before });
    // (a transaction left open would make now() older than this statement, or refuse it)
    const outside = await sql<{ tenant: string | null; fresh: boolean }>`
      SELECT current_setting('app.tenant_id', true) AS tenant,
             now() = statement_timestamp() AS fresh`.execute(ctx.db);
    expect(outside.rows[0]!.tenant ?? '').toBe('');
    expect(outside.rows[0]!.fresh).toBe(true);
    const units = await withTenant(ctx.db, tenantB, clerk, async (tx) =>
      tx.trx.selectFrom('org_unit').select('name').orderBy('name').execute(),
    );
    expect(units.map((p) => p.name)).toEqual(['Finanční odbor B', 'Podatelna B']);
  });

  it('an opening that fails in the middle of a concurrent burst fails alone', async () => {
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        withTenant(ctx.db, i % 2 ? tenantA : tenantB, clerk, async (tx) => tx.opened, {
          opening: i === 5 ? 'SELECT 1/0' : unitsByCode('POD'),
        }),
      ),
    );
    settled.forEach((s, i) => {
      if (i === 5) expect(s).toMatchObject({ status: 'rejected' });
      else
        expect(s).toMatchObject({
          status: 'fulfilled',
          value: [{ name: i % 2 ? 'Podatelna A' : 'Podatelna B' }],
        });
    });
  });

  it('a transaction whose fn fails after an opening rolls back', async () => {
    const id = newId();
    await expect(
      withTenant(
        ctx.db,
        tenantA,
        clerk,
        async (tx) => {
          await tx.trx
            .insertInto('org_unit')
            .values({ id, tenant_id: tenantA, code: 'NIKDY', name: 'Nikdy' })
            .execute();
          throw new Error('business rule failed');
        },
        { opening: unitsByCode('POD') },
      ),
    ).rejects.toThrow('business rule failed');
    const found = await ctx.asSuperuser((db) =>
      db.selectFrom('org_unit').select('id').where('id', '=', id).execute(),
    );
    expect(found).toEqual([]);
  });
});

describe('a message of several statements', () => {
  it('answers with the last statement’s rows', async () => {
    const r = await sql.raw<{ a: number }>('SELECT 1 AS a; SELECT 2 AS a').execute(ctx.db);
    expect(r.rows).toEqual([{ a: 2 }]);
  });

  it('the last statement’s rows, whatever the earlier ones returned', async () => {
    const r = await sql
      .raw<{ b: string }>("SELECT 1 AS a, 2 AS z UNION ALL SELECT 3, 4; SELECT 'x' AS b UNION ALL SELECT 'y'")
      .execute(ctx.db);
    expect(r.rows).toEqual([{ b: 'x' }, { b: 'y' }]);
  });

  it('a last statement without rows gives none', async () => {
    const r = await sql.raw('SELECT 1 AS a; SELECT 1 AS a WHERE false').execute(ctx.db);
    expect(r.rows).toEqual([]);
  });
});
