/**
 * Own documents (vlastní dokumenty): a handler writes a draft (registered into the journal at
 * once, with PID and číslo jednací), adds components (every upload a new version, all versions
 * kept), names recipients from the register of persons, asks the head of the unit for approval;
 * the head approves (the current versions become the final version, frozen) or returns it with a
 * reason. A reply to an incoming document that lies in a file joins that file.
 * Each use case is one tenant transaction with its NSESSS audit entries.
 */
import { sql } from 'kysely';
import { appendAudit, readAudit } from '../../platform/audit/chain.js';
import type { AuditEventRow } from '../../platform/audit/types.js';
import { getFile, recordFile, type StoredBlob } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { allocateNumber, TemplateError } from '../../platform/numbering/index.js';
import { dateIn } from '../../platform/time-zone.js';
import { standsInFor } from './delegation.js';
import { type DispatchMethod, type DispatchState, EMAIL_DISPATCH_JOB } from './domain/dispatch.js';
import {
  type CleanPerson,
  checkPerson,
  formatPid,
  formatRefNumber,
  type PersonInput,
  pidPrefix,
  refTemplate,
  searchText,
} from './domain/intake.js';
import {
  checkOwnDraft,
  checkReturnReason,
  MAX_COMPONENT_FILES,
  MAX_RECIPIENTS,
  mayTakeOwnStep,
  nextOwnState,
  type OwnAction,
  type OwnState,
  submitProblem,
} from './domain/own.js';
import { type DocRow, type FileRow, placeDocument, refreshRegime, visibleFile } from './files-service.js';
import {
  actorUnit,
  type DocumentView,
  type IncomingFile,
  loadDocument,
  type PersonView,
  PID_SERIES,
  REF_SERIES,
  requireRecordsUser,
  upsertPerson,
} from './intake-service.js';
import { otx } from './own-schema.js';
import { canHandle, canSeeDocument, recordsPolicy } from './policy.js';
import type { DocumentStatus } from './schema.js';

const run = <T>(ctx: AppContext, tenantId: string, actor: Actor, fn: (tx: TenantTx) => Promise<T>) =>
  withTenant(ctx.db, tenantId, actor, fn, { now: ctx.clock.now() });

export interface ComponentVersionView {
  version: number;
  filename: string;
  mime: string;
  size: number;
  createdAt: Date;
  createdBy: string | null;
}

export interface OwnComponentView {
  id: string;
  filename: string;
  mime: string;
  size: number;
  /** The current version (the one `records_component` holds). */
  version: number;
  versions: ComponentVersionView[];
}

export interface DispatchView {
  id: string;
  documentId: string;
  refNumber: string;
  subject: string;
  recipient: { id: string; name: string };
  method: DispatchMethod;
  state: DispatchState;
  address: string;
  hasEnvelope: boolean;
  preparedAt: Date;
  handedOverAt: Date | null;
  sentOn: string | null;
  deliveredOn: string | null;
  undeliverableOn: string | null;
  undeliverableReason: string | null;
  /** E-mail: when sending was asked for, how many attempts, the last failure. */
  sendRequestedAt: Date | null;
  sendAttempts: number;
  /** E-mail: the current round is queued or running (retried by the worker; not to be asked again). */
  sendPending: boolean;
  lastError: string | null;
  emailMessageId: string | null;
}

export interface OwnDetail {
  document: DocumentView;
  state: OwnState;
  answers: { id: string; refNumber: string; subject: string } | null;
  file: { id: string; fileNumber: string; status: string } | null;
  recipients: PersonView[];
  components: OwnComponentView[];
  submittedAt: Date | null;
  submittedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  returnReason: string | null;
  dispatches: DispatchView[];
  history: AuditEventRow[];
  /** What the actor may do now (for the page). */
  can: { edit: boolean; submit: boolean; approve: boolean; return: boolean; dispatch: boolean };
}

export interface OwnRow {
  id: string;
  pid: string;
  ref_number: string;
  subject: string;
  status: DocumentStatus;
  handler_id: string | null;
  org_unit_id: string | null;
  group_id: string | null;
  year: number;
  registered_at: Date;
  state: OwnState;
  /** The actor handles it (its handler, or the head of its unit) and may write own documents. */
  handles: boolean;
  /** The actor is a head of the document's org unit. */
  headOfUnit: boolean;
}

