/**
 * Intake (podatelna) and the document itself: register an incoming consignment, add components,
 * read a document (audited), the register of persons.
 */
import { type CompiledQuery, type QueryCreator, sql } from 'kysely';
import { extractText } from 'unpdf';
import {
  auditHeadMove,
  auditInsert,
  deferAudit,
  hasDeferredAudit,
  headForUpdate,
  headLockedBy,
  holdHead,
  readAudit,
  takeHeldWrite,
} from '../../platform/audit/chain.js';
import type { AuditEventRow } from '../../platform/audit/types.js';
import { getFile, recordFile, type StoredBlob } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { executePrepared } from '../../platform/db/prepared.js';
import { type Actor, literalSql, type TenantTx, withTenant, withTenants } from '../../platform/db/tenant.js';
import type { DB } from '../../platform/db/types.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { allocateRunsSql, firstOfRuns, TemplateError } from '../../platform/numbering/index.js';
import { standsInFor } from './delegation.js';
import {
  CHANNELS,
  type Channel,
  type CleanPerson,
  checkIncoming,
  checkPerson,
  type FileVerdict,
  formatPid,
  formatRefNumber,
  type IncomingMeta,
  type IncomingMetaInput,
  judgeScan,
  type PersonInput,
  pidPrefix,
  refTemplate,
  searchText,
} from './domain/intake.js';
import { registerInBatch } from './intake-batch.js';
import { canSeeDocument, recordsPolicy } from './policy.js';
import { type DocumentStatus, rtx } from './schema.js';

export const REF_SERIES = 'records.ref';
export const PID_SERIES = 'records.pid';
const RECORDS_ROLES = ['registry_clerk', 'records_manager', 'head', 'handler'];

/** A file handed to intake: already in the blob store (uploads) or as bytes (other modules). */
export interface IncomingFile {
  filename: string;
  blob?: StoredBlob;
  content?: Uint8Array;
}

export interface RegisterIncomingInput extends IncomingMetaInput {
  channel?: Channel;
  /** An existing person of the register, or the sender's details (de-duplicated on IČO / data box). */
  senderId?: string | null;
  sender?: PersonInput | null;
  /** A subject group of the current file plan. */
  groupId?: string | null;
  files?: IncomingFile[];
}

export interface PersonView {
  id: string;
  kind: 'natural' | 'legal';
  name: string;
  ico: string | null;
  databoxId: string | null;
  address: string | null;
  email: string | null;
}

export interface ComponentView {
  id: string;
  filename: string;
  mime: string;
  size: number;
  accepted: boolean;
  problem: string | null;
  blobId: string;
}

export interface DocumentView {
  id: string;
  pid: string;
  refNumber: string;
  year: number;
  seq: number;
  subject: string;
  status: DocumentStatus;
  accessLevel: string;
  senderRef: string | null;
  deliveredAt: Date | null;
  deliveryMethod: string | null;
  sheets: number | null;
  attachments: number | null;
  attachmentNote: string | null;
  sender: PersonView | null;
  consignment: { id: string; channel: string; state: string; problem: string | null } | null;
  group: { id: string; fullCode: string; title: string } | null;
  orgUnit: { id: string; name: string } | null;
  handler: { id: string; name: string } | null;
  dueDate: string | null;
  dueExplanation: unknown;
  returnReason: string | null;
  /** Vyřízení: NSESSS method code, date, note; null until settled. */
  settlement: { method: string; settledOn: string; note: string | null } | null;
  registeredAt: Date;
  components: ComponentView[];
}

export interface IntakeResult {
  document: DocumentView;
  /** Files kept but not accepted; the consignment then needs attention. */
  problems: string[];
}

interface PreparedFile {
  filename: string;
  blob: StoredBlob;
  verdict: FileVerdict;
  text: string | null;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(bytes, { mergePages: true });
  return typeof text === 'string' ? text : (text as string[]).join('\n');
}

/** Stores, sniffs and reads the files before any transaction opens (slow work holds no connection). */
async function prepareFiles(ctx: AppContext, files: IncomingFile[]): Promise<PreparedFile[]> {
  const out: PreparedFile[] = [];
  for (const f of files) {
    const blob = f.blob ?? (await ctx.blobs.put(Buffer.from(f.content ?? new Uint8Array())));
    let verdict = judgeScan(blob.mime, f.filename);
    let text: string | null = null;
    if (verdict.ok && blob.mime === 'application/pdf') {
      try {
        text = await pdfText(new Uint8Array(await ctx.blobs.read(blob.sha256)));
      } catch (e) {
        verdict = {
          ok: false,
          problem: `"${f.filename}" is a damaged PDF that cannot be read (${(e as Error).message}); it was kept but not accepted as a component.`,
        };
      }
    }
    out.push({ filename: f.filename, blob, verdict, text });
  }
  return out;
}

export async function actorUnit(tx: TenantTx): Promise<string | null> {
  if (!tx.actor.userId) return null;
  const u = await tx.trx
    .selectFrom('app_user')
    .select('org_unit_id')
    .where('id', '=', tx.actor.userId)
    .executeTakeFirst();
  return u?.org_unit_id ?? null;
}

export function requireRecordsUser(actor: Actor, tenantId: string): void {
  if (actor.kind === 'system') return;
  if (
    actor.kind !== 'user' ||
    actor.tenantId !== tenantId ||
    !actor.roles.some((r) => RECORDS_ROLES.includes(r))
  ) {
    throw forbidden();
  }
}

