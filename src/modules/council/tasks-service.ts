/**
 * Follow-up of the tasks resolutions impose (úkoly z usnesení): fulfilment reports with a date,
 * text and proof documents (file store), closing a task as done or cancelled with the reason,
 * and the "kontrola plnění usnesení" report for a body's next meeting (HTML and PDF): overdue,
 * open, and closed since the previous meeting.
 */
import { appendAudit } from '../../platform/audit/chain.js';
import { type FileHandle, getFile, recordFile, type StoredBlob } from '../../platform/blobs/index.js';
import { compare, type IsoDate, isIsoDate } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/db/tenant.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { czechDate } from './domain/announce.js';
import { type TaskUrgency, taskUrgency } from './domain/task.js';
import {
  checkClose,
  type ReportTask,
  type TaskReportSections,
  taskReportSections,
} from './domain/task-report.js';
import { pdb } from './proceedings-schema.js';
import { type CTx, inTenant, iso, loadMeeting, today } from './service.js';

export interface TaskReportEntry {
  id: string;
  date: IsoDate;
  text: string;
  createdAt: Date;
  files: { id: string; blobId: string; filename: string }[];
}

export interface TaskDetail extends ReportTask {
  resolutionId: string;
  bodyId: string;
  bodyCode: string;
  urgency: TaskUrgency;
  entries: TaskReportEntry[];
}

async function loadTasks(
  tx: CTx,
  filter: { taskId?: string; bodyId?: string; adoptedBefore?: string },
): Promise<TaskDetail[]> {
  const db = pdb(tx);
  let q = db
    .selectFrom('council_task as t')
    .innerJoin('council_resolution as r', 'r.id', 't.resolution_id')
    .innerJoin('council_body as b', 'b.id', 'r.body_id')
    .select([
      't.id',
      't.text',
      't.responsible',
      iso('t.due').as('due'),
      't.state',
      iso('t.closed_on').as('closed_on'),
      't.close_reason',
      'r.id as resolution_id',
      'r.number',
      'r.body_id',
      'b.code',
    ])
    .orderBy('t.due')
    .orderBy('r.seq');
  if (filter.taskId) q = q.where('t.id', '=', filter.taskId);
  if (filter.bodyId) q = q.where('r.body_id', '=', filter.bodyId);
  if (filter.adoptedBefore) q = q.where('r.adopted_on', '<', filter.adoptedBefore);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const reports = await db
    .selectFrom('council_task_report')
    .select(['id', 'task_id', iso('reported_on').as('reported_on'), 'text', 'created_at'])
    .where('task_id', 'in', ids)
    .orderBy('reported_on')
    .orderBy('created_at')
    .execute();
  const files = reports.length
    ? await db
        .selectFrom('council_task_report_file')
        .select(['id', 'report_id', 'blob_id', 'filename'])
        .where(
          'report_id',
          'in',
          reports.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  const todayIso = await today(tx);
  return rows.map((r) => {
    const entries: TaskReportEntry[] = reports
      .filter((x) => x.task_id === r.id)
      .map((x) => ({
        id: x.id,
        date: x.reported_on as IsoDate,
        text: x.text,
        createdAt: x.created_at,
        files: files
          .filter((f) => f.report_id === x.id)
          .map((f) => ({ id: f.id, blobId: f.blob_id, filename: f.filename })),
      }));
    const state = r.state as ReportTask['state'];
    return {
      id: r.id,
      resolutionId: r.resolution_id,
      resolutionNumber: r.number,
      bodyId: r.body_id,
      bodyCode: r.code,
      text: r.text,
      responsible: r.responsible,
      due: r.due as IsoDate,
      state,
      closedOn: (r.closed_on as IsoDate | null) ?? null,
      reason: r.close_reason,
      urgency: taskUrgency(state, r.due as IsoDate, todayIso),
      reports: entries.map((e) => ({ date: e.date, text: e.text, files: e.files.length })),
      entries,
    };
  });
}

async function loadTask(tx: CTx, taskId: string): Promise<TaskDetail> {
  if (!isUuid(taskId)) throw notFound('The task');
  const [t] = await loadTasks(tx, { taskId });
  if (!t) throw notFound('The task');
  return t;
}

export async function getTask(ctx: AppContext, actor: Actor, taskId: string): Promise<TaskDetail> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadTask(tx, taskId));
}

