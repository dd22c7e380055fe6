import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR } from '../db/tenant.js';
import type { ModuleDef, NavItem } from '../module.js';
import { registerIdentityApi } from './api.js';
import { installIdentityHooks } from './http.js';
import './messages.js';
import { registerIdentityPages } from './pages.js';
import { can, signedIn } from './policy.js';
import { inScope } from './scope.js';
import { IDLE_TIMEOUT_MS } from './session.js';
import { FAILURE_WINDOW_MS } from './throttle.js';

export const PURGE_JOB = 'identity.purge';

/**
 * Deletes what can no longer be used: expired sessions and throttle rows whose window and lock
 * are over, in every tenant and the operator's scope (each in its own RLS transaction).
 */
export async function purgeExpired(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const idleCut = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const windowCut = new Date(now.getTime() - FAILURE_WINDOW_MS);
  const tenants = await ctx.db.selectFrom('tenant').select('id').execute();
  for (const scope of [null, ...tenants.map((t) => t.id)]) {
    await inScope(ctx, scope, SYSTEM_ACTOR, async ({ trx }) => {
      await trx
        .deleteFrom('session')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCut)]))
        .execute();
      await trx
        .deleteFrom('login_throttle')
        .where('window_started_at', '<=', windowCut)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .execute();
    });
  }
}

/**
 * Identity: who is asking (sessions, API tokens), CSRF, sign-in and account pages, user
 * administration. Listed first in modules.ts so its request hook runs before any other route.
 */
export const identityModule: ModuleDef = {
  name: 'identity',
  routes: (app, ctx) => {
    installIdentityHooks(app, ctx);
    registerIdentityApi(app, ctx);
    registerIdentityPages(app, ctx);
  },
  nav: (actor, t) => {
    const items: NavItem[] = [];
    if (signedIn(actor)) items.push({ href: '/app', label: t('dashboard') });
    if (can(actor, 'user.manage', { tenantId: actor.tenantId }))
      items.push({ href: '/app/admin/users', label: t('users') });
    return items;
  },
  jobs: { [PURGE_JOB]: (ctx) => purgeExpired(ctx) },
  daily: [{ job: PURGE_JOB, hour: 3 }],
};
