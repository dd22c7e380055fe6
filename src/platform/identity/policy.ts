/**
 * Who may do what in the identity area, as one readable table (DESIGN §4, like Outline's
 * policies). Modules copy the shape: `definePolicy({ 'document.register': hasRole('registry_clerk') })`
 * gives them `can()` and `require()` over their own actions. Services call `require…` themselves;
 * routes may use `can()` only to decide what to show.
 */
import type { Actor } from '../db/tenant.js';
import { forbidden } from '../errors.js';

export const ROLES = [
  'tenant_admin',
  'registry_clerk',
  'handler',
  'head',
  'records_manager',
  'council_secretary',
  'council_member',
  'publisher',
  'fee_clerk',
  'operator',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles a tenant's user may hold; `operator` belongs only to the hosting operator's users (tenant NULL). */
export const TENANT_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'operator');
export const OPERATOR_ROLES: readonly Role[] = ['operator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * A rule answers for one actor and, where it matters, the tenant the object belongs to
 * (`null` = the operator's own scope). It must be pure: no I/O, no clock.
 */
export type Rule = (actor: Actor, target?: { tenantId: string | null }) => boolean;

/** The platform itself (seed, CLI, jobs) may do anything; it never comes from a request. */
const isSystem = (actor: Actor) => actor.kind === 'system';

/** Signed in as any staff user or operator. */
export const signedIn: Rule = (actor) =>
  isSystem(actor) || actor.kind === 'user' || actor.kind === 'operator';

/**
 * Holds one of the roles, and — when the rule is asked about an object — acts in that object's
 * tenant. The operator role is accepted only from an operator account, never from a tenant user.
 */
export function hasRole(...roles: Role[]): Rule {
  return (actor, target) => {
    if (isSystem(actor)) return true;
    if (actor.kind !== 'user' && actor.kind !== 'operator') return false;
    const ok = actor.roles.some(
      (r) =>
        roles.includes(r as Role) &&
        (r !== 'operator' || (actor.kind === 'operator' && actor.tenantId === null)),
    );
    if (!ok) return false;
    if (!target) return true;
    // An operator may act in any tenant for the actions it holds (e.g. a tenant's first admin).
    if (actor.kind === 'operator') return true;
    return actor.tenantId === target.tenantId;
  };
}

/** Any signed-in person of the object's tenant; the operator may look into any tenant. */
export const memberOf: Rule = (actor, target) => {
  if (isSystem(actor) || actor.kind === 'operator') return true;
  if (actor.kind !== 'user') return false;
  return !target || actor.tenantId === target.tenantId;
};

/** Only the hosting operator (and the system). */
export const operatorOnly: Rule = hasRole('operator');

export interface Policy<A extends string> {
  readonly rules: Readonly<Record<A, Rule>>;
  can(actor: Actor, action: A, target?: { tenantId: string | null }): boolean;
  /** Throws `forbidden()` (HTTP 403) unless the actor may. */
  require(actor: Actor, action: A, target?: { tenantId: string | null }): void;
}

export function definePolicy<A extends string>(rules: Record<A, Rule>): Policy<A> {
  return {
    rules,
    can: (actor, action, target) => rules[action](actor, target),
    require(actor, action, target) {
      if (!rules[action](actor, target)) throw forbidden();
    },
  };
}

/** The identity and platform-administration actions. */
export const IDENTITY_RULES = {
  /** Own account: change own password, manage own API tokens, sign out everywhere. */
  'account.manage': signedIn,
  /** Names and roles of colleagues, e.g. to pick a handler (any member of the tenant). */
  'user.directory': memberOf,
  /** List and read the tenant's user accounts in full. */
  'user.read': hasRole('tenant_admin', 'operator'),
  /** Create users, change roles and state, reset passwords (own tenant; the operator: any). */
  'user.manage': hasRole('tenant_admin', 'operator'),
  /** Add and change tenants in the register: the hosting operator only. */
  'tenant.manage': operatorOnly,
  /** Edit the own tenant's profile and org units. */
  'tenant.settings': hasRole('tenant_admin', 'operator'),
  /** Read the tenant's audit chain (the operator: its own chain). */
  'audit.read': hasRole('tenant_admin', 'records_manager', 'operator'),
} satisfies Record<string, Rule>;

export type IdentityAction = keyof typeof IDENTITY_RULES;

export const identityPolicy: Policy<IdentityAction> = definePolicy(IDENTITY_RULES);

export function can(actor: Actor, action: IdentityAction, target?: { tenantId: string | null }): boolean {
  return identityPolicy.can(actor, action, target);
}

export function requirePermission(
  actor: Actor,
  action: IdentityAction,
  target?: { tenantId: string | null },
): void {
  identityPolicy.require(actor, action, target);
}
