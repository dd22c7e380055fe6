import { createHash } from 'node:crypto';
import { type Kysely, type QueryCreator, sql } from 'kysely';
import { executePrepared } from '../db/prepared.js';
import {
  type Actor,
  OPERATOR_SCOPE,
  SYSTEM_ACTOR,
  type TenantTx,
  withOperator,
  withTenant,
} from '../db/tenant.js';
import type { DB } from '../db/types.js';
import type { AuditEventType, AuditObjectType } from './codes.js';
import type { AuditEventRow } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** NSESSS TypUdalostiId, e.g. 'Zalozeni', 'Uprava', 'Zobrazeni'. */
  eventType: AuditEventType;
  /** NSESSS TypObjektuId, e.g. 'Dokument', 'Spis', 'Osoba'. */
  objectType: AuditObjectType;
  objectId?: string | null;
  params?: Record<string, unknown>;
  /** Overrides the transaction's actor label (e.g. the name typed at a failed sign-in). */
  actorLabel?: string;
}

/** JSON with keys sorted at every depth, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function hashEvent(prevHash: string, e: Omit<AuditEventRow, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    tenant_id: e.tenantId,
    seq: e.seq,
    at: e.at.toISOString(),
    actor_id: e.actorId,
    actor_label: e.actorLabel,
    event_type: e.eventType,
    object_type: e.objectType,
    object_id: e.objectId,
    params: e.params,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

interface QueuedEntry {
  tenantId: string;
  actor: Actor;
  at: Date;
  entry: AuditEntry;
}

/** Entries deferred in a transaction, keyed by its (shared) beforeCommit list. */
const queues = new WeakMap<object, QueuedEntry[]>();

function queued(tx: TenantTx): QueuedEntry[] {
  return (tx.beforeCommit && queues.get(tx.beforeCommit)) || [];
}

function take(tx: TenantTx): QueuedEntry[] {
  const q = queued(tx);
  if (q.length && tx.beforeCommit) queues.delete(tx.beforeCommit);
  return q;
}

/**
 * Appends one entry to the tenant's chain inside the caller's transaction: the chain head is
 * row-locked, so concurrent writers queue and seq stays gap-free; a rollback takes the entry
 * back together with the change it recorded. Entries deferred earlier in the transaction are
 * written first, in one batch with this one.
 */
export async function appendAudit(tx: TenantTx, entry: AuditEntry): Promise<AuditEventRow> {
  const own: QueuedEntry = { tenantId: tx.tenantId, actor: tx.actor, at: tx.now, entry };
  const rows = await writeEntries(tx, [...take(tx), own]);
  return rows[rows.length - 1]!;
}

/**
 * Queues an entry to be appended just before the transaction commits. The chain head is then
 * locked only for the last moment of the transaction and always after every other lock it takes
 * (number series, rows), so hot paths such as registration neither hold it long nor deadlock on
 * it; all deferred entries of a transaction are written with two statements.
 */
export function deferAudit(tx: TenantTx, entry: AuditEntry): void {
  const hooks = tx.beforeCommit;
  if (!hooks) throw new Error('deferAudit needs a transaction from withTenant/withOperator');
  let q = queues.get(hooks);
  if (!q) {
    q = [];
    queues.set(hooks, q);
    hooks.push(async () => {
      await writeEntries(tx, take(tx));
    });
  }
  q.push({ tenantId: tx.tenantId, actor: tx.actor, at: tx.now, entry });
}

/** Whether entries are still queued to be written before COMMIT (`deferAudit`). */
export function hasDeferredAudit(tx: TenantTx): boolean {
  return queued(tx).length > 0;
}

/** Writes entries in order, one locked head per tenant. */
async function writeEntries(tx: TenantTx, entries: QueuedEntry[]): Promise<AuditEventRow[]> {
  const out: AuditEventRow[] = [];
  for (let i = 0; i < entries.length; ) {
    const tenantId = entries[i]!.tenantId;
    let j = i;
    while (j < entries.length && entries[j]!.tenantId === tenantId) j++;
    out.push(...(await writeBatch(tx, tenantId, entries.slice(i, j))));
    i = j;
  }
  return out;
}

interface Head {
  seq: number;
  hash: string;
}