/** Finds the sender by IČO or data-box ID, or adds them to the register. */
export async function upsertPerson(
  tx: TenantTx,
  p: CleanPerson,
): Promise<{ id: string; name: string; ico: string | null }> {
  const trx = rtx(tx);
  for (const [col, value] of [
    ['ico', p.ico],
    ['databox_id', p.databoxId],
  ] as const) {
    if (!value) continue;
    const found = await trx
      .selectFrom('records_person')
      .select(['id', 'name', 'ico'])
      .where(col, '=', value)
      .executeTakeFirst();
    if (found) return found;
  }
  const id = newId();
  // A concurrent registration may add the same IČO first: then take theirs.
  const inserted = await trx
    .insertInto('records_person')
    .values({
      id,
      tenant_id: tx.tenantId,
      kind: p.kind,
      name: p.name,
      ico: p.ico,
      databox_id: p.databoxId,
      address: p.address,
      email: p.email,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'name', 'ico'])
    .executeTakeFirst();
  if (!inserted) {
    const again = await trx
      .selectFrom('records_person')
      .select(['id', 'name', 'ico'])
      .where((eb) => eb.or([eb('ico', '=', p.ico ?? '-'), eb('databox_id', '=', p.databoxId ?? '-')]))
      .executeTakeFirstOrThrow();
    return again;
  }
  deferAudit(tx, {
    eventType: 'Zalozeni',
    objectType: 'Osoba',
    objectId: id,
    params: { name: p.name, ico: p.ico },
  });
  return inserted;
}

/** Records the prepared files as components of a consignment/document; returns the problems. */
async function attachFiles(
  ctx: AppContext,
  tx: TenantTx,
  consignmentId: string | null,
  documentId: string,
  files: PreparedFile[],
): Promise<{ problems: string[]; texts: string[] }> {
  const problems: string[] = [];
  const texts: string[] = [];
  for (const f of files) {
    const rec = await recordFile(ctx, tx, { filename: f.filename, blob: f.blob });
    const componentId = newId();
    await rtx(tx)
      .insertInto('records_component')
      .values({
        id: componentId,
        tenant_id: tx.tenantId,
        consignment_id: consignmentId,
        document_id: f.verdict.ok ? documentId : null,
        blob_id: rec.id,
        filename: rec.filename,
        mime: rec.mime,
        size: rec.size,
        accepted: f.verdict.ok,
        problem: f.verdict.ok ? null : f.verdict.problem,
        extracted_text: f.text,
        created_at: tx.now,
      })
      .execute();
    if (f.verdict.ok) {
      deferAudit(tx, {
        eventType: 'VlozeniKDokumentu',
        objectType: 'Komponenta',
        objectId: componentId,
        params: { documentId, filename: rec.filename, mime: rec.mime },
      });
      if (f.text) texts.push(f.text);
    } else {
      problems.push(f.verdict.problem);
    }
  }
  return { problems, texts };
}

/** An incoming registration checked and with its files stored: ready for a transaction. */
export interface PreparedIncoming {
  channel: Channel;
  meta: IncomingMeta;
  senderId: string | null;
  person: CleanPerson | null;
  groupId: string | null;
  files: PreparedFile[];
}

/**
 * Checks the input and stores, sniffs and reads the files, before any transaction opens (slow
 * work holds no connection). Throws `invalid` with every field error at once.
 */
export async function prepareIncoming(
  ctx: AppContext,
  input: RegisterIncomingInput,
  now: Date,
): Promise<PreparedIncoming> {
  const channel = input.channel ?? 'paper';
  const meta = checkIncoming(input, now);
  const errors = [...meta.errors];
  if (!(CHANNELS as readonly string[]).includes(channel))
    errors.push({ field: 'channel', message: 'Unknown channel.' });
  let person: CleanPerson | null = null;
  if (input.senderId) {
    if (!isUuid(input.senderId)) errors.push({ field: 'senderId', message: 'Unknown person.' });
  } else if (input.sender) {
    const p = checkPerson(input.sender);
    errors.push(...p.errors);
    person = p.value;
  }
  if (input.groupId && !isUuid(input.groupId))
    errors.push({ field: 'groupId', message: 'Unknown subject group.' });
  if ((input.files?.length ?? 0) > 20)
    errors.push({ field: 'files', message: 'At most 20 files per consignment.' });
  if (errors.length || !meta.value) throw invalid(errors);
  return {
    channel,
    meta: meta.value,
    senderId: input.senderId ?? null,
    person,
    groupId: input.groupId ?? null,
    files: await prepareFiles(ctx, input.files ?? []),
  };
}

/**
 * Registers an incoming consignment with one document: PID and reference number are allocated
 * in this transaction (gap-free: a failure gives the number back). Files that are not acceptable
 * scans are kept on the consignment, which then "needs attention".
 */
export async function registerIncoming(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: RegisterIncomingInput,
): Promise<IntakeResult> {
  recordsPolicy.require(actor, 'document.register', { tenantId });
  const prepared = await prepareIncoming(ctx, input, ctx.clock.now());
  // Concurrent registrations of a tenant share one transaction (intake-batch.ts).
  return registerInBatch(ctx, tenantId, { prepared, actor });
}

