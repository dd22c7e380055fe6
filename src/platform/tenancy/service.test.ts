import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { verifyChain } from '../audit/chain.js';
import { type Actor, OPERATOR_SCOPE, SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { useTestHashing } from '../identity/password.js';
import {
  createOrgUnit,
  createTenant,
  getOrgUnit,
  getTenant,
  listOrgUnits,
  listTenants,
  type TenantInput,
  type TenantView,
  updateOrgUnit,
  updateTenant,
} from './service.js';

const OPERATOR: Actor = {
  userId: null,
  label: 'test operator',
  roles: ['operator'],
  tenantId: null,
  kind: 'operator',
};
const GOOD_PASSWORD = 'Modrá-Konvice-73';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  useTestHashing(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

function userOf(tenant: TenantView, roles: string[], label = 'someone'): Actor {
  return { userId: null, label, roles, tenantId: tenant.id, kind: 'user' };
}

/** Rows as the superuser sees them, past row-level security. */
async function count(table: string, where = 'true'): Promise<number> {
  return ctx.asSuperuser(async (db) => {
    const r = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(db);
    return Number(r.rows[0]!.n);
  });
}

async function chain(scope: string) {
  return ctx.asSuperuser(async (db) => {
    const r = await sql<{
      seq: number;
      event_type: string;
      object_type: string;
      object_id: string | null;
      params: unknown;
    }>`
      SELECT seq, event_type, object_type, object_id, params FROM audit_event WHERE tenant_id = ${scope} ORDER BY seq`.execute(
      db,
    );
    return r.rows.map((x) => ({ ...x, seq: Number(x.seq) }));
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

function fields(e: AppError): string[] {
  return e.fields.map((f) => `${f.field}:${(f as { code?: string }).code}`);
}

const hlucin: TenantInput = {
  slug: 'hlucin',
  kind: 'orp',
  name: 'Město Hlučín',
  ico: '00300063',
  databoxId: 'hlcbs7h',
  country: 'CZ',
  address: { street: 'Mírové náměstí 24/23', city: 'Hlučín', postcode: '748 01' },
  contacts: { email: 'podatelna@hlucin.cz', phone: '+420 595 020 211', web: 'https://www.hlucin.cz' },
  officeHours: [
    { days: 'Po, St', hours: '8:00–17:00' },
    { days: 'Út, Čt', hours: '8:00–14:00' },
  ],
  settings: { referenceNumberTemplate: 'MUHL/{seq}/{year}' },
  admin: {
    username: 'spravce',
    displayName: 'Jana Správcová',
    email: 'spravce@hlucin.cz',
    password: GOOD_PASSWORD,
  },
};

describe('createTenant', () => {
  let created: TenantView;

  beforeAll(async () => {
    created = await createTenant(ctx, OPERATOR, hlucin);
  });

  it('stores the normalised record', () => {
    expect(created).toMatchObject({
      slug: 'hlucin',
      kind: 'orp',
      name: 'Město Hlučín',
      ico: '00300063',
      databoxId: 'hlcbs7h',
      country: 'CZ',
      timeZone: 'Europe/Prague',
      locale: 'cs',
      officeHours: hlucin.officeHours,
      settings: { referenceNumberTemplate: 'MUHL/{seq}/{year}' },
      active: true,
    });
  });

  it("creates the first tenant_admin inside the tenant, recorded in the tenant's chain", async () => {
    const users = await withTenant(ctx.db, created.id, OPERATOR, ({ trx }) =>
      trx.selectFrom('app_user').select(['username', 'roles', 'tenant_id']).execute(),
    );
    expect(users).toEqual([{ username: 'spravce', roles: ['tenant_admin'], tenant_id: created.id }]);
    const entries = await chain(created.id);
    expect(entries.map((e) => `${e.seq}:${e.event_type}:${e.object_type}`)).toEqual([
      '1:Zalozeni:Subjekt',
      '2:Zalozeni:Osoba',
    ]);
    expect(entries[0]!.object_id).toBe(created.id);
  });

  it("records the creation in the operator's chain too, and both chains verify", async () => {
    const op = await chain(OPERATOR_SCOPE);
    expect(
      op.filter((e) => e.object_id === created.id).map((e) => `${e.event_type}:${e.object_type}`),
    ).toEqual(['Zalozeni:Subjekt']);
    expect((await verifyChain(ctx.db, created.id)).ok).toBe(true);
    expect((await verifyChain(ctx.db, OPERATOR_SCOPE)).ok).toBe(true);
  });

  it('the platform itself (the demo seed, the CLI) may create tenants', async () => {
    const t = await createTenant(ctx, SYSTEM_ACTOR, {
      slug: 'seeded',
      kind: 'school',
      name: 'ZŠ Seed',
      country: 'CZ',
    });
    expect((await chain(OPERATOR_SCOPE)).filter((e) => e.object_id === t.id)).toHaveLength(1);
  });

  it('a Polish tenant defaults to Polish and Warsaw time and takes a REGON', async () => {
    const pl = await createTenant(ctx, OPERATOR, {
      slug: 'przykladowo',
      kind: 'municipality',
      name: 'Gmina Przykładowo',
      ico: '123456785',
      country: 'PL',
    });
    expect(pl).toMatchObject({ locale: 'pl', timeZone: 'Europe/Warsaw', ico: '123456785' });
  });

  it.each<[string, Partial<TenantInput>, string[]]>([
    ['duplicate slug', { slug: 'hlucin' }, ['slug:slugTaken']],
    ['reserved slug', { slug: 'api' }, ['slug:slugReserved']],
    ['IČO with a wrong check digit', { ico: '00300064' }, ['ico:ico']],
    [
      'an admin whose password is too short',
      { admin: { username: 'admin2', displayName: 'X Y', password: 'Krátké1' } },
      ['admin.password:tooShort'],
    ],
    [
      'an unknown parent tenant',
      { parentId: '0190d9a0-0000-7000-8000-000000000000' },
      ['parentId:parentUnknown'],
    ],
  ])('%s: refused with field errors, and nothing is left behind', async (_case, change, expected) => {
    const tenantsBefore = await count('tenant');
    const auditBefore = await count('audit_event');
    const usersBefore = await count('app_user');
    const e = await refusal(createTenant(ctx, OPERATOR, { ...hlucin, slug: 'nova-obec', ...change }));
    expect(e.status).toBe(422);
    expect(fields(e)).toEqual(expected);
    expect(await count('tenant')).toBe(tenantsBefore);
    expect(await count('audit_event')).toBe(auditBefore);
    expect(await count('app_user')).toBe(usersBefore);
  });

  it('a failure after the tenant row was written rolls back the row, both audit entries and the admin', async () => {
    // The admin insert (the last step) fails for this one user name; everything before it ran.
    await ctx.asSuperuser(async (db) => {
      await sql`CREATE FUNCTION test_refuse_user() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.username = 'boom' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`.execute(
        db,
      );
      await sql`CREATE TRIGGER test_refuse_user BEFORE INSERT ON app_user FOR EACH ROW EXECUTE FUNCTION test_refuse_user()`.execute(
        db,
      );
    });
    try {
      const auditBefore = await count('audit_event');
      const headsBefore = await count('audit_head');
      await expect(
        createTenant(ctx, OPERATOR, {
          ...hlucin,
          slug: 'doomed',
          admin: { username: 'boom', displayName: 'Boom', password: GOOD_PASSWORD },
        }),
      ).rejects.toThrow();
      expect(await count('tenant', "slug = 'doomed'")).toBe(0);
      expect(await count('audit_event')).toBe(auditBefore);
      expect(await count('audit_head')).toBe(headsBefore);
      expect((await verifyChain(ctx.db, OPERATOR_SCOPE)).ok).toBe(true);
    } finally {
      await ctx.asSuperuser(async (db) => {
        await sql`DROP TRIGGER test_refuse_user ON app_user`.execute(db);
        await sql`DROP FUNCTION test_refuse_user()`.execute(db);
      });
    }
  });

  it.each<[string, (t: TenantView) => Actor]>([
    ['a tenant_admin', (t) => userOf(t, ['tenant_admin'])],
    ['a handler', (t) => userOf(t, ['handler'])],
    ['a user claiming the operator role', (t) => userOf(t, ['operator'])],
    [
      'an anonymous visitor',
      () => ({ userId: null, label: 'public', roles: [], tenantId: null, kind: 'public' }),
    ],
  ])('%s cannot create tenants (403) or list the register', async (_case, make) => {
    const actor = make(created);
    const before = await count('tenant');
    expect((await refusal(createTenant(ctx, actor, { ...hlucin, slug: 'sneaky', admin: null }))).status).toBe(
      403,
    );
    expect((await refusal(listTenants(ctx, actor))).status).toBe(403);
    expect(await count('tenant')).toBe(before);
  });
});

describe('updateTenant', () => {
  let a: TenantView;
  let b: TenantView;
  let orp: TenantView;

  beforeAll(async () => {
    orp = await createTenant(ctx, OPERATOR, {
      slug: 'orp-town',
      kind: 'orp',
      name: 'Město ORP',
      country: 'CZ',
    });
    a = await createTenant(ctx, OPERATOR, {
      slug: 'obec-a',
      kind: 'municipality',
      name: 'Obec A',
      country: 'CZ',
      parentId: orp.id,
      contacts: { email: 'a@obec-a.cz', phone: '+420 111 222 333' },
    });
    b = await createTenant(ctx, OPERATOR, {
      slug: 'obec-b',
      kind: 'municipality',
      name: 'Obec B',
      country: 'CZ',
    });
  });

  it("lets the tenant's admin change public information; contacts merge and null clears", async () => {
    const updated = await updateTenant(ctx, userOf(a, ['tenant_admin']), a.id, {
      contacts: { phone: null, web: 'https://www.obec-a.cz' },
      officeHours: [{ days: 'Po', hours: '8–12' }],
      databoxId: 'abc1234',
    });
    expect(updated.contacts).toEqual({ email: 'a@obec-a.cz', web: 'https://www.obec-a.cz' });
    expect(updated.officeHours).toEqual([{ days: 'Po', hours: '8–12' }]);
    expect(updated.databoxId).toBe('abc1234');
    const last = (await chain(a.id)).at(-1)!;
    expect(last).toMatchObject({ event_type: 'Uprava', object_type: 'Subjekt', object_id: a.id });
    expect(Object.keys((last.params as { changes: object }).changes).sort()).toEqual([
      'contacts',
      'databoxId',
      'officeHours',
    ]);
    // A tenant admin's edit is the tenant's business: it is not in the operator's chain.
    const op = await chain(OPERATOR_SCOPE);
    expect(op.filter((e) => e.object_id === a.id && e.event_type === 'Uprava')).toEqual([]);
  });

  it.each<[string, object]>([
    ['name', { name: 'Obec Áčko' }],
    ['slug', { slug: 'acko' }],
    ['IČO', { ico: '00300063' }],
    ['active', { active: false }],
  ])("refuses a tenant admin's change of %s (403) and changes nothing", async (_case, patch) => {
    const before = await getTenant(ctx, userOf(a, ['tenant_admin']), a.id);
    const e = await refusal(updateTenant(ctx, userOf(a, ['tenant_admin']), a.id, patch));
    expect(e.status).toBe(403);
    expect(await getTenant(ctx, userOf(a, ['tenant_admin']), a.id)).toEqual(before);
  });

  it('a tenant admin gets 404 for another tenant and cannot touch it', async () => {
    const e = await refusal(
      updateTenant(ctx, userOf(a, ['tenant_admin']), b.id, { contacts: { email: 'x@evil.cz' } }),
    );
    expect(e.status).toBe(404);
    expect((await refusal(getTenant(ctx, userOf(a, ['tenant_admin']), b.id))).status).toBe(404);
    const fresh = await getTenant(ctx, OPERATOR, b.id);
    expect(fresh.contacts).toEqual({});
  });

  it('a handler of the tenant may read it but not change it (403)', async () => {
    expect((await getTenant(ctx, userOf(a, ['handler']), a.id)).slug).toBe('obec-a');
    expect((await refusal(updateTenant(ctx, userOf(a, ['handler']), a.id, { contacts: {} }))).status).toBe(
      403,
    );
  });

  it("the operator may change everything; the change lands in the operator's and the tenant's chain", async () => {
    const updated = await updateTenant(ctx, OPERATOR, b.id, {
      name: 'Obec Béčko',
      ico: '00064581',
      kind: 'town',
    });
    expect(updated).toMatchObject({ name: 'Obec Béčko', ico: '00064581', kind: 'town' });
    const op = (await chain(OPERATOR_SCOPE)).filter((e) => e.object_id === b.id).map((e) => e.event_type);
    expect(op).toEqual(['Zalozeni', 'Uprava']);
    expect((await chain(b.id)).map((e) => e.event_type)).toEqual(['Zalozeni', 'Uprava']);
    expect((await verifyChain(ctx.db, b.id)).ok).toBe(true);
  });

  it('keeps settings that other areas stored and validates the template', async () => {
    await ctx.asSuperuser((db) =>
      sql`UPDATE tenant SET settings = settings || '{"records":{"retention":10}}'::jsonb WHERE id = ${b.id}`.execute(
        db,
      ),
    );
    const updated = await updateTenant(ctx, OPERATOR, b.id, {
      settings: { referenceNumberTemplate: 'OUB/{seq}/{year}' },
    });
    expect(updated.settings).toEqual({
      records: { retention: 10 },
      referenceNumberTemplate: 'OUB/{seq}/{year}',
    });
    const e = await refusal(
      updateTenant(ctx, OPERATOR, b.id, { settings: { referenceNumberTemplate: 'OUB/{year}' } }),
    );
    expect(fields(e)).toEqual(['settings.referenceNumberTemplate:template']);
  });

  it('an update that changes nothing writes no audit entry', async () => {
    const before = (await chain(b.id)).length;
    await updateTenant(ctx, OPERATOR, b.id, { name: 'Obec Béčko' });
    expect((await chain(b.id)).length).toBe(before);
  });

  it.each<[string, () => [string, string | null], string]>([
    ['its own parent', () => [orp.id, orp.id], 'parentId:parentSelf'],
    ['below its own child', () => [orp.id, a.id], 'parentId:parentCycle'],
  ])('refuses to make a tenant %s', async (_case, make, expected) => {
    const [id, parentId] = make();
    expect(fields(await refusal(updateTenant(ctx, OPERATOR, id, { parentId })))).toEqual([expected]);
  });

  it('a Czech IČO is refused when the operator switches the tenant to Poland', async () => {
    const e = await refusal(updateTenant(ctx, OPERATOR, b.id, { country: 'PL', databoxId: null }));
    expect(fields(e)).toEqual(['ico:regon']);
  });
});

describe('org units', () => {
  let t: TenantView;
  let other: TenantView;
  let admin: Actor;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTenant(ctx, OPERATOR, {
      slug: 'units-town',
      kind: 'town',
      name: 'Město Útvary',
      country: 'CZ',
    });
    other = await createTenant(ctx, OPERATOR, {
      slug: 'units-other',
      kind: 'town',
      name: 'Jiné město',
      country: 'CZ',
    });
    admin = userOf(t, ['tenant_admin']);
    // OVV ─ POD
    //     └ MAT ─ MAT1
    // FO
    const make = async (code: string, parent: string | null, isRecordsPoint = false) => {
      ids[code] = (
        await createOrgUnit(ctx, admin, t.id, {
          code,
          name: `Útvar ${code}`,
          parentId: parent ? ids[parent]! : null,
          isRecordsPoint,
        })
      ).id;
    };
    await make('OVV', null);
    await make('POD', 'OVV', true);
    await make('MAT', 'OVV');
    await make('MAT1', 'MAT');
    await make('FO', null);
  });

  it('lists the tree of the own tenant, recorded in its chain', async () => {
    const units = await listOrgUnits(ctx, userOf(t, ['handler']), t.id);
    expect(units.map((u) => u.code).sort()).toEqual(['FO', 'MAT', 'MAT1', 'OVV', 'POD']);
    expect(units.find((u) => u.code === 'POD')).toMatchObject({ parentId: ids.OVV, isRecordsPoint: true });
    const created = (await chain(t.id)).filter((e) => e.object_type === 'OrganizacniJednotka');
    expect(created.map((e) => e.event_type)).toEqual(Array(5).fill('Zalozeni'));
  });

  it.each<[string, string, string, string]>([
    ['under itself', 'OVV', 'OVV', 'parentId:parentSelf'],
    ['under its child', 'OVV', 'MAT', 'parentId:parentCycle'],
    ['under its grandchild', 'OVV', 'MAT1', 'parentId:parentCycle'],
  ])('refuses a move %s (cycle)', async (_case, unit, parent, expected) => {
    const e = await refusal(updateOrgUnit(ctx, admin, t.id, ids[unit]!, { parentId: ids[parent]! }));
    expect(e.status).toBe(422);
    expect(fields(e)).toEqual([expected]);
    expect((await getOrgUnit(ctx, admin, t.id, ids[unit]!)).parentId).toBe(null);
  });

  it('moves and renames a unit', async () => {
    const moved = await updateOrgUnit(ctx, admin, t.id, ids.MAT!, { parentId: ids.FO!, name: 'Matrika' });
    expect(moved).toMatchObject({ parentId: ids.FO, name: 'Matrika' });
    const last = (await chain(t.id)).at(-1)!;
    expect(last).toMatchObject({
      event_type: 'Uprava',
      object_id: ids.MAT,
      params: { changes: { parentId: ids.FO, name: 'Matrika' } },
    });
    await updateOrgUnit(ctx, admin, t.id, ids.MAT!, { parentId: ids.OVV! });
  });

  it('keeps codes unique per tenant, not across tenants', async () => {
    const e = await refusal(createOrgUnit(ctx, admin, t.id, { code: 'OVV', name: 'Zase OVV' }));
    expect(fields(e)).toEqual(['code:codeTaken']);
    const elsewhere = await createOrgUnit(ctx, userOf(other, ['tenant_admin']), other.id, {
      code: 'OVV',
      name: 'OVV jinde',
    });
    expect(elsewhere.code).toBe('OVV');
    expect(fields(await refusal(updateOrgUnit(ctx, admin, t.id, ids.FO!, { code: 'POD' })))).toEqual([
      'code:codeTaken',
    ]);
  });

  it('deactivates only units without active sub-units, and not under a deactivated parent', async () => {
    expect(fields(await refusal(updateOrgUnit(ctx, admin, t.id, ids.MAT!, { active: false })))).toEqual([
      'active:hasActiveChildren',
    ]);
    const gone = await updateOrgUnit(ctx, admin, t.id, ids.MAT1!, { active: false });
    expect(gone.active).toBe(false);
    expect((await chain(t.id)).at(-1)).toMatchObject({ event_type: 'Zruseni', object_id: ids.MAT1 });
    expect((await listOrgUnits(ctx, admin, t.id)).map((u) => u.code)).not.toContain('MAT1');
    expect((await listOrgUnits(ctx, admin, t.id, { includeInactive: true })).map((u) => u.code)).toContain(
      'MAT1',
    );
    const e = await refusal(
      createOrgUnit(ctx, admin, t.id, { code: 'X', name: 'Pod zrušeným', parentId: ids.MAT1! }),
    );
    expect(fields(e)).toEqual(['parentId:parentInactive']);
  });

  it("another tenant's admin gets 404 for these units and sees none of them", async () => {
    const stranger = userOf(other, ['tenant_admin']);
    expect((await refusal(getOrgUnit(ctx, stranger, other.id, ids.OVV!))).status).toBe(404);
    expect(
      (await refusal(updateOrgUnit(ctx, stranger, other.id, ids.OVV!, { name: 'Ukradeno' }))).status,
    ).toBe(404);
    expect((await listOrgUnits(ctx, stranger, other.id)).map((u) => u.code)).toEqual(['OVV']);
    // Naming the other tenant directly is refused before any query.
    expect((await refusal(listOrgUnits(ctx, stranger, t.id))).status).toBe(403);
    expect((await getOrgUnit(ctx, admin, t.id, ids.OVV!)).name).toBe('Útvar OVV');
  });

  it('a handler may read the tree but not change it', async () => {
    const handler = userOf(t, ['handler']);
    expect((await refusal(createOrgUnit(ctx, handler, t.id, { code: 'H', name: 'H' }))).status).toBe(403);
    expect((await refusal(updateOrgUnit(ctx, handler, t.id, ids.FO!, { name: 'H' }))).status).toBe(403);
  });

  it('refuses a parent from another tenant as unknown', async () => {
    const foreign = (await listOrgUnits(ctx, userOf(other, ['tenant_admin']), other.id))[0]!;
    const e = await refusal(createOrgUnit(ctx, admin, t.id, { code: 'Y', name: 'Y', parentId: foreign.id }));
    expect(fields(e)).toEqual(['parentId:parentUnknown']);
  });
});
