import type { AppContext } from '../context.js';
import { type Actor, type TenantTx, withOperator, withTenant } from '../db/tenant.js';

/**
 * One transaction in a user's scope: the tenant's (RLS-filtered) or, for `null`, the hosting
 * operator's own. Time comes from ctx.clock so tests can move it.
 */
export function inScope<T>(
  ctx: AppContext,
  tenantId: string | null,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const opts = { now: ctx.clock.now() };
  return tenantId === null
    ? withOperator(ctx.db, actor, fn, opts)
    : withTenant(ctx.db, tenantId, actor, fn, opts);
}
