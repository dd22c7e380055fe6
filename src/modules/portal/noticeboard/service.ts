/**
 * Use cases of the notice board. Each is one tenant transaction with its audit entry; each
 * checks the actor's permission itself. Time comes from ctx.clock (tests move it).
 */
import { sql } from 'kysely';
import { appendAudit } from '../../../platform/audit/chain.js';
import {
  type FileHandle,
  getFile,
  recordFile,
  type StoredBlob,
  storeFile,
} from '../../../platform/blobs/index.js';
import { type Country, type Explanation, type IsoDate, todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import {
  type Actor,
  PUBLIC_ACTOR,
  SYSTEM_ACTOR,
  type TenantTx,
  withTenant,
} from '../../../platform/db/tenant.js';
import type { Tenant } from '../../../platform/db/types.js';
import { AppError, invalid, notFound } from '../../../platform/errors.js';
import type { Locale } from '../../../platform/i18n/index.js';
import { isUuid, newId } from '../../../platform/ids.js';
import { allocateNumber } from '../../../platform/numbering/index.js';
import { renderCertificate } from './certificate.js';
import {
  allows,
  type Category,
  cleanNotice,
  issue,
  type NoticeAction,
  type NoticeFields,
  postingMoment,
  removalMoment,
  scheduleOutcome,
} from './domain/notice.js';
import { noticeboardPolicy } from './policy.js';
import { type NoticeState, nbTrx } from './schema.js';

export const POST_JOB = 'noticeboard.post';
export const REMOVE_JOB = 'noticeboard.remove';
export const SWEEP_JOB = 'noticeboard.sweep';
export const PDF_MIME = 'application/pdf';
/** Largest document accepted on the board (the platform's upload limit may be lower). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export type NoticeInput = NoticeFields;

export interface NoticeDocumentView {
  id: string;
  title: string;
  filename: string;
  size: number;
  sha256: string;
}

export interface NoticeView {
  id: string;
  tenantId: string;
  boardNumber: string | null;
  title: string;
  description: string;
  category: Category;
  originator: { name: string; ico: string | null } | null;
  referenceNumber: string | null;
  fileNumber: string | null;
  postingDate: string;
  removalDate: string;
  /** How the minimum period was computed (public notices), for display with formatExplanation. */
  removalExplanation: Explanation | null;
  approvalDate: string | null;
  state: NoticeState;
  postedAt: Date | null;
  removedAt: Date | null;
  removalReason: string | null;
  hasCertificate: boolean;
  source: string | null;
  documents: NoticeDocumentView[];
  createdAt: Date;
  updatedAt: Date;
}

// --- helpers ------------------------------------------------------------------------------------

function tx<T>(
  ctx: AppContext,
  tenantId: string,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  return withTenant(ctx.db, tenantId, actor, fn, { now: ctx.clock.now() });
}

async function tenantOf(t: TenantTx): Promise<Tenant> {
  return t.trx.selectFrom('tenant').selectAll().where('id', '=', t.tenantId).executeTakeFirstOrThrow();
}

const NOTICE_COLUMNS = [
  'id',
  'tenant_id',
  'board_number',
  'title',
  'description',
  'category',
  'originator_name',
  'originator_ico',
  'reference_number',
  'file_number',
  'removal_explanation',
  'state',
  'schedule_round',
  'posted_at',
  'removed_at',
  'removal_reason',
  'certificate_blob_id',
  'source',
  'created_at',
  'updated_at',
] as const;

function selectNotices(t: TenantTx) {
  return nbTrx(t.trx)
    .selectFrom('notice')
    .select(NOTICE_COLUMNS)
    .select([
      sql<string>`posting_date::text`.as('posting_date'),
      sql<string>`removal_date::text`.as('removal_date'),
      sql<string | null>`approval_date::text`.as('approval_date'),
    ]);
}

type NoticeRow = Awaited<ReturnType<ReturnType<typeof selectNotices>['executeTakeFirstOrThrow']>>;

