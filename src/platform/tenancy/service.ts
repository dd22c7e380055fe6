/**
 * Use cases of the tenant register and the org-unit tree. Each is one transaction with its
 * audit entries; permissions are checked here, not only in routes.
 */
import { type Kysely, sql } from 'kysely';
import { type AuditEntry, appendAudit } from '../audit/chain.js';
import type { AppContext } from '../context.js';
import { type Actor, type TenantTx, withOperator, withTenant } from '../db/tenant.js';
import type { DB, OrgUnit, Tenant } from '../db/types.js';
import { AppError, invalid, notFound } from '../errors.js';
import { RESERVED_SLUGS } from '../http/app.js';
import type { Locale } from '../i18n/index.js';
import { insertUser, prepareUser } from '../identity/service.js';
import { isUuid, newId } from '../ids.js';
import {
  type AddressInput,
  type CleanTenant,
  type ContactsInput,
  checkOrgUnitFields,
  checkTenant,
  type Issue,
  issue,
  type OfficeHoursInput,
  OPERATOR_FIELDS,
  TENANT_ADMIN_FIELDS,
  type TenantCountry,
  type TenantFields,
  type TenantKind,
  type TenantSettings,
  wouldCreateCycle,
} from './domain.js';
import { checkFirstAdmin, type FirstAdminInput } from './first-admin.js';
import { tenancyPolicy } from './policy.js';

// ---------------------------------------------------------------------------------------------
// Tenants

/** What createTenant takes: the record, and optionally the tenant's first tenant_admin. */
export interface TenantInput extends TenantFields {
  /** Creates this user with the role tenant_admin in the same transaction. */
  admin?: FirstAdminInput | null;
}

/** A partial update; nested objects (address, contacts, settings) merge, null clears a key. */
export interface TenantPatch {
  slug?: string;
  kind?: string;
  name?: string;
  ico?: string | null;
  databoxId?: string | null;
  country?: string;
  timeZone?: string;
  locale?: string;
  address?: AddressInput | null;
  contacts?: ContactsInput | null;
  officeHours?: OfficeHoursInput[] | null;
  settings?: TenantSettings | null;
  parentId?: string | null;
  active?: boolean;
}

/** A tenant as services hand it out (API and pages). */
export interface TenantView {
  id: string;
  slug: string;
  kind: TenantKind;
  name: string;
  /** IČO (CZ) or REGON (PL). */
  ico: string | null;
  databoxId: string | null;
  country: TenantCountry;
  timeZone: string;
  locale: Locale;
  address: { street?: string; city?: string; postcode?: string };
  contacts: { email?: string; phone?: string; web?: string };
  officeHours: OfficeHoursInput[];
  settings: { referenceNumberTemplate?: string } & Record<string, unknown>;
  parentId: string | null;
  active: boolean;
  createdAt: Date;
}

export function toTenantView(t: Tenant): TenantView {
  return {
    id: t.id,
    slug: t.slug,
    kind: t.kind as TenantKind,
    name: t.name,
    ico: t.ico,
    databoxId: t.databox_id,
    country: t.country,
    timeZone: t.time_zone,
    locale: t.locale,
    address: pick(t.address, ['street', 'city', 'postcode']),
    contacts: pick(t.contacts, ['email', 'phone', 'web']),
    officeHours: Array.isArray(t.office_hours) ? t.office_hours : [],
    settings: (t.settings ?? {}) as TenantView['settings'],
    parentId: t.parent_id,
    active: t.active,
    createdAt: t.created_at,
  };
}

function pick<K extends string>(obj: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  const src = (obj ?? {}) as Record<string, unknown>;
  for (const k of keys) if (typeof src[k] === 'string' && src[k]) out[k] = src[k] as string;
  return out;
}

/**
 * Moves a transaction that started as the operator into a tenant's scope (app.tenant_id set
 * transaction-locally): from here on RLS shows that tenant's rows and appendAudit writes to its
 * chain. It lets "create the tenant, record it in both chains, create its admin" be ONE
 * transaction, so a failure anywhere leaves nothing behind.
 */
async function enterTenant(tx: TenantTx, tenantId: string): Promise<TenantTx> {
  await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(tx.trx);
  return { ...tx, tenantId };
}

function fail(issues: Issue[]): never {
  throw invalid(issues);
}

