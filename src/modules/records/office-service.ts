/**
 * Records office (spisovna), loans (výpůjčky) and the disposal procedure (skartační řízení):
 * hand a closed file over to the records office, list it, lend it and take it back, build a disposal
 * proposal of the items whose year has come, export its SIP packages, import the archive's decision
 * (nsesss-DA.xsd), destroy the items decided S (content removed from the file store, metadata stub and
 * audit kept) and transfer those decided A (SIP with the files). Only the records manager.
 * Each use case is one tenant transaction with its NSESSS audit entries.
 */
import { type Kysely, sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { validateXml } from '../../platform/audit/xsd.js';
import { recordFile } from '../../platform/blobs/index.js';
import { type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { AppError, conflict, type FieldError, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { allocateNumber } from '../../platform/numbering/index.js';
import { dateIn } from '../../platform/time-zone.js';
import {
  checkLoan,
  type Decision,
  destroyProblem,
  handOverProblem,
  isOverdue,
  type LoanInput,
  type OfficeStatus,
  officeDisposalYear,
  type ProposalStatus,
  proposalNumber,
  proposalProblem,
  proposalStatusAfter,
  type SipKind,
  transferProblem,
} from './domain/office.js';
import type { RetentionMark, TriggerEvent } from './domain/retention.js';
import {
  type ArchiveList,
  parseArchiveList,
  type SipDocument,
  type SipFile,
  type SipGroup,
  type SipOrganisation,
  type SipPlan,
  type SipRegime,
  type SipStaff,
  sipMetsXml,
} from './domain/sip-xml.js';
import { type ODB, otx } from './office-schema.js';
import { recordsPolicy } from './policy.js';
import { zip } from './zip.js';

/** Yearly series of disposal proposals (platform numbering). */
export const PROPOSAL_SERIES = 'records.disposal';
/** Largest archive decision accepted (a list of identifiers; far below this in practice). */
export const MAX_DECISION_XML = 5 * 1024 * 1024;

const run = <T>(ctx: AppContext, tenantId: string, actor: Actor, fn: (tx: TenantTx) => Promise<T>) =>
  withTenant(ctx.db, tenantId, actor, fn, { now: ctx.clock.now() });

const requireManager = (actor: Actor, tenantId: string) =>
  recordsPolicy.require(actor, 'office.manage', { tenantId });

async function tenantToday(tx: TenantTx): Promise<IsoDate> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(t.time_zone, tx.now);
}

// ---------------------------------------------------------------------------------------------
// Views

export interface LoanView {
  id: string;
  borrower: { id: string; name: string };
  lentOn: string;
  dueOn: string;
  note: string | null;
  returnedOn: string | null;
  overdue: boolean;
}

export interface OfficeEntryView {
  id: string;
  status: OfficeStatus;
  file: { id: string; pid: string; fileNumber: string; subject: string; groupCode: string; closedOn: string };
  regime: { identifier: string; mark: RetentionMark; period: number };
  triggerYear: number;
  disposalYear: number;
  location: string | null;
  takenOn: string;
  loan: LoanView | null;
  /** The proposal the entry is in (the latest), with the archive's decision once imported. */
  proposal: { id: string; number: string; decision: Decision | null } | null;
}

export interface OfficeEntryDetail {
  entry: OfficeEntryView;
  loans: LoanView[];
  destroyed: { filename: string; mime: string; size: number; sha256: string; destroyedAt: Date }[];
}

export interface ProposalItemView {
  position: number;
  decision: Decision | null;
  executedAt: Date | null;
  entry: OfficeEntryView;
}

export interface ProposalView {
  id: string;
  number: string;
  status: ProposalStatus;
  createdOn: string;
  decisionListId: string | null;
  archiveId: string | null;
  decidedAt: Date | null;
  items: ProposalItemView[];
  hasTransfer: boolean;
}

function entryQuery(tx: TenantTx) {
  return otx(tx)
    .selectFrom('records_office_entry as e')
    .innerJoin('records_file as f', 'f.id', 'e.file_id')
    .innerJoin('records_group as g', 'g.id', 'f.group_id')
    .leftJoin('records_loan as l', (j) => j.onRef('l.entry_id', '=', 'e.id').on('l.returned_on', 'is', null))
    .leftJoin('app_user as b', 'b.id', 'l.borrower_id')
    .selectAll('e')
    .select([
      'f.pid as f_pid',
      'f.file_number as f_number',
      'f.subject as f_subject',
      'f.closed_on as f_closed_on',
      'g.full_code as g_code',
      'l.id as l_id',
      'l.borrower_id as l_borrower',
      'b.display_name as l_borrower_name',
      'l.lent_on as l_lent_on',
      'l.due_on as l_due_on',
      'l.note as l_note',
    ])
    .select((eb) => [
      eb
        .selectFrom('records_disposal_item as i')
        .innerJoin('records_disposal_proposal as p', 'p.id', 'i.proposal_id')
        .select(sql<string>`p.id || '|' || p.number || '|' || coalesce(i.decision, '')`.as('x'))
        .whereRef('i.entry_id', '=', 'e.id')
        .orderBy('p.created_at', 'desc')
        .limit(1)
        .as('proposal'),
    ]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['executeTakeFirstOrThrow']>>;

function entryView(r: EntryRow, today: IsoDate): OfficeEntryView {
  const [pid, pnumber, pdecision] = (r.proposal ?? '').split('|');
  return {
    id: r.id,
    status: r.status,
    file: {
      id: r.file_id,
      pid: r.f_pid,
      fileNumber: r.f_number,
      subject: r.f_subject,
      groupCode: r.g_code,
      closedOn: r.f_closed_on ?? '',
    },
    regime: { identifier: r.regime_identifier, mark: r.mark, period: r.period },
    triggerYear: r.trigger_year,
    disposalYear: r.disposal_year,
    location: r.location,
    takenOn: r.taken_on,
    loan: r.l_id
      ? {
          id: r.l_id,
          borrower: { id: r.l_borrower!, name: r.l_borrower_name ?? '' },
          lentOn: r.l_lent_on!,
          dueOn: r.l_due_on!,
          note: r.l_note ?? null,
          returnedOn: null,
          overdue: isOverdue({ dueOn: r.l_due_on!, returnedOn: null }, today),
        }
      : null,
    proposal: pid ? { id: pid, number: pnumber!, decision: (pdecision || null) as Decision | null } : null,
  };
}

async function loadEntry(tx: TenantTx, id: string, lock = false): Promise<OfficeEntryView> {
  if (!isUuid(id)) throw notFound('The records office item');
  if (lock)
    await otx(tx).selectFrom('records_office_entry').select('id').where('id', '=', id).forUpdate().execute();
  const r = await entryQuery(tx).where('e.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('The records office item');
  return entryView(r, await tenantToday(tx));
}

async function loansOf(tx: TenantTx, entryId: string, today: IsoDate): Promise<LoanView[]> {
  const rows = await otx(tx)
    .selectFrom('records_loan as l')
    .innerJoin('app_user as b', 'b.id', 'l.borrower_id')
    .select(['l.id', 'l.borrower_id', 'b.display_name', 'l.lent_on', 'l.due_on', 'l.note', 'l.returned_on'])
    .where('l.entry_id', '=', entryId)
    .orderBy('l.lent_at', 'desc')
    .execute();
  return rows.map((l) => ({
    id: l.id,
    borrower: { id: l.borrower_id, name: l.display_name },
    lentOn: l.lent_on,
    dueOn: l.due_on,
    note: l.note,
    returnedOn: l.returned_on,
    overdue: isOverdue({ dueOn: l.due_on, returnedOn: l.returned_on }, today),
  }));
}

async function entryDetail(tx: TenantTx, id: string): Promise<OfficeEntryDetail> {
  const entry = await loadEntry(tx, id);
  const today = await tenantToday(tx);
  const destroyed = await otx(tx)
    .selectFrom('records_destroyed_component')
    .select(['filename', 'mime', 'size', 'sha256', 'destroyed_at'])
    .where('entry_id', '=', id)
    .orderBy('filename')
    .execute();
  return {
    entry,
    loans: await loansOf(tx, id, today),
    destroyed: destroyed.map((d) => ({
      filename: d.filename,
      mime: d.mime,
      size: Number(d.size),
      sha256: d.sha256,
      destroyedAt: d.destroyed_at,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Hand-over and the list

/**
 * Hands a closed file over to the records office (PredaniNaSpisovnu). The year of disposal is
 * computed from the trigger year recorded at closing and the file's regime; the file stays closed
 * from now on (reopening refuses it).
 */
export async function handOverFile(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  fileId: string,
  input: { location?: string | null } = {},
): Promise<OfficeEntryDetail> {
  requireManager(actor, tenantId);
  const location = (input.location ?? '').trim() || null;
  if (location && location.length > 100)
    throw invalid([{ field: 'location', message: 'At most 100 characters.' }]);
  return run(ctx, tenantId, actor, async (tx) => {
    if (!isUuid(fileId)) throw notFound('The file');
    const trx = otx(tx);
    const f = await trx
      .selectFrom('records_file as f')
      .innerJoin('records_retention as r', 'r.id', 'f.retention_id')
      .select(['f.id', 'f.file_number', 'f.status', 'f.trigger_year', 'r.identifier', 'r.mark', 'r.period'])
      .where('f.id', '=', fileId)
      .forUpdate('f')
      .executeTakeFirst();
    if (!f) throw notFound('The file');
    const inOffice =
      (await trx
        .selectFrom('records_office_entry')
        .select('id')
        .where('file_id', '=', f.id)
        .executeTakeFirst()) !== undefined;
    const problem = handOverProblem({
      status: f.status,
      fileNumber: f.file_number,
      triggerYear: f.trigger_year,
      inOffice,
    });
    if (problem) throw conflict(problem);
    const today = await tenantToday(tx);
    const disposal = officeDisposalYear(f.trigger_year!, f.period);
    const id = newId();
    await trx
      .insertInto('records_office_entry')
      .values({
        id,
        tenant_id: tenantId,
        file_id: f.id,
        status: 'stored',
        regime_identifier: f.identifier,
        mark: f.mark,
        period: f.period,
        trigger_year: f.trigger_year!,
        disposal_year: disposal,
        location,
        taken_on: today,
        taken_at: tx.now,
        taken_by: actor.userId,
        left_at: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'PredaniNaSpisovnu',
      objectType: 'Spis',
      objectId: f.id,
      params: {
        fileNumber: f.file_number,
        regime: f.identifier,
        mark: f.mark,
        triggerYear: f.trigger_year,
        disposalYear: disposal,
        location,
      },
    });
    return entryDetail(tx, id);
  });
}

export interface OfficeFilter {
  /** Items whose year of disposal is this year. */
  disposalYear?: number | undefined;
  /** Items whose year of disposal has come (≤ the current year). */
  due?: boolean | undefined;
  mark?: 'A' | 'S' | undefined;
  status?: OfficeStatus | undefined;
  q?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface OfficeList {
  items: OfficeEntryView[];
  total: number;
  page: number;
  pageSize: number;
  currentYear: number;
}

/** The records office list with filters (year of disposal, due, mark A/S, status, text). */
export async function listOffice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  filter: OfficeFilter = {},
): Promise<OfficeList> {
  requireManager(actor, tenantId);
  const errors: FieldError[] = [];
  if (
    filter.disposalYear !== undefined &&
    !(Number.isInteger(filter.disposalYear) && filter.disposalYear >= 1900 && filter.disposalYear <= 9999)
  )
    errors.push({ field: 'disposalYear', message: 'A year (1900–9999).' });
  if (filter.mark !== undefined && filter.mark !== 'A' && filter.mark !== 'S')
    errors.push({ field: 'mark', message: 'A or S.' });
  if (errors.length) throw invalid(errors);
  const page = filter.page && filter.page > 0 ? filter.page : 1;
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  return run(ctx, tenantId, actor, async (tx) => {
    const today = await tenantToday(tx);
    const currentYear = Number(today.slice(0, 4));
    let q = entryQuery(tx);
    if (filter.disposalYear !== undefined) q = q.where('e.disposal_year', '=', filter.disposalYear);
    if (filter.due) q = q.where('e.disposal_year', '<=', currentYear).where('e.status', '=', 'stored');
    if (filter.mark) q = q.where('e.mark', '=', filter.mark);
    if (filter.status) q = q.where('e.status', '=', filter.status);
    const text = filter.q?.trim();
    if (text) {
      const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
    const rows = await q.orderBy('e.disposal_year').orderBy('f.file_number').execute();
    const all = rows.map((r) => entryView(r, today));
    return {
      items: all.slice((page - 1) * pageSize, page * pageSize),
      total: all.length,
      page,
      pageSize,
      currentYear,
    };
  });
}

/** One item of the records office with its loans and what was destroyed of it. */
export async function getOfficeEntry(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<OfficeEntryDetail> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const d = await entryDetail(tx, id);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'Spis',
      objectId: d.entry.file.id,
      params: { recordsOffice: true },
    });
    return d;
  });
}

// ---------------------------------------------------------------------------------------------
// Loans

/**
 * Lends an item of the records office to a member of staff until a due date (the file leaves the
 * office for a while: VraceniZeSpisovny with the loan in the parameters).
 */
export async function lendEntry(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  entryId: string,
  input: LoanInput,
): Promise<OfficeEntryDetail> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const entry = await loadEntry(tx, entryId, true);
    const today = await tenantToday(tx);
    const checked = checkLoan(input, today);
    if (!checked.value) throw invalid(checked.errors);
    const v = checked.value;
    const borrower = isUuid(v.borrowerId)
      ? await tx.trx
          .selectFrom('app_user')
          .select(['id', 'display_name', 'active'])
          .where('id', '=', v.borrowerId)
          .executeTakeFirst()
      : undefined;
    if (!borrower?.active) throw invalid([{ field: 'borrowerId', message: 'Unknown member of staff.' }]);
    if (entry.status === 'destroyed' || entry.status === 'archived')
      throw conflict(`File ${entry.file.fileNumber} has left the records office (${entry.status}).`);
    if (entry.loan)
      throw conflict(
        `File ${entry.file.fileNumber} is on loan to ${entry.loan.borrower.name} until ${entry.loan.dueOn}.`,
      );
    await otx(tx)
      .insertInto('records_loan')
      .values({
        id: newId(),
        tenant_id: tenantId,
        entry_id: entry.id,
        borrower_id: borrower.id,
        lent_on: today,
        due_on: v.dueOn,
        note: v.note,
        lent_at: tx.now,
        lent_by: actor.userId,
        returned_on: null,
        returned_by: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'VraceniZeSpisovny',
      objectType: 'Spis',
      objectId: entry.file.id,
      params: {
        loan: 'lent',
        fileNumber: entry.file.fileNumber,
        borrower: borrower.display_name,
        borrowerId: borrower.id,
        dueOn: v.dueOn,
        note: v.note,
      },
    });
    return entryDetail(tx, entry.id);
  });
}

/** Takes a lent item back into the records office (PrevzetiNaSpisovnu with the loan). */
export async function returnLoan(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  entryId: string,
): Promise<OfficeEntryDetail> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const entry = await loadEntry(tx, entryId, true);
    if (!entry.loan) throw conflict(`File ${entry.file.fileNumber} is not on loan.`);
    const today = await tenantToday(tx);
    await otx(tx)
      .updateTable('records_loan')
      .set({ returned_on: today, returned_by: actor.userId })
      .where('id', '=', entry.loan.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'PrevzetiNaSpisovnu',
      objectType: 'Spis',
      objectId: entry.file.id,
      params: {
        loan: 'returned',
        fileNumber: entry.file.fileNumber,
        borrower: entry.loan.borrower.name,
        returnedOn: today,
        overdue: entry.loan.overdue,
      },
    });
    return entryDetail(tx, entry.id);
  });
}