/**
 * The registration inside the caller's tenant transaction, for other modules whose own use case
 * receives a submission (FOI, e-forms): their record and the registered document commit or roll
 * back together. The caller answers for its actor (a citizen on the portal is no registry clerk),
 * so no records policy is checked here; `tx.actor` is what the audit chain records.
 */
export async function registerPrepared(
  ctx: AppContext,
  tx: TenantTx,
  prepared: PreparedIncoming,
): Promise<IntakeResult> {
  return (await registerPreparedMany(ctx, tx, [{ prepared, actor: tx.actor }]))[0]!;
}

/** One registration of a batch and who registers it (recorded in the audit chain). */
export interface BatchItem {
  prepared: PreparedIncoming;
  actor: Actor;
}

/**
 * Registers several consignments in one transaction (the registry's group commit, see
 * intake-batch.ts): the reference numbers and PIDs are consecutive runs taken with one locked
 * counter update each, rows are written with multi-row inserts, and the audit entries are
 * deferred to the end, so the counters and the chain head stay locked for one short
 * transaction instead of one per letter. Any failure throws for the whole batch.
 */
export async function registerPreparedMany(
  ctx: AppContext,
  tx: TenantTx,
  items: readonly BatchItem[],
): Promise<IntakeResult[]> {
  if (!items.length) return [];
  // Sent with BEGIN when the batch could (intake-batch.ts), else a statement of its own.
  const read =
    (tx.opened?.[0] as OpeningRow | undefined) ??
    (await executePrepared(tx.trx, openingQuery(tx.trx, tx.tenantId, items, tx.now.toISOString()))).rows[0];
  if (!read) throw notFound('The tenant');
  const plan = await planRegistration(tx, items, read);
  const inserted = (await executePrepared(tx.trx, plan.write)).rows as unknown as DocumentRow[];
  return finishRegistration(ctx, tx, plan, inserted);
}

/** A tenant's letters in a shared transaction (`registerAcrossTenants`). */
export interface TenantBatch {
  tenantId: string;
  items: readonly BatchItem[];
}

/**
 * Registers the letters of several tenants in one transaction (`withTenants`): the openings of
 * every tenant go with BEGIN, the writes of every tenant with COMMIT, so a registration takes two
 * round trips and one commit however many tenants share them (bench/records-intake.ts: with 16
 * clerks over 10 tenants a tenant has one or two letters waiting at a time, and per-tenant
 * transactions spent most of their CPU on round trips and commits). Parts must be ordered by
 * tenant id (the lock order) and hold letters without files. Answers each part's results, or null
 * for a part that needs a transaction of its own: one whose sender with an IČO or data-box ID is
 * new to the register (added before any number is taken, see openingQuery), or whose tenant has
 * no audit chain yet; nothing of such a part was written or locked. Any failure rolls back every part and throws.
 */
export async function registerAcrossTenants(
  ctx: AppContext,
  parts: readonly TenantBatch[],
  now: Date,
): Promise<(IntakeResult[] | null)[]> {
  if (parts.some((p) => !p.items.length || p.items.some((i) => i.prepared.files.length)))
    throw new Error('A shared registration takes letters without files only.');
  return withTenants(ctx.db, async (shared) => {
    const step = (p: TenantBatch, query: CompiledQuery) => ({
      tenantId: p.tenantId,
      actor: p.items[0]!.actor,
      query,
    });
    const opened = await shared.send(
      parts.map((p) => step(p, openingQuery(shared.trx, p.tenantId, p.items, now.toISOString()))),
    );
    const planned = [];
    for (const [k, p] of parts.entries()) {
      const read = opened[k]!.rows[0] as OpeningRow | undefined;
      if (!read) throw notFound('The tenant');
      if (!read.runs) {
        planned.push(null);
        continue;
      }
      // Planning must not run statements here: the connection is under the last part's settings.
      // (The opening takes numbers only where the chain has a head to lock.)
      if (read.head_hash == null) throw new Error('The opening took numbers but no audit head.');
      const tx: TenantTx = {
        trx: shared.trx,
        tenantId: p.tenantId,
        actor: p.items[0]!.actor,
        now,
        beforeCommit: [],
      };
      const plan = await planRegistration(tx, p.items, read);
      if (hasDeferredAudit(tx))
        throw new Error('Audit entries were left for COMMIT in a shared transaction.');
      planned.push({ p, tx, plan });
    }
    const live = planned.filter((x) => x !== null);
    const written = await shared.send(
      live.map(({ p, plan }) => step(p, plan.write)),
      { commit: true },
    );
    const results = new Map<TenantBatch, Promise<IntakeResult[]>>();
    for (const [k, { p, tx, plan }] of live.entries())
      results.set(p, finishRegistration(ctx, tx, plan, written[k]!.rows as unknown as DocumentRow[]));
    return Promise.all(parts.map((p) => results.get(p) ?? null));
  });
}

/**
 * Everything of a registration up to its one statement of writes, which it returns compiled:
 * the checks, the senders, the numbers, the rows and their audit entries. It runs statements of
 * its own only when the opening (`read`) could not take the numbers (a sender with an IČO or a
 * data-box ID new to the register) or found no audit head (the tenant's first entries); a
 * shared transaction (`registerAcrossTenants`) sends it only parts that need neither.
 */
