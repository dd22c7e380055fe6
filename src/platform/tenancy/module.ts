import type { ModuleDef, NavItem } from '../module.js';
import { tenancyApi } from './api.js';
import './messages.js';
import { tenancyAdminPages } from './pages/admin.js';
import { portalPages } from './pages/portal.js';
import { tenancyPolicy } from './policy.js';
import { tenancyMigrations } from './schema.js';

/**
 * The tenant register and org units: the operator's tenant pages and API, the tenant admin's
 * settings and org-unit tree, and the public portal home, platform home and accessibility
 * statement.
 */
export const tenancyModule: ModuleDef = {
  name: 'tenancy',
  migrations: tenancyMigrations,
  routes(app, ctx) {
    tenancyApi(app, ctx);
    tenancyAdminPages(app, ctx);
    portalPages(app, ctx);
  },
  nav(actor, t) {
    const items: NavItem[] = [];
    if (actor.kind === 'operator' && tenancyPolicy.can(actor, 'tenant.manage')) {
      items.push({ href: '/app/operator/tenants', label: t('tenancy:nav.tenants') });
    }
    if (actor.kind === 'user' && actor.tenantId && actor.roles.includes('tenant_admin')) {
      items.push(
        { href: '/app/admin/org-units', label: t('tenancy:nav.orgUnits') },
        { href: '/app/admin/tenant', label: t('tenancy:nav.tenantSettings') },
      );
    }
    return items;
  },
};
