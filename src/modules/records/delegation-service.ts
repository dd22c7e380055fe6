/**
 * Stand-ins (zastupování): record, list and end them. During the range the delegate sees and
 * handles the delegator's documents and files (the policy's `standsInFor`, see `delegation.ts`).
 * Audited as NSESSS events on the delegator's functional place (FunkcniMisto): Zalozeni, Zruseni.
 */
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { checkDelegation, delegationActive } from './domain/delegation.js';
import { htx } from './handling-schema.js';
import { actorUnit } from './intake-service.js';
import { recordsPolicy } from './policy.js';

export interface DelegationInput {
  /** The absent handler; the actor when not named (a head names a handler of their unit). */
  delegatorId?: string | null;
  delegateId: string;
  from: string;
  to: string;
  note?: string | null;
}

export interface DelegationView {
  id: string;
  delegator: { id: string; name: string };
  delegate: { id: string; name: string };
  from: string;
  to: string;
  note: string | null;
  /** Applies today (in the range and not ended). */
  active: boolean;
  /** Ended early by someone (revoked). */
  ended: boolean;
  /** applies today, begins later, its last day has passed, or ended early. */
  state: 'active' | 'planned' | 'over' | 'ended';
  createdBy: string | null;
  /** The actor may end it (the delegator, who recorded it, or the head of the delegator's unit). */
  canEnd: boolean;
}

async function today(tx: TenantTx): Promise<IsoDate> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(t.time_zone, tx.now);
}

/** A handler of this tenant, active, or undefined. */
async function handlerOf(tx: TenantTx, id: string) {
  return tx.trx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'org_unit_id'])
    .where('id', '=', id)
    .where('tenant_id', '=', tx.tenantId)
    .where('active', '=', true)
    .where(sql<boolean>`'handler' = ANY(roles)`)
    .executeTakeFirst();
}

function requireDelegationUser(actor: Actor, tenantId: string): void {
  recordsPolicy.require(actor, 'delegation.manage', { tenantId });
}

export async function createDelegation(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: DelegationInput,
): Promise<DelegationView> {
  requireDelegationUser(actor, tenantId);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const delegatorId = input.delegatorId || actor.userId!;
      const errors = [];
      if (!isUuid(delegatorId)) errors.push({ field: 'delegatorId', message: 'Unknown handler.' });
      if (!isUuid(input.delegateId)) errors.push({ field: 'delegateId', message: 'Unknown handler.' });
      if (errors.length) throw invalid(errors);
      const unit = await actorUnit(tx);
      const delegator = await handlerOf(tx, delegatorId);
      if (delegatorId === actor.userId) {
        // A head without the handler role has no documents of their own to hand to a stand-in.
        if (!delegator) throw forbidden('Only a handler records a stand-in for themselves.');
      } else {
        if (!delegator) throw invalid([{ field: 'delegatorId', message: 'Unknown handler.' }]);
        if (!actor.roles.includes('head') || unit === null || delegator.org_unit_id !== unit)
          throw forbidden('A head records stand-ins for the handlers of their own org unit.');
      }
      const delegate = await handlerOf(tx, input.delegateId);
      if (!delegate)
        throw invalid([
          { field: 'delegateId', message: 'Unknown handler, or not a handler of this office.' },
        ]);
      if (delegate.id === delegator.id)
        throw invalid([{ field: 'delegateId', message: 'A handler does not stand in for themselves.' }]);
      const checked = checkDelegation(input, await today(tx));
      if (!checked.value) throw invalid(checked.errors);
      const id = newId();
      await htx(tx)
        .insertInto('records_delegation')
        .values({
          id,
          tenant_id: tenantId,
          delegator_id: delegator.id,
          delegate_id: delegate.id,
          valid_from: checked.value.from,
          valid_to: checked.value.to,
          note: checked.value.note,
          created_by: actor.userId,
          created_at: tx.now,
        })
        .execute();
      await appendAudit(tx, {
        eventType: 'Zalozeni',
        objectType: 'FunkcniMisto',
        objectId: id,
        params: {
          delegation: true,
          delegator: delegator.display_name,
          delegate: delegate.display_name,
          from: checked.value.from,
          to: checked.value.to,
          note: checked.value.note,
        },
      });
      return (await views(tx, id))[0]!;
    },
    { now: ctx.clock.now() },
  );
}

