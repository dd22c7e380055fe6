import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { newId } from '../ids.js';
import { preparedNamesLeft } from './connect.js';
import { executePrepared, PREPARED_MARK } from './prepared.js';
import { type Actor, withTenant } from './tenant.js';
import type { DB } from './types.js';

// executePrepared: on PostgreSQL a named prepared statement per text (connect.ts), on PGlite an
// ordinary statement. Either way the rows must be those of a plain execute, on every run.
let ctx: TestContext;
let tenantA: string;
let tenantB: string;
const onPglite = () => ctx.database.kind === 'pglite';
const clerk: Actor = {
  userId: null,
  label: 'Podatelna',
  roles: ['registry_clerk'],
  tenantId: null,
  kind: 'user',
};
const names = Array.from({ length: 10 }, (_, i) => `Odbor ${i}`);

beforeAll(async () => {
  ctx = await createTestContext();
  tenantA = (await createTestTenant(ctx, 'prepared-a')).id;
  tenantB = (await createTestTenant(ctx, 'prepared-b')).id;
  await ctx.asSuperuser((db) =>
    db
      .insertInto('org_unit')
      .values([
        ...names.map((name, i) => ({
          id: newId(),
          tenant_id: tenantA,
          code: `O${i}`,
          name,
        })),
        { id: newId(), tenant_id: tenantB, code: 'B3', name: 'Odbor 3' },
      ])
      .execute(),
  );
});
afterAll(() => ctx.close());

const byName = (trx: TxDb, name: string) =>
  trx.selectFrom('org_unit').select(['name', 'code', 'tenant_id']).where('name', '=', name);
type TxDb = Transaction<DB>;

