/**
 * Forwarding (předání) of a document to another handler and/or org unit: by its handler, the
 * handler's stand-in, or the head of its unit, with a note. The new handler accepts it (or returns
 * it). An own document is handed to another handler the same way; returned, it goes back to the
 * one who forwarded it.
 */
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { conflict, type FieldError, forbidden, invalid } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { standsInFor } from './delegation.js';
import { type ForwardRole, forwardRefusal, MAX_NOTE, nextStatus } from './domain/handling.js';
import type { OwnState } from './domain/own.js';
import { htx } from './handling-schema.js';
import {
  actorUnit,
  type DocumentView,
  loadDocument,
  requireRecordsUser,
  visibleDocument,
} from './intake-service.js';
import { handlesAsHandler } from './policy.js';

export interface ForwardInput {
  /** The new handler; their org unit is taken when no unit is named. */
  handlerId?: string | null;
  /** The new org unit; without a handler the head of that unit assigns one. */
  orgUnitId?: string | null;
  note?: string | null;
}

export async function userName(tx: TenantTx, id: string | null): Promise<string | undefined> {
  if (!id) return undefined;
  const u = await tx.trx
    .selectFrom('app_user')
    .select('display_name')
    .where('id', '=', id)
    .executeTakeFirst();
  return u?.display_name;
}

async function unitName(tx: TenantTx, id: string | null): Promise<string | null> {
  if (!id) return null;
  const u = await tx.trx.selectFrom('org_unit').select('name').where('id', '=', id).executeTakeFirst();
  return u?.name ?? null;
}

interface Scope {
  status: DocumentView['status'];
  handler_id: string | null;
  org_unit_id: string | null;
  direction: 'incoming' | 'own';
  ownState: OwnState | null;
}

async function scopeOf(tx: TenantTx, id: string, lock: boolean): Promise<Scope> {
  let q = htx(tx)
    .selectFrom('records_document as d')
    .leftJoin('records_own_document as o', 'o.document_id', 'd.id')
    .select(['d.status', 'd.handler_id', 'd.org_unit_id', 'd.direction', 'o.state'])
    .where('d.id', '=', id);
  if (lock) q = q.forUpdate('d');
  const d = await q.executeTakeFirstOrThrow();
  return {
    status: d.status,
    handler_id: d.handler_id,
    org_unit_id: d.org_unit_id,
    direction: d.direction === 'own' ? 'own' : 'incoming',
    ownState: d.state ?? null,
  };
}

/** Who the actor is to the document for forwarding (handler, stand-in, head of its unit, none). */
async function roleOf(tx: TenantTx, d: Scope): Promise<ForwardRole> {
  const actor = tx.actor;
  if (handlesAsHandler(actor, d.handler_id, await standsInFor(tx)))
    return d.handler_id === actor.userId ? 'handler' : 'delegate';
  if (actor.kind === 'user' && actor.roles.includes('head') && d.org_unit_id !== null) {
    if ((await actorUnit(tx)) === d.org_unit_id) return 'head';
  }
  return 'none';
}

function checkInput(input: ForwardInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.handlerId && !isUuid(input.handlerId))
    errors.push({ field: 'handlerId', message: 'Unknown handler.' });
  if (input.orgUnitId && !isUuid(input.orgUnitId))
    errors.push({ field: 'orgUnitId', message: 'Unknown org unit.' });
  if (!input.handlerId && !input.orgUnitId)
    errors.push({
      field: 'handlerId',
      message: 'Name the handler or the org unit to forward the document to.',
    });
  if ((input.note ?? '').trim().length > MAX_NOTE)
    errors.push({ field: 'note', message: `At most ${MAX_NOTE} characters.` });
  return errors;
}

/**
 * Forwards a document: status `assigned` with the new handler (who accepts it) and unit, the due
 * date kept (it runs from delivery). 404 when the actor does not see it, 403 when they see but do
 * not handle it, 409 in a status that is not forwarded, 422 for an unknown target; nothing changes.
 */