async function loadTenantParents(trx: Kysely<DB>): Promise<Map<string, string | null>> {
  const rows = await trx.selectFrom('tenant').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

/** Checks the parent tenant (exists, not itself or below itself) and a free slug. */
async function checkTenantRelations(
  trx: Kysely<DB>,
  id: string,
  clean: CleanTenant,
  opts: { slugChanged: boolean; parentChanged: boolean },
): Promise<void> {
  const issues: Issue[] = [];
  if (opts.slugChanged) {
    const taken = await trx
      .selectFrom('tenant')
      .select('id')
      .where('slug', '=', clean.slug)
      .executeTakeFirst();
    if (taken && taken.id !== id) issues.push(issue('slug', 'slugTaken'));
  }
  if (opts.parentChanged && clean.parentId) {
    if (!isUuid(clean.parentId)) issues.push(issue('parentId', 'parentUnknown'));
    else if (clean.parentId === id) issues.push(issue('parentId', 'parentSelf'));
    else {
      const parents = await loadTenantParents(trx);
      if (!parents.has(clean.parentId)) issues.push(issue('parentId', 'parentUnknown'));
      else if (wouldCreateCycle(id, clean.parentId, parents)) issues.push(issue('parentId', 'parentCycle'));
    }
  }
  if (issues.length) fail(issues);
}

function tenantRow(clean: CleanTenant, settings: Record<string, unknown>) {
  return {
    slug: clean.slug,
    kind: clean.kind,
    name: clean.name,
    ico: clean.ico,
    databox_id: clean.databoxId,
    country: clean.country,
    time_zone: clean.timeZone,
    locale: clean.locale,
    address: JSON.stringify(clean.address),
    contacts: JSON.stringify(clean.contacts),
    office_hours: JSON.stringify(clean.officeHours),
    settings: JSON.stringify(settings),
    parent_id: clean.parentId,
  };
}

/**
 * Adds a tenant to the register (the hosting operator only). The tenant row, the entry in the
 * operator's chain, the first entry of the tenant's own chain and the optional first
 * tenant_admin are one transaction.
 */
export async function createTenant(ctx: AppContext, actor: Actor, input: TenantInput): Promise<TenantView> {
  tenancyPolicy.require(actor, 'tenant.manage');
  const checked = checkTenant(input, { reservedSlugs: RESERVED_SLUGS });
  const adminIssues = input.admin ? checkFirstAdmin(input.admin) : [];
  if (!checked.ok || adminIssues.length) fail([...(checked.ok ? [] : checked.issues), ...adminIssues]);
  const clean = checked.value;
  const id = newId();
  // Hashing takes a moment and must not hold the transaction (and the operator chain's lock).
  const admin = input.admin
    ? await prepareUser(ctx, id, {
        ...input.admin,
        email: input.admin.email ?? null,
        roles: ['tenant_admin'],
      })
    : null;
  return withOperator(
    ctx.db,
    actor,
    async (tx) => {
      await checkTenantRelations(tx.trx, id, clean, { slugChanged: true, parentChanged: true });
      const row = await tx.trx
        .insertInto('tenant')
        .values({ id, ...tenantRow(clean, clean.settings as Record<string, unknown>) })
        .returningAll()
        .executeTakeFirstOrThrow();
      const summary = {
        slug: clean.slug,
        name: clean.name,
        kind: clean.kind,
        ico: clean.ico,
        country: clean.country,
      };
      await appendAudit(tx, { eventType: 'Zalozeni', objectType: 'Subjekt', objectId: id, params: summary });
      const ttx = await enterTenant(tx, id);
      await appendAudit(ttx, {
        eventType: 'Zalozeni',
        objectType: 'Subjekt',
        objectId: id,
        params: { ...summary, record: auditRecord(clean) },
      });
      if (admin) await insertUser(ttx, admin);
      return toTenantView(row);
    },
    { now: ctx.clock.now() },
  );
}

function auditRecord(clean: CleanTenant): Record<string, unknown> {
  return {
    databoxId: clean.databoxId,
    timeZone: clean.timeZone,
    locale: clean.locale,
    address: clean.address,
    contacts: clean.contacts,
    officeHours: clean.officeHours,
    settings: clean.settings,
    parentId: clean.parentId,
  };
}

/** Applies an RFC 7386-style merge: keys of the patch win, null or '' removes a key. */
function mergeObject<T extends object>(current: T, patch: object | null | undefined): T {
  if (patch === undefined) return current;
  if (patch === null) return {} as T;
  const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as T;
}

function currentFields(t: TenantView): TenantFields {
  return {
    slug: t.slug,
    kind: t.kind,
    name: t.name,
    ico: t.ico,
    databoxId: t.databoxId,
    country: t.country,
    timeZone: t.timeZone,
    locale: t.locale,
    address: t.address,
    contacts: t.contacts,
    officeHours: t.officeHours,
    settings: { referenceNumberTemplate: (t.settings.referenceNumberTemplate as string | undefined) ?? null },
    parentId: t.parentId,
  };
}

/**
 * Changes a tenant. The operator may change every field; the tenant's own tenant_admin only
 * its public information (TENANT_ADMIN_FIELDS). Another tenant is "not found" for a tenant admin.
 */
export async function updateTenant(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  patch: TenantPatch,
): Promise<TenantView> {
  const asOperator = tenancyPolicy.can(actor, 'tenant.manage');
  if (!isUuid(tenantId)) throw notFound('The tenant');
  if (!asOperator && actor.tenantId !== tenantId) throw notFound('The tenant');
  const given = (Object.keys(patch) as (keyof TenantPatch)[]).filter((k) => patch[k] !== undefined);
  const allowed: readonly string[] = asOperator ? OPERATOR_FIELDS : TENANT_ADMIN_FIELDS;
  const refused = given.filter((k) => !allowed.includes(k));
  if (refused.length) {
    throw new AppError('forbidden', `Only the hosting operator may change: ${refused.join(', ')}.`);
  }
  tenancyPolicy.require(actor, 'tenant.publicInfo', { tenantId });

  const run = async (tx: TenantTx): Promise<TenantView> => {
    const currentRow = await tx.trx
      .selectFrom('tenant')
      .selectAll()
      .where('id', '=', tenantId)
      .forUpdate()
      .executeTakeFirst();
    if (!currentRow) throw notFound('The tenant');
    const current = toTenantView(currentRow);
    const base = currentFields(current);
    const merged: TenantFields = {
      ...base,
      ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.ico !== undefined ? { ico: patch.ico } : {}),
      ...(patch.databoxId !== undefined ? { databoxId: patch.databoxId } : {}),
      ...(patch.country !== undefined ? { country: patch.country } : {}),
      ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
      ...(patch.officeHours !== undefined ? { officeHours: patch.officeHours ?? [] } : {}),
      address: mergeObject(base.address ?? {}, patch.address),
      contacts: mergeObject(base.contacts ?? {}, patch.contacts),
      settings: mergeObject(base.settings ?? {}, patch.settings),
    };
    const checked = checkTenant(merged, { reservedSlugs: RESERVED_SLUGS });
    if (!checked.ok) fail(checked.issues);
    const clean = checked.value;
    await checkTenantRelations(tx.trx, tenantId, clean, {
      slugChanged: clean.slug !== current.slug,
      parentChanged: clean.parentId !== current.parentId,
    });
    // Settings keep keys other areas put there; only the ones tenancy knows are replaced.
    const settings: Record<string, unknown> = { ...current.settings };
    delete settings.referenceNumberTemplate;
    Object.assign(settings, clean.settings);
    const active = patch.active ?? current.active;
    const after = toTenantView({ ...currentRow, ...rowAsTenant(clean, settings), active });
    const changes = diff(current, after);
    if (Object.keys(changes).length === 0) return current;
    const row = await tx.trx
      .updateTable('tenant')
      .set({ ...tenantRow(clean, settings), active })
      .where('id', '=', tenantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const entry: AuditEntry = {
      eventType: 'Uprava',
      objectType: 'Subjekt',
      objectId: tenantId,
      params: { changes },
    };
    if (asOperator) {
      await appendAudit(tx, entry);
      await appendAudit(await enterTenant(tx, tenantId), entry);
    } else {
      await appendAudit(tx, entry);
    }
    return toTenantView(row);
  };
  const opts = { now: ctx.clock.now() };
  return asOperator ? withOperator(ctx.db, actor, run, opts) : withTenant(ctx.db, tenantId, actor, run, opts);
}

function rowAsTenant(clean: CleanTenant, settings: Record<string, unknown>): Partial<Tenant> {
  return {
    slug: clean.slug,
    kind: clean.kind,
    name: clean.name,
    ico: clean.ico,
    databox_id: clean.databoxId,
    country: clean.country,
    time_zone: clean.timeZone,
    locale: clean.locale,
    address: clean.address,
    contacts: clean.contacts,
    office_hours: clean.officeHours,
    settings,
    parent_id: clean.parentId,
  };
}

const DIFF_KEYS = [
  'slug',
  'kind',
  'name',
  'ico',
  'databoxId',
  'country',
  'timeZone',
  'locale',
  'address',
  'contacts',
  'officeHours',
  'settings',
  'parentId',
  'active',
] as const satisfies readonly (keyof TenantView)[];

/** The fields whose value changed, with their new value (what the audit entry records). */
function diff(before: TenantView, after: TenantView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DIFF_KEYS) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = after[k];
  }
  return out;
}