/** The stand-ins the actor is part of (as delegator or delegate), and for a head their unit's. */
async function views(tx: TenantTx, onlyId?: string): Promise<DelegationView[]> {
  const actor = tx.actor;
  const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const unit = actor.roles.includes('head') ? await actorUnit(tx) : null;
  let q = htx(tx)
    .selectFrom('records_delegation as l')
    .innerJoin('app_user as a', 'a.id', 'l.delegator_id')
    .innerJoin('app_user as b', 'b.id', 'l.delegate_id')
    .leftJoin('app_user as c', 'c.id', 'l.created_by')
    .select([
      'l.id',
      'l.delegator_id',
      'l.delegate_id',
      'l.valid_from',
      'l.valid_to',
      'l.note',
      'l.revoked_at',
      'l.created_by',
      'a.display_name as a_name',
      'a.org_unit_id as a_unit',
      'b.display_name as b_name',
      'c.display_name as c_name',
    ])
    .where((eb) =>
      eb.or([
        eb('l.delegator_id', '=', me),
        eb('l.delegate_id', '=', me),
        ...(unit ? [eb('a.org_unit_id', '=', unit)] : []),
      ]),
    );
  if (onlyId) q = q.where('l.id', '=', onlyId);
  const rows = await q.orderBy('l.valid_from', 'desc').orderBy('l.id', 'desc').limit(200).execute();
  const day = await today(tx);
  return rows.map((r) => {
    const ended = r.revoked_at !== null;
    const running = !ended && r.valid_to >= day;
    return {
      id: r.id,
      delegator: { id: r.delegator_id, name: r.a_name },
      delegate: { id: r.delegate_id, name: r.b_name },
      from: r.valid_from,
      to: r.valid_to,
      note: r.note,
      active: delegationActive({ from: r.valid_from, to: r.valid_to, revoked: ended }, day),
      ended,
      state: ended ? 'ended' : r.valid_to < day ? 'over' : r.valid_from > day ? 'planned' : 'active',
      createdBy: r.c_name ?? null,
      canEnd:
        running && (r.delegator_id === me || r.created_by === me || (unit !== null && r.a_unit === unit)),
    };
  });
}

export async function listDelegations(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
): Promise<DelegationView[]> {
  requireDelegationUser(actor, tenantId);
  return withTenant(ctx.db, tenantId, actor, (tx) => views(tx), { now: ctx.clock.now() });
}

/**
 * Ends a stand-in now (before its last day, or before it began): the delegator, who recorded it,
 * or the head of the delegator's unit. The delegate is not asked; someone who does not see it
 * gets 404, one already over 409.
 */
export async function endDelegation(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<DelegationView> {
  requireDelegationUser(actor, tenantId);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      if (!isUuid(id)) throw notFound('The stand-in');
      const row = await htx(tx)
        .selectFrom('records_delegation')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const view = row ? (await views(tx, id))[0] : undefined;
      if (!view) throw notFound('The stand-in');
      if (view.ended || view.to < (await today(tx))) throw conflict('This stand-in is already over.');
      if (!view.canEnd)
        throw forbidden('Only the absent handler, who recorded it, or the head of the unit ends a stand-in.');
      await htx(tx)
        .updateTable('records_delegation')
        .set({ revoked_at: tx.now, revoked_by: actor.userId })
        .where('id', '=', id)
        .execute();
      await appendAudit(tx, {
        eventType: 'Zruseni',
        objectType: 'FunkcniMisto',
        objectId: id,
        params: { delegation: true, delegator: view.delegator.name, delegate: view.delegate.name },
      });
      return (await views(tx, id))[0]!;
    },
    { now: ctx.clock.now() },
  );
}
