/** The council module's public face: its ModuleDef and the services other modules may call. */
import type { ModuleDef, NavItem } from '../../platform/module.js';
import { INVITATION_JOB, runInvitationJob } from './announce-service.js';
import { councilApi } from './api.js';
import { recordsLinkMigrations } from './records-link.js';
import './messages.js';
import { councilMinutesApi } from './minutes-api.js';
import { councilOParlApi } from './oparl-api.js';
import './messages-minutes.js';
import './messages-proceedings.js';
import './messages-redaction.js';
import { councilDashboard, councilMinutesPages } from './pages/minutes.js';
import { councilProceedingsPages } from './pages/proceedings.js';
import { councilPublicPages } from './pages/public.js';
import { councilRedactionPages } from './pages/redaction.js';
import { councilPages } from './pages/staff.js';
import { councilPolicy } from './policy.js';
import { councilProceedingsApi } from './proceedings-api.js';
import { proceedingsMigrations } from './proceedings-schema.js';
import { councilRedactionApi } from './redaction-api.js';
import { councilRedactionMigrations } from './redaction-schema.js';
import { councilMigrations } from './schema.js';
import { seedCouncilDemo } from './seed.js';
import {
  runTaskReminders,
  TASK_REMINDER_HOUR,
  TASK_REMINDER_JOB,
  taskReminderMigrations,
} from './task-reminders.js';

export { getMinutes, listMinutes } from './minutes-service.js';
export { getMeeting, listMeetings, listResolutions, listTasks } from './service.js';

export const councilModule: ModuleDef = {
  name: 'council',
  migrations: [
    ...councilMigrations,
    ...councilRedactionMigrations,
    ...proceedingsMigrations,
    ...recordsLinkMigrations,
    ...taskReminderMigrations,
  ],
  routes(app, ctx) {
    councilApi(app, ctx);
    councilMinutesApi(app, ctx);
    councilPages(app, ctx);
    councilMinutesPages(app, ctx);
    councilPublicPages(app, ctx);
    councilRedactionApi(app, ctx);
    councilRedactionPages(app, ctx);
    councilProceedingsApi(app, ctx);
    councilProceedingsPages(app, ctx);
    councilOParlApi(app, ctx);
  },
  nav(actor, t) {
    const items: NavItem[] = [];
    if (
      actor.kind === 'user' &&
      actor.tenantId &&
      councilPolicy.can(actor, 'council.read', { tenantId: actor.tenantId })
    ) {
      items.push(
        { href: '/app/council/bodies', label: t('council:nav.bodies') },
        { href: '/app/council/materials', label: t('council:nav.materials') },
        { href: '/app/council/meetings', label: t('council:nav.meetings') },
        { href: '/app/council/minutes', label: t('councilMinutes:nav') },
        { href: '/app/council/tasks', label: t('council-proceedings:tasks') },
        { href: '/app/council/redaction', label: t('councilRedaction:nav') },
      );
    }
    return items;
  },
  portalLinks: (tenant, t) => [
    { href: `/${tenant.slug}/zasedani`, label: t('councilPublic:portalMeetings') },
    { href: `/${tenant.slug}/usneseni`, label: t('councilPublic:portalResolutions') },
  ],
  jobs: {
    [INVITATION_JOB]: runInvitationJob,
    [TASK_REMINDER_JOB]: async (ctx, job) => {
      await runTaskReminders(ctx, job);
    },
  },
  daily: [{ job: TASK_REMINDER_JOB, hour: TASK_REMINDER_HOUR }],
  dashboard: councilDashboard,
  seedDemo: seedCouncilDemo,
};
