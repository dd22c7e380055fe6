/** The tenancy area's public face: what other areas, the CLI and the demo seed may call. */
export {
  checkTenant,
  isValidIco,
  isValidRegon,
  type OfficeHoursInput,
  TENANT_ADMIN_FIELDS,
  TENANT_COUNTRIES,
  TENANT_KINDS,
  type TenantCountry,
  type TenantKind,
  type TenantSettings,
} from './domain.js';
export type { FirstAdminInput } from './first-admin.js';
export { tenancyModule } from './module.js';
export { tenancyPolicy } from './policy.js';
export {
  createOrgUnit,
  createTenant,
  getOrgUnit,
  getTenant,
  getTenantById,
  getTenantBySlug,
  listOrgUnits,
  listPublicTenants,
  listTenants,
  type OrgUnitInput,
  type OrgUnitPatch,
  type OrgUnitView,
  type TenantInput,
  type TenantPatch,
  type TenantView,
  updateOrgUnit,
  updateTenant,
} from './service.js';
