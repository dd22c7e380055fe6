/**
 * The registry journal (jednací deník) and document search: one query with filters, paged,
 * limited to what the actor may see; CSV and PDF exports of a date range for the registry.
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { addDays, isIsoDate } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, type TenantTx, withTenant } from '../../platform/db/tenant.js';
import { type FieldError, invalid } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { dateIn, startOfDayUtc } from '../../platform/time-zone.js';
import { standsInFor } from './delegation.js';
import { likeEscape, queryTerms } from './domain/intake.js';
import { actorUnit, requireRecordsUser } from './intake-service.js';
import { recordsPolicy } from './policy.js';
import { type DocumentStatus, rtx } from './schema.js';

export const DOCUMENT_STATUSES: DocumentStatus[] = [
  'registered',
  'assigned',
  'accepted',
  'returned',
  'settled',
];

export interface JournalFilter {
  q?: string;
  status?: string;
  handlerId?: string;
  orgUnitId?: string;
  /** A file-plan code: the group and everything under it. */
  groupCode?: string;
  /** Sender's name, IČO or data-box ID (substring, diacritics-insensitive). */
  sender?: string;
  /** Registration date range, inclusive, 'YYYY-MM-DD' in the tenant's zone. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface JournalRow {
  id: string;
  pid: string;
  refNumber: string;
  year: number;
  seq: number;
  subject: string;
  status: DocumentStatus;
  senderName: string | null;
  senderRef: string | null;
  deliveredAt: Date | null;
  registeredAt: Date;
  groupCode: string | null;
  orgUnitName: string | null;
  handlerName: string | null;
  dueDate: string | null;
  needsAttention: boolean;
}

export interface JournalPage {
  items: JournalRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 200;
export const MAX_EXPORT_DAYS = 366;

function checkFilter(f: JournalFilter): FieldError[] {
  const errors: FieldError[] = [];
  if (f.status && !(DOCUMENT_STATUSES as string[]).includes(f.status))
    errors.push({ field: 'status', message: 'Unknown status.' });
  if (f.handlerId && !isUuid(f.handlerId)) errors.push({ field: 'handlerId', message: 'Unknown handler.' });
  if (f.orgUnitId && !isUuid(f.orgUnitId)) errors.push({ field: 'orgUnitId', message: 'Unknown org unit.' });
  if (f.from && !isIsoDate(f.from)) errors.push({ field: 'from', message: 'Use a date YYYY-MM-DD.' });
  if (f.to && !isIsoDate(f.to)) errors.push({ field: 'to', message: 'Use a date YYYY-MM-DD.' });
  if (f.from && f.to && isIsoDate(f.from) && isIsoDate(f.to) && f.from > f.to)
    errors.push({ field: 'to', message: 'The end of the range is before its start.' });
  if ((f.q?.length ?? 0) > 200) errors.push({ field: 'q', message: 'At most 200 characters.' });
  return errors;
}

/** The largest code point: in the "C" collation `w <= x < w + MAX_CHAR` means x begins with w. */
const MAX_CHAR = String.fromCodePoint(0x10ffff);

/** The words of each query term, normalised by the same SQL function that fills the index. */
async function queryWords(tx: TenantTx, q: string | undefined): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const term of queryTerms(q ?? '')) {
    const r = await sql<{ w: string }>`SELECT records_search_terms(${term}) AS w`.execute(tx.trx);
    out.set(
      term,
      r.rows.map((x) => x.w),
    );
  }
  return out;
}

