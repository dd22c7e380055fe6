/**
 * The new tenant's first tenant_admin, created inside createTenant's transaction.
 *
 * identity's createUser() opens its own transaction, which cannot see (or roll back with) the
 * tenant row that is not committed yet. So the account is checked and its password hashed with
 * identity's own rules before the transaction (hashing holds no lock and no connection), and
 * inserted inside it. The insert and its audit entry mirror createUser(); if identity grows a
 * transaction-level variant, this file should call that instead.
 */
import { appendAudit } from '../audit/chain.js';
import type { AppContext } from '../context.js';
import type { TenantTx } from '../db/tenant.js';
import { checkPassword, hashParamsFor, hashPassword } from '../identity/password.js';
import { checkUsername, cleanUserFields } from '../identity/rules.js';
import { newId } from '../ids.js';
import type { Issue } from './domain.js';

// identity's rules only ask whether the scope is a tenant (non-null) or the operator's.
const A_TENANT = 'new-tenant';

export interface FirstAdminInput {
  username: string;
  displayName: string;
  email?: string | null;
  /** Initial password; it must pass identity's password policy. */
  password: string;
}

export interface PreparedAdmin {
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
}

/** Field errors carry the prefix `admin.` so forms and API clients see which part is wrong. */
export function checkFirstAdmin(input: FirstAdminInput): Issue[] {
  const u = checkUsername(input.username ?? '');
  const fields = cleanUserFields(
    { displayName: input.displayName ?? '', email: input.email ?? null, roles: ['tenant_admin'] },
    A_TENANT,
  );
  return [
    ...u.issues,
    ...fields.issues,
    ...checkPassword(input.password ?? '', { username: u.username }),
  ].map((i) => ({ ...i, field: `admin.${i.field}` }) as Issue);
}

/** Hashes the password; call only after checkFirstAdmin() found nothing. */
export async function prepareFirstAdmin(ctx: AppContext, input: FirstAdminInput): Promise<PreparedAdmin> {
  const u = checkUsername(input.username);
  const fields = cleanUserFields({ displayName: input.displayName, email: input.email ?? null }, A_TENANT);
  return {
    username: u.username,
    displayName: fields.value.displayName!,
    email: fields.value.email ?? null,
    passwordHash: await hashPassword(input.password, hashParamsFor(ctx)),
  };
}

/** Inserts the account in the tenant scope of `tx` and records it in the tenant's chain. */
export async function insertFirstAdmin(tx: TenantTx, admin: PreparedAdmin): Promise<string> {
  const id = newId();
  const row = await tx.trx
    .insertInto('app_user')
    .values({
      id,
      tenant_id: tx.tenantId,
      username: admin.username,
      display_name: admin.displayName,
      email: admin.email,
      password_hash: admin.passwordHash,
      roles: ['tenant_admin'],
      org_unit_id: null,
      locale: null,
      active: true,
      password_changed_at: tx.now,
      created_at: tx.now,
    })
    .returning(['id', 'username', 'display_name', 'roles', 'active'])
    .executeTakeFirstOrThrow();
  await appendAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'Osoba',
    objectId: row.id,
    params: { username: row.username, displayName: row.display_name, roles: row.roles, active: row.active },
  });
  return id;
}