async function planRegistration(tx: TenantTx, items: readonly BatchItem[], read: OpeningRow) {
  const tenantId = tx.tenantId;
  const trx = rtx(tx);
  const as = (actor: Actor): TenantTx => ({ ...tx, actor });
  const groupIds = distinct(items, (p) => p.groupId);
  if (Number(read.groups_found) !== groupIds.length)
    throw invalid([{ field: 'groupId', message: 'Unknown subject group of the current file plan.' }]);
  const { senders, added } = await resolveSenders(tx, items, (read.persons ?? []) as KnownPerson[]);

  // The year of registration in the tenant's time zone, as the server counted the series in.
  const year = Number(read.year);
  const runs = [
    { series: REF_SERIES, year, count: items.length },
    { series: PID_SERIES, year: 0, count: items.length },
  ];
  let locked: Pick<OpeningRow, 'runs' | 'head_seq' | 'head_hash'> = read;
  if (!read.runs) {
    // A sender with an IČO or data-box ID was new to the register and has been added above,
    // before any number was taken (see openingQuery); now the numbers and the head.
    locked = (
      await executePrepared(
        tx.trx,
        sql<Pick<OpeningRow, 'runs' | 'head_seq' | 'head_hash'>>`
          WITH n AS (${allocateRunsSql(tenantId, runs)})
          SELECT (SELECT json_agg(n) FROM n) AS runs, h.seq AS head_seq, h.hash AS head_hash
          FROM (SELECT 1) AS one LEFT JOIN LATERAL ${headAfterNumbers(tx.trx, tenantId)} AS h ON true`.compile(
          tx.trx,
        ),
      )
    ).rows[0]!;
  }
  const [firstSeq, firstPid] = firstOfRuns(runs, locked.runs ?? []) as [number, number];
  if (locked.head_hash != null && locked.head_seq != null)
    headLockedBy(tx, tenantId, { seq: locked.head_seq, hash: locked.head_hash });
  else await holdHead(tx, tenantId);
  for (const a of added)
    deferAudit(as(a.actor), {
      eventType: 'Zalozeni',
      objectType: 'Osoba',
      objectId: a.id,
      params: { name: a.person.name, ico: null },
    });

  const template = refTemplate(read.settings);
  const prefix = pidPrefix(read.settings, read.slug);
  const rows = items.map((item, k) => {
    const { channel, meta: m, files } = item.prepared;
    const seq = firstSeq + k;
    let refNumber: string;
    try {
      refNumber = formatRefNumber(template, seq, year);
    } catch (e) {
      if (e instanceof TemplateError) throw conflict(e.message);
      throw e;
    }
    const sender = senders[k] ?? null;
    return {
      item,
      channel,
      m,
      files,
      seq,
      refNumber,
      pid: formatPid(prefix, firstPid + k),
      sender,
      consignmentId: newId(),
      documentId: newId(),
      fileProblems: files.flatMap((f) => (f.verdict.ok ? [] : [f.verdict.problem])),
      fileTexts: files.flatMap((f) => (f.verdict.ok && f.text ? [f.text] : [])),
    };
  });
  for (const r of rows) {
    const t = as(r.item.actor);
    deferAudit(t, {
      eventType: 'Zalozeni',
      objectType: 'Zasilka',
      objectId: r.consignmentId,
      params: { channel: r.channel, deliveredAt: r.m.deliveredAt },
    });
    deferAudit(t, {
      eventType: 'Zalozeni',
      objectType: 'Dokument',
      objectId: r.documentId,
      params: { pid: r.pid, refNumber: r.refNumber, subject: r.m.subject, consignmentId: r.consignmentId },
    });
  }
  // The audit entries go in the same statement as the rows they record, onto the head locked
  // above; a failure rolls both back together.
  const audit = takeHeldWrite(tx, tenantId);
  const withAudit = (
    audit ? trx.with('ae', (db) => auditInsert(db, audit)).with('ah', (db) => auditHeadMove(db, audit)) : trx
  ) as typeof trx;
  // Consignments, documents and the documents' view in one statement (the document's foreign
  // key to its consignment is checked at the end of the statement, when both rows exist).
  const withPersons = (
    added.length
      ? withAudit.with('p_added', (db) =>
          db.insertInto('records_person').values(
            added.map((a) => ({
              id: a.id,
              tenant_id: tenantId,
              kind: a.person.kind,
              name: a.person.name,
              address: a.person.address,
              email: a.person.email,
            })),
          ),
        )
      : withAudit
  ) as typeof trx;
  const write = withPersons
    .with('c', (db) =>
      db
        .insertInto('records_consignment')
        .values(
          rows.map((r) => ({
            id: r.consignmentId,
            tenant_id: tenantId,
            channel: r.channel,
            state: r.fileProblems.length ? 'needs_attention' : 'registered',
            problem: r.fileProblems.length ? r.fileProblems.join('\n') : null,
            delivered_at: r.m.deliveredAt,
            delivery_method: r.m.deliveryMethod,
            sender_id: r.sender?.id ?? null,
            created_at: tx.now,
            created_by: r.item.actor.userId,
          })),
        )
        .returning(['id', 'channel', 'state', 'problem']),
    )
    .with('d', (db) =>
      db
        .insertInto('records_document')
        .values(
          rows.map(({ m, ...r }) => ({
            id: r.documentId,
            tenant_id: tenantId,
            consignment_id: r.consignmentId,
            pid: r.pid,
            ref_number: r.refNumber,
            year,
            seq: r.seq,
            subject: m.subject,
            sender_id: r.sender?.id ?? null,
            sender_ref: m.senderRef,
            delivered_at: m.deliveredAt,
            delivery_method: m.deliveryMethod,
            sheets: m.sheets,
            attachments: m.attachments,
            attachment_note: m.attachmentNote,
            access_level: m.accessLevel,
            status: 'registered' as const,
            group_id: r.item.prepared.groupId,
            search_text: searchText([
              m.subject,
              r.pid,
              r.refNumber,
              r.sender?.name,
              r.sender?.ico,
              m.senderRef,
              m.attachmentNote,
              ...r.fileTexts,
            ]),
            registered_at: tx.now,
            registered_by: r.item.actor.userId,
          })),
        )
        .returningAll(),
    )
    .selectFrom('d')
    .innerJoin('c', 'c.id', 'd.consignment_id')
    .leftJoin('records_person as p', 'p.id', 'd.sender_id')
    .leftJoin('records_group as g', 'g.id', 'd.group_id')
    .selectAll('d')
    .select([
      ...VIEW_COLUMNS,
      sql<string | null>`NULL`.as('u_name'),
      sql<string | null>`NULL`.as('h_name'),
      ...settlementColumns(),
    ])
    .compile();
  return { rows, added, write };
}

