/**
 * Files (spisy) and settlement (vyřízení): create a file by priorace or as a sběrný arch, insert
 * and remove documents, settle a document, close a file after the completeness check, reopen it.
 * Each use case is one tenant transaction with its NSESSS audit entries.
 */
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { allocateNumber, TemplateError } from '../../platform/numbering/index.js';
import { dateIn } from '../../platform/time-zone.js';
import { standsInFor } from './delegation.js';
import { pendingDispatchesOfFile } from './dispatch-pending.js';
import {
  checkSettlement,
  closingProblems,
  FILEABLE_STATUSES,
  type FileStatus,
  fileDisposalYear,
  fileRegime,
  fileTemplate,
  formatFileNumber,
  MAX_FILE_SUBJECT,
  MAX_REASON,
  nextFileStatus,
  numberInFile,
  type RegimeLike,
  removalProblem,
  SETTLEMENT_METHODS,
  type Settlement,
  type SettlementInput,
  type SettlementMethod,
  triggerYear,
} from './domain/files.js';
import { nextStatus } from './domain/handling.js';
import { formatPid, likeEscape, pidPrefix } from './domain/intake.js';
import type { NumberingMethod } from './domain/plan.js';
import type { RetentionMark, TriggerEvent } from './domain/retention.js';
import { ftx } from './files-schema.js';
import {
  actorUnit,
  type DocumentView,
  loadDocument,
  PID_SERIES,
  requireRecordsUser,
} from './intake-service.js';
import { fileInRecordsOffice } from './office-schema.js';
import { canHandle, canSeeDocument, canSeeFile, recordsPolicy } from './policy.js';
import type { DocumentStatus } from './schema.js';

/** Yearly series of sběrný arch files (platform numbering). */
export const FILE_SERIES = 'records.file';

export interface RegimeView {
  id: string;
  identifier: string;
  name: string;
  mark: RetentionMark;
  period: number;
  trigger: TriggerEvent;
}

export interface FileMember {
  id: string;
  pid: string;
  refNumber: string;
  subject: string;
  status: DocumentStatus;
  position: number;
  /** Number within a sběrný arch (`12/2026-3`); null in a priorace file. */
  numberInFile: string | null;
  initial: boolean;
  settledOn: string | null;
  settlementMethod: SettlementMethod | null;
  insertedAt: Date;
}

export interface FileView {
  id: string;
  pid: string;
  fileNumber: string;
  method: NumberingMethod;
  year: number;
  subject: string;
  status: FileStatus;
  group: { id: string; fullCode: string; title: string };
  regime: RegimeView;
  orgUnit: { id: string; name: string };
  handler: { id: string; name: string } | null;
  initialDocumentId: string | null;
  createdOn: string;
  createdAt: Date;
  closedOn: string | null;
  triggerYear: number | null;
  disposalYear: number | null;
  reopenReason: string | null;
  documents: FileMember[];
}

export interface HistoryEntry {
  seq: number;
  at: Date;
  actorLabel: string;
  eventType: string;
  objectType: string;
  objectId: string | null;
  params: Record<string, unknown>;
}

export interface FileDetail {
  file: FileView;
  history: HistoryEntry[];
}

export interface SettlementView extends Settlement {
  methodText: string;
  settledBy: { id: string; name: string } | null;
}

const run = <T>(ctx: AppContext, tenantId: string, actor: Actor, fn: (tx: TenantTx) => Promise<T>) =>
  withTenant(ctx.db, tenantId, actor, fn, { now: ctx.clock.now() });

async function tenantRow(tx: TenantTx) {
  return tx.trx.selectFrom('tenant').selectAll().where('id', '=', tx.tenantId).executeTakeFirstOrThrow();
}

async function tenantToday(tx: TenantTx): Promise<{ today: IsoDate; zone: string }> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return { today: todayIn(t.time_zone, tx.now), zone: t.time_zone };
}

function templateConflict<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TemplateError) throw conflict(e.message);
    throw e;
  }
}

async function regimeOf(tx: TenantTx, retentionId: string): Promise<RegimeView> {
  const r = await ftx(tx)
    .selectFrom('records_retention')
    .select(['id', 'identifier', 'name', 'mark', 'period', 'trigger_event'])
    .where('id', '=', retentionId)
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    identifier: r.identifier,
    name: r.name,
    mark: r.mark,
    period: r.period,
    trigger: r.trigger_event as TriggerEvent,
  };
}