async function documentsOf(t: TenantTx, ids: string[]): Promise<Map<string, NoticeDocumentView[]>> {
  const out = new Map<string, NoticeDocumentView[]>();
  if (ids.length === 0) return out;
  const rows = await nbTrx(t.trx)
    .selectFrom('notice_document as d')
    .innerJoin('blob as b', 'b.id', 'd.blob_id')
    .select(['d.id', 'd.notice_id', 'd.title', 'b.filename', 'b.size', 'b.sha256'])
    .where('d.notice_id', 'in', ids)
    .orderBy('d.notice_id')
    .orderBy('d.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.notice_id) ?? [];
    list.push({ id: r.id, title: r.title, filename: r.filename, size: Number(r.size), sha256: r.sha256 });
    out.set(r.notice_id, list);
  }
  return out;
}

function toView(r: NoticeRow, documents: NoticeDocumentView[]): NoticeView {
  const expl =
    typeof r.removal_explanation === 'string' ? JSON.parse(r.removal_explanation) : r.removal_explanation;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    boardNumber: r.board_number,
    title: r.title,
    description: r.description,
    category: r.category as Category,
    originator: r.originator_name ? { name: r.originator_name, ico: r.originator_ico } : null,
    referenceNumber: r.reference_number,
    fileNumber: r.file_number,
    postingDate: r.posting_date,
    removalDate: r.removal_date,
    removalExplanation: (expl as Explanation | null) ?? null,
    approvalDate: r.approval_date,
    state: r.state,
    postedAt: r.posted_at,
    removedAt: r.removed_at,
    removalReason: r.removal_reason,
    hasCertificate: r.certificate_blob_id !== null,
    source: r.source,
    documents,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function viewOf(t: TenantTx, row: NoticeRow): Promise<NoticeView> {
  return toView(row, (await documentsOf(t, [row.id])).get(row.id) ?? []);
}

/** The notice locked for change; another tenant's id is simply not found. */
async function lockNotice(t: TenantTx, id: string): Promise<NoticeRow> {
  if (!isUuid(id)) throw notFound('The notice');
  const row = await selectNotices(t).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('The notice');
  return row;
}

function requireState(row: NoticeRow, action: NoticeAction): void {
  if (!allows(row.state, action)) {
    throw new AppError(
      'conflict',
      `A notice in state "${row.state}" cannot be changed this way (${action}).`,
      [issue('state', 'state')],
    );
  }
}

function assertPdf(blob: StoredBlob, field = 'file'): void {
  if (blob.mime !== PDF_MIME) {
    throw invalid([issue(field, 'notPdf')], `The file is ${blob.mime}, not a PDF document.`);
  }
}

function clean(input: NoticeInput, tenant: Tenant) {
  const r = cleanNotice(input, tenant.country as Country);
  if (r.issues.length > 0) {
    // The minimum of a too-short public notice is what the user needs to fix it.
    const due = r.value.removalDeadline?.due;
    throw invalid(
      r.issues.map((i) =>
        i.code === 'publicNoticeTooShort' && due ? { ...i, message: `${i.message} (${due})` } : i,
      ),
    );
  }
  return r.value;
}

function columnsOf(v: ReturnType<typeof clean>) {
  return {
    title: v.title,
    description: v.description,
    category: v.category,
    originator_name: v.originatorName,
    originator_ico: v.originatorIco,
    reference_number: v.referenceNumber,
    file_number: v.fileNumber,
    posting_date: v.postingDate,
    removal_date: v.removalDate,
    removal_explanation: v.removalDeadline ? JSON.stringify(v.removalDeadline.explanation) : null,
    approval_date: v.approvalDate,
  };
}

async function attachInTx(
  ctx: AppContext,
  t: TenantTx,
  noticeId: string,
  doc: { filename: string; blob: StoredBlob; title?: string | undefined },
): Promise<void> {
  assertPdf(doc.blob);
  const file = await recordFile(ctx, t, { filename: doc.filename, blob: doc.blob });
  const last = await nbTrx(t.trx)
    .selectFrom('notice_document')
    .select(sql<number>`coalesce(max(position), 0)`.as('p'))
    .where('notice_id', '=', noticeId)
    .executeTakeFirst();
  const id = newId();
  const title = doc.title?.trim() || file.filename;
  await nbTrx(t.trx)
    .insertInto('notice_document')
    .values({
      id,
      tenant_id: t.tenantId,
      notice_id: noticeId,
      blob_id: file.id,
      title: title.slice(0, 300),
      position: Number(last?.p ?? 0) + 1,
      created_at: t.now,
    })
    .execute();
  await appendAudit(t, {
    eventType: 'VlozeniKDokumentu',
    objectType: 'Dokument',
    objectId: noticeId,
    params: { document: id, file: file.id, filename: file.filename, sha256: file.sha256 },
  });
}

// --- staff use cases ------------------------------------------------------------------------------

export async function listNotices(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: { state?: NoticeState | undefined } = {},
): Promise<NoticeView[]> {
  noticeboardPolicy.require(actor, 'notice.read', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    let q = selectNotices(t);
    if (filter.state) q = q.where('state', '=', filter.state);
    const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
    const docs = await documentsOf(
      t,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toView(r, docs.get(r.id) ?? []));
  });
}