/** Members of staff who may borrow (for the loan form). */
export async function staffList(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
): Promise<{ id: string; name: string }[]> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) =>
    (
      await tx.trx
        .selectFrom('app_user')
        .select(['id', 'display_name'])
        .where('active', '=', true)
        .orderBy('display_name')
        .execute()
    ).map((u) => ({ id: u.id, name: u.display_name })),
  );
}

// ---------------------------------------------------------------------------------------------
// Disposal proposals

async function loadProposal(tx: TenantTx, id: string, lock = false): Promise<ProposalView> {
  if (!isUuid(id)) throw notFound('The disposal proposal');
  let q = otx(tx).selectFrom('records_disposal_proposal').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const p = await q.executeTakeFirst();
  if (!p) throw notFound('The disposal proposal');
  const items = await otx(tx)
    .selectFrom('records_disposal_item')
    .selectAll()
    .where('proposal_id', '=', id)
    .orderBy('position')
    .execute();
  const today = await tenantToday(tx);
  const rows = items.length
    ? await entryQuery(tx)
        .where(
          'e.id',
          'in',
          items.map((i) => i.entry_id),
        )
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, entryView(r, today)]));
  return {
    id: p.id,
    number: p.number,
    status: p.status,
    createdOn: p.created_on,
    decisionListId: p.decision_list_id,
    archiveId: p.archive_id,
    decidedAt: p.decided_at,
    items: items.map((i) => ({
      position: i.position,
      decision: i.decision,
      executedAt: i.executed_at,
      entry: byId.get(i.entry_id)!,
    })),
    hasTransfer: items.some((i) => i.transfer_blob_id !== null),
  };
}