/** The regime of a document's subject group, or null (no group, or a group without a regime). */
async function documentRegime(tx: TenantTx, groupId: string | null): Promise<RegimeLike | null> {
  if (!groupId) return null;
  const r = await ftx(tx)
    .selectFrom('records_group as g')
    .innerJoin('records_retention as r', 'r.id', 'g.retention_id')
    .select(['r.id', 'r.mark', 'r.period', 'r.trigger_event'])
    .where('g.id', '=', groupId)
    .executeTakeFirst();
  return r ? { id: r.id, mark: r.mark, period: r.period, trigger: r.trigger_event as TriggerEvent } : null;
}

/** Recomputes the file's regime from its group and its documents' groups; returns it if it changed. */
export async function refreshRegime(tx: TenantTx, fileId: string): Promise<RegimeView | null> {
  const trx = ftx(tx);
  const file = await trx
    .selectFrom('records_file')
    .select(['group_id', 'retention_id'])
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
  const own = await documentRegime(tx, file.group_id);
  if (!own) throw conflict('The file’s subject group has no retention regime.');
  const members = await trx
    .selectFrom('records_file_document as m')
    .innerJoin('records_document as d', 'd.id', 'm.document_id')
    .select('d.group_id')
    .where('m.file_id', '=', fileId)
    .orderBy('m.position')
    .execute();
  const regimes: (RegimeLike | null)[] = [];
  for (const m of members) regimes.push(await documentRegime(tx, m.group_id));
  const wins = fileRegime(own, regimes);
  if (wins.id === file.retention_id) return null;
  await trx.updateTable('records_file').set({ retention_id: wins.id }).where('id', '=', fileId).execute();
  return regimeOf(tx, wins.id);
}

