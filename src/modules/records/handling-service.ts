/** Handling use cases: assign to an org unit and handler (with a deadline), accept, return; the dashboard. */
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { addDays, deadline, type IsoDate, isCountry, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, withTenant } from '../../platform/db/tenant.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { dateIn } from '../../platform/time-zone.js';
import { standsInFor } from './delegation.js';
import { MAX_DEADLINE_DAYS, nextStatus, OPEN_STATUSES } from './domain/handling.js';
import { returnToForwarder, userName } from './forward-service.js';
import {
  actorUnit,
  type DocumentView,
  loadDocument,
  requireRecordsUser,
  visibleDocument,
} from './intake-service.js';
import { handlesAsHandler, recordsPolicy } from './policy.js';
import { rtx } from './schema.js';

export interface AssignInput {
  orgUnitId: string;
  handlerId?: string | null;
  /** Days for handling, counted per §40 správní řád from the day after delivery. */
  deadlineDays?: number | null;
}

export async function assignDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  input: AssignInput,
): Promise<DocumentView> {
  recordsPolicy.require(actor, 'document.assign', { tenantId });
  const errors = [];
  if (!isUuid(input.orgUnitId)) errors.push({ field: 'orgUnitId', message: 'Unknown org unit.' });
  if (input.handlerId && !isUuid(input.handlerId))
    errors.push({ field: 'handlerId', message: 'Unknown handler.' });
  const days = input.deadlineDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_DAYS))
    errors.push({ field: 'deadlineDays', message: `A deadline is 1–${MAX_DEADLINE_DAYS} days.` });
  if (errors.length) throw invalid(errors);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const trx = rtx(tx);
      const doc = await trx
        .selectFrom('records_document')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!doc) throw notFound('The document');
      const next = nextStatus(doc.status, 'assign');
      if (!next) throw conflict(`A document in status "${doc.status}" cannot be assigned.`);
      const unit = await trx
        .selectFrom('org_unit')
        .select(['id', 'name'])
        .where('id', '=', input.orgUnitId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!unit) throw invalid([{ field: 'orgUnitId', message: 'Unknown org unit.' }]);
      // A head assigns only within their own unit; the registry anywhere.
      if (
        !actor.roles.includes('registry_clerk') &&
        actor.kind !== 'system' &&
        (await actorUnit(tx)) !== unit.id
      )
        throw forbidden('A head assigns only within their own org unit.');
      let handlerName: string | null = null;
      if (input.handlerId) {
        const h = await tx.trx
          .selectFrom('app_user')
          .select(['id', 'display_name', 'org_unit_id'])
          .where('id', '=', input.handlerId)
          .where('active', '=', true)
          .where(sql<boolean>`'handler' = ANY(roles)`)
          .executeTakeFirst();
        if (!h || h.org_unit_id !== unit.id)
          throw invalid([
            { field: 'handlerId', message: 'Unknown handler, or not a handler of this org unit.' },
          ]);
        handlerName = h.display_name;
      }
      let due: string | null = doc.due_date;
      let explanation: unknown = doc.due_explanation;
      if (days !== null) {
        const tenant = await tx.trx
          .selectFrom('tenant')
          .select(['time_zone', 'country'])
          .where('id', '=', tenantId)
          .executeTakeFirstOrThrow();
        const start = dateIn(doc.delivered_at ?? doc.registered_at, tenant.time_zone) as IsoDate;
        const d = deadline(start, days, 'calendar', isCountry(tenant.country) ? tenant.country : 'CZ');
        due = d.due;
        explanation = d.explanation;
      }
      await trx
        .updateTable('records_document')
        .set({
          status: next,
          org_unit_id: unit.id,
          handler_id: input.handlerId ?? null,
          due_date: due,
          due_explanation: explanation === null ? null : JSON.stringify(explanation),
          return_reason: null,
        })
        .where('id', '=', id)
        .execute();
      await appendAudit(tx, {
        eventType: 'ZmenaZpracovatele',
        objectType: 'Dokument',
        objectId: id,
        params: { orgUnit: unit.name, handler: handlerName, dueDate: due },
      });
      return loadDocument(tx, id);
    },
    { now: ctx.clock.now() },
  );
}