function baseQuery(
  tx: TenantTx,
  f: JournalFilter,
  tz: string,
  scope: { all: boolean; unit: string | null; userId: string | null; head: boolean; standsInFor: string[] },
  words: Map<string, string[]>,
) {
  const trx = rtx(tx);
  let q = trx
    .selectFrom('records_document as d')
    .leftJoin('records_person as p', 'p.id', 'd.sender_id')
    .leftJoin('records_group as g', 'g.id', 'd.group_id')
    .leftJoin('org_unit as u', 'u.id', 'd.org_unit_id')
    .leftJoin('app_user as h', 'h.id', 'd.handler_id')
    .leftJoin('records_consignment as c', 'c.id', 'd.consignment_id');
  if (!scope.all) {
    // Results only what the actor may see: own documents (and those of the handlers the actor
    // stands in for today), and the own unit's for a head.
    q = q.where((eb) =>
      eb.or([
        eb('d.handler_id', 'in', [
          scope.userId ?? '00000000-0000-0000-0000-000000000000',
          ...scope.standsInFor,
        ]),
        ...(scope.head && scope.unit ? [eb('d.org_unit_id', '=', scope.unit)] : []),
      ]),
    );
  }
  for (const term of queryTerms(f.q ?? '')) {
    // Candidates through the word index (usable under RLS, see search-schema.ts): each word of the
    // query term must begin a word of the document. The substring test then runs on those only.
    for (const word of words.get(term) ?? []) {
      q = q.where('d.id', 'in', (eb) =>
        eb
          .selectFrom('records_search_term as st')
          .select('st.document_id')
          .where('st.term', '>=', word)
          .where('st.term', '<', `${word}${MAX_CHAR}`),
      );
    }
    const like = `%${likeEscape(term)}%`;
    q = q.where(
      sql<boolean>`immutable_unaccent(lower(d.search_text)) LIKE immutable_unaccent(lower(${like}))`,
    );
  }
  if (f.status) q = q.where('d.status', '=', f.status as DocumentStatus);
  if (f.handlerId) q = q.where('d.handler_id', '=', f.handlerId);
  if (f.orgUnitId) q = q.where('d.org_unit_id', '=', f.orgUnitId);
  if (f.groupCode) {
    const code = f.groupCode.trim();
    q = q.where((eb) =>
      eb.or([eb('g.full_code', '=', code), eb('g.full_code', 'like', `${likeEscape(code)}.%`)]),
    );
  }
  if (f.sender?.trim()) {
    const s = f.sender.trim();
    const like = `%${likeEscape(s)}%`;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`immutable_unaccent(lower(p.name)) LIKE immutable_unaccent(lower(${like}))`,
        eb('p.ico', '=', s),
        eb('p.databox_id', '=', s.toLowerCase()),
      ]),
    );
  }
  if (f.from) q = q.where('d.registered_at', '>=', startOfDayUtc(f.from, tz));
  if (f.to) q = q.where('d.registered_at', '<', startOfDayUtc(addDays(f.to as never, 1), tz));
  return q;
}

async function scopeOf(tx: TenantTx, actor: Actor) {
  const all = recordsPolicy.can(actor, 'journal.read', { tenantId: tx.tenantId });
  return {
    all,
    unit: await actorUnit(tx),
    userId: actor.userId,
    head: actor.roles.includes('head'),
    standsInFor: await standsInFor(tx),
  };
}

async function tenantZone(tx: TenantTx): Promise<string> {
  const t = await tx.trx
    .selectFrom('tenant')
    .select('time_zone')
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return t.time_zone;
}

async function rows(tx: TenantTx, actor: Actor, f: JournalFilter, limit: number, offset: number) {
  const tz = await tenantZone(tx);
  const scope = await scopeOf(tx, actor);
  const q = baseQuery(tx, f, tz, scope, await queryWords(tx, f.q));
  // The page and the number of all matches in one pass over the matches (a window count), not two.
  const list = await q
    .select((eb) => eb.fn.countAll().over().as('total_n'))
    .select([
      'd.id',
      'd.pid',
      'd.ref_number',
      'd.year',
      'd.seq',
      'd.subject',
      'd.status',
      'd.sender_ref',
      'd.delivered_at',
      'd.registered_at',
      'd.due_date',
      'p.name as sender_name',
      'g.full_code',
      'u.name as unit_name',
      'h.display_name as handler_name',
      'c.state as c_state',
    ])
    .orderBy('d.registered_at', 'desc')
    .orderBy('d.year', 'desc')
    .orderBy('d.seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  // A page past the end has no row to carry the count.
  const total = list.length
    ? Number(list[0]!.total_n)
    : offset > 0
      ? Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      : 0;
  const items: JournalRow[] = list.map((r) => ({
    id: r.id,
    pid: r.pid,
    refNumber: r.ref_number,
    year: r.year,
    seq: r.seq,
    subject: r.subject,
    status: r.status,
    senderName: r.sender_name ?? null,
    senderRef: r.sender_ref,
    deliveredAt: r.delivered_at,
    registeredAt: r.registered_at,
    groupCode: r.full_code ?? null,
    orgUnitName: r.unit_name ?? null,
    handlerName: r.handler_name ?? null,
    dueDate: r.due_date,
    needsAttention: r.c_state === 'needs_attention',
  }));
  return { items, total, tz };
}

/** The journal / search page: filters, paged, only what the actor may see; audited as a view of the journal. */
export async function listDocuments(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  f: JournalFilter,
): Promise<JournalPage> {
  requireRecordsUser(actor, tenantId);
  const errors = checkFilter(f);
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(f.pageSize ?? 25)));
  if (errors.length) throw invalid(errors);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const { items, total } = await rows(tx, actor, f, pageSize, (page - 1) * pageSize);
      await appendAudit(tx, {
        eventType: 'Zobrazeni',
        objectType: 'Denik',
        params: { filter: { ...f, page, pageSize }, results: total },
      });
      return { items, total, page, pageSize };
    },
    { now: ctx.clock.now() },
  );
}