async function loadFile(tx: TenantTx, id: string): Promise<FileView> {
  const trx = ftx(tx);
  const f = await trx
    .selectFrom('records_file as f')
    .innerJoin('records_group as g', 'g.id', 'f.group_id')
    .innerJoin('org_unit as u', 'u.id', 'f.org_unit_id')
    .leftJoin('app_user as h', 'h.id', 'f.handler_id')
    .selectAll('f')
    .select(['g.full_code as g_code', 'g.title as g_title', 'u.name as u_name', 'h.display_name as h_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!f) throw notFound('The file');
  const members = await trx
    .selectFrom('records_file_document as m')
    .innerJoin('records_document as d', 'd.id', 'm.document_id')
    .select([
      'd.id',
      'd.pid',
      'd.ref_number',
      'd.subject',
      'd.status',
      'd.settled_on',
      'd.settlement_method',
      'm.position',
      'm.number_in_file',
      'm.inserted_at',
    ])
    .where('m.file_id', '=', id)
    .orderBy('m.position')
    .execute();
  return {
    id: f.id,
    pid: f.pid,
    fileNumber: f.file_number,
    method: f.method,
    year: f.year,
    subject: f.subject,
    status: f.status,
    group: { id: f.group_id, fullCode: f.g_code, title: f.g_title },
    regime: await regimeOf(tx, f.retention_id),
    orgUnit: { id: f.org_unit_id, name: f.u_name },
    handler: f.handler_id ? { id: f.handler_id, name: f.h_name! } : null,
    initialDocumentId: f.initial_document_id,
    createdOn: f.created_on,
    createdAt: f.created_at,
    closedOn: f.closed_on,
    triggerYear: f.trigger_year,
    disposalYear: f.disposal_year,
    reopenReason: f.reopen_reason,
    documents: members.map((m) => ({
      id: m.id,
      pid: m.pid,
      refNumber: m.ref_number,
      subject: m.subject,
      status: m.status,
      position: m.position,
      numberInFile: m.number_in_file,
      initial: m.id === f.initial_document_id,
      settledOn: m.settled_on,
      settlementMethod: m.settlement_method,
      insertedAt: m.inserted_at,
    })),
  };
}

export interface FileRow {
  id: string;
  status: FileStatus;
  method: NumberingMethod;
  handler_id: string | null;
  org_unit_id: string;
  initial_document_id: string | null;
  file_number: string;
  year: number;
  seq: number | null;
  next_position: number;
  retention_id: string;
  created_on: string;
}

/** The file if the actor may see it (else 404); locked for update when asked. */
export async function visibleFile(tx: TenantTx, id: string, lock: boolean): Promise<FileRow> {
  if (!isUuid(id)) throw notFound('The file');
  let q = ftx(tx)
    .selectFrom('records_file')
    .select([
      'id',
      'status',
      'method',
      'handler_id',
      'org_unit_id',
      'initial_document_id',
      'file_number',
      'year',
      'seq',
      'next_position',
      'retention_id',
      'created_on',
    ])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const f = await q.executeTakeFirst();
  if (!f) throw notFound('The file');
  const unit = await actorUnit(tx);
  const reach = await standsInFor(tx);
  const handlesAMember =
    tx.actor.userId !== null &&
    (await ftx(tx)
      .selectFrom('records_file_document as m')
      .innerJoin('records_document as d', 'd.id', 'm.document_id')
      .select('d.id')
      .where('m.file_id', '=', id)
      .where('d.handler_id', 'in', [tx.actor.userId, ...reach])
      .executeTakeFirst()) !== undefined;
  const scope = { tenantId: tx.tenantId, handlerId: f.handler_id, orgUnitId: f.org_unit_id };
  if (!canSeeFile(tx.actor, unit, { ...scope, handlesAMember }, reach)) throw notFound('The file');
  return f;
}

/** A visible file the actor handles (its handler or the head of its unit), locked; else 404/403. */
async function handledFile(tx: TenantTx, id: string): Promise<FileRow> {
  const f = await visibleFile(tx, id, true);
  const unit = await actorUnit(tx);
  if (
    !canHandle(
      tx.actor,
      unit,
      { tenantId: tx.tenantId, handlerId: f.handler_id, orgUnitId: f.org_unit_id },
      await standsInFor(tx),
    )
  )
    throw forbidden('Only the file’s handler or the head of its org unit may do this.');
  return f;
}

export interface DocRow {
  id: string;
  ref_number: string;
  subject: string;
  status: DocumentStatus;
  handler_id: string | null;
  org_unit_id: string | null;
  group_id: string | null;
  year: number;
  registered_at: Date;
}

/** A document named in a request body (by id or reference number) that the actor may see, locked. */
async function bodyDocument(
  tx: TenantTx,
  ref: { documentId?: string | null; refNumber?: string | null },
): Promise<DocRow> {
  const field = ref.documentId ? 'documentId' : 'refNumber';
  const unknown = invalid([{ field, message: 'Unknown document.' }]);
  if (ref.documentId ? !isUuid(ref.documentId) : !ref.refNumber?.trim()) throw unknown;
  let q = ftx(tx)
    .selectFrom('records_document')
    .select([
      'id',
      'ref_number',
      'subject',
      'status',
      'handler_id',
      'org_unit_id',
      'group_id',
      'year',
      'registered_at',
    ]);
  q = ref.documentId ? q.where('id', '=', ref.documentId) : q.where('ref_number', '=', ref.refNumber!.trim());
  const d = await q.forUpdate().executeTakeFirst();
  if (!d) throw unknown;
  const unit = await actorUnit(tx);
  if (
    !canSeeDocument(
      tx.actor,
      unit,
      { tenantId: tx.tenantId, handlerId: d.handler_id, orgUnitId: d.org_unit_id },
      await standsInFor(tx),
    )
  )
    throw unknown;
  return d;
}

/** A document may join a file when it is being handled or settled, and lies in no file yet. */
async function checkFileable(tx: TenantTx, d: DocRow): Promise<void> {
  if (!FILEABLE_STATUSES.includes(d.status))
    throw conflict(
      `Document ${d.ref_number} is in status "${d.status}"; only a document being handled or settled joins a file.`,
    );
  const inFile = await ftx(tx)
    .selectFrom('records_file_document as m')
    .innerJoin('records_file as f', 'f.id', 'm.file_id')
    .select('f.file_number')
    .where('m.document_id', '=', d.id)
    .executeTakeFirst();
  if (inFile) throw conflict(`Document ${d.ref_number} already lies in file ${inFile.file_number}.`);
}

/** Puts a document at the file's next position (and numbers it within a sběrný arch); audited. */
export async function placeDocument(tx: TenantTx, file: FileRow, d: DocRow): Promise<void> {
  const trx = ftx(tx);
  const position = file.next_position;
  const inFile = numberInFile(file.method, file.seq, file.year, position);
  await trx
    .insertInto('records_file_document')
    .values({
      tenant_id: tx.tenantId,
      file_id: file.id,
      document_id: d.id,
      position,
      number_in_file: inFile,
      inserted_at: tx.now,
      inserted_by: tx.actor.userId,
    })
    .execute();
  await trx
    .updateTable('records_file')
    .set({ next_position: position + 1 })
    .where('id', '=', file.id)
    .execute();
  file.next_position = position + 1;
  await appendAudit(tx, {
    eventType: 'VlozeniDoSpisu',
    objectType: 'Dokument',
    objectId: d.id,
    params: { fileId: file.id, fileNumber: file.file_number, position, numberInFile: inFile },
  });
}

/** The file's audit history: its own events and the insertions and removals of its documents. */
async function fileHistory(tx: TenantTx, fileId: string): Promise<HistoryEntry[]> {
  const rows = await tx.trx
    .selectFrom('audit_event')
    .select(['seq', 'at', 'actor_label', 'event_type', 'object_type', 'object_id', 'params'])
    .where((eb) =>
      eb.or([
        eb('object_id', '=', fileId),
        eb.and([
          eb('object_type', '=', 'Dokument'),
          eb('event_type', 'in', ['VlozeniDoSpisu', 'VyjmutiZeSpisu']),
          eb(sql`params->>'fileId'`, '=', fileId),
        ]),
      ]),
    )
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actorLabel: r.actor_label,
    eventType: r.event_type,
    objectType: r.object_type,
    objectId: r.object_id,
    params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<string, unknown>,
  }));
}