export async function getNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.read', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    if (!isUuid(id)) throw notFound('The notice');
    const row = await selectNotices(t).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('The notice');
    return viewOf(t, row);
  });
}

export interface UploadedDocument {
  filename: string;
  blob: StoredBlob;
  title?: string | undefined;
}

/** A new draft, optionally with its first document (already streamed into the store). */
export async function createNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: NoticeInput,
  document?: UploadedDocument,
  opts: { source?: string } = {},
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, opts.source ? 'notice.submit' : 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, (t) =>
    createInTx(ctx, t, input, document ? [document] : [], opts.source ?? null),
  );
}

async function createInTx(
  ctx: AppContext,
  t: TenantTx,
  input: NoticeInput,
  documents: UploadedDocument[],
  source: string | null,
): Promise<NoticeView> {
  const v = clean(input, await tenantOf(t));
  for (const d of documents) assertPdf(d.blob);
  const id = newId();
  await nbTrx(t.trx)
    .insertInto('notice')
    .values({
      id,
      tenant_id: t.tenantId,
      ...columnsOf(v),
      state: 'draft',
      source,
      created_by: t.actor.userId,
      created_at: t.now,
      updated_at: t.now,
    })
    .execute();
  await appendAudit(t, {
    eventType: 'Zalozeni',
    objectType: 'Dokument',
    objectId: id,
    params: { action: 'noticeboard.created', title: v.title, category: v.category, source },
  });
  for (const d of documents) await attachInTx(ctx, t, id, d);
  return viewOf(t, await lockNotice(t, id));
}

export async function updateNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  input: NoticeInput,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    const row = await lockNotice(t, id);
    requireState(row, 'edit');
    const v = clean(input, await tenantOf(t));
    await nbTrx(t.trx)
      .updateTable('notice')
      .set({ ...columnsOf(v), updated_at: t.now })
      .where('id', '=', id)
      .execute();
    await appendAudit(t, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: id,
      params: { action: 'noticeboard.updated', title: v.title },
    });
    return viewOf(t, await lockNotice(t, id));
  });
}

export async function attachDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  doc: UploadedDocument,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    const row = await lockNotice(t, id);
    requireState(row, 'attach');
    await attachInTx(ctx, t, id, doc);
    await nbTrx(t.trx).updateTable('notice').set({ updated_at: t.now }).where('id', '=', id).execute();
    return viewOf(t, await lockNotice(t, id));
  });
}

export async function detachDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  documentId: string,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    const row = await lockNotice(t, id);
    requireState(row, 'detach');
    if (!isUuid(documentId)) throw notFound('The document');
    const gone = await nbTrx(t.trx)
      .deleteFrom('notice_document')
      .where('id', '=', documentId)
      .where('notice_id', '=', id)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw notFound('The document');
    await appendAudit(t, {
      eventType: 'VyjmutiZDokumentu',
      objectType: 'Dokument',
      objectId: id,
      params: { document: documentId },
    });
    return viewOf(t, await lockNotice(t, id));
  });
}