/** An own document the actor may see (else 404), with who the actor is to it; locked when asked. */
export async function visibleOwn(tx: TenantTx, id: string, lock: boolean): Promise<OwnRow> {
  if (!isUuid(id)) throw notFound('The own document');
  let q = otx(tx)
    .selectFrom('records_document as d')
    .innerJoin('records_own_document as o', 'o.document_id', 'd.id')
    .select([
      'd.id',
      'd.pid',
      'd.ref_number',
      'd.subject',
      'd.status',
      'd.handler_id',
      'd.org_unit_id',
      'd.group_id',
      'd.year',
      'd.registered_at',
      'o.state',
    ])
    .where('d.id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('The own document');
  const unit = await actorUnit(tx);
  const scope = { tenantId: tx.tenantId, handlerId: row.handler_id, orgUnitId: row.org_unit_id };
  const reach = await standsInFor(tx);
  if (!canSeeDocument(tx.actor, unit, scope, reach)) throw notFound('The own document');
  const handles = recordsPolicy.can(tx.actor, 'own.write', scope) && canHandle(tx.actor, unit, scope, reach);
  const headOfUnit =
    recordsPolicy.can(tx.actor, 'own.approve', scope) && unit !== null && unit === row.org_unit_id;
  return { ...row, handles, headOfUnit };
}

const STEP_REFUSED: Record<OwnAction, string> = {
  edit: 'Only the document’s handler or the head of its org unit may change it.',
  submit: 'Only the document’s handler or the head of its org unit may ask for approval.',
  approve: 'Only the head of the document’s org unit may approve it.',
  return: 'Only the head of the document’s org unit may return it.',
};

const STATE_REFUSED: Record<OwnAction, (s: OwnState, ref: string) => string> = {
  edit: (s, ref) =>
    s === 'final'
      ? `Document ${ref} is final (approved): its components and recipients are frozen.`
      : `Document ${ref} waits for approval; it changes only after the head returns it.`,
  submit: (s, ref) => `Document ${ref} is "${s}"; only a draft or a returned document is submitted.`,
  approve: (s, ref) => `Document ${ref} is "${s}"; only a submitted document is approved.`,
  return: (s, ref) => `Document ${ref} is "${s}"; only a submitted document is returned.`,
};

/** The state after the step if the actor may take it now: 403 for the wrong person, 409 for the wrong state. */
function step(row: OwnRow, action: OwnAction): OwnState {
  if (!mayTakeOwnStep(action, row)) throw forbidden(STEP_REFUSED[action]);
  const next = nextOwnState(row.state, action);
  if (!next) throw conflict(STATE_REFUSED[action](row.state, row.ref_number));
  return next;
}

async function setState(tx: TenantTx, id: string, values: Record<string, unknown>): Promise<void> {
  await otx(tx).updateTable('records_own_document').set(values).where('document_id', '=', id).execute();
}

export async function loadDispatches(
  tx: TenantTx,
  where: { documentId?: string; ids?: string[]; states?: DispatchState[]; method?: DispatchMethod },
): Promise<DispatchView[]> {
  let q = otx(tx)
    .selectFrom('records_dispatch as x')
    .innerJoin('records_document as d', 'd.id', 'x.document_id')
    .innerJoin('records_person as p', 'p.id', 'x.recipient_id')
    .selectAll('x')
    .select(['d.ref_number', 'd.subject', 'p.name as p_name'])
    // An e-mail whose current round is still queued or running (the worker retries it by itself).
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('job')
            .select('job.id')
            .where('job.state', 'in', ['queued', 'running'])
            .where(
              'job.singleton_key',
              '=',
              sql<string>`${EMAIL_DISPATCH_JOB}::text || ':' || x.id::text || ':' || x.send_round::text`,
            ),
        )
        .as('send_pending'),
    );
  if (where.documentId) q = q.where('x.document_id', '=', where.documentId);
  if (where.ids)
    q = q.where('x.id', 'in', where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000']);
  if (where.states) q = q.where('x.state', 'in', where.states);
  if (where.method) q = q.where('x.method', '=', where.method);
  const rows = await q.orderBy('x.prepared_at').orderBy('x.id').execute();
  return rows.map((x) => ({
    id: x.id,
    documentId: x.document_id,
    refNumber: x.ref_number,
    subject: x.subject,
    recipient: { id: x.recipient_id, name: x.p_name },
    method: x.method,
    state: x.state,
    address: x.address,
    hasEnvelope: x.envelope_blob_id !== null,
    preparedAt: x.prepared_at,
    handedOverAt: x.handed_over_at,
    sentOn: x.sent_on,
    deliveredOn: x.delivered_on,
    undeliverableOn: x.undeliverable_on,
    undeliverableReason: x.undeliverable_reason,
    sendRequestedAt: x.send_requested_at,
    sendAttempts: Number(x.send_attempts),
    sendPending: Boolean(x.send_pending),
    lastError: x.last_error,
    emailMessageId: x.email_message_id,
  }));
}