/** The whole register with inactive tenants (the operator's view). */
export async function listTenants(ctx: AppContext, actor: Actor): Promise<TenantView[]> {
  tenancyPolicy.require(actor, 'tenant.manage');
  const rows = await ctx.db.selectFrom('tenant').selectAll().orderBy('name').execute();
  return rows.map(toTenantView);
}

/** Active tenants, for the platform's public home page. The register is public data. */
export async function listPublicTenants(ctx: AppContext): Promise<TenantView[]> {
  const rows = await ctx.db
    .selectFrom('tenant')
    .selectAll()
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  return rows.map(toTenantView);
}

/** One tenant: the operator may read any, a tenant's own people theirs; anything else is 404. */
export async function getTenant(ctx: AppContext, actor: Actor, tenantId: string): Promise<TenantView> {
  if (!isUuid(tenantId)) throw notFound('The tenant');
  if (!tenancyPolicy.can(actor, 'tenant.read', { tenantId })) throw notFound('The tenant');
  const row = await ctx.db.selectFrom('tenant').selectAll().where('id', '=', tenantId).executeTakeFirst();
  if (!row) throw notFound('The tenant');
  return toTenantView(row);
}

/** A tenant by id (active or not); null when there is none. Public data. */
export async function getTenantById(ctx: AppContext, id: string): Promise<TenantView | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.selectFrom('tenant').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTenantView(row) : null;
}

