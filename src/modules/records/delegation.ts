/**
 * Whom the actor stands in for today (zastupování). Kept apart from the services so every
 * visibility check (`intake-service`, `files-service`, `own-service`, lists) can ask it without
 * an import cycle. One query per transaction at most: the answer is cached on the transaction.
 */
import { addDays, type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { TenantTx } from '../../platform/db/tenant.js';
import { delegationActive } from './domain/delegation.js';
import { htx } from './handling-schema.js';

const cache = new WeakMap<TenantTx, Promise<string[]>>();

/**
 * The handlers whose documents and files the actor handles today as their stand-in. `now` is the
 * transaction's instant; a caller whose transaction was opened without the clock passes it.
 */
export function standsInFor(tx: TenantTx, now: Date = tx.now): Promise<string[]> {
  let p = cache.get(tx);
  if (!p) {
    p = load(tx, now);
    cache.set(tx, p);
  }
  return p;
}

async function load(tx: TenantTx, now: Date): Promise<string[]> {
  const a = tx.actor;
  // Only a handler stands in (the policy checks the role again when it is used).
  if (a.kind !== 'user' || !a.userId || !a.roles.includes('handler') || a.tenantId !== tx.tenantId) return [];
  // The UTC date is within a day of the tenant's: read around it first, so the common case (no
  // stand-in at all) costs one indexed query and no look-up of the tenant's zone.
  const utc = now.toISOString().slice(0, 10) as IsoDate;
  const rows = await htx(tx)
    .selectFrom('records_delegation')
    .select(['delegator_id', 'valid_from', 'valid_to'])
    .where('delegate_id', '=', a.userId)
    .where('revoked_at', 'is', null)
    .where('valid_to', '>=', addDays(utc, -1))
    .where('valid_from', '<=', addDays(utc, 1))
    .execute();
  if (rows.length === 0) return [];
  const zone = (
    await tx.trx
      .selectFrom('tenant')
      .select('time_zone')
      .where('id', '=', tx.tenantId)
      .executeTakeFirstOrThrow()
  ).time_zone;
  const today = todayIn(zone, now);
  return [
    ...new Set(
      rows
        .filter((r) => delegationActive({ from: r.valid_from, to: r.valid_to, revoked: false }, today))
        .map((r) => r.delegator_id),
    ),
  ];
}