async function userName(tx: TenantTx, id: string | null): Promise<string | null> {
  if (!id) return null;
  const u = await tx.trx
    .selectFrom('app_user')
    .select('display_name')
    .where('id', '=', id)
    .executeTakeFirst();
  return u?.display_name ?? null;
}

/** The own document as its page and the API show it (no access check, no audit: callers do both). */
export async function loadOwn(tx: TenantTx, row: OwnRow): Promise<OwnDetail> {
  const trx = otx(tx);
  const id = row.id;
  const document = await loadDocument(tx, id);
  const o = await trx
    .selectFrom('records_own_document')
    .selectAll()
    .where('document_id', '=', id)
    .executeTakeFirstOrThrow();
  const answers = o.answers_document_id
    ? await trx
        .selectFrom('records_document')
        .select(['id', 'ref_number', 'subject'])
        .where('id', '=', o.answers_document_id)
        .executeTakeFirst()
    : undefined;
  const file = await trx
    .selectFrom('records_file_document as m')
    .innerJoin('records_file as f', 'f.id', 'm.file_id')
    .select(['f.id', 'f.file_number', 'f.status'])
    .where('m.document_id', '=', id)
    .executeTakeFirst();
  const recipients = await trx
    .selectFrom('records_own_recipient as r')
    .innerJoin('records_person as p', 'p.id', 'r.person_id')
    .selectAll('p')
    .where('r.document_id', '=', id)
    .orderBy('r.position')
    .execute();
  const versions = await trx
    .selectFrom('records_component_version as v')
    .innerJoin('records_component as c', 'c.id', 'v.component_id')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .select([
      'v.component_id',
      'v.version',
      'v.filename',
      'v.mime',
      'v.size',
      'v.created_at',
      'u.display_name',
    ])
    .where('c.document_id', '=', id)
    .orderBy('v.component_id')
    .orderBy('v.version')
    .execute();
  const byComponent = new Map<string, ComponentVersionView[]>();
  for (const v of versions) {
    const list = byComponent.get(v.component_id) ?? [];
    list.push({
      version: v.version,
      filename: v.filename,
      mime: v.mime,
      size: Number(v.size),
      createdAt: v.created_at,
      createdBy: v.display_name ?? null,
    });
    byComponent.set(v.component_id, list);
  }
  const components = document.components
    .filter((c) => c.accepted)
    .map((c) => {
      const vs = byComponent.get(c.id) ?? [];
      return {
        id: c.id,
        filename: c.filename,
        mime: c.mime,
        size: c.size,
        version: vs.at(-1)?.version ?? 1,
        versions: vs,
      };
    });
  const ids = [id, ...components.map((c) => c.id)];
  const history: AuditEventRow[] = [];
  for (const objectId of ids) history.push(...(await readAudit(tx, { objectId })));
  history.sort((a, b) => a.seq - b.seq);
  return {
    document,
    state: o.state,
    answers: answers ? { id: answers.id, refNumber: answers.ref_number, subject: answers.subject } : null,
    file: file ? { id: file.id, fileNumber: file.file_number, status: file.status } : null,
    recipients: recipients.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      ico: p.ico,
      databoxId: p.databox_id,
      address: p.address,
      email: p.email,
    })),
    components,
    submittedAt: o.submitted_at,
    submittedBy: await userName(tx, o.submitted_by),
    decidedAt: o.decided_at,
    decidedBy: await userName(tx, o.decided_by),
    returnReason: o.return_reason,
    dispatches: await loadDispatches(tx, { documentId: id }),
    history,
    can: {
      edit: row.handles && nextOwnState(o.state, 'edit') !== null,
      submit: row.handles && nextOwnState(o.state, 'submit') !== null,
      approve: row.headOfUnit && nextOwnState(o.state, 'approve') !== null,
      return: row.headOfUnit && nextOwnState(o.state, 'return') !== null,
      dispatch: row.handles && o.state === 'final',
    },
  };
}

