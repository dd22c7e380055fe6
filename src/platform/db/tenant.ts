import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import { executePipeline, type PipelineStep, type StepResult } from './pipeline.js';
import type { DB } from './types.js';

/** The nil UUID names the hosting operator's own audit chain; it is no tenant. */
export const OPERATOR_SCOPE = '00000000-0000-0000-0000-000000000000';

/** Who acts: recorded in the audit chain and checked by policies. */
export interface Actor {
  /** null for anonymous citizens and for the system itself. */
  userId: string | null;
  /** Human label kept in the audit log even if the user is later removed. */
  label: string;
  roles: readonly string[];
  tenantId: string | null;
  kind: 'user' | 'operator' | 'public' | 'system';
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  label: 'system',
  roles: [],
  tenantId: null,
  kind: 'system',
};
export const PUBLIC_ACTOR: Actor = {
  userId: null,
  label: 'public',
  roles: [],
  tenantId: null,
  kind: 'public',
};

/** A transaction bound to one tenant: everything in it is filtered by row-level security. */
export interface TenantTx<D = DB> {
  trx: Transaction<D>;
  tenantId: string;
  actor: Actor;
  /** The instant the transaction logically happens at (controllable in tests). */
  now: Date;
  /**
   * Work queued to run at the end of the transaction, just before COMMIT (e.g. deferred audit
   * entries). Shared by reference, so a `{ ...tx }` copy queues onto the same transaction.
   */
  beforeCommit?: (() => Promise<void>)[];
  /** The rows of `TxOptions.opening`, when the transaction was opened with one. */
  opened?: Record<string, unknown>[];
}

export interface TxOptions {
  now?: Date;
  /**
   * A first statement sent in the same message as BEGIN and the settings, saving its round trip
   * on a hot path (registration). It must hold its values as literals that cannot carry a quote
   * (`literalSql`); its rows come to `fn` as `tx.opened`.
   */
  opening?: string;
}

/**
 * The only way to touch tenant data: one transaction with app.tenant_id and app.actor_id set
 * transaction-locally, so a pooled connection carries nothing over to the next request.
 */
export async function withTenant<T>(
  db: Kysely<DB>,
  tenantId: string,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  return inTransaction(
    db,
    { 'app.tenant_id': tenantId, 'app.actor_id': actor.userId ?? '' },
    (trx, opened) =>
      runWithHooks({ trx, tenantId, actor, now: opts.now ?? new Date(), beforeCommit: [], opened }, fn),
    opts.opening,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Values `literalSql` may write into a statement: they cannot end a quoted literal. */
const SAFE_LITERAL = /^[A-Za-z0-9_.:-]{0,100}$/;

/**
 * A compiled statement with its parameters written in as literals, for `TxOptions.opening`; null
 * if any value is not a non-negative number or a short string of letters, digits and `_.:-`, so
 * that no value can carry a quote or start a comment (`-$1` with -7 would be `--7`), or if a
 * `$n` has no value. `$n` must not occur in the statement's own text.
 */
export function literalSql(compiled: { sql: string; parameters: readonly unknown[] }): string | null {
  const literals: string[] = [];
  for (const p of compiled.parameters) {
    if (typeof p === 'number' && Number.isFinite(p) && p >= 0) literals.push(String(p));
    else if (typeof p === 'string' && SAFE_LITERAL.test(p)) literals.push(`'${p}'`);
    else return null;
  }
  let complete = true;
  const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const literal = literals[Number(n) - 1];
    if (literal === undefined) complete = false;
    return literal ?? '';
  });
  return complete ? text : null;
}

/**
 * A transaction whose settings are set before `fn` runs. BEGIN and the settings go to the server
 * as one message (simple protocol, values as literals), saving a round trip on every
 * transaction — a sixth of a registration's (bench/records-intake.ts); so may an `opening`
 * statement. Literals only for values that cannot carry a quote (UUIDs, '', 'on'); anything else
 * takes the parameterised way.
 */
async function inTransaction<T>(
  db: Kysely<DB>,
  settings: Record<string, string>,
  fn: (trx: Transaction<DB>, opened?: Record<string, unknown>[]) => Promise<T>,
  opening?: string,
): Promise<T> {
  const entries = Object.entries(settings);
  if (!entries.every(([, v]) => v === '' || v === 'on' || UUID.test(v))) {
    return db.transaction().execute(async (trx) => {
      await sql`SELECT ${sql.join(entries.map(([k, v]) => sql`set_config(${k}, ${v}, true)`))}`.execute(trx);
      return fn(
        trx,
        opening ? (await sql.raw<Record<string, unknown>>(opening).execute(trx)).rows : undefined,
      );
    });
  }
  const sets = entries.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ');
  return db.connection().execute(async (conn) => {
    let result: T;
    try {
      // A message of several statements answers with the last one's rows (connect.ts).
      const first = await sql
        .raw<Record<string, unknown>>(`BEGIN; SELECT ${sets}${opening ? `; ${opening}` : ''}`)
        .execute(conn);
      // The connection is the transaction: every statement of fn runs on it until COMMIT.
      result = await fn(conn as Transaction<DB>, opening ? first.rows : undefined);
    } catch (e) {
      await sql.raw('ROLLBACK').execute(conn);
      throw e;
    }
    await sql.raw('COMMIT').execute(conn);
    return result;
  });
}

