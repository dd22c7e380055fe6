/**
 * Public information pages (povinně zveřejňované informace, vyhláška č. 442/2006 Sb.; for Polish
 * tenants the BIP with metryczka and change register). Composed into `portalModule` by ../index.ts.
 */
import type { ModuleDef } from '../../../platform/module.js';
import './messages.js';
import { infoApi } from './api.js';
import { infoPages } from './pages.js';
import { infoPolicy } from './policy.js';
import { infoMigrations } from './schema.js';
import { seedInfoDemo } from './seed.js';

export const infoModule: ModuleDef = {
  name: 'portal-info',
  migrations: infoMigrations,
  routes(app, ctx) {
    infoPages(app, ctx);
    infoApi(app, ctx);
  },
  nav(actor, t) {
    if (actor.kind !== 'user' || !actor.tenantId) return [];
    return infoPolicy.can(actor, 'info.edit', { tenantId: actor.tenantId })
      ? [{ href: '/app/informace', label: t('info:nav') }]
      : [];
  },
  portalLinks: (tenant, t) => [{ href: `/${tenant.slug}/informace`, label: t('info:portal') }],
  seedDemo: seedInfoDemo,
};

export { getPage, listPages } from './service.js';
