/**
 * Dispatch (vypravení) of a final own document, one dispatch per recipient and method:
 * the handler prepares it (post: the envelope sheet with the delivery note as a PDF) and hands it
 * to the dispatch office (PredaniVypravne); the registry sends it (post: on the day it goes to
 * the post office; e-mail: a job sends it over SMTP with the final components attached; data box:
 * waits in the queue for the data-box connector) — Vypraveno; then records delivery (Doruceno,
 * e.g. from the returned dodejka) or that it came back undeliverable. In person: handed over with
 * a date. Each use case is one tenant transaction with its NSESSS audit entries, which are logged
 * on the document, so its page shows the whole story.
 */
import nodemailer from 'nodemailer';
import { appendAudit } from '../../platform/audit/chain.js';
import { getFile, storeFile } from '../../platform/blobs/index.js';
import { type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import type { Address } from '../../platform/db/types.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { dateIn } from '../../platform/time-zone.js';
import { standsInFor } from './delegation.js';
import {
  checkDispatchDate,
  DISPATCH_STATES,
  type DispatchAction,
  type DispatchMethod,
  type DispatchState,
  dispatchAddress,
  EMAIL_DISPATCH_JOB,
  emailJobKey,
  envelopeBlocks,
  isDispatchMethod,
  MAX_UNDELIVERABLE_REASON,
  mayTakeDispatchStep,
  nextDispatchState,
} from './domain/dispatch.js';
import { actorUnit, requireRecordsUser } from './intake-service.js';
import { otx } from './own-schema.js';
import { type DispatchView, loadDispatches, visibleOwn } from './own-service.js';
import { canSeeDocument, recordsPolicy } from './policy.js';

/** The job that sends one e-mail dispatch (payload: dispatchId); retried by the worker with backoff. */
export { EMAIL_DISPATCH_JOB };
/** How the audit chain names the job's sending (there is no person behind it). */
export const EMAIL_DISPATCH_ACTOR = 'výpravna (SMTP)';

const run = <T>(ctx: AppContext, tenantId: string, actor: Actor, fn: (tx: TenantTx) => Promise<T>) =>
  withTenant(ctx.db, tenantId, actor, fn, { now: ctx.clock.now() });

async function tenantToday(tx: TenantTx): Promise<IsoDate> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(t.time_zone, tx.now);
}