async function detail(tx: TenantTx, id: string): Promise<FileDetail> {
  return { file: await loadFile(tx, id), history: await fileHistory(tx, id) };
}

// ---------------------------------------------------------------------------------------------

export interface CreateFileInput {
  groupId: string;
  subject?: string | null;
  /** Priorace: required, the file grows from it. Sběrný arch: optional, inserted first. */
  initialDocumentId?: string | null;
}

/**
 * Creates a file in a subject group of the current plan; the group's numbering method decides
 * how: priorace takes the initial document's reference number as the file number, a sběrný arch
 * takes the next number of the tenant's yearly file series. The group's regime becomes the file's.
 */
export async function createFile(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: CreateFileInput,
): Promise<FileDetail> {
  recordsPolicy.require(actor, 'file.manage', { tenantId });
  const errors: FieldError[] = [];
  if (!isUuid(input.groupId)) errors.push({ field: 'groupId', message: 'Unknown subject group.' });
  if (input.initialDocumentId && !isUuid(input.initialDocumentId))
    errors.push({ field: 'initialDocumentId', message: 'Unknown document.' });
  const subject = (input.subject ?? '').trim();
  if (subject.length > MAX_FILE_SUBJECT)
    errors.push({ field: 'subject', message: `At most ${MAX_FILE_SUBJECT} characters.` });
  if (errors.length) throw invalid(errors);
  return run(ctx, tenantId, actor, async (tx) => {
    const trx = ftx(tx);
    const group = await trx
      .selectFrom('records_group as g')
      .innerJoin('records_plan as p', 'p.id', 'g.plan_id')
      .select(['g.id', 'g.full_code', 'g.numbering', 'g.retention_id'])
      .where('g.id', '=', input.groupId)
      .where('p.valid_to', 'is', null)
      .executeTakeFirst();
    if (!group)
      throw invalid([{ field: 'groupId', message: 'Unknown subject group of the current file plan.' }]);
    if (!group.retention_id)
      throw invalid([
        { field: 'groupId', message: 'Files are formed only in subject groups with a retention regime.' },
      ]);
    const unit = await actorUnit(tx);
    let initial: DocRow | null = null;
    if (input.initialDocumentId) {
      initial = await bodyDocument(tx, { documentId: input.initialDocumentId });
      if (
        !canHandle(
          actor,
          unit,
          { tenantId, handlerId: initial.handler_id, orgUnitId: initial.org_unit_id },
          await standsInFor(tx),
        )
      )
        throw forbidden('Only the document’s handler or the head of its org unit may form a file from it.');
      await checkFileable(tx, initial);
    }
    const method = group.numbering;
    if (method === 'priorace' && !initial)
      throw invalid([
        {
          field: 'initialDocumentId',
          message: 'This subject group forms files by priorace: start the file from its initial document.',
        },
      ]);
    const fileSubject = subject || initial?.subject || '';
    if (!fileSubject) throw invalid([{ field: 'subject', message: 'Say what the file is about.' }]);
    const orgUnitId = initial?.org_unit_id ?? unit;
    if (!orgUnitId)
      throw invalid([
        { field: 'groupId', message: 'You belong to no org unit, so the file would have none.' },
      ]);
    const tenant = await tenantRow(tx);
    const { today } = await tenantToday(tx);
    let year: number;
    let seq: number | null = null;
    let fileNumber: string;
    if (method === 'priorace') {
      year = initial!.year;
      fileNumber = initial!.ref_number;
    } else {
      year = Number(today.slice(0, 4));
      seq = await allocateNumber(tx, FILE_SERIES, year);
      const s = seq;
      fileNumber = templateConflict(() => formatFileNumber(fileTemplate(tenant.settings), s, year));
    }
    const pid = formatPid(pidPrefix(tenant.settings, tenant.slug), await allocateNumber(tx, PID_SERIES, 0));
    const id = newId();
    await trx
      .insertInto('records_file')
      .values({
        id,
        tenant_id: tenantId,
        pid,
        file_number: fileNumber,
        method,
        year,
        seq,
        subject: fileSubject,
        group_id: group.id,
        retention_id: group.retention_id,
        initial_document_id: method === 'priorace' ? initial!.id : null,
        status: 'open',
        org_unit_id: orgUnitId,
        handler_id: initial?.handler_id ?? actor.userId,
        created_on: today,
        created_at: tx.now,
        created_by: actor.userId,
      })
      .execute();
    const regime = await regimeOf(tx, group.retention_id);
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'Spis',
      objectId: id,
      params: { pid, fileNumber, method, groupCode: group.full_code, regime: regime.identifier },
    });
    if (initial) {
      const row = await visibleFile(tx, id, true);
      await placeDocument(tx, row, initial);
      await refreshRegime(tx, id);
    }
    return detail(tx, id);
  });
}