async function detailOf(tx: TenantTx, id: string): Promise<OwnDetail> {
  return loadOwn(tx, await visibleOwn(tx, id, false));
}

/** Checks recipients named in a request: ids of the register, or new persons (checked like senders). */
function checkRecipients(
  ids: readonly string[],
  persons: readonly PersonInput[],
): { ids: string[]; persons: CleanPerson[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (ids.length + persons.length > MAX_RECIPIENTS)
    errors.push({ field: 'recipients', message: `At most ${MAX_RECIPIENTS} recipients.` });
  for (const id of ids) if (!isUuid(id)) errors.push({ field: 'recipientIds', message: 'Unknown person.' });
  const clean: CleanPerson[] = [];
  persons.forEach((p, i) => {
    const c = checkPerson(p, `recipients[${i}]`);
    errors.push(...c.errors);
    if (c.value) clean.push(c.value);
  });
  return { ids: [...new Set(ids)], persons: clean, errors };
}

/** Adds recipients (existing persons or new ones, de-duplicated on IČO / data box) after the last. */
async function addRecipients(
  tx: TenantTx,
  documentId: string,
  ids: string[],
  persons: CleanPerson[],
): Promise<string[]> {
  const trx = otx(tx);
  const found: { id: string; name: string }[] = [];
  for (const id of ids) {
    const p = await trx
      .selectFrom('records_person')
      .select(['id', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!p) throw invalid([{ field: 'recipientIds', message: 'Unknown person.' }]);
    found.push(p);
  }
  for (const p of persons) found.push(await upsertPerson(tx, p));
  const existing = await trx
    .selectFrom('records_own_recipient')
    .select(['person_id', 'position'])
    .where('document_id', '=', documentId)
    .execute();
  const have = new Set(existing.map((r) => r.person_id));
  let position = Math.max(0, ...existing.map((r) => r.position));
  const added: string[] = [];
  for (const p of found) {
    if (have.has(p.id)) continue;
    have.add(p.id);
    await trx
      .insertInto('records_own_recipient')
      .values({ tenant_id: tx.tenantId, document_id: documentId, person_id: p.id, position: ++position })
      .execute();
    added.push(p.name);
  }
  if (have.size > MAX_RECIPIENTS)
    throw invalid([{ field: 'recipients', message: `At most ${MAX_RECIPIENTS} recipients.` }]);
  return added;
}

// ---------------------------------------------------------------------------------------------

export interface CreateOwnInput {
  subject?: string | null;
  accessLevel?: string | null;
  /** A subject group of the current plan; default: the group of the answered document. */
  groupId?: string | null;
  /**
   * The incoming (or other) document this one answers; if it lies in a file, this one joins it,
   * and without named recipients its sender becomes the recipient.
   */
  answersDocumentId?: string | null;
  /** The same by its číslo jednací (the page's form). */
  answersRefNumber?: string | null;
  /** An open file the actor handles, to join (when it answers nothing that lies in a file). */
  fileId?: string | null;
  recipientIds?: string[];
  recipients?: PersonInput[];
}

/**
 * Creates a draft and registers it: PID and číslo jednací from the same gap-free series as the
 * incoming documents, handled by its author in the author's org unit.
 */
export async function createOwnDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: CreateOwnInput,
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  const draft = checkOwnDraft(input);
  const errors = [...draft.errors];
  if (input.groupId && !isUuid(input.groupId))
    errors.push({ field: 'groupId', message: 'Unknown subject group.' });
  if (input.answersDocumentId && !isUuid(input.answersDocumentId))
    errors.push({ field: 'answersDocumentId', message: 'Unknown document.' });
  if (input.fileId && !isUuid(input.fileId)) errors.push({ field: 'fileId', message: 'Unknown file.' });
  const recips = checkRecipients(input.recipientIds ?? [], input.recipients ?? []);
  errors.push(...recips.errors);
  if (errors.length || !draft.value) throw invalid(errors);
  const d = draft.value;
  return run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const unit = await actorUnit(tx);
    if (!unit)
      throw invalid([
        { field: 'subject', message: 'You belong to no org unit, so the document would have none.' },
      ]);
    let answered: { id: string; ref_number: string; group_id: string | null } | null = null;
    const answersRef = input.answersRefNumber?.trim();
    if (input.answersDocumentId || answersRef) {
      const field = input.answersDocumentId ? 'answersDocumentId' : 'answersRefNumber';
      let aq = trx
        .selectFrom('records_document')
        .select(['id', 'ref_number', 'group_id', 'handler_id', 'org_unit_id']);
      aq = input.answersDocumentId
        ? aq.where('id', '=', input.answersDocumentId)
        : aq.where('ref_number', '=', answersRef!);
      const a = await aq.executeTakeFirst();
      const scope = { tenantId, handlerId: a?.handler_id ?? null, orgUnitId: a?.org_unit_id ?? null };
      if (!a || !canSeeDocument(actor, unit, scope, await standsInFor(tx)))
        throw invalid([{ field, message: 'Unknown document.' }]);
      answered = a;
    }
    // The file to join: the answered document's, else the one named.
    let file: FileRow | null = null;
    const answeredIn = answered
      ? await trx
          .selectFrom('records_file_document')
          .select('file_id')
          .where('document_id', '=', answered.id)
          .executeTakeFirst()
      : undefined;
    const fileId = answeredIn?.file_id ?? input.fileId ?? null;
    if (fileId) {
      file = await visibleFile(tx, fileId, true);
      if (
        !answeredIn &&
        !canHandle(
          actor,
          unit,
          { tenantId, handlerId: file.handler_id, orgUnitId: file.org_unit_id },
          await standsInFor(tx),
        )
      )
        throw forbidden('Only the file’s handler or the head of its org unit may add documents to it.');
      if (file.status !== 'open')
        throw conflict(`File ${file.file_number} is closed; reopen it before adding a document to it.`);
    }
    const groupId = input.groupId ?? answered?.group_id ?? null;
    if (input.groupId) {
      const g = await trx
        .selectFrom('records_group as g')
        .innerJoin('records_plan as p', 'p.id', 'g.plan_id')
        .select('g.id')
        .where('g.id', '=', input.groupId)
        .where('p.valid_to', 'is', null)
        .executeTakeFirst();
      if (!g)
        throw invalid([{ field: 'groupId', message: 'Unknown subject group of the current file plan.' }]);
    }
    const tenant = await tx.trx
      .selectFrom('tenant')
      .select(['time_zone', 'settings', 'slug'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const year = Number(dateIn(tx.now, tenant.time_zone).slice(0, 4));
    const seq = await allocateNumber(tx, REF_SERIES, year);
    let refNumber: string;
    try {
      refNumber = formatRefNumber(refTemplate(tenant.settings), seq, year);
    } catch (e) {
      if (e instanceof TemplateError) throw conflict(e.message);
      throw e;
    }
    const pid = formatPid(pidPrefix(tenant.settings, tenant.slug), await allocateNumber(tx, PID_SERIES, 0));
    const id = newId();
    await trx
      .insertInto('records_document')
      .values({
        id,
        tenant_id: tenantId,
        consignment_id: null,
        pid,
        ref_number: refNumber,
        year,
        seq,
        direction: 'own',
        subject: d.subject,
        sender_id: null,
        sender_ref: null,
        delivered_at: null,
        delivery_method: null,
        sheets: null,
        attachments: null,
        attachment_note: null,
        access_level: d.accessLevel,
        // The author handles it from the start: there is nothing to assign or accept.
        status: 'accepted',
        group_id: groupId,
        org_unit_id: unit,
        handler_id: actor.userId,
        search_text: searchText([d.subject, pid, refNumber]),
        registered_at: tx.now,
        registered_by: actor.userId,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'Dokument',
      objectId: id,
      params: { pid, refNumber, subject: d.subject, direction: 'own', answers: answered?.ref_number ?? null },
    });
    await trx
      .insertInto('records_own_document')
      .values({
        document_id: id,
        tenant_id: tenantId,
        state: 'draft',
        answers_document_id: answered?.id ?? null,
        created_by: actor.userId,
      })
      .execute();
    // A reply goes to the sender of what it answers unless other recipients are named.
    const answeredSender =
      answered && recips.ids.length + recips.persons.length === 0
        ? (
            await trx
              .selectFrom('records_document')
              .select('sender_id')
              .where('id', '=', answered.id)
              .executeTakeFirstOrThrow()
          ).sender_id
        : null;
    const added = await addRecipients(tx, id, answeredSender ? [answeredSender] : recips.ids, recips.persons);
    if (added.length) {
      const names = await trx
        .selectFrom('records_own_recipient as r')
        .innerJoin('records_person as p', 'p.id', 'r.person_id')
        .select('p.name')
        .where('r.document_id', '=', id)
        .execute();
      await trx
        .updateTable('records_document')
        .set({ search_text: searchText([d.subject, pid, refNumber, ...names.map((n) => n.name)]) })
        .where('id', '=', id)
        .execute();
    }
    if (file) {
      const docRow: DocRow = {
        id,
        ref_number: refNumber,
        subject: d.subject,
        status: 'accepted',
        handler_id: actor.userId,
        org_unit_id: unit,
        group_id: groupId,
        year,
        registered_at: tx.now,
      };
      await placeDocument(tx, file, docRow);
      const changed = await refreshRegime(tx, file.id);
      if (changed)
        await appendAudit(tx, {
          eventType: 'Uprava',
          objectType: 'Spis',
          objectId: file.id,
          params: { regime: changed.identifier, because: refNumber },
        });
    }
    return detailOf(tx, id);
  });
}

/** An own document with its versions, recipients, dispatches and audit history; the viewing is audited. */
export async function getOwnDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<OwnDetail> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, id, false);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'Dokument',
      objectId: id,
      params: { pid: row.pid },
    });
    return loadOwn(tx, row);
  });
}