/**
 * Builds a disposal proposal (skartační návrh) of items whose year of disposal has come: the given
 * ones, or every such item in the records office that is not on loan. All or nothing: one item that
 * may not go in refuses the proposal (409) with every reason.
 */
export async function createProposal(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: { entryIds?: string[] | null } = {},
): Promise<ProposalView> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const today = await tenantToday(tx);
    const year = Number(today.slice(0, 4));
    const trx = otx(tx);
    let rows: EntryRow[];
    if (input.entryIds && input.entryIds.length > 0) {
      const ids = [...new Set(input.entryIds)];
      if (ids.some((id) => !isUuid(id)))
        throw invalid([{ field: 'entryIds', message: 'Unknown records office item.' }]);
      await trx.selectFrom('records_office_entry').select('id').where('id', 'in', ids).forUpdate().execute();
      rows = await entryQuery(tx).where('e.id', 'in', ids).orderBy('f.file_number').execute();
      if (rows.length !== ids.length)
        throw invalid([{ field: 'entryIds', message: 'Unknown records office item.' }]);
      const problems = rows.flatMap((r) => {
        const v = entryView(r, today);
        const p = proposalProblem(
          {
            label: `File ${v.file.fileNumber}`,
            status: v.status,
            disposalYear: v.disposalYear,
            onLoan: v.loan !== null,
          },
          year,
        );
        return p ? [p] : [];
      });
      if (problems.length) throw conflict(`The proposal cannot be made. ${problems.join(' ')}`);
    } else {
      await trx
        .selectFrom('records_office_entry')
        .select('id')
        .where('status', '=', 'stored')
        .where('disposal_year', '<=', year)
        .forUpdate()
        .execute();
      rows = (
        await entryQuery(tx)
          .where('e.status', '=', 'stored')
          .where('e.disposal_year', '<=', year)
          .orderBy('e.disposal_year')
          .orderBy('f.file_number')
          .execute()
      ).filter((r) => r.l_id === null);
      if (rows.length === 0)
        throw conflict(
          `No item of the records office has its year of disposal in ${year} or earlier (and is not on loan).`,
        );
    }
    const seq = await allocateNumber(tx, PROPOSAL_SERIES, year);
    const number = proposalNumber(seq, year);
    const id = newId();
    await trx
      .insertInto('records_disposal_proposal')
      .values({
        id,
        tenant_id: tenantId,
        number,
        year,
        seq,
        status: 'open',
        created_on: today,
        created_at: tx.now,
        created_by: actor.userId,
        decision_list_id: null,
        archive_id: null,
        decided_at: null,
        decided_by: null,
      })
      .execute();
    await appendAudit(tx, {
      eventType: 'Zalozeni',
      objectType: 'SkartacniNavrh',
      objectId: id,
      params: { number, items: rows.length },
    });
    let position = 1;
    for (const r of rows) {
      await trx
        .insertInto('records_disposal_item')
        .values({
          tenant_id: tenantId,
          proposal_id: id,
          entry_id: r.id,
          position: position++,
          decision: null,
          executed_at: null,
          transfer_blob_id: null,
        })
        .execute();
      await trx
        .updateTable('records_office_entry')
        .set({ status: 'proposed' })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(tx, {
        eventType: 'VlozeniDoSkartacnihoNavrhu',
        objectType: 'Spis',
        objectId: r.file_id,
        params: {
          proposalId: id,
          proposal: number,
          fileNumber: r.f_number,
          mark: r.mark,
          disposalYear: r.disposal_year,
        },
      });
    }
    return loadProposal(tx, id);
  });
}

