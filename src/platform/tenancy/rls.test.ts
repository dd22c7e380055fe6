/**
 * Row-level security, tested in SQL: the app role sees nothing without a tenant context,
 * nothing of tenant B in tenant A's context, and cannot write rows of B from A's context. A
 * catalogue check makes sure every table with a tenant_id (including tables that modules add
 * later) has RLS enabled, forced and a policy bound to the tenant.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { APP_ROLE } from '../db/connect.js';
import { type Actor, withOperator, withTenant } from '../db/tenant.js';
import type { DB } from '../db/types.js';
import { newId } from '../ids.js';
import { createTenant, type TenantView } from './service.js';

const OPERATOR: Actor = {
  userId: null,
  label: 'test operator',
  roles: ['operator'],
  tenantId: null,
  kind: 'operator',
};

/**
 * Tables with a tenant_id column that are deliberately not tenant data, and why. Adding a name
 * here is a design decision; write the reason.
 */
const NOT_TENANT_DATA: Record<string, string> = {
  job: 'platform work queue: rows carry only ids, and the handler opens the tenant transaction itself',
};

let ctx: TestContext;
let a: TenantView;
let b: TenantView;
/** A user row per tenant, for tables that reference one. */
const userOf: Record<string, string> = {};

type Row = Record<string, unknown>;

/** One row of each platform tenant table, for a given tenant. */
const ROWS: Record<string, (tenantId: string) => Row> = {
  org_unit: (tenantId) => ({
    id: newId(),
    tenant_id: tenantId,
    code: `U${newId().slice(-6)}`,
    name: 'Útvar',
  }),
  app_user: (tenantId) => ({
    id: newId(),
    tenant_id: tenantId,
    username: `u${newId().slice(-8)}`,
    display_name: 'Uživatel',
    password_hash: 'x',
  }),
  session: (tenantId) => ({
    id: newId(),
    tenant_id: tenantId,
    user_id: userOf[tenantId],
    token_hash: newId(),
    csrf_token: 'c',
    expires_at: new Date(Date.now() + 3600_000),
  }),
  api_token: (tenantId) => ({
    id: newId(),
    tenant_id: tenantId,
    user_id: userOf[tenantId],
    name: 'token',
    token_hash: newId(),
    prefix: 'sp_',
  }),
  login_throttle: (tenantId) => ({ tenant_id: tenantId, username: `x${newId().slice(-8)}`, failures: 1 }),
  number_series: (tenantId) => ({
    tenant_id: tenantId,
    series: `s${newId().slice(-8)}`,
    year: 2026,
    last_value: 1,
  }),
  blob: (tenantId) => ({
    id: newId(),
    tenant_id: tenantId,
    sha256: 'a'.repeat(64),
    size: 1,
    mime: 'text/plain',
    filename: 'a.txt',
  }),
  audit_event: (tenantId) => ({
    tenant_id: tenantId,
    seq: 1_000_000 + Math.floor(Math.random() * 1_000_000),
    at: new Date(),
    actor_label: 'test',
    event_type: 'Zalozeni',
    object_type: 'Dokument',
    prev_hash: '0'.repeat(64),
    hash: '1'.repeat(64),
  }),
};

function insert(db: Kysely<DB>, table: string, row: Row) {
  return db
    .insertInto(table as keyof DB)
    .values(row as never)
    .execute();
}