const formatAddress = (a: Address | null | undefined) =>
  [a?.street, [a?.postcode, a?.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null;

interface DispatchRow {
  id: string;
  document_id: string;
  method: DispatchMethod;
  state: DispatchState;
  handed_over_at: Date | null;
  prepared_at: Date;
  sent_on: string | null;
  send_round: number;
  send_requested_at: Date | null;
  envelope_blob_id: string | null;
  ref_number: string;
  handler_id: string | null;
  org_unit_id: string | null;
  /** The actor handles the document (writes own documents and is its handler or unit head). */
  handles: boolean;
  dispatchOffice: boolean;
}

/** A dispatch whose document the actor may see (the dispatch office sees all), locked; else 404. */
async function visibleDispatch(tx: TenantTx, id: string, lock: boolean): Promise<DispatchRow> {
  if (!isUuid(id)) throw notFound('The dispatch');
  let q = otx(tx)
    .selectFrom('records_dispatch as x')
    .innerJoin('records_document as d', 'd.id', 'x.document_id')
    .select([
      'x.id',
      'x.document_id',
      'x.method',
      'x.state',
      'x.handed_over_at',
      'x.prepared_at',
      'x.sent_on',
      'x.send_round',
      'x.send_requested_at',
      'x.envelope_blob_id',
      'd.ref_number',
      'd.handler_id',
      'd.org_unit_id',
    ])
    .where('x.id', '=', id);
  if (lock) q = q.forUpdate();
  const x = await q.executeTakeFirst();
  if (!x) throw notFound('The dispatch');
  const unit = await actorUnit(tx);
  const scope = { tenantId: tx.tenantId, handlerId: x.handler_id, orgUnitId: x.org_unit_id };
  if (!canSeeDocument(tx.actor, unit, scope, await standsInFor(tx))) throw notFound('The dispatch');
  const own = await visibleOwn(tx, x.document_id, false);
  return {
    ...x,
    send_round: Number(x.send_round),
    handles: own.handles,
    dispatchOffice: recordsPolicy.can(tx.actor, 'dispatch.run', scope),
  };
}

const STATE_REFUSED: Record<DispatchAction, string> = {
  hand_over: 'Only a prepared dispatch is handed to the dispatch office.',
  send: 'Only a dispatch handed to the dispatch office is sent.',
  deliver: 'Only a sent dispatch is recorded as delivered.',
  undeliverable: 'Only a sent dispatch comes back undeliverable.',
  in_person: 'Only a dispatch in person that has not been handed over yet is recorded so.',
};

function dispatchStep(x: DispatchRow, action: DispatchAction): DispatchState {
  if (!mayTakeDispatchStep(action, x))
    throw forbidden(
      action === 'hand_over'
        ? 'Only the document’s handler or the head of its org unit hands it to the dispatch office.'
        : 'Only the dispatch office (registry) does this.',
    );
  const next = nextDispatchState(x.method, x.state, action);
  if (!next) throw conflict(`${STATE_REFUSED[action]} This one is ${x.method}, "${x.state}".`);
  return next;
}

async function one(tx: TenantTx, id: string): Promise<DispatchView> {
  return (await loadDispatches(tx, { ids: [id] }))[0]!;
}

// ---------------------------------------------------------------------------------------------

/**
 * Prepares the dispatch of a final own document to one of its recipients. The address the method
 * needs is taken from the register of persons now and kept; for post the envelope sheet with the
 * delivery note is rendered and stored. A recipient has one live dispatch at a time (a new one
 * only after the previous came back undeliverable).
 */
export async function prepareDispatch(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  input: { recipientId?: string | null; method?: string | null },
): Promise<DispatchView> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  const errors = [];
  if (!input.recipientId || !isUuid(input.recipientId))
    errors.push({ field: 'recipientId', message: 'Choose a recipient of the document.' });
  if (!isDispatchMethod(input.method))
    errors.push({ field: 'method', message: 'Choose post, e-mail, data box or in person.' });
  if (errors.length) throw invalid(errors);
  const method = input.method as DispatchMethod;
  return run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const own = await visibleOwn(tx, documentId, true);
    if (!mayTakeDispatchStep('prepare', { handles: own.handles, dispatchOffice: false }))
      throw forbidden('Only the document’s handler or the head of its org unit prepares its dispatch.');
    if (own.state !== 'final')
      throw conflict(`Document ${own.ref_number} is not final yet; only an approved document is dispatched.`);
    const person = await trx
      .selectFrom('records_own_recipient as r')
      .innerJoin('records_person as p', 'p.id', 'r.person_id')
      .select(['p.id', 'p.name', 'p.address', 'p.email', 'p.databox_id'])
      .where('r.document_id', '=', own.id)
      .where('r.person_id', '=', input.recipientId!)
      .executeTakeFirst();
    if (!person) throw invalid([{ field: 'recipientId', message: 'Not a recipient of this document.' }]);
    const live = await trx
      .selectFrom('records_dispatch')
      .select(['method', 'state'])
      .where('document_id', '=', own.id)
      .where('recipient_id', '=', person.id)
      .where('state', '<>', 'undeliverable')
      .executeTakeFirst();
    if (live)
      throw conflict(
        `${person.name} already has a dispatch of this document (${live.method}, "${live.state}").`,
      );
    const address = dispatchAddress(method, {
      name: person.name,
      address: person.address,
      email: person.email,
      databoxId: person.databox_id,
    });
    if ('error' in address) throw invalid([address.error]);
    const today = await tenantToday(tx);
    let envelopeBlobId: string | null = null;
    if (method === 'post') {
      const tenant = await tx.trx
        .selectFrom('tenant')
        .select(['name', 'address'])
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      const pdf = await renderPdf({
        title: `Obálka a doručenka – ${own.ref_number}`,
        author: tenant.name,
        lang: 'cs',
        createdAt: tx.now,
        blocks: envelopeBlocks({
          sender: { name: tenant.name, address: formatAddress(tenant.address as Address) },
          recipient: { name: person.name, address: address.value },
          refNumber: own.ref_number,
          pid: own.pid,
          subject: own.subject,
          preparedOn: today,
        }),
      });
      const rec = await storeFile(ctx, tx, {
        filename: `obalka-${own.ref_number.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`,
        source: Buffer.from(pdf),
      });
      envelopeBlobId = rec.id;
    }
    const id = newId();
    await trx
      .insertInto('records_dispatch')
      .values({
        id,
        tenant_id: tenantId,
        document_id: own.id,
        recipient_id: person.id,
        method,
        state: 'prepared',
        address: address.value,
        envelope_blob_id: envelopeBlobId,
        prepared_at: tx.now,
        prepared_by: actor.userId,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'VlozeniKVypraveni',
      objectType: 'Dokument',
      objectId: own.id,
      params: { dispatchId: id, recipient: person.name, method, address: address.value },
    });
    return one(tx, id);
  });
}