export async function listProposals(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
): Promise<{ id: string; number: string; status: ProposalStatus; createdOn: string; items: number }[]> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) =>
    (
      await otx(tx)
        .selectFrom('records_disposal_proposal as p')
        .select(['p.id', 'p.number', 'p.status', 'p.created_on'])
        .select((eb) =>
          eb
            .selectFrom('records_disposal_item as i')
            .select(eb.fn.countAll().as('c'))
            .whereRef('i.proposal_id', '=', 'p.id')
            .as('items'),
        )
        .orderBy('p.created_at', 'desc')
        .execute()
    ).map((p) => ({
      id: p.id,
      number: p.number,
      status: p.status,
      createdOn: p.created_on,
      items: Number(p.items ?? 0),
    })),
  );
}

export async function getProposal(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<ProposalView> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, id);
    await appendAudit(tx, {
      eventType: 'Zobrazeni',
      objectType: 'SkartacniNavrh',
      objectId: id,
      params: { number: p.number },
    });
    return p;
  });
}

// ---------------------------------------------------------------------------------------------
// SIP data

function addressOf(a: unknown): string {
  const x = (a ?? {}) as { street?: string; postcode?: string; city?: string };
  return [x.street, [x.postcode, x.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

const ROLE_TEXT: Record<string, string> = {
  records_manager: 'správce spisovny',
  registry_clerk: 'pracovník podatelny',
  head: 'vedoucí',
  handler: 'zpracovatel',
};

async function staff(tx: TenantTx, id: string | null): Promise<SipStaff | null> {
  if (!id) return null;
  const u = await tx.trx
    .selectFrom('app_user as u')
    .leftJoin('org_unit as o', 'o.id', 'u.org_unit_id')
    .select(['u.id', 'u.display_name', 'u.roles', 'o.name as unit'])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!u) return null;
  const role = u.roles.find((r) => ROLE_TEXT[r]);
  return {
    id: u.id,
    name: u.display_name,
    orgUnit: u.unit ?? null,
    position: role ? ROLE_TEXT[role]! : 'zaměstnanec',
  };
}

async function regimeById(tx: TenantTx, id: string | null): Promise<SipRegime | null> {
  if (!id) return null;
  const r = await otx(tx).selectFrom('records_retention').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        identifier: r.identifier,
        name: r.name,
        justification: r.justification,
        mark: r.mark,
        period: r.period,
        trigger: r.trigger_event as TriggerEvent,
      }
    : null;
}

async function groupChain(tx: TenantTx, id: string): Promise<{ group: SipGroup; planId: string }> {
  const g = await otx(tx)
    .selectFrom('records_group')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const parent = g.parent_id ? (await groupChain(tx, g.parent_id)).group : null;
  return {
    planId: g.plan_id,
    group: {
      id: g.id,
      code: g.code,
      fullCode: g.full_code,
      title: g.title,
      openedOn: g.opened_on,
      regime: await regimeById(tx, g.retention_id),
      parent,
    },
  };
}

interface PackageData {
  organisation: SipOrganisation;
  plan: SipPlan;
  file: SipFile;
}

/** Everything a SIP of one file says, read in the caller's transaction. */
async function packageData(tx: TenantTx, entry: OfficeEntryView): Promise<PackageData> {
  const trx = otx(tx);
  const tenant = await tx.trx
    .selectFrom('tenant')
    .selectAll()
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  const f = await trx
    .selectFrom('records_file')
    .selectAll()
    .where('id', '=', entry.file.id)
    .executeTakeFirstOrThrow();
  const { group, planId } = await groupChain(tx, f.group_id);
  const plan = await trx
    .selectFrom('records_plan')
    .selectAll()
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  const handler = (await staff(tx, f.handler_id)) ?? {
    id: f.org_unit_id,
    name: 'neuvedeno',
    orgUnit: null,
    position: 'zpracovatel',
  };
  const members = await trx
    .selectFrom('records_file_document as m')
    .innerJoin('records_document as d', 'd.id', 'm.document_id')
    .leftJoin('records_person as p', 'p.id', 'd.sender_id')
    .leftJoin('records_consignment as c', 'c.id', 'd.consignment_id')
    .selectAll('d')
    .select([
      'p.kind as p_kind',
      'p.name as p_name',
      'p.ico as p_ico',
      'p.address as p_address',
      'p.email as p_email',
      'c.channel as c_channel',
    ])
    .where('m.file_id', '=', f.id)
    .orderBy('m.position')
    .execute();
  const zone = tenant.time_zone;
  const documents: SipDocument[] = [];
  for (const d of members) {
    const components = await trx
      .selectFrom('records_component as k')
      .innerJoin('blob as b', 'b.id', 'k.blob_id')
      .select(['k.id', 'k.filename', 'k.mime', 'k.size', 'k.created_at', 'b.sha256'])
      .where((eb) =>
        eb.or([
          eb('k.document_id', '=', d.id),
          ...(d.consignment_id ? [eb('k.consignment_id', '=', d.consignment_id)] : []),
        ]),
      )
      .where('k.accepted', '=', true)
      .orderBy('k.created_at')
      .orderBy('k.id')
      .execute();
    const groupOfDoc = d.group_id ? (await groupChain(tx, d.group_id)).group : null;
    documents.push({
      id: d.id,
      pid: d.pid,
      refNumber: d.ref_number,
      seq: d.seq,
      year: d.year,
      subject: d.subject,
      direction: d.direction === 'own' ? 'own' : 'incoming',
      analog: d.c_channel === 'paper',
      registeredOn: dateIn(d.registered_at, zone),
      deliveredOn: d.delivered_at ? dateIn(d.delivered_at, zone) : null,
      sender: d.sender_id
        ? {
            id: d.sender_id,
            kind: d.p_kind === 'legal' ? 'legal' : 'natural',
            name: d.p_name ?? '',
            ico: d.p_ico ?? null,
            address: d.p_address ?? null,
            email: d.p_email ?? null,
          }
        : null,
      senderRef: d.sender_ref,
      author: await staff(tx, d.registered_by),
      group: groupOfDoc,
      regime: groupOfDoc?.regime ?? null,
      settlement:
        d.settled_on && d.settlement_method
          ? {
              date: d.settled_on,
              method: d.settlement_method,
              note: d.settlement_note,
              by: await staff(tx, d.settled_by),
            }
          : null,
      components: components.map((k, i) => ({
        id: k.id,
        filename: k.filename,
        mime: k.mime,
        size: Number(k.size),
        sha256: k.sha256,
        createdAt: k.created_at,
        path: `komponenty/${d.pid}/${i + 1}-${safeName(k.filename)}`,
        scan: d.c_channel === 'paper',
      })),
    });
  }
  return {
    organisation: { ico: tenant.ico, name: tenant.name, address: addressOf(tenant.address) },
    plan: { id: plan.id, identifier: plan.identifier, name: plan.name, validFrom: plan.valid_from },
    file: {
      id: f.id,
      pid: f.pid,
      fileNumber: f.file_number,
      seq: f.seq,
      year: f.year,
      subject: f.subject,
      createdOn: f.created_on,
      closedOn: f.closed_on!,
      triggerYear: entry.triggerYear,
      disposalYear: entry.disposalYear,
      group,
      regime: (await regimeById(tx, f.retention_id))!,
      handler,
      location: entry.location,
      documents,
    },
  };
}

/** A file name for inside the package: ASCII letters, digits, dot, dash, underscore. */
function safeName(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return s.slice(-100) || 'soubor';
}

/** Folder (and OBJID) of one package: originator, proposal, position. */
const packageId = (pidPrefix: string, proposal: ProposalView, position: number) =>
  `${pidPrefix}-${proposal.number.replace(/[^A-Za-z0-9]+/g, '-')}-${position}`;

async function buildPackages(
  ctx: AppContext,
  tx: TenantTx,
  proposal: ProposalView,
  items: ProposalItemView[],
  kind: SipKind,
): Promise<{ name: string; data: Buffer }[]> {
  const prefix = (
    await tx.trx.selectFrom('tenant').select('slug').where('id', '=', tx.tenantId).executeTakeFirstOrThrow()
  ).slug.toUpperCase();
  const entries: { name: string; data: Buffer }[] = [];
  for (const item of items) {
    const data = await packageData(tx, item.entry);
    const id = packageId(prefix, proposal, item.position);
    const xml = sipMetsXml({
      kind,
      id,
      createdAt: tx.now,
      originator: data.organisation,
      plan: data.plan,
      file: data.file,
    });
    entries.push({ name: `${id}/mets.xml`, data: Buffer.from(xml, 'utf8') });
    if (kind === 'transfer')
      for (const d of data.file.documents)
        for (const c of d.components)
          entries.push({ name: `${id}/${c.path}`, data: await ctx.blobs.read(c.sha256) });
  }
  return entries;
}

/**
 * The SIP packages of a proposal for the disposal procedure: a ZIP with one folder per file, each
 * with its `mets.xml` (metadata only). Audited as Export of the proposal.
 */
export async function exportProposalSip(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<{ filename: string; zip: Buffer }> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, id);
    const entries = await buildPackages(ctx, tx, p, p.items, 'disposal');
    await appendAudit(tx, {
      eventType: 'Export',
      objectType: 'SkartacniNavrh',
      objectId: p.id,
      params: {
        number: p.number,
        packages: p.items.length,
        label: 'Datový balíček pro provedení skartačního řízení',
      },
    });
    return { filename: `${p.number.replace(/[^A-Za-z0-9]+/g, '-')}-SIP.zip`, zip: zip(entries, tx.now) };
  });
}