/** The files the actor may see, newest first; filters: status, text in number or subject, mine. */
export interface FileFilter {
  status?: string;
  q?: string;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export interface FileListRow {
  id: string;
  pid: string;
  fileNumber: string;
  method: NumberingMethod;
  subject: string;
  status: FileStatus;
  groupCode: string;
  handlerName: string | null;
  orgUnitName: string;
  documents: number;
  createdOn: string;
  closedOn: string | null;
}

export async function listFiles(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: FileFilter = {},
): Promise<{ items: FileListRow[]; total: number; page: number; pageSize: number }> {
  recordsPolicy.require(actor, 'file.read', { tenantId });
  if (filter.status && filter.status !== 'open' && filter.status !== 'closed')
    throw invalid([{ field: 'status', message: 'Unknown status.' }]);
  const pageSize = Math.min(Math.max(filter.pageSize ?? 25, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  return withTenant(ctx.db, tenantId, actor, async (tx) => {
    const trx = ftx(tx);
    const unit = await actorUnit(tx);
    const all = recordsPolicy.can(actor, 'journal.read', { tenantId });
    const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
    // Own files and those of the handlers the actor stands in for today (zastupování).
    const mine = [me, ...(await standsInFor(tx, ctx.clock.now()))];
    let q = trx
      .selectFrom('records_file as f')
      .innerJoin('records_group as g', 'g.id', 'f.group_id')
      .innerJoin('org_unit as u', 'u.id', 'f.org_unit_id')
      .leftJoin('app_user as h', 'h.id', 'f.handler_id');
    if (!all || filter.mine) {
      q = q.where((eb) =>
        eb.or([
          eb('f.handler_id', 'in', mine),
          ...(!filter.mine && actor.roles.includes('head') && unit ? [eb('f.org_unit_id', '=', unit)] : []),
          ...(!filter.mine && actor.roles.includes('handler')
            ? [
                eb.exists(
                  eb
                    .selectFrom('records_file_document as m')
                    .innerJoin('records_document as d', 'd.id', 'm.document_id')
                    .select('m.document_id')
                    .whereRef('m.file_id', '=', 'f.id')
                    .where('d.handler_id', 'in', mine),
                ),
              ]
            : []),
        ]),
      );
    }
    if (filter.status) q = q.where('f.status', '=', filter.status as FileStatus);
    const term = filter.q?.trim();
    if (term) {
      const like = `%${likeEscape(term.toLowerCase())}%`;
      q = q.where((eb) =>
        eb.or([
          eb(
            eb.fn('immutable_unaccent', [eb.fn('lower', ['f.subject'])]),
            'like',
            eb.fn('immutable_unaccent', [eb.val(like)]),
          ),
          eb(eb.fn('lower', ['f.file_number']), 'like', like),
        ]),
      );
    }
    const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .select([
        'f.id',
        'f.pid',
        'f.file_number',
        'f.method',
        'f.subject',
        'f.status',
        'f.created_on',
        'f.closed_on',
        'g.full_code',
        'h.display_name',
        'u.name as unit_name',
      ])
      .select((eb) =>
        eb
          .selectFrom('records_file_document as m')
          .select(eb.fn.countAll().as('c'))
          .whereRef('m.file_id', '=', 'f.id')
          .as('documents'),
      )
      .orderBy('f.created_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        id: r.id,
        pid: r.pid,
        fileNumber: r.file_number,
        method: r.method,
        subject: r.subject,
        status: r.status,
        groupCode: r.full_code,
        handlerName: r.display_name ?? null,
        orgUnitName: r.unit_name,
        documents: Number(r.documents ?? 0),
        createdOn: r.created_on,
        closedOn: r.closed_on,
      })),
    };
  });
}