/**
 * Adds files to a draft: each file a new component (version 1), or with `componentId` one file as
 * the next version of that component. The earlier versions stay and can be downloaded.
 */
export async function addOwnComponents(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  files: IncomingFile[],
  opts: { componentId?: string | null } = {},
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  if (files.length === 0) throw invalid([{ field: 'files', message: 'No file was uploaded.' }]);
  if (files.length > MAX_COMPONENT_FILES)
    throw invalid([{ field: 'files', message: `At most ${MAX_COMPONENT_FILES} files at once.` }]);
  if (opts.componentId && (!isUuid(opts.componentId) || files.length !== 1))
    throw invalid([
      { field: 'componentId', message: 'A new version is one file for a component of this document.' },
    ]);
  // Stored before the transaction opens: a slow upload holds no connection.
  const stored: { filename: string; blob: StoredBlob }[] = [];
  for (const f of files) {
    const blob = f.blob ?? (await ctx.blobs.put(Buffer.from(f.content ?? new Uint8Array())));
    if (blob.size === 0) throw invalid([{ field: 'files', message: `"${f.filename}" is empty.` }]);
    stored.push({ filename: f.filename, blob });
  }
  return run(ctx, tenantId, actor, async (tx) => {
    const trx = otx(tx);
    const row = await visibleOwn(tx, documentId, true);
    step(row, 'edit');
    for (const f of stored) {
      const rec = await recordFile(ctx, tx, f);
      if (opts.componentId) {
        const c = await trx
          .selectFrom('records_component')
          .select(['id'])
          .where('id', '=', opts.componentId)
          .where('document_id', '=', row.id)
          .forUpdate()
          .executeTakeFirst();
        if (!c) throw invalid([{ field: 'componentId', message: 'Not a component of this document.' }]);
        const last = await trx
          .selectFrom('records_component_version')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('component_id', '=', c.id)
          .executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        await trx
          .updateTable('records_component')
          .set({ blob_id: rec.id, filename: rec.filename, mime: rec.mime, size: rec.size })
          .where('id', '=', c.id)
          .execute();
        await trx
          .insertInto('records_component_version')
          .values({
            id: newId(),
            tenant_id: tenantId,
            component_id: c.id,
            version,
            blob_id: rec.id,
            filename: rec.filename,
            mime: rec.mime,
            size: rec.size,
            created_at: tx.now,
            created_by: actor.userId,
          })
          .execute();
        await appendAudit(tx, {
          eventType: 'NovaVerze',
          objectType: 'Komponenta',
          objectId: c.id,
          params: { documentId: row.id, version, filename: rec.filename, sha256: f.blob.sha256 },
        });
      } else {
        const componentId = newId();
        await trx
          .insertInto('records_component')
          .values({
            id: componentId,
            tenant_id: tenantId,
            consignment_id: null,
            document_id: row.id,
            blob_id: rec.id,
            filename: rec.filename,
            mime: rec.mime,
            size: rec.size,
            accepted: true,
            problem: null,
            extracted_text: null,
            created_at: tx.now,
          })
          .execute();
        await trx
          .insertInto('records_component_version')
          .values({
            id: newId(),
            tenant_id: tenantId,
            component_id: componentId,
            version: 1,
            blob_id: rec.id,
            filename: rec.filename,
            mime: rec.mime,
            size: rec.size,
            created_at: tx.now,
            created_by: actor.userId,
          })
          .execute();
        await appendAudit(tx, {
          eventType: 'VlozeniKDokumentu',
          objectType: 'Komponenta',
          objectId: componentId,
          params: { documentId: row.id, version: 1, filename: rec.filename, sha256: f.blob.sha256 },
        });
      }
    }
    return loadOwn(tx, row);
  });
}