/**
 * Heads this transaction holds locked, per tenant: once locked (FOR UPDATE) the head stays ours
 * until COMMIT, so later writes of the same transaction start from the copy here instead of
 * reading it again.
 */
const lockedHeads = new WeakMap<object, Map<string, Head>>();

/**
 * Tells the chain that a statement of the caller has locked and read the tenant's head
 * (`headForUpdate`, e.g. as a CTE of its own write), saving the chain that round trip. Take the head lock after the transaction's other
 * locks, as the chain itself does.
 */
export function headLockedBy(tx: TenantTx, tenantId: string, head: Head): void {
  if (!tx.beforeCommit) return;
  let heads = lockedHeads.get(tx.beforeCommit);
  if (!heads) {
    heads = new Map();
    lockedHeads.set(tx.beforeCommit, heads);
  }
  heads.set(tenantId, { seq: Number(head.seq), hash: head.hash });
}

/**
 * The query that locks and reads a tenant's chain head, for a caller that runs it inside its own
 * statement (as a CTE) and then hands the row to `headLockedBy`.
 */
export function headForUpdate<D extends DB>(db: QueryCreator<D>, tenantId: string) {
  // A module's query creator knows the platform tables and its own: only the former are used here.
  return (db as unknown as QueryCreator<DB>)
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .forUpdate();
}

async function lockHead(tx: TenantTx, tenantId: string): Promise<Head> {
  const held = tx.beforeCommit && lockedHeads.get(tx.beforeCommit)?.get(tenantId);
  if (held) return held;
  const select = () => headForUpdate(tx.trx, tenantId).executeTakeFirst();
  let head = await select();
  if (!head) {
    await sql`INSERT INTO audit_head (tenant_id, seq, hash) VALUES (${tenantId}, 0, ${GENESIS_HASH})
              ON CONFLICT (tenant_id) DO NOTHING`.execute(tx.trx);
    head = (await select())!;
  }
  return head;
}

/**
 * Locks the tenant's head (creating it for a new chain) and remembers it, for a caller whose own
 * statement found no head to lock (`headForUpdate`): the tenant's first entries.
 */
export async function holdHead(tx: TenantTx, tenantId: string): Promise<void> {
  headLockedBy(tx, tenantId, await lockHead(tx, tenantId));
}

async function writeBatch(tx: TenantTx, tenantId: string, entries: QueuedEntry[]): Promise<AuditEventRow[]> {
  const head = await lockHead(tx, tenantId);
  const write = hashOnto(tenantId, head, entries);
  // One statement for the entries and the new head.
  await executePrepared(
    tx.trx,
    auditHeadMove(
      tx.trx.with('appended', (db) => auditInsert(db, write)),
      write,
    ),
  );
  headLockedBy(tx, tenantId, write.head);
  return write.rows;
}

/** Entries hashed onto a head, and the head after them. */
export interface HeldWrite {
  tenantId: string;
  rows: AuditEventRow[];
  head: Head;
}

function hashOnto(tenantId: string, head: Head, entries: QueuedEntry[]): HeldWrite {
  let prev = head.hash;
  let seq = Number(head.seq);
  const rows = entries.map(({ actor, at, entry }) => {
    const row: Omit<AuditEventRow, 'prevHash' | 'hash'> = {
      tenantId,
      seq: ++seq,
      // Milliseconds only: the value must survive the round trip through timestamptz unchanged.
      at: new Date(at.getTime()),
      actorId: actor.userId,
      actorLabel: entry.actorLabel ?? actor.label,
      eventType: entry.eventType,
      objectType: entry.objectType,
      objectId: entry.objectId ?? null,
      // Stored as jsonb, so hash what comes back: Dates become strings, undefined disappears.
      params: JSON.parse(JSON.stringify(entry.params ?? {})),
    };
    const hash = hashEvent(prev, row);
    const full: AuditEventRow = { ...row, prevHash: prev, hash };
    prev = hash;
    return full;
  });
  return { tenantId, rows, head: { seq, hash: prev } };
}