/**
 * A file with its documents and audit history; the viewing is audited (Zobrazeni). `canManage`:
 * whether the actor may insert, remove, close and reopen (for the page).
 */
export async function getFile(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<FileDetail & { canManage: boolean }> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const f = await visibleFile(tx, id, false);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'Spis',
      objectId: id,
      params: { fileNumber: f.file_number },
    });
    const canManage =
      recordsPolicy.can(actor, 'file.manage', { tenantId }) &&
      canHandle(
        actor,
        await actorUnit(tx),
        { tenantId, handlerId: f.handler_id, orgUnitId: f.org_unit_id },
        await standsInFor(tx),
      );
    return { ...(await detail(tx, id)), canManage };
  });
}

/** Inserts a document (by id or reference number) into an open file; the stricter regime wins. */
export async function insertDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  fileId: string,
  ref: { documentId?: string | null; refNumber?: string | null },
): Promise<FileDetail> {
  recordsPolicy.require(actor, 'file.manage', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const file = await handledFile(tx, fileId);
    if (!nextFileStatus(file.status, 'insert'))
      throw conflict(`File ${file.file_number} is closed; reopen it before inserting documents.`);
    const d = await bodyDocument(tx, ref);
    await checkFileable(tx, d);
    await placeDocument(tx, file, d);
    const changed = await refreshRegime(tx, file.id);
    if (changed)
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Spis',
        objectId: file.id,
        params: { regime: changed.identifier, because: d.ref_number },
      });
    return detail(tx, file.id);
  });
}

/** Takes a document out of an open file (not the initial document of a priorace file). */
export async function removeDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  fileId: string,
  documentId: string,
): Promise<FileDetail> {
  recordsPolicy.require(actor, 'file.manage', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const file = await handledFile(tx, fileId);
    const trx = ftx(tx);
    const member = isUuid(documentId)
      ? await trx
          .selectFrom('records_file_document as m')
          .innerJoin('records_document as d', 'd.id', 'm.document_id')
          .select(['d.id', 'd.ref_number'])
          .where('m.file_id', '=', file.id)
          .where('m.document_id', '=', documentId)
          .executeTakeFirst()
      : undefined;
    if (!member) throw notFound('The document in this file');
    const problem = removalProblem(
      { method: file.method, initialDocumentId: file.initial_document_id, status: file.status },
      member.id,
    );
    if (problem) throw conflict(problem);
    await trx
      .deleteFrom('records_file_document')
      .where('file_id', '=', file.id)
      .where('document_id', '=', member.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'VyjmutiZeSpisu',
      objectType: 'Dokument',
      objectId: member.id,
      params: { fileId: file.id, fileNumber: file.file_number },
    });
    const changed = await refreshRegime(tx, file.id);
    if (changed)
      await appendAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Spis',
        objectId: file.id,
        params: { regime: changed.identifier },
      });
    return detail(tx, file.id);
  });
}

/**
 * Closes a file after the completeness check (all documents settled; all dispatches done once
 * dispatch exists) and records the closing date, the trigger year of its regime and the year of
 * disposal. `triggerYear` is asked only when the regime counts from an event the system cannot know.
 */