// ---------------------------------------------------------------------------------------------
// The archive's decision

/**
 * Imports the archive's decision (`Seznam` per nsesss-DA.xsd) on an open proposal: every item of the
 * proposal must be named exactly once (by its file's PID) with a final operation — "vybrat za
 * archiválii" (A), "zničit" or "vyřadit z výběru" (S). Anything else: 422, nothing changed.
 */
export async function importDecision(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
  xml: string,
): Promise<ProposalView> {
  requireManager(actor, tenantId);
  if (xml.length > MAX_DECISION_XML)
    throw invalid([{ field: 'file', message: 'The file is too large for a decision.' }]);
  const check = await validateXml(xml, 'nsesss-DA');
  if (!check.valid)
    throw invalid(
      check.errors.slice(0, 20).map((message) => ({ field: 'file', message })),
      "The file is not an archive's decision valid against nsesss-DA.xsd; nothing was imported.",
    );
  const list: ArchiveList = parseArchiveList(xml);
  return run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, id, true);
    if (p.status !== 'open') throw conflict(`The decision on proposal ${p.number} is imported already.`);
    const byPid = new Map(p.items.map((i) => [i.entry.file.pid, i]));
    const errors: FieldError[] = [];
    const decided = new Map<string, Decision>();
    for (const e of list.entries) {
      const item = byPid.get(e.identifier);
      if (!item) errors.push({ field: 'file', message: `${e.identifier} is not in proposal ${p.number}.` });
      else if (decided.has(e.identifier))
        errors.push({ field: 'file', message: `${e.identifier} is named twice.` });
      else if (e.decision === null)
        errors.push({
          field: 'file',
          message: e.operation
            ? `${e.identifier}: "${e.operation}" is not a final decision; import the decision once the archive has made it.`
            : `${e.identifier}: an archive identifier confirms a transfer; it is no decision.`,
        });
      else decided.set(e.identifier, e.decision);
    }
    for (const pid of byPid.keys())
      if (!list.entries.some((e) => e.identifier === pid))
        errors.push({
          field: 'file',
          message: `The decision says nothing about ${pid} (file ${byPid.get(pid)!.entry.file.fileNumber}).`,
        });
    if (errors.length)
      throw invalid(errors, "The archive's decision does not fit the proposal; nothing was imported.");
    const trx = otx(tx);
    for (const [pid, decision] of decided) {
      const item = byPid.get(pid)!;
      await trx
        .updateTable('records_disposal_item')
        .set({ decision })
        .where('proposal_id', '=', p.id)
        .where('entry_id', '=', item.entry.id)
        .execute();
    }
    await trx
      .updateTable('records_disposal_proposal')
      .set({
        status: 'decided',
        decision_list_id: list.id.slice(0, 200),
        archive_id: list.archive.slice(0, 200),
        decided_at: tx.now,
        decided_by: actor.userId,
      })
      .where('id', '=', p.id)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'SkartacniNavrh',
      objectId: p.id,
      params: {
        number: p.number,
        decisionList: list.id,
        archive: list.archive,
        decisions: Object.fromEntries(decided),
      },
    });
    return loadProposal(tx, p.id);
  });
}