/** A statement of a shared transaction and the tenant (and actor) it runs for. */
export interface TenantStep {
  tenantId: string;
  actor: Actor;
  query: CompiledQuery;
}

/** A transaction that carries parts of several tenants (`withTenants`). */
export interface SharedTx {
  /** The transaction's connection, to build statements with; run them with `send`. */
  trx: Transaction<DB>;
  /**
   * Sends the steps in one message and returns each one's answer. Wherever the tenant or actor
   * changes from the statement before, the settings are set again first (transaction-locally),
   * so each statement runs under its own tenant's row-level security. The first call begins the
   * transaction; with `commit` its COMMIT goes in the same message.
   */
  send(steps: readonly TenantStep[], opts?: { commit?: boolean }): Promise<StepResult[]>;
}

const settingsQuery = (tenantId: string, actor: Actor) =>
  CompiledQuery.raw("SELECT set_config('app.tenant_id', $1, true), set_config('app.actor_id', $2, true)", [
    tenantId,
    actor.userId ?? '',
  ]);

/**
 * One transaction for the work of several tenants, each statement under its own tenant's
 * settings, sent in as few messages as the work allows. For a hot path whose per-transaction
 * cost outweighs its per-row cost when many tenants each have a little to do (the registry's
 * group commit over many tenants, records/intake-batch.ts): one commit and two round trips
 * instead of one commit and three round trips per tenant. Row-level security, the tenants'
 * audit chains and their locks stay per tenant; a failure rolls back every tenant's part. The
 * caller takes locks of several tenants in one order (by tenant id) so that two such
 * transactions cannot deadlock.
 */
export async function withTenants<T>(db: Kysely<DB>, fn: (shared: SharedTx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    let begun = false;
    let ended = false;
    let current: string | null = null;
    const shared: SharedTx = {
      trx: conn as Transaction<DB>,
      async send(steps, opts = {}) {
        if (ended) throw new Error('The shared transaction has already committed.');
        const out: PipelineStep[] = [];
        if (!begun) out.push({ query: CompiledQuery.raw('BEGIN') });
        begun = true;
        const at: number[] = [];
        for (const step of steps) {
          const key = `${step.tenantId}/${step.actor.userId ?? ''}`;
          if (key !== current) out.push({ query: settingsQuery(step.tenantId, step.actor), prepared: true });
          current = key;
          at.push(out.length);
          out.push({ query: step.query, prepared: true });
        }
        if (opts.commit) out.push({ query: CompiledQuery.raw('COMMIT') });
        const results = await executePipeline(conn, out);
        if (opts.commit) {
          // COMMIT of an aborted transaction answers ROLLBACK without an error.
          if (results.at(-1)?.command === 'ROLLBACK') throw new Error('The shared transaction rolled back.');
          ended = true;
        }
        return at.map((k) => results[k]!);
      },
    };
    try {
      const result = await fn(shared);
      if (begun && !ended) await shared.send([], { commit: true });
      return result;
    } catch (e) {
      if (begun && !ended) await sql.raw('ROLLBACK').execute(conn);
      throw e;
    }
  });
}

async function runWithHooks<T>(tx: TenantTx, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const result = await fn(tx);
  // A hook may queue more work (an audit flush after a deferred write): run until none is left.
  for (let hook = tx.beforeCommit!.shift(); hook; hook = tx.beforeCommit!.shift()) await hook();
  return result;
}

/**
 * The hosting operator's transaction: may create tenants and sees its own users and chain
 * (tenant_id NULL / OPERATOR_SCOPE), but no tenant's data.
 */
export async function withOperator<T>(
  db: Kysely<DB>,
  actor: Actor,
  fn: (tx: TenantTx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  return inTransaction(db, { 'app.operator': 'on', 'app.actor_id': actor.userId ?? '' }, (trx) =>
    runWithHooks({ trx, tenantId: OPERATOR_SCOPE, actor, now: opts.now ?? new Date(), beforeCommit: [] }, fn),
  );
}