export async function deleteNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<void> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  await tx(ctx, tenantId, actor, async (t) => {
    const row = await lockNotice(t, id);
    requireState(row, 'delete');
    await nbTrx(t.trx).deleteFrom('notice').where('id', '=', id).execute();
    await appendAudit(t, {
      eventType: 'Zruseni',
      objectType: 'Dokument',
      objectId: id,
      params: { action: 'noticeboard.deleted', title: row.title },
    });
  });
}

/**
 * Draft → scheduled (posting day later) or straight to posted (posting day today). Needs a title
 * and a PDF; a posting day that has passed is refused. Jobs are queued in the same transaction.
 */
export async function scheduleNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  opts: { submit?: boolean } = {},
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, opts.submit ? 'notice.submit' : 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, (t) => scheduleInTx(ctx, t, id));
}

async function scheduleInTx(ctx: AppContext, t: TenantTx, id: string): Promise<NoticeView> {
  const row = await lockNotice(t, id);
  requireState(row, 'schedule');
  const tenant = await tenantOf(t);
  const docs = (await documentsOf(t, [id])).get(id) ?? [];
  const issues = [];
  if (!row.title.trim()) issues.push(issue('title', 'required'));
  if (docs.length === 0) issues.push(issue('file', 'noDocument'));
  const today = todayIn(tenant.time_zone, t.now);
  const outcome = scheduleOutcome(row.posting_date as IsoDate, today);
  if (outcome === 'past') issues.push(issue('postingDate', 'postingInPast'));
  if (issues.length > 0) throw invalid(issues, 'The notice cannot be posted yet.');

  const round = row.schedule_round + 1;
  let boardNumber = row.board_number;
  if (!boardNumber) {
    const year = Number(row.posting_date.slice(0, 4));
    boardNumber = `${await allocateNumber(t, 'noticeboard', year)}/${year}`;
  }
  await nbTrx(t.trx)
    .updateTable('notice')
    .set({ state: 'scheduled', schedule_round: round, board_number: boardNumber, updated_at: t.now })
    .where('id', '=', id)
    .execute();
  await appendAudit(t, {
    eventType: 'Schvaleni',
    objectType: 'Dokument',
    objectId: id,
    params: {
      action: 'noticeboard.scheduled',
      boardNumber,
      postingDate: row.posting_date,
      removalDate: row.removal_date,
    },
  });
  if (outcome === 'post-now') {
    await postInTx(ctx, t, id, tenant);
  } else {
    await ctx.jobs.enqueue(
      POST_JOB,
      {
        tenantId: t.tenantId,
        payload: { noticeId: id, round },
        runAt: postingMoment(row.posting_date as IsoDate, tenant.time_zone),
        singletonKey: `${POST_JOB}:${id}:${round}`,
      },
      t.trx,
    );
  }
  return viewOf(t, await lockNotice(t, id));
}

export async function unscheduleNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    const row = await lockNotice(t, id);
    requireState(row, 'unschedule');
    // The queued post job carries the old round and will find nothing to do.
    await nbTrx(t.trx)
      .updateTable('notice')
      .set({ state: 'draft', updated_at: t.now })
      .where('id', '=', id)
      .execute();
    await appendAudit(t, {
      eventType: 'Storno',
      objectType: 'Dokument',
      objectId: id,
      params: { action: 'noticeboard.unscheduled' },
    });
    return viewOf(t, await lockNotice(t, id));
  });
}