// ---------------------------------------------------------------------------------------------
// Destruction and transfer

function pickItems(
  p: ProposalView,
  entryIds: string[] | null | undefined,
  wanted: Decision,
): ProposalItemView[] {
  if (p.status === 'open') throw conflict(`The archive has not decided on proposal ${p.number} yet.`);
  if (!entryIds || entryIds.length === 0) {
    const items = p.items.filter((i) => i.decision === wanted && i.entry.status === 'proposed');
    if (items.length === 0)
      throw conflict(
        `Proposal ${p.number} has no item decided ${wanted} left to ${wanted === 'S' ? 'destroy' : 'transfer'}.`,
      );
    return items;
  }
  return [...new Set(entryIds)].map((id) => {
    const item = p.items.find((i) => i.entry.id === id);
    if (!item)
      throw invalid([{ field: 'entryIds', message: `${id} is not an item of proposal ${p.number}.` }]);
    return item;
  });
}

async function finishProposal(tx: TenantTx, p: ProposalView): Promise<void> {
  const after = await loadProposal(tx, p.id);
  const status = proposalStatusAfter(after.items.map((i) => i.entry.status));
  if (status !== after.status)
    await otx(tx).updateTable('records_disposal_proposal').set({ status }).where('id', '=', p.id).execute();
}

