/**
 * FOI requests (žádosti o informace, zákon č. 106/1999 Sb.): the part of the portal module that
 * takes requests in, keeps their statutory deadlines, publishes provided information and writes
 * the annual report. Composed into `portalModule` by ../index.ts.
 */
import type { ModuleDef, NavItem } from '../../../platform/module.js';
import './messages.js';
import { foiApi } from './api.js';
import { foiPublicPages } from './pages/public.js';
import { foiReportPages } from './pages/report.js';
import { foiStaffPages } from './pages/staff.js';
import { foiPolicy } from './policy.js';
import { foiMigrations } from './schema.js';
import { seedFoiDemo } from './seed.js';
import { foiAvailable } from './service.js';

export const foiModule: ModuleDef = {
  name: 'portal-foi',
  migrations: foiMigrations,
  routes(app, ctx) {
    foiPublicPages(app, ctx);
    foiStaffPages(app, ctx);
    foiReportPages(app, ctx);
    foiApi(app, ctx);
  },
  nav(actor, t) {
    const items: NavItem[] = [];
    if (actor.kind !== 'user' || !actor.tenantId) return items;
    if (foiPolicy.can(actor, 'foi.read', { tenantId: actor.tenantId })) {
      items.push({ href: '/app/foi', label: t('foi:nav.requests') });
    } else if (foiPolicy.can(actor, 'foi.report', { tenantId: actor.tenantId })) {
      items.push({ href: '/app/foi/report', label: t('foi:nav.report') });
    }
    return items;
  },
  portalLinks(tenant, t) {
    if (!foiAvailable(tenant.country)) return [];
    return [
      { href: `/${tenant.slug}/informace/zadost`, label: t('foi:portal.form') },
      { href: `/${tenant.slug}/informace/poskytnute`, label: t('foi:portal.provided') },
    ];
  },
  seedDemo: seedFoiDemo,
};

export {
  actOnRequest,
  createRequest,
  type FoiRequestView,
  getRequest,
  listPublished,
  listRequests,
  submitPublicRequest,
} from './service.js';
