import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import { newId } from '../ids.js';
import { executePipeline } from './pipeline.js';
import { type Actor, withTenant, withTenants } from './tenant.js';

// withTenants sends the statements of several tenants in one message (pipeline.ts): on
// PostgreSQL one extended-protocol pipeline with one Sync, on PGlite one after another. Each
// statement must see only its own tenant's rows, a failure must leave nothing behind, and the
// prepared statements of the connection must stay usable after a failed message.
let ctx: TestContext;
let tenantA: string;
let tenantB: string;
const clerk: Actor = { userId: null, label: 'Podatelna', roles: [], tenantId: null, kind: 'user' };

beforeAll(async () => {
  ctx = await createTestContext();
  tenantA = (await createTestTenant(ctx, 'pipeline-a')).id;
  tenantB = (await createTestTenant(ctx, 'pipeline-b')).id;
  await ctx.asSuperuser((db) =>
    db
      .insertInto('org_unit')
      .values([
        { id: newId(), tenant_id: tenantA, code: 'A1', name: 'Odbor výstavby' },
        { id: newId(), tenant_id: tenantA, code: 'A2', name: 'Odbor dopravy' },
        { id: newId(), tenant_id: tenantB, code: 'B1', name: 'Odbor financí' },
      ])
      .execute(),
  );
});
afterAll(() => ctx.close());

const codes = (tenantId: string) =>
  ctx.asSuperuser((db) =>
    db.selectFrom('org_unit').select('code').where('tenant_id', '=', tenantId).orderBy('code').execute(),
  );
const allUnits = CompiledQuery.raw('SELECT code, tenant_id FROM org_unit ORDER BY code');
const insertUnit = (tenantId: string, code: string) =>
  CompiledQuery.raw(
    'INSERT INTO org_unit (id, tenant_id, code, name) VALUES ($1, $2, $3, $4) RETURNING code',
    [newId(), tenantId, code, `Odbor ${code}`],
  );