/** The handler hands a prepared dispatch to the dispatch office (PredaniVypravne). */
export async function handOverDispatch(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
): Promise<DispatchView> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const x = await visibleDispatch(tx, dispatchId, true);
    const next = dispatchStep(x, 'hand_over');
    await otx(tx)
      .updateTable('records_dispatch')
      .set({ state: next, handed_over_at: tx.now, handed_over_by: actor.userId })
      .where('id', '=', x.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'PredaniVypravne',
      objectType: 'Dokument',
      objectId: x.document_id,
      params: { dispatchId: x.id, method: x.method },
    });
    return one(tx, x.id);
  });
}

async function jobState(tx: TenantTx, key: string): Promise<string | null> {
  const j = await tx.trx
    .selectFrom('job')
    .select('state')
    .where('singleton_key', '=', key)
    .executeTakeFirst();
  return j?.state ?? null;
}

const jobKey = (id: string, round: number) => emailJobKey(id, round);

/**
 * The dispatch office sends a dispatch. Post: it went to the post office on `date` (default
 * today) — Vypraveno. E-mail: a job is queued that sends it (Vypraveno once the SMTP server took
 * it); asked again after a failure, it queues another round. Data box: refused, the data-box
 * connector sends those. In person: refused, see `deliverInPerson`.
 */
export async function sendDispatch(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
  input: { date?: string | null } = {},
): Promise<DispatchView> {
  recordsPolicy.require(actor, 'dispatch.run', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const x = await visibleDispatch(tx, dispatchId, true);
    if (x.method === 'databox')
      throw conflict(
        'A data-box dispatch is sent by the data-box connector; it waits in the queue until then.',
      );
    const next = dispatchStep(x, 'send');
    if (x.method === 'email') {
      if (!ctx.config.smtpOutHost || !ctx.config.smtpOutFrom)
        throw conflict('E-mail dispatch is not configured (SMTP_OUT_HOST, SMTP_OUT_FROM).');
      if (x.send_round > 0) {
        const state = await jobState(tx, jobKey(x.id, x.send_round));
        if (state === 'queued' || state === 'running')
          throw conflict(
            'This e-mail is already waiting to be sent; it is retried by itself after a failure.',
          );
      }
      const round = x.send_round + 1;
      await trx
        .updateTable('records_dispatch')
        .set({ send_round: round, send_requested_at: tx.now })
        .where('id', '=', x.id)
        .execute();
      await ctx.jobs.enqueue(
        EMAIL_DISPATCH_JOB,
        { tenantId, payload: { dispatchId: x.id }, singletonKey: jobKey(x.id, round), maxAttempts: 5 },
        tx.trx,
      );
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Dokument',
        objectId: x.document_id,
        params: { dispatchId: x.id, method: 'email', sending: round },
      });
      return one(tx, x.id);
    }
    const today = await tenantToday(tx);
    const zone = (
      await tx.trx
        .selectFrom('tenant')
        .select('time_zone')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).time_zone;
    const date = checkDispatchDate(
      input.date,
      today,
      dateIn(x.handed_over_at ?? x.prepared_at, zone) as IsoDate,
    );
    if (!date.value) throw invalid(date.errors);
    await trx
      .updateTable('records_dispatch')
      .set({ state: next, sent_on: date.value, sent_at: tx.now, outcome_by: actor.userId })
      .where('id', '=', x.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Vypraveno',
      objectType: 'Dokument',
      objectId: x.document_id,
      params: { dispatchId: x.id, method: x.method, date: date.value },
    });
    return one(tx, x.id);
  });
}

/** Delivery recorded by the dispatch office (Doruceno), e.g. from the returned dodejka. */
export async function recordDelivery(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
  input: { date?: string | null },
): Promise<DispatchView> {
  recordsPolicy.require(actor, 'dispatch.run', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const x = await visibleDispatch(tx, dispatchId, true);
    const next = dispatchStep(x, 'deliver');
    const date = checkDispatchDate(input.date, await tenantToday(tx), x.sent_on as IsoDate | null);
    if (!date.value) throw invalid(date.errors);
    await otx(tx)
      .updateTable('records_dispatch')
      .set({ state: next, delivered_on: date.value, outcome_by: actor.userId })
      .where('id', '=', x.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Doruceno',
      objectType: 'Dokument',
      objectId: x.document_id,
      params: { dispatchId: x.id, method: x.method, date: date.value },
    });
    return one(tx, x.id);
  });
}