/** Adds a recipient to a draft: a person of the register (`personId`) or a new one (`person`). */
export async function addOwnRecipient(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  input: { personId?: string | null; person?: PersonInput | null },
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  if (!input.personId && !input.person)
    throw invalid([{ field: 'personId', message: 'Choose a person or enter a new one.' }]);
  const recips = checkRecipients(input.personId ? [input.personId] : [], input.person ? [input.person] : []);
  if (recips.errors.length) throw invalid(recips.errors);
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, true);
    step(row, 'edit');
    const added = await addRecipients(tx, row.id, recips.ids, recips.persons);
    if (added.length)
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Dokument',
        objectId: row.id,
        params: { recipientAdded: added },
      });
    return loadOwn(tx, row);
  });
}

/** Takes a recipient off a draft. */
export async function removeOwnRecipient(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  personId: string,
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, true);
    step(row, 'edit');
    const gone = isUuid(personId)
      ? await otx(tx)
          .deleteFrom('records_own_recipient')
          .where('document_id', '=', row.id)
          .where('person_id', '=', personId)
          .returning('person_id')
          .executeTakeFirst()
      : undefined;
    if (!gone) throw notFound('The recipient of this document');
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: row.id,
      params: { recipientRemoved: personId },
    });
    return loadOwn(tx, row);
  });
}