/** Posts a locked, scheduled notice now and queues its removal. */
async function postInTx(ctx: AppContext, t: TenantTx, id: string, tenant: Tenant): Promise<void> {
  const row = await lockNotice(t, id);
  await nbTrx(t.trx)
    .updateTable('notice')
    .set({ state: 'posted', posted_at: t.now, updated_at: t.now })
    .where('id', '=', id)
    .execute();
  await appendAudit(t, {
    eventType: 'Vypraveno',
    objectType: 'Dokument',
    objectId: id,
    params: { action: 'noticeboard.posted', postedAt: t.now.toISOString(), boardNumber: row.board_number },
  });
  await ctx.jobs.enqueue(
    REMOVE_JOB,
    {
      tenantId: t.tenantId,
      payload: { noticeId: id, round: row.schedule_round },
      runAt: removalMoment(row.removal_date as IsoDate, tenant.time_zone),
      singletonKey: `${REMOVE_JOB}:${id}:${row.schedule_round}`,
    },
    t.trx,
  );
}

/**
 * Takes a posted notice down, records the moment and generates the certificate. Before the end
 * of its period it needs a reason (the certificate states it).
 */
async function removeInTx(ctx: AppContext, t: TenantTx, id: string, reason: string | null): Promise<void> {
  const row = await lockNotice(t, id);
  requireState(row, 'remove');
  const tenant = await tenantOf(t);
  const early = t.now.getTime() < removalMoment(row.removal_date as IsoDate, tenant.time_zone).getTime();
  const why = reason?.trim() || null;
  if (early && !why) throw invalid([issue('reason', 'reasonRequired')]);
  if (why && why.length > 1000) throw invalid([issue('reason', 'tooLong')]);
  await nbTrx(t.trx)
    .updateTable('notice')
    .set({ state: 'removed', removed_at: t.now, removal_reason: early ? why : null, updated_at: t.now })
    .where('id', '=', id)
    .execute();
  const removedEvent = await appendAudit(t, {
    eventType: 'Uzavreni',
    objectType: 'Dokument',
    objectId: id,
    params: {
      action: 'noticeboard.removed',
      removedAt: t.now.toISOString(),
      early,
      reason: early ? why : null,
    },
  });
  const postedEvent = await t.trx
    .selectFrom('audit_event')
    .select('seq')
    .where('object_type', '=', 'Dokument')
    .where('object_id', '=', id)
    .where('event_type', '=', 'Vypraveno')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  const docs = (await documentsOf(t, [id])).get(id) ?? [];
  const pdf = await renderCertificate({
    locale: tenant.locale as Locale,
    timeZone: tenant.time_zone,
    tenantName: tenant.name,
    boardNumber: row.board_number,
    title: row.title,
    referenceNumber: row.reference_number,
    fileNumber: row.file_number,
    originator: row.originator_name
      ? `${row.originator_name}${row.originator_ico ? ` (IČO ${row.originator_ico})` : ''}`
      : null,
    removalDate: row.removal_date,
    postedAt: row.posted_at!,
    removedAt: t.now,
    removalReason: early ? why : null,
    url: `${ctx.config.publicUrl ?? ''}/${tenant.slug}/uredni-deska/${id}`,
    auditSeqs: { posted: postedEvent ? Number(postedEvent.seq) : null, removed: removedEvent.seq },
    documents: docs.map((d) => ({ filename: d.filename, sha256: d.sha256 })),
    generatedAt: t.now,
  });
  const file = await storeFile(ctx, t, {
    filename: `dolozka-${(row.board_number ?? id).replace('/', '-')}.pdf`,
    source: Buffer.from(pdf),
  });
  await nbTrx(t.trx)
    .updateTable('notice')
    .set({ certificate_blob_id: file.id })
    .where('id', '=', id)
    .execute();
}

/** The publisher takes a notice down before (or after) its last day. */
export async function removeNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  input: { reason?: string | null | undefined },
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.manage', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    await removeInTx(ctx, t, id, input.reason ?? null);
    return viewOf(t, await lockNotice(t, id));
  });
}