/** The dispatch came back undeliverable (returned letter, bounced e-mail), with the date and reason. */
export async function recordUndeliverable(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
  input: { date?: string | null; reason?: string | null },
): Promise<DispatchView> {
  recordsPolicy.require(actor, 'dispatch.run', { tenantId });
  const reason = (input.reason ?? '').trim();
  if (!reason || reason.length > MAX_UNDELIVERABLE_REASON)
    throw invalid([
      {
        field: 'reason',
        message: `Say why it was not delivered (at most ${MAX_UNDELIVERABLE_REASON} characters).`,
      },
    ]);
  return run(ctx, tenantId, actor, async (tx) => {
    const x = await visibleDispatch(tx, dispatchId, true);
    const next = dispatchStep(x, 'undeliverable');
    const date = checkDispatchDate(input.date, await tenantToday(tx), x.sent_on as IsoDate | null);
    if (!date.value) throw invalid(date.errors);
    await otx(tx)
      .updateTable('records_dispatch')
      .set({
        state: next,
        undeliverable_on: date.value,
        undeliverable_reason: reason,
        outcome_by: actor.userId,
      })
      .where('id', '=', x.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: x.document_id,
      params: { dispatchId: x.id, method: x.method, undeliverable: date.value, reason },
    });
    return one(tx, x.id);
  });
}

/** Handed to the recipient in person on `date`: dispatched and delivered at once (Vypraveno, Doruceno). */
export async function deliverInPerson(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
  input: { date?: string | null },
): Promise<DispatchView> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const x = await visibleDispatch(tx, dispatchId, true);
    const next = dispatchStep(x, 'in_person');
    const zone = (
      await tx.trx
        .selectFrom('tenant')
        .select('time_zone')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).time_zone;
    const date = checkDispatchDate(input.date, await tenantToday(tx), dateIn(x.prepared_at, zone) as IsoDate);
    if (!date.value) throw invalid(date.errors);
    await otx(tx)
      .updateTable('records_dispatch')
      .set({
        state: next,
        sent_on: date.value,
        sent_at: tx.now,
        delivered_on: date.value,
        outcome_by: actor.userId,
      })
      .where('id', '=', x.id)
      .execute();
    const params = { dispatchId: x.id, method: x.method, date: date.value };
    await appendAudit(tx, {
      eventType: 'Vypraveno',
      objectType: 'Dokument',
      objectId: x.document_id,
      params,
    });
    await appendAudit(tx, { eventType: 'Doruceno', objectType: 'Dokument', objectId: x.document_id, params });
    return one(tx, x.id);
  });
}

export interface QueueFilter {
  /** One state, or 'open' (handed over or sent: what the office still deals with; default), or 'all'. */
  state?: string;
  method?: string;
}

/** The dispatch office's queue (výpravna), oldest first. */
export async function listDispatchQueue(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: QueueFilter = {},
): Promise<DispatchView[]> {
  recordsPolicy.require(actor, 'dispatch.run', { tenantId });
  const state = filter.state || 'open';
  const errors = [];
  if (state !== 'open' && state !== 'all' && !(DISPATCH_STATES as readonly string[]).includes(state))
    errors.push({ field: 'state', message: 'Unknown state.' });
  if (filter.method && !isDispatchMethod(filter.method))
    errors.push({ field: 'method', message: 'Unknown method.' });
  if (errors.length) throw invalid(errors);
  return withTenant(ctx.db, tenantId, actor, (tx) =>
    loadDispatches(tx, {
      ...(state === 'open'
        ? { states: ['handed_over', 'sent'] as DispatchState[] }
        : state === 'all'
          ? {}
          : { states: [state as DispatchState] }),
      ...(filter.method ? { method: filter.method as DispatchMethod } : {}),
    }),
  );
}

/** The post PDF (envelope address block and delivery note) of a dispatch. */
export async function readEnvelope(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  dispatchId: string,
): Promise<{ filename: string; content: Buffer }> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const x = await visibleDispatch(tx, dispatchId, false);
    if (!x.envelope_blob_id) throw notFound('The envelope (only a dispatch by post has one)');
    const file = await getFile(ctx, tx, x.envelope_blob_id);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'Dokument',
      objectId: x.document_id,
      params: { dispatchId: x.id, envelope: true },
    });
    return { filename: file.record.filename, content: await file.read() };
  });
}