/** What a registration answers once its writes (`planRegistration`) have run. */
async function finishRegistration(
  ctx: AppContext,
  tx: TenantTx,
  { rows, added }: Awaited<ReturnType<typeof planRegistration>>,
  inserted: DocumentRow[],
): Promise<IntakeResult[]> {
  const as = (actor: Actor): TenantTx => ({ ...tx, actor });
  for (const r of rows)
    if (r.files.length) await attachFiles(ctx, as(r.item.actor), r.consignmentId, r.documentId, r.files);
  // The statement's join does not see the senders its own CTE inserted (one snapshot): their
  // part of the view comes from what was inserted.
  const addedById = new Map(added.map((a) => [a.id, a.person]));
  for (const d of inserted) {
    const person = d.sender_id ? addedById.get(d.sender_id) : undefined;
    if (person)
      Object.assign(d, {
        p_kind: person.kind,
        p_name: person.name,
        p_ico: null,
        p_databox: null,
        p_address: person.address,
        p_email: person.email,
      });
  }
  const byId = new Map(inserted.map((d) => [d.id, d]));
  // A document registered just now has only the components of its own files.
  const withFiles = rows.filter((r) => r.files.length > 0).map((r) => r.documentId);
  const full = withFiles.length ? new Map((await loadDocuments(tx, withFiles)).map((d) => [d.id, d])) : null;
  return rows.map((r) => ({
    document: full?.get(r.documentId) ?? documentView(byId.get(r.documentId)!, []),
    problems: r.fileProblems,
  }));
}

interface KnownPerson {
  id: string;
  name: string;
  ico: string | null;
  databox_id: string | null;
}

const distinct = (items: readonly BatchItem[], f: (p: PreparedIncoming) => string | null | undefined) => [
  ...new Set(items.flatMap((i) => f(i.prepared) ?? [])),
];

interface OpeningRow {
  time_zone: string;
  settings: Record<string, unknown>;
  slug: string;
  year: number;
  persons: KnownPerson[] | null;
  groups_found: number;
  /** The runs taken (allocateRunsSql's rows), null when a keyed sender was new. */
  runs: { series: string; year: number; last_value: number }[] | null;
  head_seq: number | null;
  head_hash: string | null;
}

/**
 * A registration's first statement: the tenant's settings and year of registration, the
 * register's persons the batch names (by id, IČO or data-box ID) and how many of its subject
 * groups are in the current file plan — and, when every IČO and data-box ID the batch names is
 * already in the register and the tenant's audit chain has its head, the reference numbers, the
 * PIDs and the audit head, locked in that order. A new sender with such a key must be added before any number is taken, as every other
 * path adds persons (another transaction adding the same one would make us wait while we hold
 * the tenant's series). Every round trip counts (bench/records-intake.ts): the batch sends this
 * statement with BEGIN (`openingSql`), so a registration takes three: this, the writes, COMMIT.
 */