export async function forwardDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  input: ForwardInput,
): Promise<DocumentView> {
  requireRecordsUser(actor, tenantId);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      await visibleDocument(tx, id);
      const d = await scopeOf(tx, id, true);
      const role = await roleOf(tx, d);
      const refusal = forwardRefusal({ ...d, role });
      if (refusal)
        throw refusal.kind === 'forbidden' ? forbidden(refusal.message) : conflict(refusal.message);
      const errors = checkInput(input);
      if (errors.length) throw invalid(errors);
      let handler: { id: string; display_name: string; org_unit_id: string | null } | undefined;
      if (input.handlerId) {
        // Explicitly this tenant's (app_user also holds the operator's staff) and a handler.
        handler = await tx.trx
          .selectFrom('app_user')
          .select(['id', 'display_name', 'org_unit_id'])
          .where('id', '=', input.handlerId)
          .where('tenant_id', '=', tenantId)
          .where('active', '=', true)
          .where(sql<boolean>`'handler' = ANY(roles)`)
          .executeTakeFirst();
        if (!handler)
          throw invalid([
            { field: 'handlerId', message: 'Unknown handler, or not a handler of this office.' },
          ]);
      }
      const unitId = input.orgUnitId || handler?.org_unit_id || null;
      if (!unitId)
        throw invalid([
          { field: 'orgUnitId', message: 'The handler belongs to no org unit; name the unit.' },
        ]);
      const unit = await tx.trx
        .selectFrom('org_unit')
        .select(['id', 'name'])
        .where('id', '=', unitId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!unit) throw invalid([{ field: 'orgUnitId', message: 'Unknown org unit.' }]);
      if (handler && handler.org_unit_id !== unit.id)
        throw invalid([{ field: 'handlerId', message: 'The handler does not belong to this org unit.' }]);
      if (d.direction === 'own' && !handler)
        throw invalid([{ field: 'handlerId', message: 'An own document is handed to a handler.' }]);
      if ((handler?.id ?? null) === d.handler_id && unit.id === d.org_unit_id)
        throw invalid([{ field: 'handlerId', message: 'The document is already theirs.' }]);
      const note = (input.note ?? '').trim() || null;
      await htx(tx)
        .updateTable('records_document')
        .set({
          status: nextStatus(d.status, 'forward')!,
          handler_id: handler?.id ?? null,
          org_unit_id: unit.id,
          return_reason: null,
        })
        .where('id', '=', id)
        .execute();
      await htx(tx)
        .insertInto('records_forwarding')
        .values({
          id: newId(),
          tenant_id: tenantId,
          document_id: id,
          from_status: d.status,
          from_handler_id: d.handler_id,
          from_org_unit_id: d.org_unit_id,
          to_handler_id: handler?.id ?? null,
          to_org_unit_id: unit.id,
          note,
          forwarded_by: actor.userId,
          forwarded_at: tx.now,
        })
        .execute();
      const onBehalfOf = role === 'delegate' ? await userName(tx, d.handler_id) : undefined;
      await appendAudit(tx, {
        eventType: 'ZmenaZpracovatele',
        objectType: 'Dokument',
        objectId: id,
        params: {
          forwarded: true,
          fromHandler: (await userName(tx, d.handler_id)) ?? null,
          fromOrgUnit: await unitName(tx, d.org_unit_id),
          handler: handler?.display_name ?? null,
          orgUnit: unit.name,
          note,
          ...(onBehalfOf ? { onBehalfOf } : {}),
        },
      });
      return loadDocument(tx, id);
    },
    { now: ctx.clock.now() },
  );
}

/**
 * An own document forwarded and not yet accepted, returned by its new handler: back to the one
 * who forwarded it, in the status it had. Null when it was never forwarded (then it is refused).
 */
export async function returnToForwarder(
  tx: TenantTx,
  id: string,
  reason: string,
  onBehalfOf: string | undefined,
): Promise<DocumentView | null> {
  const last = await htx(tx)
    .selectFrom('records_forwarding')
    .select(['from_status', 'from_handler_id', 'from_org_unit_id'])
    .where('document_id', '=', id)
    .orderBy('forwarded_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!last?.from_handler_id) return null;
  await htx(tx)
    .updateTable('records_document')
    .set({ status: last.from_status, handler_id: last.from_handler_id, org_unit_id: last.from_org_unit_id })
    .where('id', '=', id)
    .execute();
  await appendAudit(tx, {
    eventType: 'ZmenaZpracovatele',
    objectType: 'Dokument',
    objectId: id,
    params: {
      returned: true,
      reason,
      handler: (await userName(tx, last.from_handler_id)) ?? null,
      orgUnit: await unitName(tx, last.from_org_unit_id),
      ...(onBehalfOf ? { onBehalfOf } : {}),
    },
  });
  return loadDocument(tx, id);
}

export interface ForwardingView {
  at: Date;
  by: string | null;
  fromHandler: string | null;
  toHandler: string | null;
  toOrgUnit: string;
  note: string | null;
}

export interface ForwardingInfo {
  /** The actor may forward the document now. */
  canForward: boolean;
  /** The absent handler's name when the actor acts as their stand-in, else null. */
  standInFor: string | null;
  /** The last forwarding (předání), if any. */
  last: ForwardingView | null;
}

/** What the document page shows and offers about forwarding (no audit: the page's view is audited). */
export async function forwardingInfo(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<ForwardingInfo> {
  requireRecordsUser(actor, tenantId);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      await visibleDocument(tx, id);
      const d = await scopeOf(tx, id, false);
      const role = await roleOf(tx, d);
      const last = await htx(tx)
        .selectFrom('records_forwarding as f')
        .innerJoin('org_unit as u', 'u.id', 'f.to_org_unit_id')
        .leftJoin('app_user as b', 'b.id', 'f.forwarded_by')
        .leftJoin('app_user as fh', 'fh.id', 'f.from_handler_id')
        .leftJoin('app_user as th', 'th.id', 'f.to_handler_id')
        .select([
          'f.forwarded_at',
          'f.note',
          'u.name as unit_name',
          'b.display_name as by_name',
          'fh.display_name as from_name',
          'th.display_name as to_name',
        ])
        .where('f.document_id', '=', id)
        .orderBy('f.forwarded_at', 'desc')
        .orderBy('f.id', 'desc')
        .executeTakeFirst();
      return {
        canForward: forwardRefusal({ ...d, role }) === null,
        standInFor: role === 'delegate' ? ((await userName(tx, d.handler_id)) ?? null) : null,
        last: last
          ? {
              at: last.forwarded_at,
              by: last.by_name ?? null,
              fromHandler: last.from_name ?? null,
              toHandler: last.to_name ?? null,
              toOrgUnit: last.unit_name,
              note: last.note,
            }
          : null,
      };
    },
    { now: ctx.clock.now() },
  );
}