function requireRange(f: JournalFilter): { from: string; to: string } {
  const errors = checkFilter(f);
  if (!f.from) errors.push({ field: 'from', message: 'Choose the first day of the range.' });
  if (!f.to) errors.push({ field: 'to', message: 'Choose the last day of the range.' });
  if (!errors.length && f.from && f.to) {
    const days = (Date.parse(f.to) - Date.parse(f.from)) / 86_400_000 + 1;
    if (days > MAX_EXPORT_DAYS)
      errors.push({ field: 'to', message: `At most ${MAX_EXPORT_DAYS} days per export.` });
  }
  if (errors.length) throw invalid(errors);
  return { from: f.from!, to: f.to! };
}

const MAX_EXPORT_ROWS = 100_000;

async function exportRows(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  f: JournalFilter,
  format: 'csv' | 'pdf',
) {
  recordsPolicy.require(actor, 'journal.read', { tenantId });
  const range = requireRange(f);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const { items, tz } = await rows(tx, actor, f, MAX_EXPORT_ROWS, 0);
      // The journal reads in number order.
      items.sort((a, b) => a.year - b.year || a.seq - b.seq);
      await appendAudit(tx, {
        eventType: 'Export',
        objectType: 'Denik',
        params: { format, ...range, rows: items.length },
      });
      const tenant = await tx.trx
        .selectFrom('tenant')
        .select(['name'])
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow();
      return { items, tz, range, tenantName: tenant.name };
    },
    { now: ctx.clock.now() },
  );
}

const when = (d: Date | null, tz: string) =>
  d
    ? `${dateIn(d, tz)} ${new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)}`
    : '';

export const CSV_HEADER = [
  'Pořadové číslo',
  'Číslo jednací',
  'PID',
  'Zaevidováno',
  'Doručeno',
  'Odesílatel',
  'Č. j. odesílatele',
  'Věc',
  'Spisový znak',
  'Útvar',
  'Zpracovatel',
  'Stav',
  'Lhůta',
];

/** The journal of a date range as CSV (UTF-8 with BOM, so spreadsheet programs read the diacritics). */
export async function exportJournalCsv(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  f: JournalFilter,
): Promise<string> {
  const { items, tz } = await exportRows(ctx, actor, tenantId, f, 'csv');
  const body = stringify(
    items.map((r) => [
      `${r.seq}/${r.year}`,
      r.refNumber,
      r.pid,
      when(r.registeredAt, tz),
      when(r.deliveredAt, tz),
      r.senderName ?? '',
      r.senderRef ?? '',
      r.subject,
      r.groupCode ?? '',
      r.orgUnitName ?? '',
      r.handlerName ?? '',
      r.status,
      r.dueDate ?? '',
    ]),
    { header: true, columns: CSV_HEADER },
  );
  return `\uFEFF${body}`;
}

/** The daily print (or any range) of the journal as PDF. */
export async function exportJournalPdf(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  f: JournalFilter,
): Promise<Uint8Array> {
  const { items, tz, range, tenantName } = await exportRows(ctx, actor, tenantId, f, 'pdf');
  return renderPdf({
    title: `Jednací deník ${range.from} – ${range.to}`,
    author: tenantName,
    lang: 'cs',
    createdAt: ctx.clock.now(),
    footer: `${tenantName} – jednací deník`,
    blocks: [
      { kind: 'title', text: `Jednací deník: ${range.from} – ${range.to}` },
      { kind: 'paragraph', text: `${tenantName}. Počet záznamů: ${items.length}.` },
      {
        kind: 'table',
        columns: ['Č. j.', 'Zaevidováno', 'Odesílatel', 'Věc', 'Spis. znak', 'Zpracovatel', 'Stav'],
        widths: [1.3, 1.1, 1.4, 2.2, 0.7, 1.2, 0.9],
        rows: items.map((r) => [
          r.refNumber,
          when(r.registeredAt, tz),
          r.senderName ?? '',
          r.subject,
          r.groupCode ?? '',
          r.handlerName ?? '',
          r.status,
        ]),
      },
    ],
  });
}