function openingQuery(db: QueryCreator<DB>, tenantId: string, items: readonly BatchItem[], now: string) {
  const trx = db as unknown as ReturnType<typeof rtx>;
  const ids = distinct(items, (p) => p.senderId);
  const icos = distinct(items, (p) => p.person?.ico);
  const boxes = distinct(items, (p) => p.person?.databoxId);
  const groupIds = distinct(items, (p) => p.groupId);
  const read = trx
    .selectFrom('tenant as t')
    .select(['t.time_zone', 't.settings', 't.slug'])
    .select(sql<number>`date_part('year', ${now}::timestamptz AT TIME ZONE t.time_zone)::int`.as('year'))
    .select((eb) =>
      ids.length || icos.length || boxes.length
        ? eb
            .selectFrom('records_person as p')
            .select(
              sql<KnownPerson[]>`coalesce(json_agg(json_build_object(
                'id', p.id, 'name', p.name, 'ico', p.ico, 'databox_id', p.databox_id)), '[]'::json)`.as('x'),
            )
            .where((w) =>
              w.or([
                ...(ids.length ? [w('p.id', 'in', ids)] : []),
                ...(icos.length ? [w('p.ico', 'in', icos)] : []),
                ...(boxes.length ? [w('p.databox_id', 'in', boxes)] : []),
              ]),
            )
            .$asScalar()
            .as('persons')
        : sql<KnownPerson[]>`'[]'::json`.as('persons'),
    )
    .select((eb) =>
      groupIds.length
        ? eb
            .selectFrom('records_group as g')
            .innerJoin('records_plan as pl', 'pl.id', 'g.plan_id')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('g.id', 'in', groupIds)
            .where('pl.valid_to', 'is', null)
            .$asScalar()
            .as('groups_found')
        : sql<number>`0`.as('groups_found'),
    )
    .where('t.id', '=', tenantId);
  const known = (col: 'ico' | 'databox_id', keys: string[]) =>
    keys.length
      ? sql`(SELECT count(*) FROM records_person WHERE ${sql.ref(col)} IN (${sql.join(keys)})) = ${keys.length}`
      : sql`true`;
  const runs = [
    { series: REF_SERIES, year: sql<number>`(SELECT year FROM r)`, count: items.length },
    { series: PID_SERIES, year: 0, count: items.length },
  ];
  return sql<OpeningRow>`
    WITH r AS (${read}),
      n AS (${allocateRunsSql(
        tenantId,
        runs,
        sql`${known('ico', icos)} AND ${known('databox_id', boxes)}
          AND EXISTS (SELECT 1 FROM audit_head WHERE tenant_id = ${tenantId})`,
      )})
    SELECT r.*, (SELECT json_agg(n) FROM n) AS runs, h.seq AS head_seq, h.hash AS head_hash
    FROM r LEFT JOIN LATERAL ${headAfterNumbers(db, tenantId)} AS h ON true`.compile(trx);
}

/** The audit head, locked only once the number runs (CTE `n`) are: the chain's head comes last. */
function headAfterNumbers(db: QueryCreator<DB>, tenantId: string) {
  return headForUpdate(db, tenantId).where(sql<boolean>`(SELECT count(*) FROM n) > 0`);
}

/**
 * The opening of a batch as a statement to send with BEGIN (`TxOptions.opening`), or null when
 * a value may not be written as a literal (then it runs as a statement of its own).
 */
export function openingSql(
  ctx: AppContext,
  tenantId: string,
  items: readonly BatchItem[],
  now: Date,
): string | null {
  return literalSql(openingQuery(ctx.db, tenantId, items, now.toISOString()));
}

interface AddedPerson {
  id: string;
  person: CleanPerson;
  actor: Actor;
}

/**
 * The sender of each item: a known person (read above), else added to the register. Persons with
 * an IČO or a data-box ID are added here, before any number is taken, as `upsertPerson` does
 * (another transaction may be adding the same one); the others are returned to be added with the
 * numbers.
 */
async function resolveSenders(
  tx: TenantTx,
  items: readonly BatchItem[],
  known: KnownPerson[],
): Promise<{ senders: ({ id: string; name: string; ico: string | null } | null)[]; added: AddedPerson[] }> {
  const senders: ({ id: string; name: string; ico: string | null } | null)[] = items.map(() => null);
  const added: AddedPerson[] = [];
  for (const [k, item] of items.entries()) {
    const { senderId, person } = item.prepared;
    if (senderId) {
      const found = known.find((p) => p.id === senderId);
      if (!found) throw invalid([{ field: 'senderId', message: 'Unknown person.' }]);
      senders[k] = { id: found.id, name: found.name, ico: found.ico };
    } else if (person) {
      // IČO first, as upsertPerson does.
      const hit =
        (person.ico && known.find((p) => p.ico === person.ico)) ||
        (person.databoxId && known.find((p) => p.databox_id === person.databoxId));
      if (hit) senders[k] = { id: hit.id, name: hit.name, ico: hit.ico };
      else if (!person.ico && !person.databoxId) {
        const id = newId();
        added.push({ id, person, actor: item.actor });
        senders[k] = { id, name: person.name, ico: null };
      } else {
        senders[k] = await upsertPerson({ ...tx, actor: item.actor }, person);
        // A later item of the batch with the same IČO finds this one.
        known.push({ ...senders[k]!, databox_id: person.databoxId });
      }
    }
  }
  return { senders, added };
}

/** Adds files to a registered document (e.g. a better scan); bad files again mark the consignment. */
export async function addComponents(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  input: IncomingFile[],
): Promise<IntakeResult> {
  recordsPolicy.require(actor, 'document.register', { tenantId });
  if (!isUuid(documentId)) throw notFound('The document');
  if (input.length === 0) throw invalid([{ field: 'files', message: 'No file was uploaded.' }]);
  const files = await prepareFiles(ctx, input);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const trx = rtx(tx);
      const doc = await trx
        .selectFrom('records_document')
        .select(['id', 'consignment_id', 'search_text'])
        .where('id', '=', documentId)
        .forUpdate()
        .executeTakeFirst();
      if (!doc) throw notFound('The document');
      const { problems, texts } = await attachFiles(ctx, tx, doc.consignment_id, doc.id, files);
      if (problems.length && doc.consignment_id) {
        const c = await trx
          .selectFrom('records_consignment')
          .select('problem')
          .where('id', '=', doc.consignment_id)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('records_consignment')
          .set({ state: 'needs_attention', problem: [c.problem, ...problems].filter(Boolean).join('\n') })
          .where('id', '=', doc.consignment_id)
          .execute();
      }
      if (texts.length) {
        await trx
          .updateTable('records_document')
          .set({ search_text: searchText([doc.search_text, ...texts]) })
          .where('id', '=', doc.id)
          .execute();
      }
      return { document: await loadDocument(tx, doc.id), problems };
    },
    { now: ctx.clock.now() },
  );
}