async function countAs(db: Kysely<DB>, table: string, tenantId?: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)} ${
    tenantId ? sql`WHERE tenant_id = ${tenantId}` : sql``
  }`.execute(db);
  return Number(r.rows[0]!.n);
}

async function superCount(table: string, tenantId: string): Promise<number> {
  return ctx.asSuperuser((db) => countAs(db, table, tenantId));
}

async function sqlState(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'unknown';
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  a = await createTenant(ctx, OPERATOR, {
    slug: 'rls-a',
    kind: 'municipality',
    name: 'Obec A',
    country: 'CZ',
  });
  b = await createTenant(ctx, OPERATOR, {
    slug: 'rls-b',
    kind: 'municipality',
    name: 'Obec B',
    country: 'CZ',
  });
  // Every table gets a row in both tenants, written the only legal way: inside the tenant's context.
  for (const t of [a, b]) {
    await withTenant(ctx.db, t.id, OPERATOR, async ({ trx }) => {
      const user = ROWS.app_user!(t.id);
      await insert(trx, 'app_user', user);
      userOf[t.id] = user.id as string;
      for (const [table, make] of Object.entries(ROWS))
        if (table !== 'app_user') await insert(trx, table, make(t.id));
    });
  }
});
afterAll(async () => {
  await ctx?.close();
});

describe('row-level security in SQL', () => {
  const tables = Object.keys(ROWS);

  it.each(tables)('%s: without a tenant context the app role sees 0 rows', async (table) => {
    expect(await superCount(table, b.id)).toBeGreaterThan(0);
    expect(await countAs(ctx.db, table)).toBe(0);
  });

  it.each(tables)("%s: in tenant A's context no row of B is visible, only A's", async (table) => {
    const [ofB, all, ofA] = await withTenant(ctx.db, a.id, OPERATOR, async ({ trx }) => [
      await countAs(trx, table, b.id),
      await countAs(trx, table),
      await countAs(trx, table, a.id),
    ]);
    expect(ofB).toBe(0);
    expect(ofA).toBeGreaterThan(0);
    expect(all).toBe(ofA);
  });

  it.each(tables)("%s: inserting a row of B in A's context is refused by RLS", async (table) => {
    const before = await superCount(table, b.id);
    const row = ROWS[table]!(b.id);
    // Rows referencing a user must name B's own user, so only the tenant_id is wrong.
    const code = await sqlState(withTenant(ctx.db, a.id, OPERATOR, ({ trx }) => insert(trx, table, row)));
    expect(code).toBe('42501');
    expect(await superCount(table, b.id)).toBe(before);
  });

  it.each(tables)("%s: updating or deleting B's rows from A's context changes nothing", async (table) => {
    const before = await superCount(table, b.id);
    await withTenant(ctx.db, a.id, OPERATOR, async ({ trx }) => {
      // audit_event is append-only for the app role (no UPDATE/DELETE privilege): refused outright.
      const upd = await sqlState(
        sql`UPDATE ${sql.table(table)} SET tenant_id = tenant_id WHERE tenant_id = ${b.id}`.execute(trx),
      );
      expect([null, '42501']).toContain(upd);
    });
    await withTenant(ctx.db, a.id, OPERATOR, async ({ trx }) => {
      const del = await sqlState(sql`DELETE FROM ${sql.table(table)} WHERE tenant_id = ${b.id}`.execute(trx));
      expect([null, '42501']).toContain(del);
    });
    expect(await superCount(table, b.id)).toBe(before);
  });

  it.each(tables)("%s: moving A's row to tenant B is refused", async (table) => {
    if (table === 'audit_event') return; // no UPDATE privilege at all, covered above
    const code = await sqlState(
      withTenant(ctx.db, a.id, OPERATOR, ({ trx }) =>
        sql`UPDATE ${sql.table(table)} SET tenant_id = ${b.id} WHERE tenant_id = ${a.id}`.execute(trx),
      ),
    );
    expect(code).toBe('42501');
  });

  it("the operator's context sees no tenant's rows", async () => {
    const counts = await withOperator(ctx.db, OPERATOR, async ({ trx }) => {
      const out: Record<string, number> = {};
      for (const table of tables) out[table] = await countAs(trx, table, a.id);
      return out;
    });
    expect(counts).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
  });

  it('the tenant register itself is public to read but only the operator adds to it', async () => {
    expect(await countAs(ctx.db, 'tenant')).toBeGreaterThanOrEqual(2);
    const row = {
      id: newId(),
      slug: 'rls-sneaky',
      kind: 'municipality',
      name: 'Sneaky',
      country: 'CZ',
      time_zone: 'Europe/Prague',
      locale: 'cs',
    };
    expect(await sqlState(withTenant(ctx.db, a.id, OPERATOR, ({ trx }) => insert(trx, 'tenant', row)))).toBe(
      '42501',
    );
    // A's context cannot change B's row (0 rows match), only its own.
    await withTenant(ctx.db, a.id, OPERATOR, ({ trx }) =>
      sql`UPDATE tenant SET name = 'Ukradeno' WHERE id = ${b.id}`.execute(trx),
    );
    const name = await ctx.asSuperuser(
      async (db) =>
        (await sql<{ name: string }>`SELECT name FROM tenant WHERE id = ${b.id}`.execute(db)).rows[0]!.name,
    );
    expect(name).toBe('Obec B');
  });
});

describe('the catalogue: every tenant table is protected', () => {
  interface TableInfo {
    table: string;
    rls: boolean;
    forced: boolean;
    policies: number;
    unbound: number;
  }

  let info: TableInfo[];

  beforeAll(async () => {
    info = await ctx.asSuperuser(async (db) => {
      const r = await sql<TableInfo>`
        SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname) AS policies,
               (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                  AND NOT (coalesce(p.qual, '') LIKE '%app_tenant()%' OR coalesce(p.with_check, '') LIKE '%app_tenant()%')) AS unbound
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute att ON att.attrelid = c.oid AND att.attname = 'tenant_id' AND NOT att.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname`.execute(db);
      return r.rows;
    });
  });

  it('finds the platform tables (the query itself works)', () => {
    expect(info.map((t) => t.table)).toEqual(
      expect.arrayContaining([...Object.keys(ROWS), 'audit_head', 'job']),
    );
  });

  it('every table with a tenant_id has RLS enabled and forced, and policies bound to app_tenant()', () => {
    const offenders = info
      .filter((t) => !(t.table in NOT_TENANT_DATA))
      .filter((t) => !t.rls || !t.forced || t.policies === 0 || t.unbound > 0)
      .map(
        (t) => `${t.table} (rls=${t.rls}, forced=${t.forced}, policies=${t.policies}, unbound=${t.unbound})`,
      );
    expect(offenders).toEqual([]);
  });

  it('every exemption names a table that still exists', () => {
    for (const table of Object.keys(NOT_TENANT_DATA)) expect(info.map((t) => t.table)).toContain(table);
  });
});

describe('the app role', () => {
  it(`requests run as ${APP_ROLE}, which is neither superuser nor BYPASSRLS`, async () => {
    const me = await sql<{ u: string }>`SELECT current_user AS u`.execute(ctx.db);
    expect(me.rows[0]!.u).toBe(APP_ROLE);
    const role = await ctx.asSuperuser(
      async (db) =>
        (
          await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
            SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ${APP_ROLE}`.execute(db)
        ).rows,
    );
    expect(role).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('owns none of the tables (an owner would only be held by FORCE)', async () => {
    const owned = await ctx.asSuperuser(
      async (db) =>
        (
          await sql<{ relname: string }>`
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) = ${APP_ROLE}`.execute(
            db,
          )
        ).rows,
    );
    expect(owned).toEqual([]);
  });
});
