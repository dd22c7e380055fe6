/**
 * The official notice board (úřední deska): its ModuleDef part (composed into portalModule by
 * ../index.ts) and the services other modules may call.
 */
import type { ModuleDef, NavItem } from '../../../platform/module.js';
import { noticeboardApi } from './api.js';
import { noticeboardJobs } from './jobs.js';
import './messages.js';
import { publicPages } from './pages/public.js';
import { staffPages } from './pages/staff.js';
import { noticeboardPolicy } from './policy.js';
import { noticeboardMigrations } from './schema.js';
import { seedNoticeboard } from './seed.js';
import { SWEEP_JOB } from './service.js';

export type { Category } from './domain/notice.js';
export { CATEGORIES, PUBLIC_NOTICE_DAYS, publicNoticeMinimum } from './domain/notice.js';
export {
  type NoticeInput,
  type NoticeView,
  type PostNoticeInput,
  postNotice,
} from './service.js';

export const noticeboardModule: ModuleDef = {
  name: 'portal.noticeboard',
  migrations: noticeboardMigrations,
  async routes(app, ctx) {
    noticeboardApi(app, ctx);
    publicPages(app, ctx);
    staffPages(app, ctx);
  },
  nav(actor, t) {
    const items: NavItem[] = [];
    if (actor.kind === 'user' && actor.tenantId && noticeboardPolicy.can(actor, 'notice.read')) {
      items.push({ href: '/app/uredni-deska', label: t('noticeboard:nav') });
    }
    return items;
  },
  portalLinks: (tenant, t) => [{ href: `/${tenant.slug}/uredni-deska`, label: t('noticeboard:portalLink') }],
  jobs: noticeboardJobs,
  daily: [{ job: SWEEP_JOB, hour: 0 }],
  seedDemo: seedNoticeboard,
};