/** The registry marks a consignment's problem as dealt with (the unaccepted files stay kept). */
export async function resolveAttention(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  note: string,
): Promise<DocumentView> {
  recordsPolicy.require(actor, 'document.register', { tenantId });
  if (!isUuid(documentId)) throw notFound('The document');
  const text = note.trim();
  if (!text || text.length > 1000)
    throw invalid([
      { field: 'note', message: 'Say how the problem was resolved (at most 1000 characters).' },
    ]);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const trx = rtx(tx);
      const doc = await trx
        .selectFrom('records_document')
        .select(['id', 'consignment_id'])
        .where('id', '=', documentId)
        .executeTakeFirst();
      if (!doc) throw notFound('The document');
      if (!doc.consignment_id) throw conflict('This document came with no consignment.');
      const c = await trx
        .selectFrom('records_consignment')
        .select('state')
        .where('id', '=', doc.consignment_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (c.state !== 'needs_attention') throw conflict('The consignment does not need attention.');
      await trx
        .updateTable('records_consignment')
        .set({ state: 'registered' })
        .where('id', '=', doc.consignment_id)
        .execute();
      deferAudit(tx, {
        eventType: 'Uprava',
        objectType: 'Zasilka',
        objectId: doc.consignment_id,
        params: { resolved: text },
      });
      return loadDocument(tx, doc.id);
    },
    { now: ctx.clock.now() },
  );
}

/** One document as its page shows it (no access check, no audit: callers do both). */
export async function loadDocument(tx: TenantTx, id: string): Promise<DocumentView> {
  return (await loadDocuments(tx, [id]))[0]!;
}