/**
 * Destroys the items of a decided proposal that the archive marked S (all of them, or the given
 * ones): their components and their file-store rows are deleted (a stub with name, type, size and
 * hash stays), the extracted text goes from search, the file and document metadata and the audit
 * stay; Zniceni per file. An item marked A, not decided or on loan refuses the whole call (409),
 * nothing changed. The bytes leave the store after the commit, once no row of any tenant names them.
 */
export async function destroyItems(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  proposalId: string,
  input: { entryIds?: string[] | null } = {},
): Promise<ProposalView> {
  requireManager(actor, tenantId);
  const released = new Set<string>();
  const result = await run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, proposalId, true);
    const items = pickItems(p, input.entryIds, 'S');
    const problems = items.flatMap((i) => {
      const why = destroyProblem({
        label: `File ${i.entry.file.fileNumber}`,
        status: i.entry.status,
        decision: i.decision,
        onLoan: i.entry.loan !== null,
      });
      return why ? [why] : [];
    });
    if (problems.length) throw conflict(`Nothing was destroyed. ${problems.join(' ')}`);
    const trx = otx(tx);
    for (const item of items) {
      const docs = await trx
        .selectFrom('records_file_document as m')
        .innerJoin('records_document as d', 'd.id', 'm.document_id')
        .select(['d.id', 'd.consignment_id', 'd.subject', 'd.pid', 'd.ref_number'])
        .where('m.file_id', '=', item.entry.file.id)
        .execute();
      let count = 0;
      for (const d of docs) {
        const comps = await trx
          .selectFrom('records_component as k')
          .innerJoin('blob as b', 'b.id', 'k.blob_id')
          .select(['k.id', 'k.blob_id', 'k.filename', 'k.mime', 'k.size', 'b.sha256'])
          .where((eb) =>
            eb.or([
              eb('k.document_id', '=', d.id),
              ...(d.consignment_id ? [eb('k.consignment_id', '=', d.consignment_id)] : []),
            ]),
          )
          .execute();
        for (const k of comps) {
          await trx
            .insertInto('records_destroyed_component')
            .values({
              id: k.id,
              tenant_id: tenantId,
              entry_id: item.entry.id,
              document_id: d.id,
              filename: k.filename,
              mime: k.mime,
              size: k.size,
              sha256: k.sha256,
              destroyed_at: tx.now,
            })
            .execute();
          await trx.deleteFrom('records_component').where('id', '=', k.id).execute();
          await trx.deleteFrom('blob').where('id', '=', k.blob_id).execute();
          released.add(k.sha256);
          count++;
        }
        // The original of an e-mail or data message kept with the consignment goes too.
        if (d.consignment_id) {
          const c = await sql<{ original_blob_id: string | null }>`
            SELECT original_blob_id FROM records_consignment WHERE id = ${d.consignment_id}`.execute(tx.trx);
          const original = c.rows[0]?.original_blob_id ?? null;
          if (original) {
            const b = await tx.trx
              .selectFrom('blob')
              .select(['sha256', 'filename', 'mime', 'size'])
              .where('id', '=', original)
              .executeTakeFirst();
            await sql`UPDATE records_consignment SET original_blob_id = NULL WHERE id = ${d.consignment_id}`.execute(
              tx.trx,
            );
            if (b) {
              await trx
                .insertInto('records_destroyed_component')
                .values({
                  id: newId(),
                  tenant_id: tenantId,
                  entry_id: item.entry.id,
                  document_id: d.id,
                  filename: b.filename,
                  mime: b.mime,
                  size: b.size,
                  sha256: b.sha256,
                  destroyed_at: tx.now,
                })
                .execute();
              await trx.deleteFrom('blob').where('id', '=', original).execute();
              released.add(b.sha256);
              count++;
            }
          }
        }
        // Search keeps the metadata, not the text of the destroyed content.
        await sql`UPDATE records_document SET search_text = concat_ws(' ', subject, pid, ref_number, sender_ref, attachment_note) WHERE id = ${d.id}`.execute(
          tx.trx,
        );
      }
      await trx
        .updateTable('records_office_entry')
        .set({ status: 'destroyed', left_at: tx.now })
        .where('id', '=', item.entry.id)
        .execute();
      await trx
        .updateTable('records_disposal_item')
        .set({ executed_at: tx.now })
        .where('proposal_id', '=', p.id)
        .where('entry_id', '=', item.entry.id)
        .execute();
      await appendAudit(tx, {
        eventType: 'Zniceni',
        objectType: 'Spis',
        objectId: item.entry.file.id,
        params: {
          fileNumber: item.entry.file.fileNumber,
          proposal: p.number,
          documents: docs.length,
          components: count,
        },
      });
    }
    await finishProposal(tx, p);
    return loadProposal(tx, p.id);
  });
  await releaseContent(ctx, released);
  return result;
}