export async function listTaskDetails(ctx: AppContext, actor: Actor): Promise<TaskDetail[]> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadTasks(tx, {}));
}

async function lockTask(tx: CTx, taskId: string): Promise<TaskDetail> {
  if (!isUuid(taskId)) throw notFound('The task');
  await tx.db.selectFrom('council_task').select('id').where('id', '=', taskId).forUpdate().execute();
  return loadTask(tx, taskId);
}

/**
 * A fulfilment report (zpráva o plnění): what was done, on which day (not in the future), and
 * proof documents already stored (uploads are received before the transaction). Refused on a
 * closed task.
 */
export async function addTaskReport(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { text: string; date?: string | null; files?: { filename: string; blob: StoredBlob }[] },
): Promise<TaskDetail> {
  return inTenant(ctx, actor, 'task.manage', async (tx) => {
    const task = await lockTask(tx, taskId);
    const todayIso = await today(tx);
    const text = input.text?.trim() ?? '';
    const date = input.date?.trim() || todayIso;
    const issues = [];
    if (!text) issues.push({ field: 'text', message: 'Describe how the task was fulfilled.' });
    else if (text.length > 10_000) issues.push({ field: 'text', message: 'The text is too long.' });
    if (!isIsoDate(date)) issues.push({ field: 'date', message: 'Use a date as YYYY-MM-DD.' });
    else if (compare(date, todayIso) > 0)
      issues.push({ field: 'date', message: 'The report date is in the future.' });
    if (issues.length) throw invalid(issues);
    if (task.state !== 'open') throw conflict('The task is closed; reports are added to open tasks.');
    const id = newId();
    await pdb(tx)
      .insertInto('council_task_report')
      .values({
        id,
        tenant_id: tx.tenantId,
        task_id: taskId,
        reported_on: date,
        text,
        created_by: tx.actor.userId,
      })
      .execute();
    for (const f of input.files ?? []) await attach(ctx, tx, id, f);
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Dokument',
      objectId: task.resolutionId,
      params: { council: 'taskReport', task: taskId, date, files: (input.files ?? []).length },
    });
    return loadTask(tx, taskId);
  });
}

async function attach(ctx: AppContext, tx: CTx, reportId: string, f: { filename: string; blob: StoredBlob }) {
  const file = await recordFile(ctx, tx, f);
  await pdb(tx)
    .insertInto('council_task_report_file')
    .values({
      id: newId(),
      tenant_id: tx.tenantId,
      report_id: reportId,
      blob_id: file.id,
      filename: file.filename,
    })
    .execute();
  return file;
}

/** Adds a proof document to a report of an open task. */
export async function addReportFile(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  reportId: string,
  upload: { filename: string; blob: StoredBlob },
): Promise<TaskDetail> {
  return inTenant(ctx, actor, 'task.manage', async (tx) => {
    const task = await lockTask(tx, taskId);
    if (!task.entries.some((e) => e.id === reportId)) throw notFound('The report');
    if (task.state !== 'open') throw conflict('The task is closed; its reports can no longer change.');
    const file = await attach(ctx, tx, reportId, upload);
    await appendAudit(tx, {
      eventType: 'VlozeniKDokumentu',
      objectType: 'Dokument',
      objectId: task.resolutionId,
      params: {
        council: 'taskProof',
        task: taskId,
        report: reportId,
        filename: file.filename,
        sha256: file.sha256,
      },
    });
    return loadTask(tx, taskId);
  });
}

/** A proof document for download (readers of the council). */
export async function getReportFile(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  fileId: string,
): Promise<FileHandle> {
  if (!isUuid(fileId)) throw notFound('The file');
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const task = await loadTask(tx, taskId);
    const f = task.entries.flatMap((e) => e.files).find((x) => x.id === fileId);
    if (!f) throw notFound('The file');
    return getFile(ctx, tx, f.blobId);
  });
}