describe('executePrepared', () => {
  it('gives the rows of a plain execute', async () => {
    await withTenant(ctx.db, tenantA, clerk, async ({ trx }) => {
      const q = trx
        .selectFrom('org_unit')
        .select(['name', 'code'])
        .where('active', '=', true)
        .orderBy('name');
      const plain = await q.execute();
      expect(plain).toHaveLength(10);
      expect((await executePrepared(trx, q)).rows).toEqual(plain);
      // a compiled query too
      expect((await executePrepared(trx, q.compile())).rows).toEqual(plain);
    });
  });

  it('run 10 times with different values (past the server’s switch to a generic plan): right rows each time', async () => {
    await withTenant(ctx.db, tenantA, clerk, async ({ trx }) => {
      for (const name of names) {
        const r = await executePrepared(trx, byName(trx, name));
        expect(r.rows).toEqual([{ name, code: `O${name.slice(-1)}`, tenant_id: tenantA }]);
      }
      // and a value with no row, after the generic plan
      expect((await executePrepared(trx, byName(trx, 'Nikdo'))).rows).toEqual([]);
    });
  });

  it('the same text on many connections at once, under each tenant’s RLS', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        withTenant(ctx.db, i % 3 ? tenantA : tenantB, clerk, async ({ trx }) =>
          (await executePrepared(trx, byName(trx, 'Odbor 3'))).rows.map((r) => r.tenant_id),
        ),
      ),
    );
    results.forEach((tenants, i) => {
      expect(tenants).toEqual([i % 3 ? tenantA : tenantB]);
    });
  });

  it('inserts with RETURNING, run 8 times, and the counts of affected rows', async () => {
    const ids = Array.from({ length: 8 }, () => newId());
    await withTenant(ctx.db, tenantB, clerk, async ({ trx }) => {
      for (const [i, id] of ids.entries()) {
        const r = await executePrepared(
          trx,
          trx
            .insertInto('org_unit')
            .values({ id, tenant_id: tenantB, code: `F${i}`, name: `Firma ${i}` })
            .returning(['id', 'name']),
        );
        expect(r.rows).toEqual([{ id, name: `Firma ${i}` }]);
        expect(r.numAffectedRows).toBe(1n);
      }
    });
    const count = await withTenant(ctx.db, tenantB, clerk, ({ trx }) =>
      trx
        .selectFrom('org_unit')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('code', 'like', 'F%')
        .executeTakeFirstOrThrow(),
    );
    expect(count.n).toBe(8);
  });

  it('a failing prepared statement rolls its transaction back; the statement works afterwards', async () => {
    const q = (trx: TxDb, n: number) =>
      trx.selectFrom('org_unit').select(sql<number>`1 / ${n}`.as('x')).where('name', '=', 'Odbor 1');
    await expect(
      withTenant(ctx.db, tenantA, clerk, async ({ trx }) => executePrepared(trx, q(trx, 0))),
    ).rejects.toThrow(/division by zero/);
    const r = await withTenant(ctx.db, tenantA, clerk, async ({ trx }) => executePrepared(trx, q(trx, 1)));
    expect(r.rows).toEqual([{ x: 1 }]);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: the statement is prepared on its connection and reused',
    async () => {
      expect(onPglite()).toBe(false);
      await withTenant(ctx.db, tenantA, clerk, async ({ trx }) => {
        const q = trx
          .selectFrom('org_unit')
          .select(['name', sql<string>`'pg_prepared_statements probe'`.as('probe')])
          .where('code', '=', 'O1');
        const text = PREPARED_MARK + q.compile().sql;
        for (const code of names.map((_, i) => `O${i}`)) {
          const r = await executePrepared(
            trx,
            trx
              .selectFrom('org_unit')
              .select(['name', sql<string>`'pg_prepared_statements probe'`.as('probe')])
              .where('code', '=', code),
          );
          expect(r.rows).toEqual([{ name: `Odbor ${code[1]}`, probe: 'pg_prepared_statements probe' }]);
        }
        const listed = await sql<{ name: string; statement: string; runs: number; from_sql: boolean }>`
          SELECT name, statement, from_sql, (generic_plans + custom_plans)::int AS runs
          FROM pg_prepared_statements WHERE statement = ${text}`.execute(trx);
        expect(listed.rows).toHaveLength(1);
        // prepared from its third run: one-off texts (rare batch sizes) take no name
        expect(listed.rows[0]).toMatchObject({ statement: text, from_sql: false, runs: 8 });
        expect(listed.rows[0]!.name).toMatch(/^s\d+$/);
        // the plain way prepares nothing
        await q.execute();
        const plain = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = ${q.compile().sql}`.execute(
          trx,
        );
        expect(plain.rows[0]!.n).toBe(0);
      });
    },
  );

  it('many distinct texts (past the cache of names) still run, each with its own rows', async () => {
    // Files of one worker share the process (vitest isolate: false), so some names may be taken.
    const left = preparedNamesLeft();
    await withTenant(ctx.db, tenantA, clerk, async ({ trx }) => {
      // past the 300 names on PostgreSQL; on PGlite (no names) a few are enough
      for (let k = 1; k <= (onPglite() ? 30 : 320); k++) {
        const values = Array.from({ length: k }, (_, i) => `Odbor ${i % 10}`);
        // three runs each: a text is prepared from its third
        for (let run = 0; run < 3; run++) {
          const r = await executePrepared(
            trx,
            trx.selectFrom('org_unit').select(sql<number>`count(*)::int`.as('n')).where('name', 'in', values),
          );
          expect(r.rows).toEqual([{ n: Math.min(k, 10) }]);
        }
      }
      // The names are kept per process, at most 300, first come first served: later texts run
      // unprepared (so this test runs last in the file), and a connection holds no more than that.
      if (!onPglite()) {
        const held = await sql<{ all: number; mine: number }>`
          SELECT count(*)::int AS all,
                 (count(*) FILTER (WHERE statement LIKE ${`%count(*)::int as "n" from "org_unit" where "name" in (%`}))::int AS mine
          FROM pg_prepared_statements WHERE statement LIKE ${`${PREPARED_MARK}%`}`.execute(trx);
        expect(held.rows[0]!.all).toBeLessThanOrEqual(300);
        // each of the 320 texts took a name on its third run, while names were left
        expect(held.rows[0]!.mine).toBe(Math.min(left, 320));
        expect(preparedNamesLeft()).toBe(0);
      }
    });
  });
});