export async function closeFile(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  fileId: string,
  input: { triggerYear?: number | null } = {},
): Promise<FileDetail> {
  recordsPolicy.require(actor, 'file.manage', { tenantId });
  return run(ctx, tenantId, actor, async (tx) => {
    const file = await handledFile(tx, fileId);
    if (!nextFileStatus(file.status, 'close')) throw conflict(`File ${file.file_number} is already closed.`);
    const members = await ftx(tx)
      .selectFrom('records_file_document as m')
      .innerJoin('records_document as d', 'd.id', 'm.document_id')
      .select(['d.ref_number', 'd.status', 'd.settled_on'])
      .where('m.file_id', '=', file.id)
      .orderBy('m.position')
      .execute();
    // Dispatches (vypravení) of the file's own documents that are not yet sent hold the closing.
    const pendingDispatches = await pendingDispatchesOfFile(tx, file.id);
    const problems = closingProblems(
      members.map((m) => ({ refNumber: m.ref_number, status: m.status })),
      pendingDispatches,
    );
    if (problems.length) throw conflict(`File ${file.file_number} cannot be closed. ${problems.join(' ')}`);
    const { today } = await tenantToday(tx);
    const regime = await regimeOf(tx, file.retention_id);
    const t = triggerYear(
      regime.trigger,
      {
        closedOn: today,
        createdOn: file.created_on as IsoDate,
        settledOn: members.flatMap((m) => (m.settled_on ? [m.settled_on as IsoDate] : [])),
      },
      input.triggerYear ?? null,
    );
    if ('error' in t) throw invalid([t.error]);
    const disposal = fileDisposalYear(t.year, regime.period);
    await ftx(tx)
      .updateTable('records_file')
      .set({ status: 'closed', closed_on: today, trigger_year: t.year, disposal_year: disposal })
      .where('id', '=', file.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uzavreni',
      objectType: 'Spis',
      objectId: file.id,
      params: {
        fileNumber: file.file_number,
        closedOn: today,
        regime: regime.identifier,
        triggerYear: t.year,
        disposalYear: disposal,
      },
    });
    return detail(tx, file.id);
  });
}

/** Reopens a closed file; the reason is required and audited (Otevreni). */
export async function reopenFile(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  fileId: string,
  reason: string,
): Promise<FileDetail> {
  recordsPolicy.require(actor, 'file.manage', { tenantId });
  const why = (reason ?? '').trim();
  if (!why || why.length > MAX_REASON)
    throw invalid([
      { field: 'reason', message: `Say why the file is reopened (at most ${MAX_REASON} characters).` },
    ]);
  return run(ctx, tenantId, actor, async (tx) => {
    const file = await handledFile(tx, fileId);
    if (!nextFileStatus(file.status, 'reopen')) throw conflict(`File ${file.file_number} is not closed.`);
    if (await fileInRecordsOffice(tx, file.id))
      throw conflict(`File ${file.file_number} is in the records office; a file there is not reopened.`);
    await ftx(tx)
      .updateTable('records_file')
      .set({ status: 'open', closed_on: null, trigger_year: null, disposal_year: null, reopen_reason: why })
      .where('id', '=', file.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Otevreni',
      objectType: 'Spis',
      objectId: file.id,
      params: { fileNumber: file.file_number, reason: why },
    });
    return detail(tx, file.id);
  });
}

// ---------------------------------------------------------------------------------------------
// Settlement

async function settlementOf(tx: TenantTx, documentId: string): Promise<SettlementView | null> {
  const d = await ftx(tx)
    .selectFrom('records_document as d')
    .leftJoin('app_user as u', 'u.id', 'd.settled_by')
    .select(['d.settlement_method', 'd.settled_on', 'd.settlement_note', 'd.settled_by', 'u.display_name'])
    .where('d.id', '=', documentId)
    .executeTakeFirstOrThrow();
  if (!d.settlement_method || !d.settled_on) return null;
  return {
    method: d.settlement_method,
    methodText: SETTLEMENT_METHODS[d.settlement_method],
    date: d.settled_on as IsoDate,
    note: d.settlement_note,
    settledBy: d.settled_by ? { id: d.settled_by, name: d.display_name ?? '' } : null,
  };
}

export interface SettleResult {
  document: DocumentView;
  settlement: SettlementView;
}

/**
 * Settles (vyřizuje) an accepted document: method per NSESSS, date (not in the future, not before
 * registration), note. Only its handler or the head of its org unit.
 */