/** Closes an open task: done (needs a fulfilment report) or cancelled (needs the reason). */
export async function closeTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: { state: string; reason?: string | null; date?: string | null },
): Promise<TaskDetail> {
  return inTenant(ctx, actor, 'task.manage', async (tx) => {
    const task = await lockTask(tx, taskId);
    const todayIso = await today(tx);
    const date = input.date?.trim() || todayIso;
    const reason = input.reason?.trim() ?? '';
    const issues = checkClose(input.state, reason, task.entries.length).map(({ field, message }) => ({
      field,
      message,
    }));
    if (!isIsoDate(date)) issues.push({ field: 'date', message: 'Use a date as YYYY-MM-DD.' });
    else if (compare(date, todayIso) > 0)
      issues.push({ field: 'date', message: 'The date is in the future.' });
    if (reason.length > 2000) issues.push({ field: 'reason', message: 'The text is too long.' });
    if (task.state !== 'open') throw conflict(`The task is ${task.state} already.`);
    if (issues.length) throw invalid(issues);
    await pdb(tx)
      .updateTable('council_task')
      .set({ state: input.state, closed_on: date, close_reason: reason || null, closed_by: tx.actor.userId })
      .where('id', '=', taskId)
      .execute();
    await appendAudit(tx, {
      eventType: input.state === 'done' ? 'Vyrizeni' : 'Storno',
      objectType: 'Dokument',
      objectId: task.resolutionId,
      params: { council: 'taskClosed', task: taskId, state: input.state, date, reason: reason || null },
    });
    return loadTask(tx, taskId);
  });
}

// --- kontrola plnění usnesení -----------------------------------------------------------------------

export interface TaskReportView {
  meetingId: string;
  bodyCode: string;
  bodyName: string;
  number: number;
  year: number;
  date: IsoDate;
  /** The body's previous meeting: tasks closed up to that day were reported there. */
  since: IsoDate | null;
  sections: TaskReportSections<TaskDetail>;
  tenantName: string;
}

/** The report for a meeting: the body's tasks from resolutions adopted before that meeting. */
export async function getTaskReport(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
): Promise<TaskReportView> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const m = await loadMeeting(tx, meetingId);
    const prev = await tx.db
      .selectFrom('council_meeting')
      .select(iso('date').as('date'))
      .where('body_id', '=', m.bodyId)
      .where('date', '<', m.date)
      .orderBy('date', 'desc')
      .limit(1)
      .executeTakeFirst();
    const tasks = await loadTasks(tx, { bodyId: m.bodyId, adoptedBefore: m.date });
    const tenant = await tx.db
      .selectFrom('tenant')
      .select('name')
      .where('id', '=', tx.tenantId)
      .executeTakeFirstOrThrow();
    const since = (prev?.date as IsoDate | undefined) ?? null;
    return {
      meetingId,
      bodyCode: m.body.code,
      bodyName: m.body.name,
      number: m.number,
      year: m.year,
      date: m.date as IsoDate,
      since,
      sections: taskReportSections(tasks, m.date as IsoDate, since),
      tenantName: tenant.name,
    };
  });
}

/** Labels of the report in the reader's language (pages pass their translator's strings). */
export interface TaskReportLabels {
  title: string;
  overdue: string;
  open: string;
  closed: string;
  none: string;
  columns: [resolution: string, task: string, responsible: string, due: string, state: string];
  state: (t: TaskDetail) => string;
  footer: string;
}

export async function renderTaskReportPdf(
  r: TaskReportView,
  labels: TaskReportLabels,
  now: Date,
): Promise<Uint8Array> {
  const section = (heading: string, tasks: TaskDetail[]) => [
    { kind: 'heading' as const, text: `${heading} (${tasks.length})` },
    tasks.length
      ? {
          kind: 'table' as const,
          columns: [...labels.columns],
          widths: [0.17, 0.38, 0.17, 0.12, 0.16],
          rows: tasks.map((t) => [
            t.resolutionNumber,
            t.text,
            t.responsible,
            czechDate(t.due),
            labels.state(t),
          ]),
        }
      : { kind: 'paragraph' as const, text: labels.none },
  ];
  return renderPdf({
    title: labels.title,
    author: r.tenantName,
    lang: 'cs',
    createdAt: now,
    blocks: [
      { kind: 'title', text: labels.title },
      ...section(labels.overdue, r.sections.overdue),
      ...section(labels.open, r.sections.open),
      ...section(labels.closed, r.sections.closed),
    ],
    footer: labels.footer,
  });
}