/** Looks a tenant up by its slug (active or not); null when there is none. Public data. */
export async function getTenantBySlug(ctx: AppContext, slug: string): Promise<TenantView | null> {
  if (!/^[a-z0-9-]{1,50}$/.test(slug)) return null;
  const row = await ctx.db.selectFrom('tenant').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toTenantView(row) : null;
}

// ---------------------------------------------------------------------------------------------
// Org units (odbory, spisové uzly)

export interface OrgUnitView {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  isRecordsPoint: boolean;
  active: boolean;
  createdAt: Date;
}

export interface OrgUnitInput {
  code: string;
  name: string;
  parentId?: string | null;
  isRecordsPoint?: boolean;
}

export interface OrgUnitPatch {
  code?: string;
  name?: string;
  /** Moves the unit; null makes it a top-level unit. */
  parentId?: string | null;
  isRecordsPoint?: boolean;
  /** false deactivates (only without active sub-units), true reactivates (only under an active parent). */
  active?: boolean;
}

export function toOrgUnitView(u: OrgUnit): OrgUnitView {
  return {
    id: u.id,
    parentId: u.parent_id,
    code: u.code,
    name: u.name,
    isRecordsPoint: u.is_records_point,
    active: u.active,
    createdAt: u.created_at,
  };
}

function requireTenantId(tenantId: string | null | undefined): string {
  if (!tenantId || !isUuid(tenantId)) throw new AppError('forbidden', 'This action needs a tenant.');
  return tenantId;
}

export async function listOrgUnits(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  opts: { includeInactive?: boolean } = {},
): Promise<OrgUnitView[]> {
  const tid = requireTenantId(tenantId);
  tenancyPolicy.require(actor, 'orgUnit.read', { tenantId: tid });
  return withTenant(ctx.db, tid, actor, async ({ trx }) => {
    let q = trx.selectFrom('org_unit').selectAll().orderBy('name');
    if (!opts.includeInactive) q = q.where('active', '=', true);
    return (await q.execute()).map(toOrgUnitView);
  });
}

export async function getOrgUnit(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  id: string,
): Promise<OrgUnitView> {
  const tid = requireTenantId(tenantId);
  tenancyPolicy.require(actor, 'orgUnit.read', { tenantId: tid });
  if (!isUuid(id)) throw notFound('The org unit');
  return withTenant(ctx.db, tid, actor, async ({ trx }) => {
    const row = await trx.selectFrom('org_unit').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('The org unit');
    return toOrgUnitView(row);
  });
}

/**
 * The tenant's whole tree, row-locked: concurrent moves queue behind each other, so two moves
 * that are each fine alone cannot together close a cycle.
 */
async function lockTree(tx: TenantTx): Promise<OrgUnit[]> {
  return tx.trx.selectFrom('org_unit').selectAll().forUpdate().execute();
}