async function handlerStep(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  action: 'accept' | 'return',
  reason: string | null,
) {
  requireRecordsUser(actor, tenantId);
  if (action === 'return' && ((reason ?? '').trim() === '' || (reason ?? '').length > 1000))
    throw invalid([
      { field: 'reason', message: 'Say why the document goes back (at most 1000 characters).' },
    ]);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      await visibleDocument(tx, id);
      const trx = rtx(tx);
      const doc = await trx
        .selectFrom('records_document')
        .select(['status', 'handler_id', 'direction'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      // The handler, or a colleague standing in for them today (zastupování).
      if (!handlesAsHandler(actor, doc.handler_id, await standsInFor(tx)))
        throw forbidden('Only the assigned handler (or their stand-in) may do this.');
      const onBehalfOf = doc.handler_id !== actor.userId ? await userName(tx, doc.handler_id) : undefined;
      // An own document was never at the registry: its author handles it from its creation. One
      // forwarded to another handler and not yet accepted goes back to the one who forwarded it.
      if (action === 'return' && doc.direction === 'own') {
        if (doc.status === 'assigned') {
          const back = await returnToForwarder(tx, id, reason!.trim(), onBehalfOf);
          if (back) return back;
        }
        throw conflict('An own document is not returned to the registry; its author handles it.');
      }
      const next = nextStatus(doc.status, action);
      if (!next)
        throw conflict(
          `A document in status "${doc.status}" cannot be ${action === 'accept' ? 'accepted' : 'returned'}.`,
        );
      await trx
        .updateTable('records_document')
        .set(
          action === 'accept'
            ? { status: next }
            : { status: next, handler_id: null, return_reason: reason!.trim() },
        )
        .where('id', '=', id)
        .execute();
      await appendAudit(tx, {
        eventType: action === 'accept' ? 'Uprava' : 'ZmenaZpracovatele',
        objectType: 'Dokument',
        objectId: id,
        params: {
          ...(action === 'accept' ? { accepted: true } : { returned: true, reason: reason!.trim() }),
          ...(onBehalfOf ? { onBehalfOf } : {}),
        },
      });
      return loadDocument(tx, id);
    },
    { now: ctx.clock.now() },
  );
}

export const acceptDocument = (ctx: AppContext, actor: Actor, tenantId: string, id: string) =>
  handlerStep(ctx, actor, tenantId, id, 'accept', null);
export const returnDocument = (ctx: AppContext, actor: Actor, tenantId: string, id: string, reason: string) =>
  handlerStep(ctx, actor, tenantId, id, 'return', reason);

export interface WorkItem {
  id: string;
  refNumber: string;
  subject: string;
  dueDate: string | null;
  /** The absent handler's name when the actor has it as their stand-in (zastupování). */
  delegatedFrom?: string | null;
}

export interface MyWork {
  mine: WorkItem[];
  overdue: WorkItem[];
  dueThisWeek: WorkItem[];
}

/** The dashboard lists: my open documents, and of those I may see: overdue and due within 7 days. */
export async function myWork(ctx: AppContext, actor: Actor, tenantId: string): Promise<MyWork> {
  requireRecordsUser(actor, tenantId);
  return withTenant(ctx.db, tenantId, actor, async (tx) => {
    const tz = (
      await tx.trx
        .selectFrom('tenant')
        .select('time_zone')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).time_zone;
    const today = todayIn(tz, ctx.clock.now());
    const unit = await actorUnit(tx);
    const all = recordsPolicy.can(actor, 'journal.read', { tenantId });
    const reach = await standsInFor(tx, ctx.clock.now());
    let q = rtx(tx)
      .selectFrom('records_document as d')
      .leftJoin('app_user as h', 'h.id', 'd.handler_id')
      .select(['d.id', 'd.ref_number', 'd.subject', 'd.due_date', 'd.handler_id', 'h.display_name'])
      .where('d.status', 'in', OPEN_STATUSES)
      .orderBy('d.due_date')
      .orderBy('d.registered_at')
      .limit(200);
    if (!all) {
      q = q.where((eb) =>
        eb.or([
          // Own, and those of the handlers the actor stands in for today.
          eb('d.handler_id', 'in', [actor.userId ?? '00000000-0000-0000-0000-000000000000', ...reach]),
          ...(actor.roles.includes('head') && unit ? [eb('d.org_unit_id', '=', unit)] : []),
        ]),
      );
    }
    const rows = await q.execute();
    const delegated = (r: (typeof rows)[number]) =>
      r.handler_id !== null && r.handler_id !== actor.userId && reach.includes(r.handler_id);
    const item = (r: (typeof rows)[number]): WorkItem => ({
      id: r.id,
      refNumber: r.ref_number,
      subject: r.subject,
      dueDate: r.due_date,
      delegatedFrom: delegated(r) ? (r.display_name ?? null) : null,
    });
    const weekEnd = addDays(today, 7);
    return {
      mine: rows.filter((r) => r.handler_id === actor.userId || delegated(r)).map(item),
      overdue: rows.filter((r) => r.due_date !== null && r.due_date < today).map(item),
      dueThisWeek: rows
        .filter((r) => r.due_date !== null && r.due_date >= today && r.due_date <= weekEnd)
        .map(item),
    };
  });
}
