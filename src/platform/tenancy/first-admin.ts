/**
 * The new tenant's first tenant_admin, created inside createTenant's transaction with identity's
 * prepareUser() (checks and hashes before the transaction) and insertUser() (inside it). This
 * file only checks the input up front, so its errors can be reported as `admin.*` fields
 * together with the tenant's own.
 */
import { checkPassword } from '../identity/password.js';
import { checkUsername, cleanUserFields } from '../identity/rules.js';
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
