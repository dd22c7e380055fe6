/**
 * Records management (eSSL per NSESSS): file plan and retention, intake, registry journal,
 * handling. Other modules use only what this file exports.
 */
import { SYSTEM_ACTOR } from '../../platform/db/tenant.js';
import type { DashboardHook } from '../../platform/identity/index.js';
import type { ModuleDef, NavItem } from '../../platform/module.js';
import './messages.js';
import { registerContainerIntake } from './container-api.js';
import { EMAIL_DISPATCH_JOB, runEmailDispatch } from './dispatch-service.js';
import { registerFilesApi } from './files-api.js';
import { filesMigrations } from './files-schema.js';
import { registerForwardApi } from './forward-api.js';
import { registerHandlingApi } from './handling-api.js';
import { handlingMigrations } from './handling-schema.js';
import { registerIntakeApi } from './intake-api.js';
import { registerJournalApi } from './journal-api.js';
import { registerOfficeApi } from './office-api.js';
import { officeMigrations } from './office-schema.js';
import { registerOwnApi } from './own-api.js';
import { ownMigrations } from './own-schema.js';
import { seedOwnDemo } from './own-seed.js';
import { registerFilesPages } from './pages/files.js';
import { registerForwardPages } from './pages/forward.js';
import { recordsDashboard, registerHandlingPages } from './pages/handling.js';
import { registerIntakePages } from './pages/intake.js';
import { registerJournalPages } from './pages/journal.js';
import { registerOfficePages } from './pages/office.js';
import { registerOwnPages } from './pages/own.js';
import { registerPlanPages } from './pages/plan.js';
import { registerPlanApi } from './plan-api.js';
import { seedDefaultPlan } from './plan-service.js';
import { recordsPolicy } from './policy.js';
import { recordsMigrations } from './schema.js';
import { searchMigrations } from './search-schema.js';
import { seedRecordsDemo } from './seed.js';
import { startSmtpIntake } from './smtp-intake.js';
import { seedRecordsYear } from './year-seed.js';

export const recordsModule: ModuleDef & { dashboard: DashboardHook } = {
  name: 'records',
  dashboard: recordsDashboard,
  // Files and settlement (records-0004 on) follow the core records migrations.
  migrations: [
    ...recordsMigrations,
    ...filesMigrations,
    ...ownMigrations,
    ...officeMigrations,
    ...searchMigrations,
    ...handlingMigrations,
  ],
  // Own documents: sending an e-mail dispatch (retried with backoff; nothing is lost on failure).
  jobs: { [EMAIL_DISPATCH_JOB]: runEmailDispatch },
  async routes(app, ctx) {
    registerPlanApi(app, ctx);
    registerPlanPages(app, ctx);
    registerIntakeApi(app, ctx);
    await registerContainerIntake(app, ctx);
    registerIntakePages(app, ctx);
    registerJournalApi(app, ctx);
    registerJournalPages(app, ctx);
    registerHandlingApi(app, ctx);
    registerHandlingPages(app, ctx);
    registerForwardApi(app, ctx);
    registerForwardPages(app, ctx);
    registerFilesApi(app, ctx);
    registerFilesPages(app, ctx);
    registerOwnApi(app, ctx);
    registerOwnPages(app, ctx);
    registerOfficeApi(app, ctx);
    registerOfficePages(app, ctx);
  },
  nav(actor, t) {
    const items: NavItem[] = [];
    if (actor.kind !== 'user' || !actor.tenantId) return items;
    const target = { tenantId: actor.tenantId };
    if (recordsPolicy.can(actor, 'document.register', target))
      items.push({ href: '/app/records/intake', label: t('records:nav.intake') });
    if (recordsPolicy.can(actor, 'journal.read', target))
      items.push({ href: '/app/records/journal', label: t('records:nav.journal') });
    else if (recordsPolicy.can(actor, 'document.search', target))
      items.push({ href: '/app/records/journal', label: t('records:nav.search') });
    if (recordsPolicy.can(actor, 'file.read', target))
      items.push({ href: '/app/records/files', label: t('records:nav.files') });
    if (recordsPolicy.can(actor, 'own.write', target) || recordsPolicy.can(actor, 'own.approve', target))
      items.push({ href: '/app/records/own', label: t('records-own:nav') });
    if (recordsPolicy.can(actor, 'dispatch.run', target))
      items.push({ href: '/app/records/dispatch', label: t('records-own:navDispatch') });
    if (recordsPolicy.can(actor, 'office.manage', target))
      items.push({ href: '/app/records/office', label: t('records-office:nav') });
    if (recordsPolicy.can(actor, 'plan.manage', target))
      items.push({ href: '/app/records/plan', label: t('records:nav.plan') });
    // Stand-ins (zastupování): last, so the existing menu keeps its order.
    if (recordsPolicy.can(actor, 'delegation.manage', target))
      items.push({ href: '/app/records/delegations', label: t('records-handling:nav') });
    return items;
  },
  async listeners(ctx, log) {
    const port = ctx.config.smtpIntakePort;
    if (port === null) return [];
    const smtp = await startSmtpIntake(ctx, {
      host: ctx.config.smtpIntakeHost,
      port,
      maxBytes: ctx.config.uploadLimitBytes,
      log,
    });
    return [
      {
        name: 'E-mail intake (SMTP)',
        address: `${ctx.config.smtpIntakeHost}:${smtp.port}`,
        close: smtp.close,
      },
    ];
  },
  async seedDemo(ctx) {
    const tenants = await ctx.db.selectFrom('tenant').select(['id', 'slug', 'country']).execute();
    for (const t of tenants)
      if (t.country === 'CZ' && t.slug !== 'vysocina') await seedDefaultPlan(ctx, SYSTEM_ACTOR, t.id);
    // The past year first, so today's demo documents below take the next numbers of the series.
    await seedRecordsYear(ctx, ctx.config.seedDemoDocuments);
    await seedRecordsDemo(ctx);
    await seedOwnDemo(ctx);
  },
};

export { type DataMessageIntakeResult, registerDataMessage } from './databox-intake.js';
export { type EmailIntakeResult, registerEmail } from './email-intake.js';
export {
  type DocumentView,
  findDocumentByRef,
  type IncomingFile,
  type IntakeResult,
  type PreparedIncoming,
  prepareIncoming,
  type RegisterIncomingInput,
  registerIncoming,
  registerPrepared,
} from './intake-service.js';
export { type FilePlan, getFilePlan } from './plan-service.js';
