/**
 * Who may do what with the tenant register and org units, as one table. Services call
 * `tenancyPolicy.require(...)`; pages use `can(...)` only to decide what to show.
 */
import { definePolicy, hasRole, memberOf, operatorOnly } from '../identity/policy.js';

export const tenancyPolicy = definePolicy({
  /** Add a tenant, change its identity (slug, name, IČO, kind, country, zone, parent), (de)activate it. */
  'tenant.manage': operatorOnly,
  /** Keep the tenant's public information current (TENANT_ADMIN_FIELDS in domain.ts). */
  'tenant.publicInfo': hasRole('tenant_admin', 'operator'),
  /** Read the full tenant record including settings. */
  'tenant.read': memberOf,
  /** See the org-unit tree (handlers pick units when assigning work). */
  'orgUnit.read': memberOf,
  /** Create, rename, move and deactivate org units. */
  'orgUnit.manage': hasRole('tenant_admin', 'operator'),
});

export type TenancyAction = keyof typeof tenancyPolicy.rules;