describe('withTenants', () => {
  it('answers every statement of a message in order, each under its own tenant’s row-level security', async () => {
    const answers = await withTenants(ctx.db, async (shared) => {
      const first = await shared.send([
        { tenantId: tenantA, actor: clerk, query: allUnits },
        { tenantId: tenantB, actor: clerk, query: allUnits },
        { tenantId: tenantA, actor: clerk, query: insertUnit(tenantA, 'A3') },
        { tenantId: tenantB, actor: clerk, query: insertUnit(tenantB, 'B2') },
      ]);
      // a second message of the same transaction sees the first one's rows, still per tenant
      const second = await shared.send(
        [
          { tenantId: tenantB, actor: clerk, query: allUnits },
          { tenantId: tenantA, actor: clerk, query: allUnits },
        ],
        { commit: true },
      );
      return [...first, ...second].map((r) => r.rows);
    });
    expect(answers).toEqual([
      [
        { code: 'A1', tenant_id: tenantA },
        { code: 'A2', tenant_id: tenantA },
      ],
      [{ code: 'B1', tenant_id: tenantB }],
      [{ code: 'A3' }],
      [{ code: 'B2' }],
      [
        { code: 'B1', tenant_id: tenantB },
        { code: 'B2', tenant_id: tenantB },
      ],
      [
        { code: 'A1', tenant_id: tenantA },
        { code: 'A2', tenant_id: tenantA },
        { code: 'A3', tenant_id: tenantA },
      ],
    ]);
    expect(await codes(tenantA)).toEqual([{ code: 'A1' }, { code: 'A2' }, { code: 'A3' }]);
    expect(await codes(tenantB)).toEqual([{ code: 'B1' }, { code: 'B2' }]);
  });

  it('a row of one tenant written under another’s settings is refused, and every tenant’s part rolls back', async () => {
    await expect(
      withTenants(ctx.db, (shared) =>
        shared.send(
          [
            { tenantId: tenantA, actor: clerk, query: insertUnit(tenantA, 'A4') },
            { tenantId: tenantB, actor: clerk, query: insertUnit(tenantA, 'A5') },
          ],
          { commit: true },
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await codes(tenantA)).toEqual([{ code: 'A1' }, { code: 'A2' }, { code: 'A3' }]);
  });

  it('a failing statement stops its message: nothing after it runs, nothing commits', async () => {
    await expect(
      withTenants(ctx.db, (shared) =>
        shared.send(
          [
            { tenantId: tenantB, actor: clerk, query: insertUnit(tenantB, 'B3') },
            { tenantId: tenantB, actor: clerk, query: CompiledQuery.raw('SELECT 1 / 0') },
            { tenantId: tenantA, actor: clerk, query: insertUnit(tenantA, 'A6') },
          ],
          { commit: true },
        ),
      ),
    ).rejects.toThrow(/division by zero/);
    // an error of the caller's own code between messages rolls back what was sent
    await expect(
      withTenants(ctx.db, async (shared) => {
        await shared.send([{ tenantId: tenantB, actor: clerk, query: insertUnit(tenantB, 'B4') }]);
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    expect(await codes(tenantB)).toEqual([{ code: 'B1' }, { code: 'B2' }]);
    expect(await codes(tenantA)).toEqual([{ code: 'A1' }, { code: 'A2' }, { code: 'A3' }]);
  });

  it('leaves no tenant set on the pooled connection after it', async () => {
    await withTenants(ctx.db, (shared) =>
      shared.send([{ tenantId: tenantA, actor: clerk, query: allUnits }], { commit: true }),
    );
    // the pool lends the connection released last: the same one
    const after = await sql<{ t: string | null }>`SELECT current_setting('app.tenant_id', true) AS t`.execute(
      ctx.db,
    );
    expect(after.rows[0]!.t ?? '').toBe('');
  });
});

describe('executePipeline and prepared statements', () => {
  // A text is prepared from its third run (connect.ts). Its Parse may go in a message that then
  // fails, before or after the failing statement; the connection must know which ones the server
  // kept, or the next run would prepare a name twice or bind one that does not exist.
  const probe = (tag: string, code: string) =>
    CompiledQuery.raw(`SELECT code, '${tag}' AS tag FROM org_unit WHERE code = $1`, [code]);
  const run = (steps: { query: CompiledQuery; prepared?: boolean }[]) =>
    withTenant(ctx.db, tenantA, clerk, ({ trx }) => executePipeline(trx, steps));

  it('a statement first prepared in a failing message, before the failure, runs again afterwards', async () => {
    for (let i = 0; i < 2; i++)
      expect((await run([{ query: probe('before', 'A1'), prepared: true }]))[0]!.rows).toEqual([
        { code: 'A1', tag: 'before' },
      ]);
    await expect(
      run([{ query: probe('before', 'A1'), prepared: true }, { query: CompiledQuery.raw('SELECT 1 / 0') }]),
    ).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 3; i++)
      expect((await run([{ query: probe('before', 'A2'), prepared: true }]))[0]!.rows).toEqual([
        { code: 'A2', tag: 'before' },
      ]);
  });

  it('a statement whose first Parse came after the failure (never reached) runs again afterwards', async () => {
    for (let i = 0; i < 2; i++) await run([{ query: probe('after', 'A1'), prepared: true }]);
    await expect(
      run([{ query: CompiledQuery.raw('SELECT 1 / 0') }, { query: probe('after', 'A1'), prepared: true }]),
    ).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 3; i++)
      expect((await run([{ query: probe('after', 'A2'), prepared: true }]))[0]!.rows).toEqual([
        { code: 'A2', tag: 'after' },
      ]);
  });

  it('types come back parsed as from a plain query (numbers, dates, JSON, null)', async () => {
    const q = CompiledQuery.raw(
      `SELECT 42::bigint AS big, 1.5::float8 AS f, '2026-03-10T09:00:00Z'::timestamptz AS at,
              '{"a": [1]}'::jsonb AS j, NULL::text AS nothing, $1::text AS echo`,
      ['Hlučín'],
    );
    const [piped] = await run([{ query: q, prepared: true }]);
    const plain = await withTenant(ctx.db, tenantA, clerk, ({ trx }) => trx.executeQuery(q));
    expect(piped!.rows).toEqual(plain.rows);
    expect(piped!.rows[0]).toEqual({
      big: 42,
      f: 1.5,
      at: new Date('2026-03-10T09:00:00Z'),
      j: { a: [1] },
      nothing: null,
      echo: 'Hlučín',
    });
  });
});