export async function settleDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  input: SettlementInput,
): Promise<SettleResult> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    if (!isUuid(documentId)) throw notFound('The document');
    const trx = ftx(tx);
    const d = await trx
      .selectFrom('records_document')
      .select(['id', 'ref_number', 'status', 'handler_id', 'org_unit_id', 'registered_at'])
      .where('id', '=', documentId)
      .forUpdate()
      .executeTakeFirst();
    const unit = await actorUnit(tx);
    const scope = { tenantId, handlerId: d?.handler_id ?? null, orgUnitId: d?.org_unit_id ?? null };
    const reach = await standsInFor(tx);
    if (!d || !canSeeDocument(actor, unit, scope, reach)) throw notFound('The document');
    if (!recordsPolicy.can(actor, 'document.settle', { tenantId }) || !canHandle(actor, unit, scope, reach))
      throw forbidden('Only the document’s handler or the head of its org unit may settle it.');
    if (!nextStatus(d.status, 'settle'))
      throw conflict(
        d.status === 'settled'
          ? `Document ${d.ref_number} is already settled.`
          : `Document ${d.ref_number} is in status "${d.status}"; the handler accepts it before settling.`,
      );
    const { today, zone } = await tenantToday(tx);
    const checked = checkSettlement(input, today, dateIn(d.registered_at, zone) as IsoDate);
    if (!checked.value) throw invalid(checked.errors);
    const s = checked.value;
    await trx
      .updateTable('records_document')
      .set({
        status: 'settled',
        settlement_method: s.method,
        settled_on: s.date,
        settlement_note: s.note,
        settled_by: actor.userId,
      })
      .where('id', '=', d.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Vyrizeni',
      objectType: 'Dokument',
      objectId: d.id,
      params: { method: SETTLEMENT_METHODS[s.method], date: s.date, note: s.note },
    });
    return { document: await loadDocument(tx, d.id), settlement: (await settlementOf(tx, d.id))! };
  });
}

export interface DocumentFileInfo {
  settlement: SettlementView | null;
  file: {
    id: string;
    fileNumber: string;
    status: FileStatus;
    position: number;
    numberInFile: string | null;
  } | null;
  /** What the actor may do here (for the page). */
  canSettle: boolean;
  canFormFile: boolean;
}

async function fileInfo(tx: TenantTx, documentId: string): Promise<DocumentFileInfo> {
  if (!isUuid(documentId)) throw notFound('The document');
  const d = await ftx(tx)
    .selectFrom('records_document')
    .select(['id', 'status', 'handler_id', 'org_unit_id'])
    .where('id', '=', documentId)
    .executeTakeFirst();
  const unit = await actorUnit(tx);
  const scope = {
    tenantId: tx.tenantId,
    handlerId: d?.handler_id ?? null,
    orgUnitId: d?.org_unit_id ?? null,
  };
  const reach = await standsInFor(tx);
  if (!d || !canSeeDocument(tx.actor, unit, scope, reach)) throw notFound('The document');
  const m = await ftx(tx)
    .selectFrom('records_file_document as m')
    .innerJoin('records_file as f', 'f.id', 'm.file_id')
    .select(['f.id', 'f.file_number', 'f.status', 'm.position', 'm.number_in_file'])
    .where('m.document_id', '=', d.id)
    .executeTakeFirst();
  const handles =
    recordsPolicy.can(tx.actor, 'file.manage', { tenantId: tx.tenantId }) &&
    canHandle(tx.actor, unit, scope, reach);
  return {
    settlement: await settlementOf(tx, d.id),
    file: m
      ? {
          id: m.id,
          fileNumber: m.file_number,
          status: m.status,
          position: m.position,
          numberInFile: m.number_in_file,
        }
      : null,
    canSettle: handles && nextStatus(d.status, 'settle') !== null,
    canFormFile: handles && !m && FILEABLE_STATUSES.includes(d.status),
  };
}

/** A document's settlement and the file it lies in (the document page; the API audits the view). */
export async function getDocumentFileInfo(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  opts: { audit: boolean } = { audit: true },
): Promise<DocumentFileInfo> {
  requireRecordsUser(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const info = await fileInfo(tx, documentId);
    if (opts.audit)
      await appendAudit(tx, {
        eventType: 'Zobrazeni',
        objectType: 'Dokument',
        objectId: documentId,
        params: { settlement: true },
      });
    return info;
  });
}

/** Open files the actor handles (dashboard "my files"). */
export async function myOpenFiles(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
): Promise<{ id: string; fileNumber: string; subject: string }[]> {
  requireRecordsUser(actor, tenantId);
  if (!actor.userId) return [];
  return withTenant(ctx.db, tenantId, actor, async (tx) =>
    (
      await ftx(tx)
        .selectFrom('records_file')
        .select(['id', 'file_number', 'subject'])
        .where('handler_id', '=', actor.userId!)
        .where('status', '=', 'open')
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute()
    ).map((f) => ({ id: f.id, fileNumber: f.file_number, subject: f.subject })),
  );
}