// ---------------------------------------------------------------------------------------------
// The e-mail job

/**
 * Sends one e-mail dispatch (job `records.dispatch-email`). Reads what to send in one short
 * transaction, talks to the SMTP server with no transaction open, then records the outcome.
 * A failure is written on the dispatch (attempts, last error) and thrown, so the worker retries
 * with backoff; after the last attempt the dispatch stays "handed over" with the error for the
 * dispatch office to send again. A dispatch no longer waiting (sent meanwhile) is left alone.
 * The Message-ID is fixed per dispatch, so a receiver sees a repeated send as the same message.
 */
export async function runEmailDispatch(
  ctx: AppContext,
  job: { tenantId: string | null; payload: Record<string, unknown> },
): Promise<void> {
  const tenantId = job.tenantId;
  const dispatchId = String(job.payload.dispatchId ?? '');
  if (!tenantId || !isUuid(dispatchId))
    throw new Error('records.dispatch-email needs a tenant and a dispatchId');
  const actor = SYSTEM_ACTOR;
  const work = await run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const x = await trx
      .selectFrom('records_dispatch as x')
      .innerJoin('records_document as d', 'd.id', 'x.document_id')
      .innerJoin('records_person as p', 'p.id', 'x.recipient_id')
      .select([
        'x.id',
        'x.state',
        'x.method',
        'x.address',
        'x.document_id',
        'd.ref_number',
        'd.subject',
        'p.name',
      ])
      .where('x.id', '=', dispatchId)
      .executeTakeFirst();
    if (x?.method !== 'email' || x.state !== 'handed_over') return null;
    const components = await trx
      .selectFrom('records_component as c')
      .innerJoin('blob as b', 'b.id', 'c.blob_id')
      .select(['c.filename', 'c.mime', 'b.sha256'])
      .where('c.document_id', '=', x.document_id)
      .where('c.accepted', '=', true)
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
    const tenant = await tx.trx
      .selectFrom('tenant')
      .select(['name', 'settings'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return { x, components, tenant };
  });
  if (!work) return;
  const { x, components, tenant } = work;
  const from = ctx.config.smtpOutFrom;
  const host = ctx.config.smtpOutHost;
  const messageId = `<dispatch-${x.id}@samosprava>`;
  try {
    if (!host || !from) throw new Error('E-mail dispatch is not configured (SMTP_OUT_HOST, SMTP_OUT_FROM).');
    const attachments = [];
    for (const c of components)
      attachments.push({
        filename: c.filename,
        contentType: c.mime,
        content: await ctx.blobs.read(c.sha256),
      });
    const replyTo = (tenant.settings as { intakeEmail?: unknown }).intakeEmail;
    const transport = nodemailer.createTransport({
      host,
      port: ctx.config.smtpOutPort,
      secure: ctx.config.smtpOutPort === 465,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    try {
      await transport.sendMail({
        from: { name: tenant.name, address: from },
        to: { name: x.name, address: x.address },
        ...(typeof replyTo === 'string' && replyTo ? { replyTo } : {}),
        subject: `${x.ref_number} – ${x.subject}`,
        messageId,
        text:
          `Dobrý den,\n\nv příloze zasíláme dokument č. j. ${x.ref_number} (${x.subject}).\n\n` +
          `S pozdravem\n${tenant.name}\n`,
        attachments,
      });
    } finally {
      transport.close();
    }
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    await run(ctx, tenantId, actor, async (tx) => {
      await otx(tx)
        .updateTable('records_dispatch')
        .set((eb) => ({ send_attempts: eb('send_attempts', '+', 1), last_error: message }))
        .where('id', '=', x.id)
        .execute();
    });
    throw e;
  }
  await run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const still = await trx
      .selectFrom('records_dispatch')
      .select('state')
      .where('id', '=', x.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (still.state !== 'handed_over') return;
    const today = await tenantToday(tx);
    await trx
      .updateTable('records_dispatch')
      .set((eb) => ({
        state: 'sent',
        sent_on: today,
        sent_at: tx.now,
        email_message_id: messageId,
        send_attempts: eb('send_attempts', '+', 1),
        last_error: null,
      }))
      .where('id', '=', x.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Vypraveno',
      objectType: 'Dokument',
      objectId: x.document_id,
      actorLabel: EMAIL_DISPATCH_ACTOR,
      params: { dispatchId: x.id, method: 'email', to: x.address, messageId, date: today },
    });
  });
}