export async function getCertificate(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<FileHandle> {
  noticeboardPolicy.require(actor, 'notice.certificate', { tenantId });
  return tx(ctx, tenantId, actor, async (t) => {
    if (!isUuid(id)) throw notFound('The notice');
    const row = await nbTrx(t.trx)
      .selectFrom('notice')
      .select('certificate_blob_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('The notice');
    if (!row.certificate_blob_id) throw notFound('The certificate');
    return getFile(ctx, t, row.certificate_blob_id);
  });
}

/** A staff download of a document of any notice of the tenant (drafts included). */
export async function getNoticeDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  documentId: string,
): Promise<FileHandle> {
  noticeboardPolicy.require(actor, 'notice.read', { tenantId });
  return tx(ctx, tenantId, actor, (t) => documentFile(ctx, t, id, documentId, null));
}

async function documentFile(
  ctx: AppContext,
  t: TenantTx,
  id: string,
  documentId: string,
  onlyState: NoticeState | null,
): Promise<FileHandle> {
  if (!isUuid(id) || !isUuid(documentId)) throw notFound('The document');
  let q = nbTrx(t.trx)
    .selectFrom('notice_document as d')
    .innerJoin('notice as n', 'n.id', 'd.notice_id')
    .select('d.blob_id')
    .where('d.id', '=', documentId)
    .where('d.notice_id', '=', id);
  if (onlyState) q = q.where('n.state', '=', onlyState);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('The document');
  return getFile(ctx, t, row.blob_id);
}

// --- jobs -----------------------------------------------------------------------------------------

/** Job: posts the notice if it is still scheduled in the same round and its day has come. */
export async function runPostJob(
  ctx: AppContext,
  tenantId: string,
  noticeId: string,
  round: number,
): Promise<boolean> {
  return tx(ctx, tenantId, SYSTEM_ACTOR, async (t) => {
    const row = await selectNotices(t).where('id', '=', noticeId).forUpdate().executeTakeFirst();
    if (row?.state !== 'scheduled' || row.schedule_round !== round) return false;
    const tenant = await tenantOf(t);
    if (t.now < postingMoment(row.posting_date as IsoDate, tenant.time_zone)) return false;
    await postInTx(ctx, t, noticeId, tenant);
    return true;
  });
}

/** Job: removes the notice once its last day is over. */
export async function runRemoveJob(ctx: AppContext, tenantId: string, noticeId: string): Promise<boolean> {
  return tx(ctx, tenantId, SYSTEM_ACTOR, async (t) => {
    const row = await selectNotices(t).where('id', '=', noticeId).forUpdate().executeTakeFirst();
    if (row?.state !== 'posted') return false;
    const tenant = await tenantOf(t);
    if (t.now < removalMoment(row.removal_date as IsoDate, tenant.time_zone)) return false;
    await removeInTx(ctx, t, noticeId, null);
    return true;
  });
}

/**
 * Daily safety net: posts and removes whatever is due in every tenant, in case a queued job was
 * lost (restored backup, changed dates). Returns how many notices it moved.
 */
export async function sweep(ctx: AppContext): Promise<{ posted: number; removed: number }> {
  const tenants = await ctx.db.selectFrom('tenant').select(['id']).where('active', '=', true).execute();
  let posted = 0;
  let removed = 0;
  for (const { id: tenantId } of tenants) {
    const due = await tx(ctx, tenantId, SYSTEM_ACTOR, async (t) => {
      const tenant = await tenantOf(t);
      const today = todayIn(tenant.time_zone, t.now);
      const rows = await nbTrx(t.trx)
        .selectFrom('notice')
        .select(['id', 'state', 'schedule_round'])
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'scheduled'), eb('posting_date', '<=', today)]),
            eb.and([eb('state', '=', 'posted'), eb('removal_date', '<', today)]),
          ]),
        )
        .execute();
      return rows;
    });
    for (const r of due) {
      if (r.state === 'scheduled' && (await runPostJob(ctx, tenantId, r.id, r.schedule_round))) posted++;
      if (r.state === 'posted' && (await runRemoveJob(ctx, tenantId, r.id))) removed++;
    }
  }
  return { posted, removed };
}

// --- public reading -------------------------------------------------------------------------------