/** The handler asks the head of the unit for approval (needs at least one component). */
export async function submitOwnDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.write', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, true);
    const next = step(row, 'submit');
    const n = await otx(tx)
      .selectFrom('records_component')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('document_id', '=', row.id)
      .where('accepted', '=', true)
      .executeTakeFirstOrThrow();
    const problem = submitProblem(Number(n.n));
    if (problem) throw conflict(problem);
    await setState(tx, row.id, {
      state: next,
      submitted_at: tx.now,
      submitted_by: actor.userId,
      return_reason: null,
    });
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: row.id,
      params: { approval: 'requested' },
    });
    return loadOwn(tx, { ...row, state: next });
  });
}

/**
 * The head approves: Schvaleni, then FinalniVerze naming each component's final version and its
 * SHA-256, so the audit chain proves what was approved. Nothing can be added afterwards.
 */
export async function approveOwnDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.approve', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, true);
    const next = step(row, 'approve');
    await setState(tx, row.id, {
      state: next,
      decided_at: tx.now,
      decided_by: actor.userId,
      return_reason: null,
    });
    await appendAudit(tx, {
      eventType: 'Schvaleni',
      objectType: 'Dokument',
      objectId: row.id,
      params: { refNumber: row.ref_number },
    });
    const finals = await otx(tx)
      .selectFrom('records_component as c')
      .innerJoin('blob as b', 'b.id', 'c.blob_id')
      .select(['c.id', 'c.filename', 'b.sha256'])
      .select((eb) =>
        eb
          .selectFrom('records_component_version as v')
          .select((v) => v.fn.max('v.version').as('m'))
          .whereRef('v.component_id', '=', 'c.id')
          .as('version'),
      )
      .where('c.document_id', '=', row.id)
      .where('c.accepted', '=', true)
      .orderBy('c.created_at')
      .execute();
    await appendAudit(tx, {
      eventType: 'FinalniVerze',
      objectType: 'Dokument',
      objectId: row.id,
      params: {
        components: finals.map((c) => ({
          id: c.id,
          filename: c.filename,
          version: Number(c.version ?? 1),
          sha256: c.sha256,
        })),
      },
    });
    return loadOwn(tx, { ...row, state: next });
  });
}