/**
 * Removes content from the shared store when no blob row of any tenant names it any more. After the
 * commit, so a rollback never loses bytes; a failure here leaves bytes behind, never a dangling row.
 */
export async function releaseContent(ctx: AppContext, shas: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  const db = ctx.db as unknown as Kysely<ODB>;
  for (const sha of shas) {
    const ref = await db
      .selectFrom('blob_content_ref')
      .select('refs')
      .where('sha256', '=', sha)
      .executeTakeFirst();
    if (ref && ref.refs > 0) continue;
    await ctx.blobs.remove(sha);
    await db.deleteFrom('blob_content_ref').where('sha256', '=', sha).where('refs', '<=', 0).execute();
    removed.push(sha);
  }
  return removed;
}

/**
 * Transfers the items of a decided proposal that the archive marked A: builds the SIP packages
 * with the files (LABEL for the transfer to the archive, fileSec, `komponenty/`), keeps the ZIP in
 * the file store, and marks the items transferred (Prenos per file, Export of the proposal). An
 * item marked S refuses the call (409).
 */
export async function transferItems(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  proposalId: string,
  input: { entryIds?: string[] | null } = {},
): Promise<ProposalView> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, proposalId, true);
    const items = pickItems(p, input.entryIds, 'A');
    const problems = items.flatMap((i) => {
      const why = transferProblem({
        label: `File ${i.entry.file.fileNumber}`,
        status: i.entry.status,
        decision: i.decision,
        onLoan: i.entry.loan !== null,
      });
      return why ? [why] : [];
    });
    if (problems.length) throw conflict(`Nothing was transferred. ${problems.join(' ')}`);
    const entries = await buildPackages(ctx, tx, p, items, 'transfer');
    const stored = await ctx.blobs.put(zip(entries, tx.now));
    const blob = await recordFile(ctx, tx, {
      filename: `${p.number.replace(/[^A-Za-z0-9]+/g, '-')}-predani-SIP.zip`,
      blob: stored,
    });
    const trx = otx(tx);
    for (const item of items) {
      await trx
        .updateTable('records_office_entry')
        .set({ status: 'archived', left_at: tx.now })
        .where('id', '=', item.entry.id)
        .execute();
      await trx
        .updateTable('records_disposal_item')
        .set({ executed_at: tx.now, transfer_blob_id: blob.id })
        .where('proposal_id', '=', p.id)
        .where('entry_id', '=', item.entry.id)
        .execute();
      await appendAudit(tx, {
        eventType: 'Prenos',
        objectType: 'Spis',
        objectId: item.entry.file.id,
        params: { fileNumber: item.entry.file.fileNumber, proposal: p.number, package: blob.id },
      });
    }
    await appendAudit(tx, {
      eventType: 'Export',
      objectType: 'SkartacniNavrh',
      objectId: p.id,
      params: {
        number: p.number,
        packages: items.length,
        label: 'Datový balíček pro předávání dokumentů a jejich metadat do archivu',
        sha256: stored.sha256,
      },
    });
    await finishProposal(tx, p);
    return loadProposal(tx, p.id);
  });
}

/** The latest transfer package of a proposal (the ZIP kept at the transfer). */
export async function readTransferPackage(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  proposalId: string,
): Promise<{ filename: string; zip: Buffer }> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) => {
    const p = await loadProposal(tx, proposalId);
    const row = await otx(tx)
      .selectFrom('records_disposal_item as i')
      .innerJoin('blob as b', 'b.id', 'i.transfer_blob_id')
      .select(['b.id', 'b.filename', 'b.sha256'])
      .where('i.proposal_id', '=', p.id)
      .orderBy('i.executed_at', 'desc')
      .executeTakeFirst();
    if (!row) throw new AppError('not-found', `Proposal ${p.number} has no transfer package yet.`);
    await appendAudit(tx, {
      eventType: 'Export',
      objectType: 'SkartacniNavrh',
      objectId: p.id,
      params: { number: p.number, package: row.id },
    });
    return { filename: row.filename, zip: await ctx.blobs.read(row.sha256) };
  });
}

/** Closed files not yet in the records office (for the hand-over form). */
export async function filesReadyForOffice(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
): Promise<{ id: string; fileNumber: string; subject: string; closedOn: string }[]> {
  requireManager(actor, tenantId);
  return run(ctx, tenantId, actor, async (tx) =>
    (
      await otx(tx)
        .selectFrom('records_file as f')
        .leftJoin('records_office_entry as e', 'e.file_id', 'f.id')
        .select(['f.id', 'f.file_number', 'f.subject', 'f.closed_on'])
        .where('f.status', '=', 'closed')
        .where('e.id', 'is', null)
        .orderBy('f.closed_on')
        .orderBy('f.file_number')
        .limit(500)
        .execute()
    ).map((f) => ({ id: f.id, fileNumber: f.file_number, subject: f.subject, closedOn: f.closed_on ?? '' })),
  );
}