export interface PublicQuery {
  category?: string | undefined;
  q?: string | undefined;
  archive?: boolean;
  limit?: number;
  offset?: number;
  /** The HTML list does not show attachments; skip reading them. */
  withDocuments?: boolean;
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Published notices only: posted ones (the board) or removed ones (the archive). */
export async function listPublicNotices(
  ctx: AppContext,
  tenantId: string,
  query: PublicQuery = {},
): Promise<{ notices: NoticeView[]; total: number }> {
  return tx(ctx, tenantId, PUBLIC_ACTOR, async (t) => {
    let q = selectNotices(t).where('state', '=', query.archive ? 'removed' : 'posted');
    if (query.category) q = q.where('category', '=', query.category);
    const words = (query.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
    for (const w of words) {
      // Same expression as the trigram index notice_search.
      q = q.where(
        sql<boolean>`immutable_unaccent(lower(title || ' ' || description || ' ' || coalesce(reference_number, '') || ' ' || coalesce(board_number, ''))) LIKE immutable_unaccent(${likePattern(w)})`,
      );
    }
    const total = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
    const rows = await q
      .orderBy(query.archive ? 'removed_at' : 'posted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(query.limit ?? 1000, 1000))
      .offset(query.offset ?? 0)
      .execute();
    const docs =
      query.withDocuments === false
        ? new Map<string, NoticeDocumentView[]>()
        : await documentsOf(
            t,
            rows.map((r) => r.id),
          );
    return { notices: rows.map((r) => toView(r, docs.get(r.id) ?? [])), total: Number(total?.n ?? 0) };
  });
}

/**
 * The tenant's board version: changes whenever a notice or its documents change (trigger
 * `notice_board_bump`), so rendered boards can be reused until then.
 */
export async function boardVersion(ctx: AppContext, tenantId: string): Promise<string> {
  return tx(ctx, tenantId, PUBLIC_ACTOR, async (t) => {
    const row = await nbTrx(t.trx).selectFrom('notice_board_version').select('version').executeTakeFirst();
    return String(row?.version ?? 0);
  });
}

export async function getPublicNotice(ctx: AppContext, tenantId: string, id: string): Promise<NoticeView> {
  return tx(ctx, tenantId, PUBLIC_ACTOR, async (t) => {
    if (!isUuid(id)) throw notFound('The notice');
    const row = await selectNotices(t)
      .where('id', '=', id)
      .where('state', 'in', ['posted', 'removed'])
      .executeTakeFirst();
    if (!row) throw notFound('The notice');
    return viewOf(t, row);
  });
}

/** A document of a notice that is on the board now; removed notices' documents are not served. */
export async function getPublicDocument(
  ctx: AppContext,
  tenantId: string,
  id: string,
  documentId: string,
): Promise<FileHandle> {
  return tx(ctx, tenantId, PUBLIC_ACTOR, (t) => documentFile(ctx, t, id, documentId, 'posted'));
}

// --- for other modules --------------------------------------------------------------------------

export interface PostNoticeInput extends NoticeInput {
  /** PDF files to attach; each must be a real PDF. */
  documents: { filename: string; content: Uint8Array; title?: string }[];
  /** The calling module, e.g. 'council' or 'records'. */
  source: string;
}

/**
 * Creates a notice with its documents and schedules it (or posts it today) in one transaction:
 * the entry point for other modules (council meeting notices, outgoing records documents).
 */
export async function postNotice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: PostNoticeInput,
): Promise<NoticeView> {
  noticeboardPolicy.require(actor, 'notice.submit', { tenantId });
  const { documents, source, ...fields } = input;
  if (documents.length === 0) throw invalid([issue('file', 'noDocument')]);
  // Bytes go to the store before the transaction, as uploads do.
  const uploaded: UploadedDocument[] = [];
  for (const d of documents) {
    const blob = await ctx.blobs.put(Buffer.from(d.content), { maxBytes: MAX_DOCUMENT_BYTES });
    uploaded.push({ filename: d.filename, blob, title: d.title });
  }
  return tx(ctx, tenantId, actor, async (t) => {
    const created = await createInTx(ctx, t, fields, uploaded, source);
    return scheduleInTx(ctx, t, created.id);
  });
}