/** Documents in the order of `ids` (two queries however many); 404 if one is not there. */
async function loadDocuments(tx: TenantTx, ids: readonly string[]): Promise<DocumentView[]> {
  const trx = rtx(tx);
  const found = await selectDocumentRows(tx, ids);
  const byId = new Map(found.map((d) => [d.id, d]));
  const consignments = found.flatMap((d) => (d.consignment_id ? [d.consignment_id] : []));
  const allComponents = await trx
    .selectFrom('records_component')
    .select([
      'id',
      'filename',
      'mime',
      'size',
      'accepted',
      'problem',
      'blob_id',
      'document_id',
      'consignment_id',
    ])
    .where((eb) =>
      eb.or([
        eb('document_id', 'in', ids),
        ...(consignments.length ? [eb('consignment_id', 'in', consignments)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return ids.map((id) => {
    const d = byId.get(id);
    if (!d) throw notFound('The document');
    const components = allComponents.filter(
      (c) => c.document_id === id || (d.consignment_id !== null && c.consignment_id === d.consignment_id),
    );
    return documentView(d, components);
  });
}

function selectDocumentRows(tx: TenantTx, ids: readonly string[]) {
  return rtx(tx)
    .selectFrom('records_document as d')
    .leftJoin('records_person as p', 'p.id', 'd.sender_id')
    .leftJoin('records_consignment as c', 'c.id', 'd.consignment_id')
    .leftJoin('records_group as g', 'g.id', 'd.group_id')
    .leftJoin('org_unit as u', 'u.id', 'd.org_unit_id')
    .leftJoin('app_user as h', 'h.id', 'd.handler_id')
    .selectAll('d')
    .select([...VIEW_COLUMNS, 'u.name as u_name', 'h.display_name as h_name', ...settlementColumns()])
    .where('d.id', 'in', ids)
    .execute();
}

/** Sender (p), consignment (c) and subject group (g) columns of a document's view. */
const VIEW_COLUMNS = [
  'p.kind as p_kind',
  'p.name as p_name',
  'p.ico as p_ico',
  'p.databox_id as p_databox',
  'p.address as p_address',
  'p.email as p_email',
  'c.channel as c_channel',
  'c.state as c_state',
  'c.problem as c_problem',
  'g.full_code as g_code',
  'g.title as g_title',
] as const;

// The settlement columns come with the files migration (files-schema.ts), outside this table's type.
const settlementColumns = () => [
  sql<string | null>`d.settlement_method`.as('s_method'),
  sql<string | null>`d.settled_on`.as('s_on'),
  sql<string | null>`d.settlement_note`.as('s_note'),
];

type DocumentRow = Awaited<ReturnType<typeof selectDocumentRows>>[number];

function documentView(
  d: DocumentRow,
  components: {
    id: string;
    filename: string;
    mime: string;
    size: number | string | bigint;
    accepted: boolean;
    problem: string | null;
    blob_id: string;
  }[],
): DocumentView {
  return {
    id: d.id,
    pid: d.pid,
    refNumber: d.ref_number,
    year: d.year,
    seq: d.seq,
    subject: d.subject,
    status: d.status,
    accessLevel: d.access_level,
    senderRef: d.sender_ref,
    deliveredAt: d.delivered_at,
    deliveryMethod: d.delivery_method,
    sheets: d.sheets,
    attachments: d.attachments,
    attachmentNote: d.attachment_note,
    sender: d.sender_id
      ? {
          id: d.sender_id,
          kind: d.p_kind!,
          name: d.p_name!,
          ico: d.p_ico ?? null,
          databoxId: d.p_databox ?? null,
          address: d.p_address ?? null,
          email: d.p_email ?? null,
        }
      : null,
    consignment: d.consignment_id
      ? { id: d.consignment_id, channel: d.c_channel!, state: d.c_state!, problem: d.c_problem ?? null }
      : null,
    group: d.group_id ? { id: d.group_id, fullCode: d.g_code!, title: d.g_title! } : null,
    orgUnit: d.org_unit_id ? { id: d.org_unit_id, name: d.u_name! } : null,
    handler: d.handler_id ? { id: d.handler_id, name: d.h_name! } : null,
    dueDate: d.due_date,
    dueExplanation: d.due_explanation,
    returnReason: d.return_reason,
    settlement:
      d.s_method && d.s_on ? { method: d.s_method, settledOn: d.s_on, note: d.s_note ?? null } : null,
    registeredAt: d.registered_at,
    components: components.map((c) => ({
      id: c.id,
      filename: c.filename,
      mime: c.mime,
      size: Number(c.size),
      accepted: c.accepted,
      problem: c.problem,
      blobId: c.blob_id,
    })),
  };
}

/** Loads a document the actor may see, or 404 (another tenant's, or not theirs to see). */
export async function visibleDocument(tx: TenantTx, id: string): Promise<DocumentView> {
  if (!isUuid(id)) throw notFound('The document');
  const scope = await rtx(tx)
    .selectFrom('records_document')
    .select(['handler_id', 'org_unit_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!scope) throw notFound('The document');
  const unit = await actorUnit(tx);
  if (
    !canSeeDocument(
      tx.actor,
      unit,
      { tenantId: tx.tenantId, handlerId: scope.handler_id, orgUnitId: scope.org_unit_id },
      await standsInFor(tx),
    )
  )
    throw notFound('The document');
  return loadDocument(tx, id);
}

export interface DocumentDetail {
  document: DocumentView;
  history: AuditEventRow[];
}

/** A document with its own audit history; the viewing itself is audited (Zobrazeni). */
export async function getDocument(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<DocumentDetail> {
  requireRecordsUser(actor, tenantId);
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const document = await visibleDocument(tx, id);
      deferAudit(tx, {
        eventType: 'Zobrazeni',
        objectType: 'Dokument',
        objectId: id,
        params: { pid: document.pid },
      });
      const ids = [
        id,
        ...(document.consignment ? [document.consignment.id] : []),
        ...document.components.map((c) => c.id),
      ];
      const history: AuditEventRow[] = [];
      for (const objectId of ids) history.push(...(await readAudit(tx, { objectId })));
      history.sort((a, b) => a.seq - b.seq);
      return { document, history };
    },
    { now: ctx.clock.now() },
  );
}

/** The content of one component of a document the actor may see (audited as a view). */
export async function readComponent(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  documentId: string,
  componentId: string,
) {
  requireRecordsUser(actor, tenantId);
  if (!isUuid(componentId)) throw notFound('The component');
  return withTenant(
    ctx.db,
    tenantId,
    actor,
    async (tx) => {
      const doc = await visibleDocument(tx, documentId);
      const c = doc.components.find((x) => x.id === componentId);
      if (!c) throw notFound('The component');
      const file = await getFile(ctx, tx, c.blobId);
      deferAudit(tx, {
        eventType: 'Zobrazeni',
        objectType: 'Komponenta',
        objectId: componentId,
        params: { documentId },
      });
      return { filename: c.filename, mime: c.mime, content: await file.read() };
    },
    { now: ctx.clock.now() },
  );
}

/** The register of persons, searched by name, IČO or data-box ID (for the intake form). */
export async function findPersons(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  q: string,
): Promise<PersonView[]> {
  recordsPolicy.require(actor, 'document.register', { tenantId });
  const term = q.trim().slice(0, 100);
  return withTenant(ctx.db, tenantId, actor, async (tx) => {
    let query = rtx(tx).selectFrom('records_person').selectAll().orderBy('name').limit(20);
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb(
            eb.fn('immutable_unaccent', [eb.fn('lower', ['name'])]),
            'like',
            eb.fn('immutable_unaccent', [eb.fn('lower', [eb.val(like)])]),
          ),
          eb('ico', '=', term),
          eb('databox_id', '=', term.toLowerCase()),
        ]),
      );
    }
    return (await query.execute()).map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      ico: p.ico,
      databoxId: p.databox_id,
      address: p.address,
      email: p.email,
    }));
  });
}

/** A registered document by its reference number (číslo jednací), for other modules to link. */
export async function findDocumentByRef(
  tx: TenantTx,
  refNumber: string,
): Promise<{ id: string; refNumber: string; pid: string; subject: string } | null> {
  const d = await rtx(tx)
    .selectFrom('records_document')
    .select(['id', 'ref_number', 'pid', 'subject'])
    .where('ref_number', '=', refNumber.trim())
    .executeTakeFirst();
  return d ? { id: d.id, refNumber: d.ref_number, pid: d.pid, subject: d.subject } : null;
}