function checkParent(issues: Issue[], units: readonly OrgUnit[], id: string, parentId: string | null): void {
  if (parentId === null) return;
  const parent = isUuid(parentId) ? units.find((u) => u.id === parentId) : undefined;
  if (!parent) issues.push(issue('parentId', 'parentUnknown'));
  else if (parent.id === id) issues.push(issue('parentId', 'parentSelf'));
  else if (wouldCreateCycle(id, parentId, new Map(units.map((u) => [u.id, u.parent_id])))) {
    issues.push(issue('parentId', 'parentCycle'));
  } else if (!parent.active) issues.push(issue('parentId', 'parentInactive'));
}

export async function createOrgUnit(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  input: OrgUnitInput,
): Promise<OrgUnitView> {
  const tid = requireTenantId(tenantId);
  tenancyPolicy.require(actor, 'orgUnit.manage', { tenantId: tid });
  const checked = checkOrgUnitFields(input);
  const issues: Issue[] = checked.ok ? [] : checked.issues;
  const id = newId();
  return withTenant(
    ctx.db,
    tid,
    actor,
    async (tx) => {
      const units = await lockTree(tx);
      const parentId = input.parentId || null;
      checkParent(issues, units, id, parentId);
      if (checked.ok && units.some((u) => u.code === checked.value.code))
        issues.push(issue('code', 'codeTaken'));
      if (issues.length || !checked.ok) fail(issues);
      const row = await tx.trx
        .insertInto('org_unit')
        .values({
          id,
          tenant_id: tid,
          parent_id: parentId,
          code: checked.value.code,
          name: checked.value.name,
          is_records_point: input.isRecordsPoint ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'OrganizacniJednotka',
        objectId: id,
        params: { code: row.code, name: row.name, parentId, isRecordsPoint: row.is_records_point },
      });
      return toOrgUnitView(row);
    },
    { now: ctx.clock.now() },
  );
}

/** Rename, re-code, move, flag as records point, deactivate or reactivate, in one use case. */
export async function updateOrgUnit(
  ctx: AppContext,
  actor: Actor,
  tenantId: string | null,
  id: string,
  patch: OrgUnitPatch,
): Promise<OrgUnitView> {
  const tid = requireTenantId(tenantId);
  tenancyPolicy.require(actor, 'orgUnit.manage', { tenantId: tid });
  if (!isUuid(id)) throw notFound('The org unit');
  return withTenant(
    ctx.db,
    tid,
    actor,
    async (tx) => {
      const units = await lockTree(tx);
      const current = units.find((u) => u.id === id);
      if (!current) throw notFound('The org unit');
      const checked = checkOrgUnitFields({
        code: patch.code ?? current.code,
        name: patch.name ?? current.name,
      });
      const issues: Issue[] = checked.ok ? [] : checked.issues;
      const parentId = patch.parentId === undefined ? current.parent_id : patch.parentId || null;
      const active = patch.active ?? current.active;
      if (parentId !== current.parent_id) checkParent(issues, units, id, parentId);
      if (checked.ok && units.some((u) => u.id !== id && u.code === checked.value.code)) {
        issues.push(issue('code', 'codeTaken'));
      }
      if (!active && current.active && units.some((u) => u.parent_id === id && u.active)) {
        issues.push(issue('active', 'hasActiveChildren'));
      }
      if (active && !current.active && parentId && parentId === current.parent_id) {
        const parent = units.find((u) => u.id === parentId);
        if (parent && !parent.active) issues.push(issue('parentId', 'parentInactive'));
      }
      if (issues.length || !checked.ok) fail(issues);
      const next = {
        code: checked.value.code,
        name: checked.value.name,
        parent_id: parentId,
        is_records_point: patch.isRecordsPoint ?? current.is_records_point,
        active,
      };
      const changes: Record<string, unknown> = {};
      if (next.code !== current.code) changes.code = next.code;
      if (next.name !== current.name) changes.name = next.name;
      if (next.parent_id !== current.parent_id) changes.parentId = next.parent_id;
      if (next.is_records_point !== current.is_records_point) changes.isRecordsPoint = next.is_records_point;
      if (next.active !== current.active) changes.active = next.active;
      if (Object.keys(changes).length === 0) return toOrgUnitView(current);
      const row = await tx.trx
        .updateTable('org_unit')
        .set(next)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(tx, {
        // NSESSS "Zruseni" for a deactivation; every other change is an "Uprava".
        eventType: changes.active === false ? 'Zruseni' : 'Uprava',
        objectType: 'OrganizacniJednotka',
        objectId: id,
        params: { changes },
      });
      return toOrgUnitView(row);
    },
    { now: ctx.clock.now() },
  );
}