/**
 * The transaction's deferred entries, hashed onto the head it holds (`headLockedBy`), for a
 * caller that writes them inside its own statement (`auditInsert`, `auditHeadMove`), saving the chain its
 * statement before COMMIT (registration, bench/records-intake.ts). The caller must run that
 * statement in this transaction; the entries are no longer queued. Null when there is nothing to
 * write, the head is not held, or entries of another scope are queued: then the chain writes
 * them itself before COMMIT.
 */
export function takeHeldWrite(tx: TenantTx, tenantId: string): HeldWrite | null {
  const head = tx.beforeCommit && lockedHeads.get(tx.beforeCommit)?.get(tenantId);
  const q = queued(tx);
  if (!head || !q.length || q.some((e) => e.tenantId !== tenantId)) return null;
  const write = hashOnto(tenantId, head, take(tx));
  headLockedBy(tx, tenantId, write.head);
  return write;
}

/** Inserts the entries: a CTE of the caller's statement, with `auditHeadMove` beside it. */
export function auditInsert<D extends DB>(db: QueryCreator<D>, write: HeldWrite) {
  return (db as unknown as QueryCreator<DB>).insertInto('audit_event').values(
    write.rows.map((r) => ({
      tenant_id: r.tenantId,
      seq: r.seq,
      at: r.at,
      actor_id: r.actorId,
      actor_label: r.actorLabel,
      event_type: r.eventType,
      object_type: r.objectType,
      object_id: r.objectId,
      params: JSON.stringify(r.params),
      prev_hash: r.prevHash,
      hash: r.hash,
    })),
  );
}

/** Moves the chain head past the entries of `auditInsert`. */
export function auditHeadMove<D extends DB>(db: QueryCreator<D>, write: HeldWrite) {
  return (db as unknown as QueryCreator<DB>)
    .updateTable('audit_head')
    .set({ seq: write.head.seq, hash: write.head.hash })
    .where('tenant_id', '=', write.tenantId);
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  count: number;
  /** The first entry that does not fit the chain. */
  brokenSeq?: number;
  reason?: string;
}

function toRow(r: {
  tenant_id: string;
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  event_type: string;
  object_type: string;
  object_id: string | null;
  params: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditEventRow {
  return {
    tenantId: r.tenant_id,
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    eventType: r.event_type,
    objectType: r.object_type,
    objectId: r.object_id,
    params: r.params,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const BATCH = 5000;

/** Recomputes a tenant's whole chain (OPERATOR_SCOPE for the operator's own). */
export async function verifyChain(db: Kysely<DB>, scope: string): Promise<VerifyResult> {
  const run = (fn: (tx: TenantTx) => Promise<VerifyResult>) =>
    scope === OPERATOR_SCOPE ? withOperator(db, SYSTEM_ACTOR, fn) : withTenant(db, scope, SYSTEM_ACTOR, fn);
  return run(async ({ trx }) => {
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let count = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      for (const raw of rows) {
        const r = toRow(raw);
        if (r.seq !== expectedSeq) return broken(count, expectedSeq, `entry ${expectedSeq} is missing`);
        if (r.prevHash !== prev) return broken(count, r.seq, 'prev_hash does not match the previous entry');
        if (hashEvent(prev, r) !== r.hash) return broken(count, r.seq, 'content does not match its hash');
        prev = r.hash;
        expectedSeq++;
        count++;
      }
      if (rows.length < BATCH) break;
    }
    const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
    const headSeq = head ? Number(head.seq) : 0;
    if (headSeq !== count || (head && head.hash !== prev)) {
      return broken(count, count + 1, `the chain head says ${headSeq} entries, ${count} found`);
    }
    return { ok: true, count };
  });
}

function broken(count: number, seq: number, reason: string): VerifyResult {
  return { ok: false, count, brokenSeq: seq, reason };
}

/** Reads entries of one tenant's chain for a time range (export, the object's history). */
export async function readAudit(
  tx: TenantTx,
  filter: { from?: Date; to?: Date; objectType?: string; objectId?: string; limit?: number },
): Promise<AuditEventRow[]> {
  await writeEntries(tx, take(tx));
  let q = tx.trx.selectFrom('audit_event').selectAll().orderBy('seq');
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  if (filter.objectType) q = q.where('object_type', '=', filter.objectType);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.limit) q = q.limit(filter.limit);
  return (await q.execute()).map(toRow);
}

export type { Actor };
