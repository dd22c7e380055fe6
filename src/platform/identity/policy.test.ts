import { describe, expect, it } from 'vitest';
import { type Actor, PUBLIC_ACTOR, SYSTEM_ACTOR } from '../db/tenant.js';
import { can, IDENTITY_RULES, type IdentityAction, ROLES, requirePermission } from './policy.js';

const A = '0190a0a0-0000-7000-8000-00000000000a';
const B = '0190a0a0-0000-7000-8000-00000000000b';

const user = (roles: string[], tenantId: string | null = A): Actor => ({
  userId: '0190a0a0-0000-7000-8000-000000000001',
  label: 'X',
  roles,
  tenantId,
  kind: tenantId === null ? 'operator' : 'user',
});

const ACTIONS = Object.keys(IDENTITY_RULES) as IdentityAction[];

// Expected answer per role for an object of the actor's own tenant: one row per role.
const TABLE: Record<string, Partial<Record<IdentityAction, boolean>>> = {
  tenant_admin: {
    'account.manage': true,
    'user.directory': true,
    'user.read': true,
    'user.manage': true,
    'tenant.settings': true,
    'audit.read': true,
  },
  registry_clerk: { 'account.manage': true, 'user.directory': true },
  handler: { 'account.manage': true, 'user.directory': true },
  head: { 'account.manage': true, 'user.directory': true },
  records_manager: { 'account.manage': true, 'user.directory': true, 'audit.read': true },
  council_secretary: { 'account.manage': true, 'user.directory': true },
  council_member: { 'account.manage': true, 'user.directory': true },
  publisher: { 'account.manage': true, 'user.directory': true },
  fee_clerk: { 'account.manage': true, 'user.directory': true },
};

describe('identity permissions', () => {
  it('has a row for every tenant role', () => {
    expect(Object.keys(TABLE).sort()).toEqual(ROLES.filter((r) => r !== 'operator').sort());
  });

  const cases = Object.entries(TABLE).flatMap(([role, allowed]) =>
    ACTIONS.map((action) => [role, action, allowed[action] ?? false] as const),
  );
  it.each(cases)('%s may %s in its own tenant: %s', (role, action, expected) => {
    expect(can(user([role]), action, { tenantId: A })).toBe(expected);
  });

  it.each(ACTIONS)(
    'nobody of tenant A may %s in tenant B (except account.manage, which has no target)',
    (action) => {
      const admin = user([...ROLES.filter((r) => r !== 'operator')]);
      expect(can(admin, action, { tenantId: B })).toBe(action === 'account.manage');
    },
  );

  it.each([
    ['account.manage', true],
    ['user.directory', true],
    ['user.read', true],
    ['user.manage', true],
    ['tenant.manage', true],
    ['tenant.settings', true],
    ['audit.read', true],
  ] as const)('the operator may %s: %s', (action, expected) => {
    expect(can(user(['operator'], null), action, { tenantId: A })).toBe(expected);
    expect(can(user(['operator'], null), action, { tenantId: null })).toBe(expected);
  });

  it('a tenant user holding the operator role gains nothing from it', () => {
    expect(can(user(['operator'], A), 'tenant.manage')).toBe(false);
    expect(can(user(['operator'], A), 'user.manage', { tenantId: A })).toBe(false);
  });

  it('a tenant admin cannot manage operator accounts', () => {
    expect(can(user(['tenant_admin']), 'user.manage', { tenantId: null })).toBe(false);
  });

  it.each(ACTIONS)('the public may not %s; the system may', (action) => {
    expect(can(PUBLIC_ACTOR, action, { tenantId: A })).toBe(false);
    expect(can(SYSTEM_ACTOR, action, { tenantId: A })).toBe(true);
  });

  it('requirePermission throws a 403 AppError', () => {
    expect(() => requirePermission(user(['handler']), 'user.manage', { tenantId: A })).toThrowError(
      expect.objectContaining({ code: 'forbidden', status: 403 }),
    );
    expect(() => requirePermission(user(['tenant_admin']), 'user.manage', { tenantId: A })).not.toThrow();
  });
});