/** The head returns the draft to its handler with a reason. */
export async function returnOwnDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  reason: string,
): Promise<OwnDetail> {
  recordsPolicy.require(actor, 'own.approve', { tenantId });
  const errors = checkReturnReason(reason);
  if (errors.length) throw invalid(errors);
  const why = reason.trim();
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, true);
    const next = step(row, 'return');
    await setState(tx, row.id, {
      state: next,
      decided_at: tx.now,
      decided_by: actor.userId,
      return_reason: why,
    });
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: row.id,
      params: { approval: 'returned', reason: why },
    });
    return loadOwn(tx, { ...row, state: next });
  });
}

export interface OwnListRow {
  id: string;
  refNumber: string;
  subject: string;
  state: OwnState;
  handlerName: string | null;
  orgUnitName: string | null;
  registeredAt: Date;
  recipients: number;
}

/**
 * Own documents the actor may see, newest first. `waiting`: only those submitted to the actor as
 * the head of their unit (the approval desk).
 */
export async function listOwnDocuments(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: { waiting?: boolean; state?: string } = {},
): Promise<OwnListRow[]> {
  recordsPolicy.require(actor, 'document.search', { tenantId });
  if (filter.state && !['draft', 'submitted', 'returned', 'final'].includes(filter.state))
    throw invalid([{ field: 'state', message: 'Unknown state.' }]);
  return withTenant(ctx.db, tenantId, actor, async (tx) => {
    const unit = await actorUnit(tx);
    const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
    const all = recordsPolicy.can(actor, 'journal.read', { tenantId });
    let q = otx(tx)
      .selectFrom('records_document as d')
      .innerJoin('records_own_document as o', 'o.document_id', 'd.id')
      .leftJoin('app_user as h', 'h.id', 'd.handler_id')
      .leftJoin('org_unit as u', 'u.id', 'd.org_unit_id')
      .select([
        'd.id',
        'd.ref_number',
        'd.subject',
        'o.state',
        'h.display_name',
        'u.name as unit_name',
        'd.registered_at',
      ])
      .select((eb) =>
        eb
          .selectFrom('records_own_recipient as r')
          .select(eb.fn.countAll().as('c'))
          .whereRef('r.document_id', '=', 'd.id')
          .as('recipients'),
      );
    if (filter.waiting) {
      q = q.where('o.state', '=', 'submitted');
      q =
        actor.roles.includes('head') && unit
          ? q.where('d.org_unit_id', '=', unit)
          : q.where(sql<boolean>`false`);
    } else if (!all) {
      // Own ones and those of the handlers the actor stands in for today.
      const mine = [me, ...(await standsInFor(tx, ctx.clock.now()))];
      q = q.where((eb) =>
        eb.or([
          eb('d.handler_id', 'in', mine),
          ...(actor.roles.includes('head') && unit ? [eb('d.org_unit_id', '=', unit)] : []),
        ]),
      );
    }
    if (filter.state) q = q.where('o.state', '=', filter.state as OwnState);
    const rows = await q.orderBy('d.registered_at', 'desc').orderBy('d.id', 'desc').limit(200).execute();
    return rows.map((r) => ({
      id: r.id,
      refNumber: r.ref_number,
      subject: r.subject,
      state: r.state,
      handlerName: r.display_name ?? null,
      orgUnitName: r.unit_name ?? null,
      registeredAt: r.registered_at,
      recipients: Number(r.recipients ?? 0),
    }));
  });
}

/** One version of a component of an own document the actor may see (audited as a view). */
export async function readComponentVersion(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  componentId: string,
  version: number,
): Promise<{ filename: string; mime: string; content: Buffer }> {
  requireRecordsUser(actor, tenantId);
  if (!isUuid(componentId) || !Number.isInteger(version)) throw notFound('The version');
  return run(ctx, tenantId, actor, async (tx) => {
    const row = await visibleOwn(tx, documentId, false);
    const v = await otx(tx)
      .selectFrom('records_component_version as v')
      .innerJoin('records_component as c', 'c.id', 'v.component_id')
      .select(['v.blob_id', 'v.filename', 'v.mime'])
      .where('c.document_id', '=', row.id)
      .where('v.component_id', '=', componentId)
      .where('v.version', '=', version)
      .executeTakeFirst();
    if (!v) throw notFound('The version');
    const file = await getFile(ctx, tx, v.blob_id);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'Komponenta',
      objectId: componentId,
      params: { documentId, version },
    });
    return { filename: v.filename, mime: v.mime, content: await file.read() };
  });
}
